"""Numbers and dates in form fields come in the page's digits: Persian on Persian pages, Latin on
English ones, and either is read back."""

import datetime

from django import forms
from django.utils import translation

from payesh.forms import DigitsInput, JalaliDateField, WholeNumberField


class Example(forms.Form):
    target = WholeNumberField(max_value=10**10)
    year = forms.IntegerField(widget=DigitsInput(separators=False))
    letter_date = JalaliDateField(required=False)


def rendered(language, **initial):
    with translation.override(language):
        return str(Example(initial=initial))


def test_numbers_and_dates_show_in_the_pages_digits():
    initial = {"target": 162700, "year": 1406, "letter_date": datetime.date(2026, 5, 5)}
    persian = rendered("fa", **initial)
    assert 'value="۱۶۲٬۷۰۰"' in persian and 'value="۱۴۰۶"' in persian and 'value="۱۴۰۵/۰۲/۱۵"' in persian
    assert 'placeholder="۱۴۰۵/۰۲/۱۵"' in persian and 'type="number"' not in persian
    english = rendered("en", **initial)
    assert 'value="162,700"' in english and 'value="1406"' in english and 'value="1405/02/15"' in english
    assert 'placeholder="1405/02/15"' in english


def test_what_is_shown_is_read_back_in_either_language():
    for language in ("fa", "en"):
        with translation.override(language):
            form = Example({"target": "۱۶۲٬۷۰۰", "year": "۱۴۰۶", "letter_date": "1405/02/15"})
            assert form.is_valid(), form.errors
            assert form.cleaned_data == {"target": 162700, "year": 1406, "letter_date": datetime.date(2026, 5, 5)}
