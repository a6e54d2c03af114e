"""The month a notification is about: its period as stored ("1405-03") and as read ("Khordad 1405"
in the page's digits)."""

from payesh import display


def period_of(year: int, month: int) -> str:
    return f"{year}-{month:02d}"


def period_parts(period: str) -> tuple[int, int]:
    year, month = period.split("-")
    return int(year), int(month)


def month_label(year: int, month: int) -> str:
    return f"{display.month_name(month)} {display.digits(year)}"
