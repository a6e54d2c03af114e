"""Every rule of a course, as the form tells it in Persian next to the field, and as the
database refuses it whatever the path."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from courses.forms import CourseForm
from courses.models import Course
from tests.course_data import MONTH, YEAR, commitments, course, form_data


@pytest.fixture
def center(people, reference):
    commitments(people.center_a)
    return people.center_a


def errors(center, **changes):
    with translation.override("fa"):
        form = CourseForm(center, YEAR, MONTH, form_data(**changes))
        form.is_valid()
        return {name: " ".join(e) for name, e in form.errors.items()}


def test_a_good_course_in_persian_digits_passes_and_applies(center):
    assert errors(center) == {}
    form = CourseForm(center, YEAR, MONTH, form_data(hours="1,200", enrolled="٢٠"))
    assert form.is_valid()
    c = form.apply()
    assert (c.hours, c.enrolled, c.completed, c.area.code) == (1200, 20, 18, "fixed_urban")


@pytest.mark.parametrize("changes, field, words", [
    ({"hours": "۰"}, "hours", "بیشتر از صفر"),
    ({"hours": "-۵"}, "hours", "صفر یا بیشتر"),
    ({"hours": "۱۲.۵"}, "hours", "عدد صحیح"),
    ({"enrolled": "۱۰", "completed": "۱۲", "certified": "۵"}, "completed", "نمی‌تواند بیشتر از ثبت‌نام‌شدگان"),
    ({"completed": "۱۰", "certified": "۱۱"}, "certified", "نمی‌تواند بیشتر از پایان‌یافتگان"),
    ({"start_date": "۱۴۰۵/۰۲/۲۰", "end_date": "۱۴۰۵/۰۲/۱۰"}, "end_date", "پیش از تاریخ شروع"),
    ({"start_date": "۱۴۰۴/۱۲/۲۰"}, "start_date", "سال ۱۴۰۵"),
    ({"end_date": "۱۴۰۵/۰۳/۰۱"}, "end_date", "اردیبهشت ۱۴۰۵"),
    ({"end_date": "۱۴۰۵/۰۲/۳۲"}, "end_date", "به‌صورت شمسی"),
    ({"title": ""}, "title", ""),
    ({"place": ""}, "place", ""),
    ({"area_key": "999:999"}, "area_key", ""),
    ({"cluster": "mining"}, "cluster", ""),
    ({"gender": "other"}, "gender", ""),
])
def test_each_rule_gets_a_persian_message_next_to_its_field(center, changes, field, words):
    found = errors(center, **changes)
    assert field in found
    assert words in found[field]


def test_an_area_the_center_has_no_commitment_for_is_not_offered(center):
    assert "area_key" in errors(center, area="prison")


def test_a_course_that_has_not_ended_is_refused(center, monkeypatch):
    import jdatetime

    from payesh import jalali

    monkeypatch.setattr(jalali, "today_jalali", lambda now=None: jdatetime.date(1405, 2, 15))
    assert "هنوز پایان نیافته" in errors(center, end_date="۱۴۰۵/۰۲/۲۰")["end_date"]
    assert errors(center, end_date="۱۴۰۵/۰۲/۱۵") == {}


@pytest.mark.parametrize("changes", [
    {"hours": 0},
    {"enrolled": 10, "completed": 11, "certified": 1},
    {"completed": 10, "certified": 11},
    {"start": "1405/02/20", "end": "1405/02/10"},
])
def test_the_database_refuses_what_must_never_hold(center, changes):
    with pytest.raises(IntegrityError), transaction.atomic():
        course(center, **changes)
    assert not Course.objects.exists()
