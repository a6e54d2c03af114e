import datetime

from django.template import Context, Template
from django.utils import translation


def render(text, **context):
    return Template(text).render(Context(context))


def test_numbers_and_dates_are_persian_on_persian_pages():
    with translation.override("fa"):
        assert render("{{ n|num }}", n=7700000) == "۷٬۷۰۰٬۰۰۰"
        assert render("{{ r|pct }}", r=1.12) == "۱۱۲٪"
        assert render("{{ r|pct }}", r=None) == "—"
        assert render("{{ r|pct }}", r=0.996) == "۹۹٪"  # never rounded up onto a status threshold
        assert render("{{ r|pct }}", r=0.897) == "۸۹٪"
        assert render("{{ r|pct }}", r=0.4375) == "۴۴٪"  # elsewhere, ordinary rounding
        assert render("{{ r|pct:1 }}", r=0.5) == "۵۰٫۰٪"
        assert render("{{ d|jdate }}", d=datetime.date(2026, 3, 21)) == "۱۴۰۵/۰۱/۰۱"
        assert render("{{ m|month_name }}", m=9) == "آذر"


def test_numbers_are_latin_on_english_pages():
    with translation.override("en"):
        assert render("{{ n|num }}", n=7700000) == "7,700,000"
        assert render("{{ m|month_name }}", m=9) == "Azar"


def test_a_change_keeps_its_sign_except_when_it_rounds_to_zero():
    from payesh.display import signed_percent

    assert signed_percent(0.052) == "+۵٪" and signed_percent(-0.031) == "−۳٪"
    assert signed_percent(0.004) == signed_percent(-0.004) == "۰٪"  # a small rise and a small fall alike
    assert signed_percent(None) == "—"
