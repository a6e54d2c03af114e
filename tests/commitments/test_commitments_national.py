"""The national tier's commitments: the organization's yearly letter of every province's totals
(imported whole, or nothing), the national allocation page (each province's totals against its
centers' and its progress), and a province's allocation returned with a reason (told to its
director and planners, shown on its allocation page until allocated again or marked addressed)."""

from io import BytesIO

import jdatetime
import pytest
from django.utils import translation
from openpyxl import load_workbook

from commitments import letter, returns
from commitments.allocation import EVEN, apply_allocation
from commitments.importing import WorkbookInvalid
from commitments.models import AllocationReturn, Commitment, ProvinceCommitment, TrainingArea
from commitments.services import import_province_totals
from notifications.models import Kind, Notification
from tests.country import country
from tests.support import client_for

BEFORE_1405 = jdatetime.date(1404, 12, 1)
DURING_1405 = jdatetime.date(1405, 5, 1)


@pytest.fixture
def world(reference):
    with translation.override("en"):
        yield country()


def filled(rows):
    """The downloadable template with rows written under its headers, as a person would."""
    wb = load_workbook(BytesIO(letter.template_bytes()))
    ws = wb[letter.SHEET_TITLE]
    for row in rows:
        ws.append(list(row))
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def row(province="tehran", sector="public", measure="person_hours", target="۹۰٬۰۰۰", year=1405, number="۵۵/ن",
        date="1405/01/20", reason=""):
    return [year, province, sector, measure, target, number, date, reason]


def totals():
    return sorted(ProvinceCommitment.objects.values_list("province__code", "sector__code", "measure__code", "target"))


def test_the_letter_sets_every_provinces_totals_at_once_with_their_history(world):
    rows = [row("east-azarbaijan", target=120000), row("tehran"), row("fars", target="75,000"),
            row("fars", sector="private", target=3000)]
    result = import_province_totals(filled(rows), world.national_planner, today=BEFORE_1405)
    assert (result.created, result.changed, result.unchanged) == (1, 3, 0)  # the country's 3 had a public total
    assert totals() == [("east-azarbaijan", "public", "person_hours", 120000), ("fars", "private", "person_hours", 3000),
                        ("fars", "public", "person_hours", 75000), ("tehran", "public", "person_hours", 90000)]
    tehran = ProvinceCommitment.objects.get(province__code="tehran")
    assert tehran.letter_number == "۵۵/ن"
    latest = tehran.history.latest()
    assert latest.history_user == world.national_planner and latest.history_change_reason == "imported from the national letter"
    again = import_province_totals(filled(rows), world.national_planner, today=BEFORE_1405)
    assert (again.created, again.changed, again.unchanged) == (0, 0, 4)


def test_a_letter_with_problems_lists_each_with_its_row_and_writes_nothing(world):
    before = totals()
    rows = [row("tehran", target=1), row("nowhere"), row("fars", target="lots"), row("tehran", target=2),
            row("fars", sector="private", date="1405/13/40")]
    with pytest.raises(WorkbookInvalid) as caught:
        import_province_totals(filled(rows), world.national_planner, today=BEFORE_1405)
    found = [(p.row, p.header, p.message) for p in caught.value.problems]
    assert (3, "کد استان", "Unknown province code “nowhere”.") in found
    assert any(r == 4 and header == "تعهد استان" for r, header, _m in found)
    assert (5, "کد استان", "Row 2 has the same year, province, sector and measure.") in found
    assert any(r == 6 and header == "تاریخ نامه (شمسی)" for r, header, _m in found)
    assert totals() == before  # the good row 2 was not written either


def test_a_changed_total_in_a_year_that_has_started_needs_its_reason(world):
    with pytest.raises(WorkbookInvalid) as caught:
        import_province_totals(filled([row("tehran", target=6000)]), world.national_planner, today=DURING_1405)
    assert [p.message for p in caught.value.problems] == ["The total changes from 5,000 in a year that has started: give the reason."]
    import_province_totals(filled([row("tehran", target=6000, reason="بودجه اصلاحی")]), world.national_planner, today=DURING_1405)
    assert ProvinceCommitment.objects.get(province__code="tehran").history.latest().history_change_reason == "بودجه اصلاحی"


def test_only_national_planners_import_the_letter_or_return_an_allocation(world):
    tehran = world.provinces[1]
    workbook = filled([row("tehran", target=1)])
    refused = [tehran.planner, tehran.director, tehran.staff, tehran.head, world.national_observer]
    for person in refused:
        client = client_for(person, "en")
        for path in ("/commitments/national/", "/commitments/national/letter/", "/commitments/national/letter/template.xlsx"):
            assert client.get(path).status_code == 403, (person, path)
        response = client.post("/commitments/national/letter/", {"workbook": BytesIO(workbook)})
        assert response.status_code == 403
        response = client.post("/commitments/national/return/", {"province": tehran.province.pk, "year": 1405, "reason": "x"})
        assert response.status_code == 403
    assert ProvinceCommitment.objects.get(province__code="tehran").target == 5000
    assert not AllocationReturn.objects.exists()


