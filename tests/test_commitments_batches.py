"""Changes to many commitments at once are seen before they are made and can be undone after
(payesh/batches.py; docs/design.md, "Seen before, undone after"): phasing by a profile, an
allocation, a copy forward, confirming drafts."""

import datetime
import re

import pytest

from commitments import services
from commitments.allocation import EVEN
from commitments.models import Commitment, CommitmentStatus, FiscalYear, PhasingProfile, ProvinceCommitment, TrainingArea
from payesh.models import Batch
from tests import factories
from tests.batch_helpers import REASON, preview_and_confirm, previewed

SECOND_HALF = [0] * 6 + [1] * 6
EVERYTHING_OF_1405 = {"year": "1405", "center": "", "sector": "", "area": "", "measure": ""}


@pytest.fixture
def setup(reference, people, client):
    """Three commitments of 1405 in two centers (two measures), and a profile for the second half
    of the year; the planner signed in, on Persian pages."""
    people.a_hours = factories.commitment(people.center_a, target=1200)
    people.a_courses = factories.commitment(people.center_a, measure="courses", target=12)
    people.b_hours = factories.commitment(people.center_b, target=2400)
    people.profile = PhasingProfile.objects.create(name="نیمه دوم", weights=SECOND_HALF)
    client.cookies["django_language"] = "fa"
    client.force_login(people.planner)
    return people


def phasing(setup, **choices):
    return {"profile": setup.profile.pk, **EVERYTHING_OF_1405, **choices}


