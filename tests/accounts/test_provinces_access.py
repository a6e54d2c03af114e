"""The access matrix of a country of provinces (tests/country.py: three provinces and the
national roles): every role of a province against every page, API endpoint and export of its own
province and of another, asserting who is allowed and who is refused, and that nothing of
another province appears in any body a province's people are shown (HTML, JSON, CSV, and the
cells of a workbook). The national roles read every province and change none.
"""

import io

import pytest
from openpyxl import load_workbook

from tests.country import NATIONAL_PEOPLE, PROVINCE_PEOPLE, YEAR, country
from tests.support import client_for

DIRECTORATE = {"director", "planner", "staff"}
EVERYONE = DIRECTORATE | {"head"} | set(NATIONAL_PEOPLE)
OWN_CENTER = DIRECTORATE | {"head"} | set(NATIONAL_PEOPLE)  # a center's own pages: its head, not another's
PLANS = {"director", "planner", "national_planner"}
MANAGES = {"director", "planner", "national_planner"}

# (name, path for province p, who of p (or national) is allowed; everyone else is refused)
PROVINCE_PAGES = [
    ("province dashboard", "/dashboard/?province={code}", EVERYONE),
    ("years of record", "/dashboard/years/?province={code}", EVERYONE),
    ("focus", "/dashboard/focus/?province={code}", EVERYONE),
    ("reporting grid", "/dashboard/reporting/?province={code}", EVERYONE),
    ("dashboard CSV", "/dashboard/export.csv?province={code}", EVERYONE),
    ("dashboard XLSX", "/dashboard/export.xlsx?province={code}", EVERYONE),
    ("center dashboard", "/dashboard/center/{c1}/", EVERYONE),
    ("center area", "/dashboard/center/{c1}/area/fixed_urban/", EVERYONE),
    ("center month", "/dashboard/center/{c1}/1405/2/", EVERYONE),
    ("center's months", "/reports/centers/{c1}/", OWN_CENTER),
    ("entry grid", "/reports/centers/{c1}/1405/3/", OWN_CENTER),
    ("month history", "/reports/centers/{c1}/1405/2/history/", OWN_CENTER),
    ("month workbook", "/reports/centers/{c1}/1405/3/xlsx/", OWN_CENTER),
    ("course register", "/courses/centers/{c1}/1405/1/", OWN_CENTER),
    ("meeting", "/meetings/{meeting}/", EVERYONE),
    ("action item of the center", "/meetings/action-items/{item}/", EVERYONE),
    ("commitment", "/commitments/{commitment}/", PLANS),
    ("allocation", "/commitments/allocation/?province={pk}&year=1405", PLANS),
    ("a person's roles", "/people/{staff}/roles/", MANAGES),
    ("a center's head", "/people/centers/{c1}/head/", MANAGES),
    ("deactivating staff", "/people/{staff}/deactivate/", MANAGES),
    ("API center", "/api/centers/{c1}/", EVERYONE),
    ("API month", "/api/centers/{c1}/reports/1405/2/", OWN_CENTER),
    ("API center board", "/api/centers/{c1}/board/?year=1405&month=2", EVERYONE),
    ("API board", "/api/board/?province={code}&year=1405&month=2", EVERYONE),
    ("API reporting", "/api/reporting/?province={code}&year=1405&month=2", EVERYONE),
    ("API meeting", "/api/meetings/{meeting}/", EVERYONE),
]
# pages of no one province: each shows its user's provinces only
LIST_PAGES = [
    ("home", "/", EVERYONE),
    ("centers", "/centers/", EVERYONE),
    ("review queue", "/reports/review/", DIRECTORATE | set(NATIONAL_PEOPLE)),
    ("late reports", "/reports/late/?year=1405&month=1", DIRECTORATE | set(NATIONAL_PEOPLE)),
    ("meetings", "/meetings/", EVERYONE),
    ("new meeting", "/meetings/new/", {"planner", "staff"}),
    ("commitments", "/commitments/?year=1405", PLANS),
    ("commitments XLSX", "/commitments/export.xlsx?year=1405", PLANS),
    ("phasing", "/commitments/phasing/", PLANS),
    ("national allocation", "/commitments/national/?year=1405", set()),
    ("national letter", "/commitments/national/letter/", set()),
    ("national letter template", "/commitments/national/letter/template.xlsx?year=1405", set()),
    ("course areas", "/courses/areas/?year=1405&area=fixed_urban", DIRECTORATE | {"head"} | set(NATIONAL_PEOPLE)),
    ("people", "/people/", MANAGES),
    ("record of changes", "/people/changes/", MANAGES),
    ("new account", "/people/new/", MANAGES),
    ("people's tokens", "/api/tokens/people/", MANAGES),
    ("inbox", "/notifications/", EVERYONE),
    ("DHIS2 page", "/api/dhis2/", EVERYONE),
    ("API centers", "/api/centers/", EVERYONE),
    ("API reports", "/api/reports/", EVERYONE),
    ("API commitments", "/api/commitments/", EVERYONE),
    ("API meetings", "/api/meetings/", EVERYONE),
    ("API DHIS2 export", "/api/dhis2/dataValueSets/?year=1405&month=1", EVERYONE),
]
REFUSED = (403, 404)


@pytest.fixture
def world(reference):
    return country()


