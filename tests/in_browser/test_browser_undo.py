"""Big actions as a planner sees them, in Persian and English, at 1366 and 390 px: phasing every
commitment of the year by a profile is previewed (counts, the totals before and after), confirmed
with a reason and undone from its record; an approval from the review queue is taken back the
same day; a deactivation is previewed, confirmed and undone. Each page: its language's digits,
no sideways scroll of the page itself, no serious axe-core violation; screenshots in
artifacts/undo/."""

import os

import pytest

from commitments.models import Commitment, PhasingProfile, ProvinceCommitment
from payesh.models import Batch
from reports.models import MonthlyReport
from tests import factories
from tests.browser import screenshot, sign_in
from tests.in_browser.test_browser_pages import AXE, AXE_RUN, HELD, overflow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"desktop": (1366, 900), "phone": (390, 844)}
WORDS = {
    "fa": {"will": "۳ تعهد از ۲ مرکز تغییر می‌کند.", "were": "۳ تعهد از ۲ مرکز تغییر کرد.", "undone": "تغییر برگردانده شد",
           "taken back": "دوباره در انتظار بررسی است", "head": "مرکز ب تا تعیین رئیس دیگری بی‌رئیس می‌ماند."},
    "en": {"will": "3 commitments of 2 centers will change.", "were": "3 commitments of 2 centers were changed.",
           "undone": "The change was undone", "taken back": "it waits for review again",
           "head": "Center CB is left without a head until another is given to it."},
}


def looked_at(page, artifacts, name):
    """The checks every page here gets, and its screenshot."""
    page.wait_for_load_state("load")  # payesh.js has made the scrolling tables focusable
    assert overflow(page) <= 1, f"{name}: the page scrolls sideways"
    assert page.evaluate(AXE_RUN, HELD) == [], name
    folder = os.path.join(artifacts, "undo")
    os.makedirs(folder, exist_ok=True)
    screenshot(page, path=os.path.join(folder, f"{name}.png"), full_page=True)


@pytest.fixture
def planner_page(browser, live_server, reference, people, request):
    language, width = request.param
    for center, target in ((people.center_a, 1200), (people.center_b, 2400)):
        factories.commitment(center, target=target)
    factories.commitment(people.center_a, measure="courses", target=12)
    PhasingProfile.objects.create(name="نیمه دوم", weights=[0] * 6 + [1] * 6)
    context = browser.new_context(viewport=dict(zip(("width", "height"), WIDTHS[width])))
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page, people, language, f"{language}-{width}"
    context.close()
    assert errors == []


BOTH = [(language, width) for language in ("fa", "en") for width in WIDTHS]


@pytest.mark.parametrize("planner_page", BOTH, indirect=True, ids=[f"{lang}-{w}" for lang, w in BOTH])
def test_phasing_every_commitment_is_previewed_confirmed_and_undone(planner_page, live_server, artifacts):
    page, people, language, name = planner_page
    words = WORDS[language]
    sign_in(page, live_server, "planner", next_path="/commitments/phasing/")
    page.wait_for_selector("#apply-profile")
    page.select_option("#id_profile", label="نیمه دوم")
    page.click("#apply-profile button[name=preview]")
    page.wait_for_selector("#phasing-preview")
    assert words["will"] in page.inner_text("#batch-counts")
    totals = page.inner_text("#batch-totals")
    assert ("۶۰۰" if language == "fa" else "600") in totals and ("۳٬۶۰۰" if language == "fa" else "3,600") in totals
    assert page.locator("#id_profile option:checked").inner_text() == "نیمه دوم"  # the choice is kept
    looked_at(page, artifacts, f"phasing-preview-{name}")

    page.fill("#id_reason", "ماه‌بندی مصوب جلسه")
    page.click("#confirm-batch")
    page.wait_for_selector("#batch-rows")
    assert words["were"] in page.inner_text("#batch-counts")
    assert Commitment.objects.filter(phased_1=0).count() == 3
    looked_at(page, artifacts, f"phasing-batch-{name}")

    page.fill("#undo-batch textarea[name=reason]", "الگوی اشتباه")
    page.click("#undo")
    page.wait_for_selector(".msg.success")
    assert words["undone"] in page.inner_text(".messages")
    assert Commitment.objects.filter(phased_1=0).count() == 0 and Batch.objects.get().undone
    looked_at(page, artifacts, f"phasing-undone-{name}")


@pytest.mark.parametrize("planner_page", BOTH, indirect=True, ids=[f"{lang}-{w}" for lang, w in BOTH])
def test_an_approval_from_the_queue_is_taken_back_the_same_day(planner_page, live_server, artifacts):
    page, people, language, name = planner_page
    report = factories.report(people.center_a, month=2, figures=[("public", "fixed_urban", "person_hours", 90)])
    MonthlyReport.objects.filter(pk=report.pk).update(version=1)
    sign_in(page, live_server, "planner", next_path="/reports/review/")
    page.wait_for_selector("#queue")
    page.click("#queue button[name=approve]")
    page.wait_for_selector("#approved-today")
    looked_at(page, artifacts, f"queue-approved-today-{name}")
    page.fill("#approved-today input[name=reason]", "به اشتباه تأیید شد")
    page.click("#approved-today button[type=submit]")
    page.wait_for_selector("#queue")
    assert words_in(page, WORDS[language]["taken back"])
    report.refresh_from_db()
    assert report.status == "submitted"


