"""The month's figures from the course register, on hand-computed courses: person-hours are
completed x hours, person-courses completed, courses a count, certified a sum, per sector and
area, over the courses that ENDED in the month."""

from commitments.models import Measure, Sector, TrainingArea
from courses import services
from courses.derive import derived_figures
from reports.grid import load_grid
from reports.models import Figure
from reports.services import save_month
from tests.course_data import MONTH, YEAR, commitments, course
from tests.entry_data import post_data
from tests.entry_data import url as entry_url
from tests.support import client_for


def key(sector, area, measure):
    return (Sector.objects.get(code=sector).pk, TrainingArea.objects.get(code=area).pk, measure)


def hand_computed(people):
    a, b = people.center_a, people.center_b
    course(a, "جوشکاری", "1405/01/20", "1405/02/10", hours=120, enrolled=20, completed=18, certified=15)  # spans months 1-2
    course(a, "ICDL", "1405/02/01", "1405/02/25", hours=60, enrolled=25, completed=25, certified=20)
    course(a, "قالی‌بافی", "1405/02/05", "1405/02/31", hours=200, enrolled=15, completed=12, certified=10, area="rural_nomadic")
    course(a, "مکانیک خودرو", "1405/02/20", "1405/03/05", hours=100, enrolled=10, completed=10, certified=9)  # ends in month 3
    course(b, "آرایشگری", "1405/02/01", "1405/02/15", hours=90, enrolled=12, completed=12, certified=12)  # another center


def test_derivation_on_hand_computed_courses(people, reference):
    hand_computed(people)
    month = derived_figures(people.center_a, YEAR, MONTH)
    assert month == {
        key("public", "fixed_urban", "person_hours"): 18 * 120 + 25 * 60,  # 3,660
        key("public", "fixed_urban", "person_courses"): 43,
        key("public", "fixed_urban", "courses"): 2,
        key("public", "fixed_urban", "certified"): 35,
        key("public", "rural_nomadic", "person_hours"): 2_400,
        key("public", "rural_nomadic", "person_courses"): 12,
        key("public", "rural_nomadic", "courses"): 1,
        key("public", "rural_nomadic", "certified"): 10,
    }


def test_a_course_spanning_two_months_counts_only_in_the_month_it_ends(people, reference):
    hand_computed(people)
    assert derived_figures(people.center_a, YEAR, 1) == {}  # the welding course started in Farvardin
    june = derived_figures(people.center_a, YEAR, 3)
    assert june[key("public", "fixed_urban", "person_hours")] == 1_000
    assert june[key("public", "fixed_urban", "courses")] == 1


def test_grid_shows_derived_rows_and_saving_the_month_writes_them_whatever_was_typed(people, reference):
    rows = commitments(people.center_a)
    hand_computed(people)
    grid = load_grid(people.center_a, YEAR, MONTH)
    derived = {(r.commitment.area.code, r.commitment.measure.code): r.derived for r in grid.rows}
    assert derived[("fixed_urban", "person_hours")] == 3_660
    assert derived[("fixed_urban", "trainees")] is None  # not derivable: still typed
    # the head types numbers in every row, even the derived ones: only the typed row keeps its number
    response = client_for(people.head_a).post(entry_url("month", people.center_a), post_data(rows, ["۹"] * len(rows), 0))
    assert response.status_code == 302
    figures = {(f.area.code, f.measure.code): f.value for f in Figure.objects.select_related("area", "measure")}
    assert figures[("fixed_urban", "person_hours")] == 3_660
    assert figures[("rural_nomadic", "certified")] == 10
    assert figures[("fixed_urban", "trainees")] == 9


def test_the_grid_page_marks_derived_rows_read_only(people, reference):
    rows = commitments(people.center_a)
    hand_computed(people)
    html = client_for(people.head_a).get(entry_url("month", people.center_a)).content.decode()
    assert html.count("از فهرست دوره‌ها") == 8  # the four measures of two areas
    assert html.count('class="value"') == len(rows) - 8  # only the typed row keeps an input
    assert "۳٬۶۶۰" in html


def test_saving_a_course_writes_the_months_figures_and_removing_the_last_one_clears_them(people, reference):
    commitments(people.center_a)
    grid = load_grid(people.center_a, YEAR, MONTH)
    save_month(grid, {}, people.head_a, 0)  # an empty draft, version 1
    added = services.save_course(course(people.center_a, hours=100, completed=18, save=False), people.head_a, version=1)
    ph = Measure.objects.get(code="person_hours")
    assert Figure.objects.get(area__code="fixed_urban", measure=ph).value == 1_800
    report = load_grid(people.center_a, YEAR, MONTH).report
    assert report.version == 2 and report.status == "draft"
    services.remove_course(added, people.head_a, version=2)
    assert not Figure.objects.filter(area__code="fixed_urban", measure=ph).exists()  # typed again, blank