def path_of(template, p):
    return template.format(code=p.province.code, pk=p.province.pk, c1=p.center_1.code, meeting=p.meeting.pk,
                           item=p.item_of_center.pk, commitment=p.commitment.pk, staff=p.staff.pk)


def body_text(response):
    """What a reader finds in the response: its text, or the cells of a workbook."""
    if response.get("Content-Type", "").startswith("application/vnd.openxmlformats-officedocument.spreadsheetml"):
        book = load_workbook(io.BytesIO(response.content), read_only=True)
        return "\n".join(str(v) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for v in row
                         if v is not None)
    return response.content.decode("utf-8-sig")


def foreign_in(text, markers):
    return [m for m in markers if m in text]


def test_every_role_of_every_province_against_every_page_of_its_own_and_another(world):
    home, other = world.provinces[0], world.provinces[1]
    wrong = []
    for role in PROVINCE_PEOPLE:
        for p in world.provinces:
            client = client_for(p.person(role))
            for name, template, allowed in PROVINCE_PAGES:
                for target, own in ((p, True), (world.others(p)[0], False)):
                    response = client.get(path_of(template, target))
                    expected = own and role in allowed
                    status = response.status_code
                    if (status == 200) != expected or (not expected and status not in REFUSED):
                        wrong.append((p.tag, role, name, "own" if own else "another", status))
                    if status == 200:
                        leaked = foreign_in(body_text(response), world.foreign_markers(p))
                        if leaked:
                            wrong.append((p.tag, role, name, "shows another province's", leaked[:3]))
    assert wrong == []
    assert home is not other


def test_the_national_roles_read_every_province_and_change_none(world):
    wrong = []
    for role in NATIONAL_PEOPLE:
        client = client_for(getattr(world, role))
        for p in world.provinces:
            for name, template, allowed in PROVINCE_PAGES:
                status = client.get(path_of(template, p)).status_code
                if (status == 200) != (role in allowed):
                    wrong.append((role, p.tag, name, status))
        for path in ("/dashboard/?province=all", "/api/board/?province=all&year=1405&month=2"):
            assert client.get(path).status_code == 200, (role, path)
        # they change no province's work: no figures, reviews, commitments or meetings
        p = world.provinces[1]
        writes = [
            (f"/reports/centers/{p.center_1.code}/1405/3/", {"version": "0"}),
            (f"/reports/centers/{p.center_1.code}/1405/2/review/", {"version": "1", "approve": "1"}),
            (f"/commitments/{p.commitment.pk}/", {"target": "9", "reason": "x"}),
            ("/commitments/copy-forward/", {"from_year": "1405", "to_year": "1406", "factor": "1"}),
            ("/meetings/new/", {}),
            (f"/meetings/{p.meeting.pk}/finalize/", {}),
        ]
        for path, data in writes:
            if client.post(path, data).status_code not in REFUSED:
                wrong.append((role, "wrote", path))
    assert wrong == []


def test_the_pages_of_no_one_province_show_their_users_provinces_only(world):
    wrong = []
    for role in PROVINCE_PEOPLE:
        for p in world.provinces:
            client = client_for(p.person(role))
            for name, path, allowed in LIST_PAGES:
                response = client.get(path, follow=path == "/")  # a head's first page is their months
                status = response.status_code
                if role in allowed and status != 200:
                    wrong.append((p.tag, role, name, status))
                if role not in allowed and status not in REFUSED:
                    wrong.append((p.tag, role, name, "not refused", status))
                if status == 200:
                    text = body_text(response)
                    leaked = foreign_in(text, world.foreign_markers(p))
                    if leaked:
                        wrong.append((p.tag, role, name, "shows another province's", leaked[:3]))
    assert wrong == []


def test_the_lists_hold_their_own_province_whole(world):
    """Narrowed, not emptied: the province's own rows are there."""
    p = world.provinces[2]
    director, planner = client_for(p.director), client_for(p.planner)
    assert p.center_1.name_fa in director.get("/centers/").content.decode()
    queue = planner.get("/reports/review/").content.decode()
    assert p.center_1.name_fa in queue and p.center_2.name_fa in queue
    assert {c["code"] for c in planner.get("/api/centers/").json()["results"]} == {p.center_1.code, p.center_2.code}
    assert {r["center"] for r in planner.get("/api/reports/").json()["results"]} >= {p.center_1.code, p.center_2.code}
    people = director.get("/people/").content.decode()
    assert all(person.username in people for person in (p.planner, p.staff, p.head, p.head_2))
    national = client_for(world.national_observer).get("/api/centers/").json()
    assert {c["code"] for c in national["results"]} == {c.code for q in world.provinces for c in (q.center_1, q.center_2)}


def test_a_province_asked_for_by_its_code_or_its_center_is_404_not_another_provinces_page(world):
    a, b = world.provinces[0], world.provinces[1]
    client = client_for(a.director)
    assert client.get(f"/dashboard/?province={b.province.code}").status_code == 404
    assert client.get("/dashboard/?province=all").status_code == 404
    assert client.get(f"/api/board/?province={b.province.code}").status_code == 404
    # an unknown province is a filter that does not validate: dropped with a note, the own kept
    response = client.get("/dashboard/?province=nowhere")
    assert response.status_code == 200 and a.center_1.name_fa in response.content.decode()
    # the province's own page is the default
    assert a.center_1.name_fa in client.get("/dashboard/").content.decode()
    assert YEAR == 1405