def words_in(page, words):
    return words in page.inner_text(".messages")


@pytest.mark.parametrize("planner_page", BOTH, indirect=True, ids=[f"{lang}-{w}" for lang, w in BOTH])
def test_a_deactivation_is_previewed_confirmed_and_undone(planner_page, live_server, artifacts):
    page, people, language, name = planner_page
    sign_in(page, live_server, "planner", next_path=f"/people/{people.head_b.pk}/deactivate/")
    page.wait_for_selector("#deactivation-preview")
    assert WORDS[language]["head"] in page.inner_text("#deactivation-preview")
    looked_at(page, artifacts, f"deactivation-preview-{name}")
    page.fill("#id_reason", "بازنشستگی")
    page.click("#confirm-batch")
    page.wait_for_selector("#batch-rows")
    looked_at(page, artifacts, f"deactivation-batch-{name}")
    page.fill("#undo-batch textarea[name=reason]", "اشتباه")
    page.click("#undo")
    page.wait_for_selector(".msg.success")
    people.head_b.refresh_from_db()
    people.center_b.refresh_from_db()
    assert people.head_b.is_active and people.center_b.head == people.head_b


@pytest.mark.parametrize("planner_page", BOTH, indirect=True, ids=[f"{lang}-{w}" for lang, w in BOTH])
def test_a_head_replacement_is_previewed_confirmed_and_undone(planner_page, live_server, artifacts):
    page, people, language, name = planner_page
    sign_in(page, live_server, "director", next_path="/people/centers/CA/head/")
    page.wait_for_selector("#head-form")
    page.fill("#id_username", "head-a2")
    page.check("#id_deactivate_previous")
    page.click("#head-form button[name=preview]")
    page.wait_for_selector("#head-preview")
    assert "head-a2" in page.inner_text("#head-preview") and page.input_value("#id_username") == "head-a2"
    assert page.is_checked("#id_deactivate_previous")  # nothing chosen is lost
    looked_at(page, artifacts, f"head-preview-{name}")
    page.fill("#id_reason", "بازنشستگی رئیس")
    page.click("#confirm-batch")
    page.wait_for_selector("#initial-password")
    page.click("#batch-link")
    page.wait_for_selector("#batch-rows")
    looked_at(page, artifacts, f"head-batch-{name}")
    page.fill("#undo-batch textarea[name=reason]", "اشتباه")
    page.click("#undo")
    page.wait_for_selector(".msg.success")
    people.center_a.refresh_from_db()
    people.head_a.refresh_from_db()
    assert people.center_a.head == people.head_a and people.head_a.is_active


@pytest.mark.parametrize("planner_page", BOTH, indirect=True, ids=[f"{lang}-{w}" for lang, w in BOTH])
def test_allocation_copy_forward_and_drafts_are_previewed_before_they_are_made(planner_page, live_server, artifacts):
    page, people, language, name = planner_page
    hours = Commitment.objects.filter(measure__code="person_hours").first()
    total = ProvinceCommitment.objects.create(province=people.center_a.province, year=1405, sector=hours.sector,
                                              measure=hours.measure, target=6000)
    sign_in(page, live_server, "planner", next_path="/commitments/allocation/?year=1405")
    page.wait_for_selector("#allocate")
    page.select_option("#id_province_total", str(total.pk))
    page.select_option("#id_area", str(hours.area_id))
    page.select_option("#id_method", "even")
    page.click("#allocate button[name=preview]")
    page.wait_for_selector("#allocation-preview")
    assert ("۲" if language == "fa" else "2") in page.inner_text("#batch-counts")
    looked_at(page, artifacts, f"allocation-preview-{name}")

    page.goto(f"{live_server.url}/commitments/copy-forward/")
    page.fill("#id_to_year", "1406")
    page.click("#copy-forward button[name=preview]")
    page.wait_for_selector("#copy-preview")
    assert not Commitment.objects.filter(year=1406).exists()
    looked_at(page, artifacts, f"copy-preview-{name}")
    page.fill("#id_reason", "آغاز سال ۱۴۰۶")
    page.click("#confirm-batch")
    page.wait_for_selector("#batch-rows")
    assert Commitment.objects.drafts().filter(year=1406).count() == 3

    page.goto(f"{live_server.url}/commitments/?year=1406")
    page.click("#drafts-note button[name=preview]")
    page.wait_for_selector("#drafts-preview")
    looked_at(page, artifacts, f"drafts-preview-{name}")
    page.goto(f"{live_server.url}/commitments/batches/")
    page.wait_for_selector("#batches")
    looked_at(page, artifacts, f"batches-{name}")
