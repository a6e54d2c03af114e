"""The meeting form as staff meet it (issue 23 §6): a new meeting starts with its title and the
director in the chair, the year in the page's digits, an agenda box as tall as the drafted agenda,
one switch for every center head among the attendees, and labels that read alike in English."""

import re

import pytest
from django.urls import reverse

from meetings import agenda
from meetings.models import Meeting
from payesh import jalali
from tests import factories
from tests.meetings_helpers import figures, meeting
from tests.support import client_for


@pytest.fixture
def numbers(people, reference):
    figures(people, factories)
    factories.user("head-c", "center_head", first_name="رئیس", last_name="مرکز پ")  # heads no center: not a head
    return people


def field(html, name):
    """The opening tag (or a textarea whole) of a form field."""
    return re.search(rf'<(?:input|select|textarea)[^>]*name="{name}"[^>]*>(?:[^<]*</textarea>)?', html).group(0)


def test_a_new_meeting_starts_with_its_title_and_the_director_in_the_chair(numbers):
    html = client_for(numbers.staff).get(reverse("meetings:create")).content.decode()
    year, month = jalali.last_complete_month()
    title = f"جلسه پایش عملکرد {jalali.month_name(month)} {jalali.to_persian_digits(year)}"
    assert f'value="{title}"' in field(html, "title")
    chair = html[html.index('name="chair"'):]
    chair = chair[:chair.index("</select>")]
    assert re.search(rf'<option value="{numbers.director.pk}" selected>', chair)


def test_the_year_box_shows_the_pages_digits_and_reads_them_back(numbers):
    client = client_for(numbers.staff)
    html = client.get(reverse("meetings:create")).content.decode()
    year, _month = jalali.last_complete_month()
    assert f'value="{jalali.to_persian_digits(year)}"' in field(html, "year")  # was value="1405" on a Persian page
    english = client_for(numbers.staff)
    english.cookies["django_language"] = "en"
    assert f'value="{year}"' in field(english.get(reverse("meetings:create")).content.decode(), "year")
    response = client.post(reverse("meetings:create"), {
        "province": numbers.center_a.province.pk, "date": "۱۴۰۵/۰۵/۱۰", "title": "جلسه", "chair": numbers.director.pk,
        "year": "۱۴۰۵", "month": "4"})
    assert response.status_code == 302 and Meeting.objects.get().year == 1405


def test_the_agenda_box_shows_the_whole_drafted_agenda(numbers):
    html = client_for(numbers.staff).get(reverse("meetings:create")).content.decode()
    box = field(html, "agenda")
    drafted = agenda.draft(numbers.center_a.province, *jalali.last_complete_month())
    rows = int(re.search(r'rows="(\d+)"', box).group(1))
    assert len(drafted.splitlines()) > 1 and rows > len(drafted.splitlines())



def test_a_long_agenda_is_shown_whole_when_the_meeting_is_edited(numbers):
    m = meeting(numbers)
    m.agenda = "\n".join(f"{i}. مرکز {i}: عقب" for i in range(1, 25))  # the demo's draft runs to 20-odd lines
    m.save()
    box = field(client_for(numbers.staff).get(reverse("meetings:edit", args=[m.pk])).content.decode(), "agenda")
    assert int(re.search(r'rows="(\d+)"', box).group(1)) > 24  # 12 before: half of it hidden

def test_every_center_head_ticks_each_head_among_the_attendees(numbers):
    client = client_for(numbers.staff)
    html = client.get(reverse("meetings:create")).content.decode()
    heads = re.findall(r'<input type="checkbox" name="attendees" value="(\d+)"[^>]*data-head="1"', html)
    assert sorted(map(int, heads)) == sorted([numbers.head_a.pk, numbers.head_b.pk])
    assert 'name="all_heads"' in html
    response = client.post(reverse("meetings:create"), {
        "province": numbers.center_a.province.pk, "date": "۱۴۰۵/۰۵/۱۰", "title": "جلسه", "chair": numbers.director.pk,
        "year": "1405", "month": "4", "all_heads": "on", "attendees": [numbers.planner.pk]})
    assert response.status_code == 302
    m = Meeting.objects.get()
    assert set(m.attendees.all()) == {numbers.planner, numbers.head_a, numbers.head_b}
    edit = client.get(reverse("meetings:edit", args=[m.pk])).content.decode()
    assert "checked" in field(edit, "all_heads")  # every head attends: the switch shows it


def test_the_switch_is_off_while_a_head_is_missing(numbers):
    m = meeting(numbers)
    m.attendees.set([numbers.head_a])
    html = client_for(numbers.staff).get(reverse("meetings:edit", args=[m.pk])).content.decode()
    assert "checked" not in field(html, "all_heads")


def test_the_forms_labels_read_alike_in_english(numbers):
    client = client_for(numbers.staff)
    client.cookies["django_language"] = "en"
    html = client.get(reverse("meetings:create")).content.decode()
    labels = dict(re.findall(r'<label for="id_(\w+)">([^<]+)</label>', html))  # the fields' own labels, not each person's
    assert [labels[name] for name in ("date", "title", "chair", "year", "month", "guests", "agenda", "minutes")] == [
        "Date", "Title", "Chair", "Year reviewed", "As-of month", "Guests", "Agenda", "General minutes"]
    assert "<fieldset><legend>Attendees</legend>" in html  # the boxes' group is named
    assert re.search(r'<label><input type="checkbox" name="all_heads"[^>]*> Every center head</label>', html)