def text(response):
    """The page's text without tags, spaces folded."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def phased(*commitments):
    return [Commitment.objects.get(pk=c.pk).phased for c in commitments]


def test_the_phasing_preview_shows_counts_and_the_totals_before_and_after_and_writes_nothing(setup, client):
    response = client.post("/commitments/phasing/", {**phasing(setup), "preview": "1"})
    page = text(response)
    assert "۳ تعهد از ۲ مرکز تغییر می‌کند." in page
    totals = text_of(response, "batch-totals")
    # person-hours: 100 + 200 a month before; after, nothing in the first half and 600 a month
    assert "نفرساعت آموزش (نفرساعت) پیش از تغییر ۳٬۶۰۰" + " ۳۰۰" * 12 in totals
    assert "پس از تغییر ۳٬۶۰۰" + " ۰" * 6 + " ۶۰۰" * 6 in totals
    assert "پس از تغییر ۱۲" + " ۰" * 6 + " ۲" * 6 in totals  # courses: 1 a month before
    assert 'name="reason"' in response.content.decode() and 'id="confirm-batch"' in response.content.decode()
    assert phased(setup.a_hours, setup.b_hours) == [[100] * 12, [200] * 12]
    assert not Batch.objects.exists()
    # what was chosen stays chosen on the preview
    assert f'<option value="{setup.profile.pk}" selected>' in response.content.decode()


def text_of(response, element_id):
    html = response.content.decode()
    start = html.index(f'id="{element_id}"')
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html[start:html.index("</table>", start)]))


def test_applying_needs_the_reason_and_the_preview_seen(setup, client):
    preview = client.post("/commitments/phasing/", {**phasing(setup), "preview": "1"})
    response = client.post("/commitments/phasing/", {**phasing(setup), "apply": "1", "previewed": previewed(preview)})
    assert "دلیل این تغییر را بنویسید." in response.content.decode()
    response = client.post("/commitments/phasing/", {**phasing(setup), "apply": "1", "reason": REASON})
    assert "ردیف‌ها پس از پیش‌نمایش تغییر کرده‌اند." in response.content.decode()  # applied without a preview
    assert phased(setup.a_hours) == [[100] * 12] and not Batch.objects.exists()


def test_the_reason_is_each_commitments_revision_and_the_batch_its_record(setup, client):
    _preview, response = preview_and_confirm(client, "/commitments/phasing/", phasing(setup))
    assert "۳ تعهد با این الگو ماه‌بندی شد." in text(response)
    assert phased(setup.a_hours, setup.b_hours) == [[0] * 6 + [200] * 6, [0] * 6 + [400] * 6]
    for c in (setup.a_hours, setup.a_courses, setup.b_hours):
        latest = Commitment.objects.get(pk=c.pk).history.first()
        assert latest.history_change_reason == REASON and latest.history_user == setup.planner
    batch = Batch.objects.get()
    assert batch.kind == Batch.Kind.PHASING and batch.reason == REASON and batch.rows.count() == 3
    assert response.redirect_chain[-1][0] == f"/commitments/batches/{batch.pk}/"
    page = text(response)
    assert "۳ تعهد از ۲ مرکز تغییر کرد." in page and REASON in page and "برگرداندن کل تغییر" in page
    assert "مرکز الف" in text_of(response, "batch-rows") and "مرکز ب" in text_of(response, "batch-rows")
    listing = text(client.get("/commitments/batches/"))
    assert "ماه‌بندی تعهدات با یک الگو" in listing and "نیمه دوم" in listing and "برقرار" in listing


def test_a_commitment_changed_after_the_preview_is_not_phased_unseen(setup, client):
    preview = client.post("/commitments/phasing/", {**phasing(setup), "preview": "1"})
    services.revise_commitment(setup.b_hours, setup.planner, 4800, "۱۲۳", datetime.date(2026, 5, 1), "ابلاغیه اصلاحی")
    response = client.post("/commitments/phasing/", {**phasing(setup), "apply": "1", "reason": REASON,
                                                      "previewed": previewed(preview)})
    assert "ردیف‌ها پس از پیش‌نمایش تغییر کرده‌اند." in response.content.decode()
    assert 'id="phasing-preview"' in response.content.decode()  # the new preview, to look at again
    assert phased(setup.a_hours) == [[100] * 12] and not Batch.objects.exists()


def test_the_whole_batch_is_undone_from_its_record(setup, client):
    preview_and_confirm(client, "/commitments/phasing/", phasing(setup))
    batch = Batch.objects.get()
    response = client.post(f"/commitments/batches/{batch.pk}/", {"reason": "الگوی اشتباه"}, follow=True)
    assert "تغییر برگردانده شد" in text(response)
    assert phased(setup.a_hours, setup.a_courses, setup.b_hours) == [[100] * 12, [1] * 12, [200] * 12]
    latest = Commitment.objects.get(pk=setup.a_hours.pk).history.first()
    assert latest.history_change_reason == f"برگرداندن تغییر شمارهٔ {digits_fa(batch.pk)}: الگوی اشتباه"
    batch.refresh_from_db()
    assert batch.undone and batch.undone_by == setup.planner and batch.undo_reason == "الگوی اشتباه"
    assert 'id="undo-batch"' not in response.content.decode() and "الگوی اشتباه" in text(response)
    # a second undo (an old tab) changes nothing
    client.post(f"/commitments/batches/{batch.pk}/", {"reason": "دوباره"})
    assert Commitment.objects.get(pk=setup.a_hours.pk).history.count() == latest.instance.history.count()


def digits_fa(number):
    return str(number).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))


def test_an_undo_is_refused_when_a_commitment_changed_since_and_changes_nothing(setup, client):
    preview_and_confirm(client, "/commitments/phasing/", phasing(setup))
    batch = Batch.objects.get()
    services.set_phasing(setup.b_hours, setup.planner, [400] * 6 + [0] * 6, "۲", datetime.date(2026, 5, 1), "جابه‌جایی")
    response = client.post(f"/commitments/batches/{batch.pk}/", {"reason": "الگوی اشتباه"})
    page = text(response)
    assert "برگردانده نشد: ۱ تعهد پس از این تغییر دوباره تغییر کرده است (مرکز ب – کارگاه‌های ثابت شهری – نفرساعت آموزش)" in page
    assert phased(setup.a_hours, setup.b_hours) == [[0] * 6 + [200] * 6, [400] * 6 + [0] * 6]
    batch.refresh_from_db()
    assert not batch.undone
    response = client.post(f"/commitments/batches/{batch.pk}/", {"reason": ""})
    assert response.status_code == 200 and not Batch.objects.get().undone


def test_an_allocation_is_undone_its_new_commitments_removed_and_changed_ones_restored(setup, client):
    area = TrainingArea.objects.get(code="fixed_urban")
    total = ProvinceCommitment.objects.create(province=setup.center_a.province, year=1405, sector=setup.a_hours.sector,
                                              measure=setup.a_hours.measure, target=6000)
    setup.b_hours.delete()  # center B has no commitment in the area yet: the allocation makes one
    form = {"province_total": total.pk, "area": area.pk, "method": EVEN}
    preview, response = preview_and_confirm(client, "/commitments/allocation/?year=1405", form)
    assert "تعهد <strong>۲</strong> مرکز در این حوزه تغییر می‌کند" in preview.content.decode()
    assert sorted(Commitment.objects.filter(area=area, measure=total.measure).values_list("center__code", "target")) == [
        ("CA", 3000), ("CB", 3000)]
    batch = Batch.objects.get(kind=Batch.Kind.ALLOCATION)
    assert "۱ مورد از آن‌ها تازه است." in text(response)
    client.post(f"/commitments/batches/{batch.pk}/", {"reason": "ابلاغیه اشتباه بود"})
    assert list(Commitment.objects.filter(area=area, measure=total.measure).values_list("center__code", "target")) == [("CA", 1200)]
    assert phased(setup.a_hours) == [[100] * 12]


def test_a_copy_forward_is_previewed_then_undone_unless_its_drafts_were_confirmed(setup, client):
    data = {"from_year": "1405", "to_year": "1406", "factor": "1.5"}
    preview = client.post("/commitments/copy-forward/", {**data, "preview": "1"})
    assert "۳ تعهد از ۲ مرکز تغییر می‌کند. ۳ مورد از آن‌ها تازه است." in text(preview)
    assert "پس از تغییر ۵٬۴۰۰" + " ۴۵۰" * 12 in text_of(preview, "batch-totals") and "پیش از تغییر" not in text_of(preview, "batch-totals")
    assert not Commitment.objects.filter(year=1406).exists()
    preview_and_confirm(client, "/commitments/copy-forward/", data)
    copied = Batch.objects.get(kind=Batch.Kind.COPY_FORWARD)
    assert Commitment.objects.drafts().filter(year=1406).count() == 3
    # the drafts confirmed since: the copy cannot be undone before the confirmation is
    preview_and_confirm(client, "/commitments/confirm-drafts/", {"year": "1406", "letter_number": "۹۹", "letter_date": ""})
    confirmed = Batch.objects.get(kind=Batch.Kind.DRAFTS_CONFIRMED)
    assert Commitment.objects.confirmed().filter(year=1406).count() == 3
    response = client.post(f"/commitments/batches/{copied.pk}/", {"reason": "سال اشتباه"})
    assert "برگردانده نشد: ۳ تعهد" in text(response) and "و ۰ مورد دیگر" not in text(response)
    client.post(f"/commitments/batches/{confirmed.pk}/", {"reason": "نامه نرسیده"})
    assert Commitment.objects.drafts().filter(year=1406, letter_number="").count() == 3
    client.post(f"/commitments/batches/{copied.pk}/", {"reason": "سال اشتباه"})
    assert not Commitment.objects.filter(year=1406).exists()
    removed = Commitment.history.filter(year=1406, history_type="-")
    assert removed.count() == 3 and {h.history_user for h in removed} == {setup.planner}


def test_confirming_drafts_is_previewed_with_the_drafts_of_the_year(setup, client):
    Commitment.objects.filter(pk=setup.b_hours.pk).update(status=CommitmentStatus.DRAFT)
    response = client.post("/commitments/confirm-drafts/", {"year": "1405", "letter_number": "", "letter_date": "", "preview": "1"})
    assert "۱ تعهد از ۱ مرکز تغییر می‌کند." in text(response)
    assert Commitment.objects.drafts().count() == 1


def test_an_undo_in_a_closed_year_is_refused(setup, client):
    preview_and_confirm(client, "/commitments/phasing/", phasing(setup))
    FiscalYear.objects.update_or_create(year=1405, defaults={"closed": True})
    response = client.post(f"/commitments/batches/{Batch.objects.get().pk}/", {"reason": "الگوی اشتباه"})
    assert "closed" in text(response) or "بسته" in text(response)
    assert phased(setup.a_hours) == [[0] * 6 + [200] * 6]


def test_only_those_who_plan_see_the_record_and_undo(setup, client):
    preview_and_confirm(client, "/commitments/phasing/", phasing(setup))
    batch = Batch.objects.get()
    for user in (setup.head_a, setup.staff):
        client.force_login(user)
        assert client.get("/commitments/batches/").status_code == 403
        assert client.post(f"/commitments/batches/{batch.pk}/", {"reason": "x"}).status_code == 403
    assert not Batch.objects.get().undone
    client.force_login(setup.director)
    assert client.get(f"/commitments/batches/{batch.pk}/").status_code == 200
    people_batch = Batch.objects.create(kind=Batch.Kind.DEACTIVATION, made_by=setup.director, reason="x")
    assert client.get(f"/commitments/batches/{people_batch.pk}/").status_code == 404


def test_the_record_page_costs_the_same_whatever_the_number_of_rows(setup, client, django_assert_max_num_queries):
    preview_and_confirm(client, "/commitments/phasing/", phasing(setup))
    batch = Batch.objects.get()
    with django_assert_max_num_queries(20) as few:
        assert client.get(f"/commitments/batches/{batch.pk}/").status_code == 200
    count = len(few.captured_queries)  # read now: the next request clears the connection's log
    for i in range(12):
        center = factories.center(setup.center_a.province, f"X{i}")
        factories.commitment(center, target=1200)
    preview_and_confirm(client, "/commitments/phasing/", phasing(setup))
    bigger = Batch.objects.latest("pk")
    assert bigger.rows.count() == 12
    with django_assert_max_num_queries(count):
        assert client.get(f"/commitments/batches/{bigger.pk}/").status_code == 200
