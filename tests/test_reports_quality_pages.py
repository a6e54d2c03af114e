"""What a planner who signs off the centers' months sees of the checks: the data-quality page (and
its API), the review queue's marks, the month's review card, and the validation rules' pages
(list, add, change, retire, restore, history), with who may do what."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports.models import ValidationRule
from tests import factories
from tests.api_helpers import ApiClient, token_for
from tests.entry_data import client_for

PH, PC, CERT = "person_hours", "person_courses", "certified"


def month_of(center, month, status, ph, pc, cert, comment=""):
    report = factories.report(center, 1405, month, status, [("public", "fixed_urban", PH, ph), ("public", "fixed_urban", PC, pc),
                                                            ("public", "fixed_urban", CERT, cert)])
    if comment:
        report.figures.filter(measure__code=PH).update(comment=comment)
    return report


@pytest.fixture
def months(people, reference):
    """Center A: month 2 submitted with certified 12 > person-courses 10 (an error); month 3 approved
    with 40 person-hours for 10 person-courses (a warning) that a comment confirms; month 4 a draft
    that breaks the rule (drafts are not checked here). Center B: month 2 submitted, clean."""
    a, b = people.center_a, people.center_b
    for center in (a, b):
        for measure, target in ((PH, 1200), (PC, 120), (CERT, 120)):
            factories.commitment(center, 1405, measure=measure, target=target)
    month_of(a, 2, "submitted", 100, 10, 12)
    month_of(a, 3, "approved", 40, 10, 8, comment="دوره‌های کوتاه ایمنی")
    month_of(a, 4, "draft", 100, 10, 30)
    month_of(b, 2, "submitted", 100, 10, 8)
    return people


def rows_of(html):
    return re.findall(r'<tr class="[^"]*">\s*<td data-label="[^"]*"><a href="([^"]+)">', html)


# --- the data-quality page -------------------------------------------------------------------------


def test_the_page_lists_every_issue_of_the_year_by_center_awaiting_review_first(months):
    response = client_for(months.planner).get("/reports/quality/?year=1405&month=all")
    html = response.content.decode()
    assert response.status_code == 200
    assert rows_of(html) == ["/reports/centers/CA/1405/2/", "/reports/centers/CA/1405/3/"]  # not the draft, not B
    assert "۳ ماه از مراکز بررسی شد." in html and "۲ ماه از آن‌ها با مورد: ۱ خطا، ۰ هشدار بدون توضیح، ۱ مورد تأییدشده با توضیح." in html
    assert "(قبول‌شدگان آزمون مهارت: ۱۲؛ نفردوره: ۱۰)" in html and "دوره‌های کوتاه ایمنی" in html
    assert "تأییدشده با توضیح" in html


def test_a_month_by_default_the_last_complete_one_and_in_english(months):
    planner = client_for(months.planner)
    html = planner.get("/reports/quality/?year=1405&month=3").content.decode()
    assert rows_of(html) == ["/reports/centers/CA/1405/3/"]
    planner.cookies["django_language"] = "en"
    html = planner.get("/reports/quality/?year=1405&month=2").content.decode()
    assert "More certified graduates than trainee-courses in the month. (Certified graduates: 12; Trainee-courses: 10)" in html
    assert "2 months of centers checked." in html
    assert planner.get("/reports/quality/").status_code == 200


@pytest.mark.parametrize("query", ["?year=abc", "?year=1405&month=13", "?year=99999999999999999999&month=all", "?month=۳"])
def test_what_is_no_year_or_month_is_a_404_or_read_as_digits(months, query):
    assert client_for(months.planner).get("/reports/quality/" + query).status_code in (200, 404)


def test_a_head_sees_their_own_centers_months_only(months):
    assert rows_of(client_for(months.head_a).get("/reports/quality/?year=1405&month=all").content.decode()) == [
        "/reports/centers/CA/1405/2/", "/reports/centers/CA/1405/3/"]
    html = client_for(months.head_b).get("/reports/quality/?year=1405&month=all").content.decode()
    assert rows_of(html) == [] and "CA/1405" not in html
    outsider = factories.user("nobody")
    assert client_for(outsider).get("/reports/quality/").status_code == 403


def test_the_pages_queries_do_not_grow_with_centers(months, province, django_assert_max_num_queries):
    planner = client_for(months.planner)
    with CaptureQueriesContext(connection) as few:
        planner.get("/reports/quality/?year=1405&month=all")
    for n in range(10):
        center = factories.center(province, f"Q{n}")
        factories.commitment(center, 1405)
        month_of(center, 2, "submitted", 100, 10, 12)
    with CaptureQueriesContext(connection) as many:
        html = planner.get("/reports/quality/?year=1405&month=all").content.decode()
    assert len(rows_of(html)) == 12 and len(many.captured_queries) == len(few.captured_queries) <= 12


def test_the_api_gives_the_pages_issues_in_the_callers_language_and_centers(months):
    body = ApiClient(token_for(months.staff), language="en").get("/api/quality/", year=1405).json()
    assert (body["year"], body["month"], body["checked"], body["errors"], body["unconfirmed"], body["confirmed"]) == (
        1405, None, 3, 1, 0, 1)
    first = body["months"][0]
    assert (first["center"], first["month"], first["status"], first["page"]) == ("CA", 2, "submitted", "/reports/centers/CA/1405/2/")
    issue = first["issues"][0]
    assert (issue["kind"], issue["importance"], issue["confirmed"]) == ("rule", "error", False)
    assert [r["measure"] for r in issue["rows"]] == [CERT, PC] and issue["message"].startswith("More certified graduates")
    assert issue["rule"] == ValidationRule.objects.get(code="certified-within-person-courses").pk
    head_b = ApiClient(token_for(months.head_b)).get("/api/quality/", year=1405, month=2).json()
    assert (head_b["checked"], head_b["months"]) == (1, [])
    assert ApiClient(token_for(months.head_a)).get("/api/quality/", month=13).status_code == 400


# --- the review queue and the month's review card --------------------------------------------------


def test_the_queue_marks_a_month_with_issues_before_its_approve_button(months):
    html = client_for(months.planner).get("/reports/review/").content.decode()
    rows = re.findall(r"<tr>(.*?)</tr>", html.split("<tbody>")[1], re.S)
    a_row = next(r for r in rows if "/reports/centers/CA/1405/2/" in r)
    b_row = next(r for r in rows if "/reports/centers/CB/1405/2/" in r)
    assert "۱ مورد" in a_row and a_row.index("۱ مورد") < a_row.index('name="approve"')
    assert "قبول‌شدگان آزمون مهارت از نفردورهٔ همین ماه بیشترند" in a_row
    assert "بدون مورد" in b_row


def test_the_month_shows_its_issues_beside_the_rows_and_before_the_approve_button(months):
    html = client_for(months.planner).get("/reports/centers/CA/1405/2/").content.decode()
    review = html.split('id="review-form"')[1]
    assert review.index('id="month-issues"') < review.index('name="approve"')
    assert html.count('class="row-issue blocks"') == 2  # beside certified and person-courses
    head_html = client_for(months.head_a).get("/reports/centers/CA/1405/3/").content.decode()
    assert 'class="row-issue"' in head_html and "تأییدشده با توضیح" in head_html


# --- the validation rules' pages -------------------------------------------------------------------


def rule_data(**changed):
    return {"name_fa": "قبول‌شدگان حداکثر نیمی از نفردوره", "name_en": "", "left_measure": CERT, "operator": "le",
            "factor_from": "number", "factor": "۰٫۵", "right_measure": PC, "sector": "", "area": "rural_nomadic",
            "importance": "warning", "message_fa": "بیش از نیمی قبول شده‌اند.", "message_en": "", "reason": "", **changed}


def test_the_rules_list_reads_every_rule_as_a_formula(months):
    html = client_for(months.head_a).get("/reports/rules/").content.decode()
    assert "نفرساعت آموزش ≥ ۸ × نفردوره" in html and "همهٔ بخش‌ها – همهٔ حوزه‌ها" in html
    assert "/reports/rules/new/" not in html  # a head reads the rules, does not change them


def test_a_planner_adds_changes_retires_and_restores_a_rule_and_the_history_keeps_each_step(months):
    planner = client_for(months.planner)
    assert planner.post("/reports/rules/new/", rule_data()).status_code == 302
    rule = ValidationRule.objects.get(name_fa="قبول‌شدگان حداکثر نیمی از نفردوره")
    assert (rule.factor, rule.area, rule.active) == (0.5, "rural_nomadic", True)
    assert planner.post(f"/reports/rules/{rule.pk}/", rule_data(importance="error", reason="پس از جلسهٔ آبان")).status_code == 302
    assert planner.post(f"/reports/rules/{rule.pk}/retire/", {"reason": "دیگر لازم نیست", "retire": "1"}).status_code == 302
    rule.refresh_from_db()
    assert not rule.active and ValidationRule.objects.filter(pk=rule.pk).exists()  # retired, never deleted
    planner.post(f"/reports/rules/{rule.pk}/retire/", {"restore": "1"})
    rule.refresh_from_db()
    assert rule.active
    steps = [(h.history_type, h.active, h.importance, h.history_user, h.history_change_reason) for h in rule.history.order_by("history_id")]
    assert steps == [("+", True, "warning", months.planner, ""), ("~", True, "error", months.planner, "پس از جلسهٔ آبان"),
                     ("~", False, "error", months.planner, "دیگر لازم نیست"), ("~", True, "error", months.planner, "")]
    html = planner.get("/reports/rules/history/").content.decode()
    assert "کنار گذاشته شد" in html and "دوباره جاری شد" in html and "پس از جلسهٔ آبان" in html and "هشدار" in html


@pytest.mark.parametrize("changed, field", [({"factor": "نیم"}, "factor"), ({"factor": "-1"}, "factor"),
                                            ({"factor": "0.00001"}, "factor"), ({"right_measure": CERT}, "right_measure"),
                                            ({"left_measure": "nothing"}, "left_measure"), ({"name_fa": ""}, "name_fa"),
                                            ({"area": "nowhere"}, "area")])
def test_a_rule_that_does_not_hold_together_is_refused_beside_its_field(months, changed, field):
    response = client_for(months.planner).post("/reports/rules/new/", rule_data(**changed))
    assert response.status_code == 200 and response.context["form"].errors.get(field)
    assert not ValidationRule.objects.filter(name_fa="قبول‌شدگان حداکثر نیمی از نفردوره").exists()


def test_only_planners_and_the_director_change_rules(months):
    rule = ValidationRule.objects.get(code="certified-within-person-courses")
    for user in (months.head_a, months.staff):
        client = client_for(user)
        assert client.get("/reports/rules/new/").status_code == 403
        assert client.post(f"/reports/rules/{rule.pk}/", rule_data()).status_code == 403
        assert client.post(f"/reports/rules/{rule.pk}/retire/", {"retire": "1"}).status_code == 403
    rule.refresh_from_db()
    assert rule.active and rule.name_fa != "قبول‌شدگان حداکثر نیمی از نفردوره"
    assert client_for(months.director).get(f"/reports/rules/{rule.pk}/").status_code == 200
    assert client_for(months.planner).get("/reports/rules/99999999999999999999/").status_code == 404
