"""The Jalali (Solar Hijri) calendar and Persian numerals, in one place.

Conversions come from jdatetime; this module only names what Payesh needs: the current Jalali
month in Tehran, month names and lengths, the Gregorian first/last day of a Jalali month, the
deadline of a month's report, Persian digits for display, and parsing of numbers people type.
"""

import datetime
import math
import re
from zoneinfo import ZoneInfo

import jdatetime
from django.utils import timezone

from payesh import limits

TEHRAN = ZoneInfo("Asia/Tehran")

MONTH_NAMES_FA = (
    "فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
    "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند",
)
MONTH_NAMES_EN = (
    "Farvardin", "Ordibehesht", "Khordad", "Tir", "Mordad", "Shahrivar",
    "Mehr", "Aban", "Azar", "Dey", "Bahman", "Esfand",
)

PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
_TO_LATIN = str.maketrans(PERSIAN_DIGITS + ARABIC_INDIC_DIGITS, "0123456789" * 2)
_TO_PERSIAN = str.maketrans("0123456789", PERSIAN_DIGITS)
PERSIAN_THOUSANDS = "٬"  # U+066C ARABIC THOUSANDS SEPARATOR
PERSIAN_DECIMAL = "٫"  # U+066B ARABIC DECIMAL SEPARATOR


def today_jalali(now=None):
    """Today's Jalali date in Tehran (now: an aware datetime; by default Django's clock, the one
    every "now" of Payesh reads)."""
    now = now or timezone.now()
    return jdatetime.date.fromgregorian(date=now.astimezone(TEHRAN).date(), locale="fa_IR")


def current_year_month(now=None):
    today = today_jalali(now)
    return today.year, today.month


def last_complete_month(now=None):
    """(year, month) of the month before the current one: the default of the dashboards."""
    return previous_month(*current_year_month(now))


def is_leap(year):
    return jdatetime.date(year, 1, 1).isleap()


def month_length(year, month):
    check_month(month)
    if month <= 6:
        return 31
    if month <= 11:
        return 30
    return 30 if is_leap(year) else 29


def check_month(month):
    if not 1 <= int(month) <= 12:
        raise ValueError(f"month must be 1..12, not {month}")


def month_name(month, language="fa"):
    check_month(month)
    return (MONTH_NAMES_FA if language == "fa" else MONTH_NAMES_EN)[month - 1]


def first_day(year, month):
    """Gregorian date of the 1st of a Jalali month."""
    return jdatetime.date(year, month, 1).togregorian()


def last_day(year, month):
    """Gregorian date of the last day of a Jalali month."""
    return jdatetime.date(year, month, month_length(year, month)).togregorian()


def next_month(year, month):
    return (year + 1, 1) if month == 12 else (year, month + 1)


def previous_month(year, month):
    return (year - 1, 12) if month == 1 else (year, month - 1)


def report_deadline(year, month, day):
    """Gregorian date by which the report of (year, month) is due: `day` of the next month."""
    ny, nm = next_month(year, month)
    return jdatetime.date(ny, nm, min(day, month_length(ny, nm))).togregorian()


def deadline_end(year, month, day):
    """The aware datetime at which a report of (year, month) becomes late (midnight in Tehran)."""
    due = report_deadline(year, month, day) + datetime.timedelta(days=1)
    return datetime.datetime(due.year, due.month, due.day, tzinfo=TEHRAN)


def month_end(year, month):
    """The aware datetime at which (year, month) ends: midnight in Tehran starting the next month."""
    start = first_day(*next_month(year, month))
    return datetime.datetime(start.year, start.month, start.day, tzinfo=TEHRAN)


def is_future_month(year, month, now=None):
    """A month that has not started yet in Tehran cannot be reported."""
    return (year, month) > current_year_month(now)


