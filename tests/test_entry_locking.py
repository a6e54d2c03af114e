"""Two people open the same month and both save: the second save is refused, shown the newer
values next to what they typed, and nothing of either is lost."""

from reports.models import MonthlyReport
from tests.entry_data import client_for, post_data, three_commitments, url


def test_second_of_two_conflicting_saves_is_refused_and_shown_the_newer_values(people, reference):
    commitments = three_commitments(people.center_a)
    head, planner = client_for(people.head_a), client_for(people.planner)
    head.post(url("month", people.center_a), post_data(commitments, ["100", "200", "10"], 0))
    version = MonthlyReport.objects.get().version
    # both open the page at the same version
    assert f'name="version" value="{version}"' in head.get(url("month", people.center_a)).content.decode()
    assert f'name="version" value="{version}"' in planner.get(url("month", people.center_a)).content.decode()

    first = planner.post(url("month", people.center_a), post_data(commitments, ["111", "222", "11"], version))
    assert first.status_code == 302
    second = head.post(url("month", people.center_a), post_data(commitments, ["130", "250", "12"], version))

    assert second.status_code == 409
    html = second.content.decode()
    assert "کاربر دیگری این ماه را ذخیره کرده" in html
    assert 'value="130"' in html and 'value="250"' in html  # what the head typed is still there
    assert "۱۱۱" in html and "۲۲۲" in html  # next to the newer saved values
    report = MonthlyReport.objects.get()
    assert sorted(report.figures.values_list("value", flat=True)) == [11, 111, 222]  # the first save stands
    assert f'name="version" value="{report.version}"' in html  # saving again is a deliberate choice

    again = head.post(url("month", people.center_a), post_data(commitments, ["130", "250", "12"], report.version))
    assert again.status_code == 302
    assert sorted(MonthlyReport.objects.get().figures.values_list("value", flat=True)) == [12, 130, 250]


def test_two_first_saves_of_a_new_month_do_not_both_create_it(people, reference):
    commitments = three_commitments(people.center_a)
    head, planner = client_for(people.head_a), client_for(people.planner)
    # person-hours at least 8 times the person-courses (the validation rules)
    assert planner.post(url("month", people.center_a), post_data(commitments, ["30", "2", "3"], 0)).status_code == 302
    second = head.post(url("month", people.center_a), post_data(commitments, ["50", "5", "6"], 0))
    assert second.status_code == 409
    assert MonthlyReport.objects.count() == 1
    assert sorted(MonthlyReport.objects.get().figures.values_list("value", flat=True)) == [2, 3, 30]


def test_a_second_planner_acting_on_an_already_reviewed_report_is_refused(people, reference):
    commitments = three_commitments(people.center_a)
    head = client_for(people.head_a)
    head.post(url("month", people.center_a), post_data(commitments, ["30", "2", "3"], 0, action="submit"))
    report = MonthlyReport.objects.get()
    planner = client_for(people.planner)
    planner.post(url("review", people.center_a), {"version": report.version, "return": "1", "comment": "اصلاح"})
    response = planner.post(url("review", people.center_a), {"version": report.version, "approve": "1"}, follow=True)
    assert "فقط گزارش ارسال‌شده را می‌توان تأیید کرد" in response.content.decode()
    report.refresh_from_db()
    assert report.status == "returned"