def test_the_national_planner_imports_the_letter_on_its_page(world):
    client = client_for(world.national_planner, "en")
    template = client.get("/commitments/national/letter/template.xlsx?year=1405")
    sheet = load_workbook(BytesIO(template.content))[letter.SHEET_TITLE]
    assert [c.value for c in sheet[2]][:5] == [1405, "east-azarbaijan", "public", "person_hours", 5000]
    bad = client.post("/commitments/national/letter/", {"workbook": BytesIO(filled([row("nowhere")]))})
    assert "Unknown province code “nowhere”." in bad.content.decode() and "nothing was imported" in bad.content.decode()
    response = client.post("/commitments/national/letter/", {"workbook": BytesIO(filled([row("tehran", target=7000, reason="اصلاحیه")]))}, follow=True)
    assert "Imported: 0 province totals created, 1 changed, 0 unchanged." in response.content.decode()
    assert ProvinceCommitment.objects.get(province__code="tehran").target == 7000


def test_the_national_page_shows_each_provinces_total_against_its_centers_and_its_progress(world):
    response = client_for(world.national_planner, "en").get("/commitments/national/?year=1405")
    assert response.status_code == 200
    page = response.content.decode()
    tehran = page[page.index('id="province-tehran"'):]
    tehran = tehran[:tehran.index("</tbody>")]
    # the total 5,000; the centers hold 1,200 + 2,400; 1,400 unallocated
    for figure in ("5,000", "1,400"):
        assert f'<td class="num">{figure}</td>' in tehran
    assert "Return…" in tehran
    beta = world.provinces[1].province
    assert f'href="/commitments/allocation/?province={beta.pk}&amp;year=1405" title="its centers">3,600</a>' in tehran
    # the province's own allocation page, its centers' commitments: the national planner reads it
    assert client_for(world.national_planner, "en").get(f"/commitments/allocation/?province={beta.pk}&year=1405").status_code == 200


def test_a_returned_allocation_is_told_to_the_provinces_directorate_and_stays_until_allocated_again(world, django_capture_on_commit_callbacks):
    alpha, beta = world.provinces[0], world.provinces[1]
    national = client_for(world.national_planner, "en")
    with django_capture_on_commit_callbacks(execute=True):
        response = national.post("/commitments/national/return/", {
            "province": beta.province.pk, "year": 1405, "reason": "سهم مراکز روستایی کم است"}, follow=True)
    assert "The allocation of Tehran was returned; its director and planners were told." in response.content.decode()
    told = Notification.objects.filter(kind=Kind.ALLOCATION_RETURNED)
    assert sorted(n.recipient.username for n in told) == [beta.director.username, beta.planner.username]
    assert "سهم مراکز روستایی کم است" in told[0].body
    assert "returned" in national.get("/commitments/national/?year=1405").content.decode().split('id="province-tehran"')[1][:3000]
    # on the province's allocation page, and not on another's
    page = client_for(beta.planner, "en").get(told[0].link).content.decode()
    assert "سهم مراکز روستایی کم است" in page and "Mark addressed" in page
    assert "سهم مراکز روستایی کم است" not in client_for(alpha.planner, "en").get("/commitments/allocation/?year=1405").content.decode()
    assert "سهم مراکز روستایی کم است" in client_for(beta.director, "en").get(told[0].link).content.decode()
    # the planners allocate again: it is addressed
    total = ProvinceCommitment.objects.get(province=beta.province)
    apply_allocation(total, TrainingArea.objects.get(code="fixed_urban"), EVEN, beta.planner, today=BEFORE_1405)
    returned = AllocationReturn.objects.get()
    assert returned.addressed_by == beta.planner and returned.addressed_note == "allocated again"
    assert "سهم مراکز روستایی کم است" not in client_for(beta.planner, "en").get(told[0].link).content.decode()
    assert sum(Commitment.objects.filter(center__province=beta.province).values_list("target", flat=True)) == 5000


def test_a_provinces_planner_marks_its_return_addressed_and_no_other_province_can(world):
    alpha, beta = world.provinces[0], world.provinces[1]
    returns.return_allocation(beta.province, 1405, "دوباره ببینید", world.national_planner)
    url = f"/commitments/allocation/returned/addressed/?province={beta.province.pk}&year=1405"
    assert client_for(alpha.planner, "en").post(url).status_code == 404
    assert client_for(world.national_planner, "en").post(url).status_code == 403
    assert AllocationReturn.objects.get().is_open
    client_for(beta.planner, "en").post(url)
    assert AllocationReturn.objects.get().addressed_by == beta.planner


def test_a_return_needs_its_reason(world):
    response = client_for(world.national_planner, "en").post("/commitments/national/return/", {
        "province": world.provinces[1].province.pk, "year": 1405, "reason": "  "}, follow=True)
    assert "The allocation was not returned" in response.content.decode()
    assert not AllocationReturn.objects.exists()


def test_the_national_page_costs_the_same_queries_at_any_number_of_provinces(world, django_assert_max_num_queries):
    client = client_for(world.national_planner, "en")
    client.get("/commitments/national/?year=1405")  # the reference lists, cached
    with django_assert_max_num_queries(20) as three:
        client.get("/commitments/national/?year=1405")
    from tests.country import build_province
    build_province("khorasan", "خراسان", "Khorasan", "del", "دلتا", "Delta")
    with django_assert_max_num_queries(len(three.captured_queries)):
        client.get("/commitments/national/?year=1405")
