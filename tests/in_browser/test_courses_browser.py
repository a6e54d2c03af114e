"""In a browser: a center head adds a course to a draft month and sees the month's person-hours
in the entry grid follow the register. Screenshots of the grid, the register and the course form,
desktop and phone."""


import pytest

from courses.models import Course
from reports.models import Figure
from tests.browser import shoot, sign_in
from tests.course_data import MONTH, YEAR, commitments, course

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def person_hours_cell(page):
    return page.locator("#grid tr", has_text="کارگاه‌های ثابت شهری").filter(has_text="نفرساعت").first.locator("td.input").first


def test_head_adds_a_course_and_sees_the_months_person_hours_change(page, live_server, artifacts, people, reference):
    commitments(people.center_a)
    course(people.center_a, title="کاربر ICDL", hours=60, enrolled=25, completed=25, certified=20, cluster="services")
    sign_in(page, live_server, "head-a", next_path="/")
    grid_url = f"{live_server.url}/reports/centers/CA/{YEAR}/{MONTH}/"
    page.goto(grid_url)
    assert "۱٬۵۰۰" in person_hours_cell(page).inner_text()  # 25 x 60 from the register
    assert "از فهرست دوره‌ها" in person_hours_cell(page).inner_text()

    page.click("#course-register-link")
    page.click("#add-course")
    page.select_option("#id_area_key", label="دولتی – کارگاه‌های ثابت شهری")
    page.select_option("#id_cluster", "industry")
    page.fill("#id_title", "جوشکاری برق")
    page.fill("#id_start_date", "۱۴۰۵/۰۱/۲۰")  # spans Farvardin and Ordibehesht: counts in Ordibehesht
    page.fill("#id_end_date", "۱۴۰۵/۰۲/۱۰")
    page.fill("#id_hours", "۱۲۰")
    page.select_option("#id_gender", "men")
    page.fill("#id_enrolled", "۲۰")
    page.fill("#id_completed", "۲۲")  # more than enrolled: refused next to the field
    page.fill("#id_certified", "۱۵")
    page.fill("#id_place", "کارگاه ثابت تبریز")
    page.click("button.primary")
    page.wait_for_selector("#form-errors")
    assert "نمی‌تواند بیشتر از ثبت‌نام‌شدگان" in page.inner_text(".field-completed")
    assert page.input_value("#id_title") == "جوشکاری برق"  # nothing typed is lost
    shoot(page, artifacts, "course-form-error")
    page.fill("#id_completed", "۱۸")
    page.click("button.primary")
    page.wait_for_selector("table#courses")
    assert "۳٬۶۶۰" in page.inner_text("table#courses tfoot")  # 1,500 + 18 x 120
    shoot(page, artifacts, "course-register")

    page.goto(grid_url)
    assert "۳٬۶۶۰" in person_hours_cell(page).inner_text()
    shoot(page, artifacts, "entry-grid-derived")
    assert Course.objects.count() == 2
    assert Figure.objects.get(area__code="fixed_urban", measure__code="person_hours").value == 3_660
    assert all(url.startswith(live_server.url) for url in page.requested_urls)
