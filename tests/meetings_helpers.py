"""Shared set-up of the meetings tests: a province with figures, meetings made through the services."""

import datetime

from meetings.models import Meeting

# Center A: 1,200 person-hours a year phased 100 a month; center B: 2,400, 200 a month.
# Through Tir (month 4) A reports 90 a month (pace 90%) and B 230 a month (pace 115%).


def figures(people, factories):
    factories.commitment(people.center_a, target=1200)
    factories.commitment(people.center_b, target=2400)
    for month in range(1, 5):
        factories.report(people.center_a, month=month, status="approved",
                         figures=[("public", "fixed_urban", "person_hours", 90)])
        factories.report(people.center_b, month=month, status="submitted",
                         figures=[("public", "fixed_urban", "person_hours", 230)])
    # drafts and returned reports never count
    factories.report(people.center_a, month=5, status="draft", figures=[("public", "fixed_urban", "person_hours", 5000)])
    factories.report(people.center_b, month=5, status="returned", figures=[("public", "fixed_urban", "person_hours", 5000)])


def meeting(people, date=datetime.date(2026, 8, 1), month=4, **extra):
    return Meeting.objects.create(province=people.center_a.province, date=date, title=extra.pop("title", "جلسه پایش تیر"),
                                  year=1405, month=month, chair=extra.pop("chair", people.director), created_by=people.staff,
                                  **extra)


