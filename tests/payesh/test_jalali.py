import datetime

import pytest

from payesh import jalali


def test_first_of_farvardin_1405_is_2026_03_21():
    assert jalali.first_day(1405, 1) == datetime.date(2026, 3, 21)
    assert jalali.last_day(1405, 12) == datetime.date(2027, 3, 20)


def test_month_lengths_and_leap_years():
    assert [jalali.month_length(1405, m) for m in range(1, 13)] == [31] * 6 + [30] * 5 + [29]
    assert jalali.is_leap(1403) and jalali.month_length(1403, 12) == 30
    assert not jalali.is_leap(1405)
    assert jalali.last_day(1403, 12) == datetime.date(2025, 3, 20)


def test_month_after_esfand_is_farvardin_of_next_year():
    assert jalali.next_month(1405, 12) == (1406, 1)
    assert jalali.previous_month(1406, 1) == (1405, 12)
    assert jalali.next_month(1405, 6) == (1405, 7)


def test_current_month_is_read_in_tehran_time():
    # 2026-03-20 21:00 UTC is already 1 Farvardin 1405 00:30 in Tehran (UTC+3:30).
    now = datetime.datetime(2026, 3, 20, 21, 0, tzinfo=datetime.UTC)
    assert jalali.current_year_month(now) == (1405, 1)
    assert jalali.last_complete_month(now) == (1404, 12)
    earlier = datetime.datetime(2026, 3, 20, 20, 0, tzinfo=datetime.UTC)
    assert jalali.current_year_month(earlier) == (1404, 12)


def test_future_month():
    now = datetime.datetime(2026, 11, 26, 12, 0, tzinfo=datetime.UTC)  # 1405/09/05
    assert jalali.is_future_month(1405, 10, now)
    assert not jalali.is_future_month(1405, 9, now)
    assert not jalali.is_future_month(1404, 12, now)


def test_report_deadline_is_day_d_of_the_next_month():
    assert jalali.report_deadline(1405, 8, 5) == datetime.date(2026, 11, 26)  # 1405/09/05
    assert jalali.report_deadline(1405, 12, 5) == datetime.date(2027, 3, 25)  # 1406/01/05
    # day 31 of a 30-day month falls back to its last day
    assert jalali.report_deadline(1405, 6, 31) == jalali.last_day(1405, 7)


def test_month_names():
    assert jalali.month_name(1) == "فروردین"
    assert jalali.month_name(12) == "اسفند"
    assert jalali.month_name(9, "en") == "Azar"
    with pytest.raises(ValueError):
        jalali.month_name(13)


def test_format_number_in_persian_digits_with_separators():
    assert jalali.format_number(1234567) == "۱٬۲۳۴٬۵۶۷"
    assert jalali.format_number(0) == "۰"
    assert jalali.format_number(1234567, persian=False) == "1,234,567"
    assert jalali.format_number(12.5, 1) == "۱۲٫۵"


def test_format_jalali_date():
    assert jalali.format_jalali_date(datetime.date(2026, 3, 21)) == "۱۴۰۵/۰۱/۰۱"
    aware = datetime.datetime(2026, 3, 20, 21, 0, tzinfo=datetime.UTC)
    assert jalali.format_jalali_date(aware, with_time=True) == "۱۴۰۵/۰۱/۰۱ ۰۰:۳۰"


@pytest.mark.parametrize("typed", ["1200", "۱۲۰۰", "١٢٠٠", "1,200", "۱٬۲۰۰", " ۱,۲۰۰ ", "1 200", "١٬٢٠٠", "1200.0"])
def test_typed_numbers_people_really_type(typed):
    assert jalali.parse_whole_number(typed) == 1200


@pytest.mark.parametrize(
    "typed, code",
    [("-5", "negative"), ("-۵", "negative"), ("12.5", "fraction"), ("۱۲٫۵", "fraction"), ("abc", "invalid"),
     ("12a", "invalid"), ("۱۲ هزار", "invalid"), ("1-2", "invalid")],
)
def test_bad_typed_numbers_say_why(typed, code):
    with pytest.raises(jalali.NumberError) as err:
        jalali.parse_whole_number(typed)
    assert err.value.code == code


def test_empty_input_is_no_number():
    assert jalali.parse_whole_number("") is None
    assert jalali.parse_whole_number("   ") is None


def test_parse_jalali_date():
    assert jalali.parse_jalali_date("۱۴۰۵/۰۱/۰۱") == datetime.date(2026, 3, 21)
    assert jalali.parse_jalali_date("1403-12-30") == datetime.date(2025, 3, 20)
    with pytest.raises(ValueError):
        jalali.parse_jalali_date("1405/12/30")  # 1405 is not a leap year
    with pytest.raises(ValueError):
        jalali.parse_jalali_date("1405/07/31")