def to_jalali(value):
    """A Gregorian date or datetime as a jdatetime object (datetimes in Tehran time)."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(TEHRAN)
        return jdatetime.datetime.fromgregorian(datetime=value, locale="fa_IR")
    return jdatetime.date.fromgregorian(date=value, locale="fa_IR")


def parse_jalali_date(text):
    """'1405/01/01' (any digits, / or -) -> Gregorian date; ValueError when it does not exist or
    its year is outside payesh.limits' years."""
    text = to_latin_digits(str(text)).strip()
    match = re.fullmatch(r"(\d{4})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{1,2})", text)
    if not match:
        raise ValueError("expected a Jalali date like 1405/01/31")
    year, month, day = (int(g) for g in match.groups())
    if not limits.YEAR_MIN <= year <= limits.YEAR_MAX:
        raise ValueError(f"{year} is not a year Payesh knows")
    if not 1 <= month <= 12 or not 1 <= day <= month_length(year, month):
        raise ValueError(f"{year}/{month:02d}/{day:02d} is not a day of the Jalali calendar")
    return jdatetime.date(year, month, day).togregorian()


# --- numerals ------------------------------------------------------------------------------


def to_latin_digits(text):
    return str(text).translate(_TO_LATIN)


def to_persian_digits(text):
    return str(text).translate(_TO_PERSIAN)


def format_number(value, decimals=0, persian=True):
    """1234567 -> '۱٬۲۳۴٬۵۶۷'; with persian=False -> '1,234,567'."""
    if value is None:
        return ""
    text = f"{value:,.{decimals}f}"
    if not persian:
        return text
    text = text.replace(",", "\0").replace(".", PERSIAN_DECIMAL).replace("\0", PERSIAN_THOUSANDS)
    return to_persian_digits(text)


def format_jalali_date(value, persian=True, with_time=False):
    """A Gregorian date/datetime as '۱۴۰۵/۰۱/۰۱' (and ' ۱۴:۰۵' with with_time)."""
    j = to_jalali(value)
    if j is None:
        return ""
    text = f"{j.year:04d}/{j.month:02d}/{j.day:02d}"
    if with_time and isinstance(j, jdatetime.datetime):
        text += f" {j.hour:02d}:{j.minute:02d}"
    return to_persian_digits(text) if persian else text


# Separators people put between thousands: comma, Arabic comma, Persian thousands sign,
# apostrophe, dots are NOT accepted (they read as decimals), and any kind of space.
_SEPARATORS = re.compile(r"[,\u060C\u066C'\u2019\s\u200c\u200f\u200e\u00a0\u202f]")


# More digits than any maximum of payesh.limits: read as "too large" without converting.
_MAX_DIGITS = 30


class NumberError(ValueError):
    """A typed number that is not a non-negative whole number; `code` says why."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


def parse_whole_number(text, maximum=None):
    """A typed non-negative whole number: Persian/Arabic-Indic/Latin digits, separators, spaces.

    '۱٬۲۰۰', '1,200', ' ١٢٠٠ ' -> 1200. Empty -> None. Raises NumberError with code
    'negative', 'fraction', 'invalid' or, above `maximum` (payesh.limits states each kind's),
    'too_large' otherwise.
    """
    if text is None:
        return None
    if isinstance(text, bool):
        raise NumberError("invalid", "invalid")
    if isinstance(text, int):
        value = text
    elif isinstance(text, float):
        if math.isnan(text):
            raise NumberError("invalid", "invalid")
        if text < 0:
            raise NumberError("negative", "negative")
        if math.isinf(text):
            raise NumberError("too_large", "too large")
        if not text.is_integer():
            raise NumberError("fraction", "fraction")
        value = int(text)
    else:
        value = _parse_typed_number(text)
        if value is None:
            return None
    if value < 0:
        raise NumberError("negative", "negative")
    if maximum is not None and value > maximum:
        raise NumberError("too_large", "too large")
    return value


def _parse_typed_number(text):
    cleaned = _SEPARATORS.sub("", to_latin_digits(text)).replace(PERSIAN_DECIMAL, ".").replace("\u2212", "-")
    if cleaned == "":
        return None
    if re.fullmatch(r"-\d+(\.\d+)?", cleaned):
        raise NumberError("negative", "negative")
    if re.fullmatch(r"\d+\.\d*|\d*\.\d+", cleaned):
        if not re.fullmatch(r"\d+\.0*", cleaned):
            raise NumberError("fraction", "fraction")
        cleaned = cleaned.split(".")[0]
    if not re.fullmatch(r"\d+", cleaned):
        raise NumberError("invalid", "invalid")
    cleaned = cleaned.lstrip("0") or "0"
    if len(cleaned) > _MAX_DIGITS:  # Python refuses to read ints of 4,300+ digits
        raise NumberError("too_large", "too large")
    return int(cleaned)
