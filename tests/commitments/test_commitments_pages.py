"""Who reaches the commitments pages, the list with its totals, revisions with their history,
phasing profiles and copy forward."""

import jdatetime
import pytest
from django.utils import translation

from commitments import services
from commitments.models import Commitment, CommitmentStatus, FiscalYear, PhasingProfile
from tests import factories
from tests.batch_helpers import preview_and_confirm

DURING_1405 = jdatetime.date(1405, 5, 1)
BEFORE_1405 = jdatetime.date(1404, 12, 1)

PAGES = [
    ("get", "/commitments/"),
    ("get", "/commitments/export.xlsx"),
    ("get", "/commitments/import/"),
    ("post", "/commitments/import/"),
    ("get", "/commitments/import/template.xlsx"),
    ("get", "/commitments/{pk}/"),
    ("post", "/commitments/{pk}/"),
    ("get", "/commitments/allocation/"),
    ("post", "/commitments/allocation/"),
    ("post", "/commitments/allocation/total/"),
    ("get", "/commitments/phasing/"),
    ("post", "/commitments/phasing/"),
    ("get", "/commitments/copy-forward/"),
    ("post", "/commitments/copy-forward/"),
    ("post", "/commitments/confirm-drafts/"),
]


@pytest.fixture
def setup(reference, people, client):
    client.cookies["django_language"] = "en"  # messages are checked in English
    with translation.override("en"):
        yield people


@pytest.mark.parametrize("method, url", PAGES)
def test_a_center_head_gets_403_on_every_commitments_page(setup, client, method, url):
    c = factories.commitment(setup.center_a)
    client.force_login(setup.head_a)
    response = getattr(client, method)(url.format(pk=c.pk), {"target": "1", "year": "1405", "to_year": "1406", "factor": "2"})
    assert response.status_code == 403
    assert Commitment.objects.get().target == 1200 and Commitment.objects.count() == 1


@pytest.mark.parametrize("who", ["staff", "head_b"])
def test_other_roles_get_403_and_anonymous_users_are_sent_to_login(setup, client, who):
    client.force_login(getattr(setup, who))
    assert client.get("/commitments/").status_code == 403
    client.logout()
    assert client.get("/commitments/").status_code == 302


@pytest.mark.parametrize("who", ["planner", "director"])
def test_planner_and_director_reach_every_page(setup, client, who):
    c = factories.commitment(setup.center_a)
    client.force_login(getattr(setup, who))
    for method, url in PAGES:
        if method == "get":
            assert client.get(url.format(pk=c.pk)).status_code == 200, url


def test_the_list_filters_and_totals_by_center_and_province(setup, client, django_assert_max_num_queries):
    factories.commitment(setup.center_a, target=1200)
    factories.commitment(setup.center_a, area="rural_nomadic", target=600)
    factories.commitment(setup.center_a, measure="courses", target=12)
    factories.commitment(setup.center_b, target=2400)
    factories.commitment(setup.center_b, year=1404, target=999_999)
    client.force_login(setup.planner)
    with django_assert_max_num_queries(16):
        response = client.get("/commitments/?year=1405")
    page = response.content.decode()
    assert response.context["center_totals"] == [("CA", "Center CA", [1800, 12]), ("CB", "Center CB", [2400, None])]  # an English page
    assert response.context["province_totals"] == [4200, 12]
    assert "4,200" in page and "999,999" not in page
    response = client.get("/commitments/?year=1405&measure=" + str(Commitment.objects.filter(measure__code="person_hours").first().measure_id) + f"&center={setup.center_b.pk}")
    assert response.context["province_totals"] == [2400]
    assert response.context["page"].paginator.count == 1


def test_list_query_count_does_not_grow_with_centers(setup, client, django_assert_max_num_queries):
    for i in range(30):
        factories.commitment(factories.center(setup.center_a.province, f"X{i:02d}"), target=100 + i)
    client.force_login(setup.planner)
    with django_assert_max_num_queries(16):
        client.get("/commitments/?year=1405")


def test_a_revision_after_the_year_started_needs_reason_and_letter_and_is_in_the_history(setup, client):
    c = factories.commitment(setup.center_a, target=1200, phasing=[50] * 6 + [150] * 6)
    with pytest.raises(services.CommitmentError):
        services.revise_commitment(c, setup.planner, 2400, today=DURING_1405)
    with pytest.raises(services.CommitmentError):
        services.revise_commitment(c, setup.planner, 2400, reason="ابلاغ جدید", today=DURING_1405)
    letter_date = jdatetime.date(1405, 4, 20).togregorian()
    c, changed = services.revise_commitment(c, setup.planner, 2400, "۵۵۵/ص", letter_date, "ابلاغیه اصلاحی وزارت", today=DURING_1405)
    assert changed and c.target == 2400 and c.phased == [100] * 6 + [300] * 6
    versions = list(c.history.order_by("history_date", "history_id"))
    assert [v.target for v in versions] == [1200, 2400]
    assert versions[-1].history_user == setup.planner and versions[-1].history_change_reason == "ابلاغیه اصلاحی وزارت"
    assert versions[-1].letter_number == "۵۵۵/ص"
    assert Commitment.objects.with_original_target().get().original_target == 1200

    client.force_login(setup.planner)
    page = client.get(f"/commitments/{c.pk}/").content.decode()
    assert "ابلاغیه اصلاحی وزارت" in page and 'id="original-target">1,200' in page
    assert "1,200" in client.get("/commitments/?year=1405").content.decode()


