"""`manage.py run_cycle [--today 1405/05/06]`: the monthly cycle's reminders, notices, escalation,
digest and action item notes (notifications/cycle.py), then their mail. Safe to run every hour."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from notifications import cycle
from payesh import jalali


def parse_day(text):
    """A day as a Jalali (1405/05/06, Persian digits too) or Gregorian (2026-07-28) date: noon of
    that day in Tehran."""
    text = jalali.to_latin_digits(text.strip())
    try:
        if text[:2] in ("19", "20"):  # a Gregorian year; Jalali years of Payesh are 13xx-16xx
            day = datetime.date.fromisoformat(text)
        else:
            day = jalali.parse_jalali_date(text)
    except ValueError:
        raise CommandError(f"--today: not a date: {text!r} (e.g. 1405/05/06 or 2026-07-28)") from None
    return datetime.datetime(day.year, day.month, day.day, 12, tzinfo=jalali.TEHRAN)


class Command(BaseCommand):
    help = "Run the monthly cycle: reminders, late notices, escalation, digest, action items; then mail them."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="run as of this day (Jalali 1405/05/06 or Gregorian 2026-07-28)")
        parser.add_argument("--no-mail", action="store_true", help="make the notifications but mail nothing yet")

    def handle(self, *args, **options):
        now = parse_day(options["today"]) if options["today"] else None
        outcome = cycle.run(now=now, send_mail=not options["no_mail"])
        made = ", ".join(f"{kind} {count}" for kind, count in sorted(outcome.made.items())) or "nothing new"
        self.stdout.write(f"notifications: {made}; mails sent: {outcome.mailed}")