def test_before_the_year_starts_a_target_changes_without_a_reason(setup):
    c = factories.commitment(setup.center_a, target=1200)
    c, changed = services.revise_commitment(c, setup.planner, 1300, today=BEFORE_1405)
    assert changed and c.target == 1300 and sum(c.phased) == 1300


def test_the_revise_form_shows_the_rule_and_a_closed_year_refuses(setup, client):
    c = factories.commitment(setup.center_a, year=1400, target=1200)
    client.force_login(setup.planner)
    response = client.post(f"/commitments/{c.pk}/", {"target": "۲٬۴۰۰"})
    assert "needs its reason" in response.content.decode()
    FiscalYear.objects.update_or_create(year=1400, defaults={"closed": True})
    response = client.post(f"/commitments/{c.pk}/", {"target": "2400", "reason": "x", "letter_number": "1", "letter_date": "1400/01/05"})
    assert "closed" in response.content.decode()
    assert Commitment.objects.get().target == 1200


def test_a_phasing_profile_is_named_shown_and_applied_to_many_commitments(setup, client):
    a = factories.commitment(setup.center_a, target=1000)
    b = factories.commitment(setup.center_b, target=7)
    other = factories.commitment(setup.center_b, measure="courses", target=12)
    client.force_login(setup.planner)
    weights = {f"w{m}": w for m, w in enumerate(["۵", "8", "9", "8", "7", "7", "10", "10", "10", "9", "9", "8"], start=1)}
    response = client.post("/commitments/phasing/", {"create": "1", "name": "فصلی", **weights}, follow=True)
    profile = PhasingProfile.objects.get(name="فصلی")
    assert profile.weights == [5, 8, 9, 8, 7, 7, 10, 10, 10, 9, 9, 8]
    assert "vendor/plotly-cartesian.min.js" in response.content.decode()
    _preview, response = preview_and_confirm(client, "/commitments/phasing/", {"profile": profile.pk, "year": "1405", "measure": a.measure_id})
    assert "2 commitments were phased" in response.content.decode()
    a.refresh_from_db(), b.refresh_from_db(), other.refresh_from_db()
    assert a.phased == [50, 80, 90, 80, 70, 70, 100, 100, 100, 90, 90, 80]
    assert sum(b.phased) == 7 and b.phased == [0, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1, 0]
    assert other.phased == [1] * 12
    assert a.history.first().history_change_reason == "تصمیم جلسه برنامه‌ریزی"


def test_a_profile_without_any_weight_is_refused(setup, client):
    client.force_login(setup.planner)
    response = client.post("/commitments/phasing/", {"create": "1", "name": "صفر", **{f"w{m}": "0" for m in range(1, 13)}})
    assert response.status_code == 200 and not PhasingProfile.objects.exists()


def test_copy_forward_scales_as_drafts_then_confirms(setup, client):
    factories.commitment(setup.center_a, target=1000, phasing=[0] * 6 + [100] * 4 + [300, 300])
    factories.commitment(setup.center_b, target=333)
    factories.commitment(setup.center_b, year=1406, target=5)  # already there: left alone
    client.force_login(setup.planner)
    _preview, response = preview_and_confirm(client, "/commitments/copy-forward/", {"from_year": "1405", "to_year": "1406", "factor": "۱٫۰۵"})
    assert "1 draft commitments were created for 1406 (1 already existed)" in response.content.decode()
    new = Commitment.objects.get(year=1406, center=setup.center_a)
    assert new.status == CommitmentStatus.DRAFT and new.target == 1050
    assert new.phased == [0] * 6 + [105] * 4 + [315, 315] and new.letter_number == ""
    page = client.get("/commitments/?year=1406").content.decode()
    assert 'id="drafts-note"' in page and "status-draft" in page
    # a second run adds nothing
    copy = services.copy_forward(1405, 1406, "1.05", setup.planner)
    assert (copy.created, copy.skipped, copy.batch) == (0, 2, None)
    preview_and_confirm(client, "/commitments/confirm-drafts/", {"year": "1406", "letter_number": "۹۹", "letter_date": "1406/01/20"})
    new.refresh_from_db()
    assert new.status == CommitmentStatus.CONFIRMED and new.letter_number == "۹۹"
    assert "drafts-note" not in client.get("/commitments/?year=1406").content.decode()


def test_copy_forward_refuses_a_closed_year_and_a_bad_factor(setup, client):
    factories.commitment(setup.center_a, target=1000)
    FiscalYear.objects.create(year=1406, closed=True)
    with pytest.raises(services.CommitmentError):
        services.copy_forward(1405, 1406, 1, setup.planner)
    client.force_login(setup.planner)
    response = client.post("/commitments/copy-forward/", {"from_year": "1405", "to_year": "1407", "factor": "-2"})
    assert response.status_code == 200 and not Commitment.objects.filter(year=1407).exists()


def test_a_commitment_loaded_in_bulk_keeps_its_original_in_the_history(setup):
    c = factories.commitment(setup.center_a, target=1200)
    c.history.all().delete()  # as the demo's bulk_create leaves it
    services.revise_commitment(c, setup.planner, 1500, "۱", BEFORE_1405.togregorian(), "اصلاحیه", today=DURING_1405)
    versions = list(c.history.order_by("history_date", "history_id"))
    assert [v.target for v in versions] == [1200, 1500]
    assert Commitment.objects.with_original_target().get().original_target == 1200
