"""The rules of a line: target, expected, actual, achievement, pace, projection and status of one
thing (a center, a sector, an area, a province), with the words each status is shown with, and
the ranking by pace. The rules are stated in docs/design.md ("Progress: one engine"); this module
is the only place that computes them.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from commitments.models import MONTHS

ON_TRACK, SLIGHTLY_BEHIND, BEHIND = "on_track", "slightly_behind", "behind"
NO_COMMITMENT, NOTHING_EXPECTED = "no_commitment", "nothing_expected"

# The one set of words for the statuses, beside their rule (colour is never the only signal).
LABELS: dict[str, Promise] = {
    ON_TRACK: _("on track"),
    SLIGHTLY_BEHIND: _("slightly behind"),
    BEHIND: _("behind"),
    NO_COMMITMENT: _("no commitment"),
    NOTHING_EXPECTED: _("nothing due yet"),
}


def label(status: str | None) -> str:
    """The words for a status code; "" for None (no pace: nothing to judge)."""
    return str(LABELS[status]) if status in LABELS else ""


_thresholds: tuple = (None, None, None)


def thresholds() -> tuple[float, float]:
    """(on track, slightly behind) from the settings, read again only when the settings change
    (a status is asked for every line of a thousand-center board)."""
    global _thresholds
    current = settings._wrapped  # type: ignore[misc]  # a new object whenever settings are overridden
    if _thresholds[0] is not current:
        _thresholds = (current, settings.PAYESH_ON_TRACK_PACE, settings.PAYESH_SLIGHTLY_BEHIND_PACE)
    return _thresholds[1:]


def status_for(pace: float | None) -> str | None:
    if pace is None:
        return None
    on_track, slightly_behind = thresholds()
    if pace >= on_track:
        return ON_TRACK
    if pace >= slightly_behind:
        return SLIGHTLY_BEHIND
    return BEHIND


@dataclass(slots=True)
class Line:
    """Target, phasing and actuals of one thing (a center, a sector, an area, the province)."""

    key: Any = None  # what the line is of: a key tuple, a Sector, a TrainingArea, "total"...
    label: str = ""
    month: int = 12
    phased: list = field(default_factory=lambda: [0] * 12)
    # actual of each month (0 after the as-of month); None when only A(m) was asked for
    monthly: list | None = field(default_factory=lambda: [0] * 12)
    rank: int | None = None
    actual_to_date: int = 0  # A(m) when monthly is None
    # the part of each month's phased target not due yet: an open month's, of the centers that
    # have not reported it (as_of.py)
    undue: list = field(default_factory=lambda: [0] * 12)
    # counted figures outside the commitments (on rows without a commitment in force), each
    # month, or to date only (outside_to_date) when None, like monthly
    outside_monthly: list | None = None
    outside_to_date: int = 0
    # set by settle()
    target: int = field(init=False, default=0)
    expected: int = field(init=False, default=0)
    actual: int = field(init=False, default=0)
    outside: int = field(init=False, default=0)
    achievement: float | None = field(init=False, default=None)
    pace: float | None = field(init=False, default=None)
    projection: float | None = field(init=False, default=None)
    status: str | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        self.settle()

    def settle(self) -> "Line":
        """Add up T, E(m) and A(m) once the phasing and monthly actuals are in place, and the
        ratios and status from them (read many times when centers are ranked, counted and shown)."""
        self.target = target = sum(self.phased)
        self.expected = expected = sum(self.phased[: self.month]) - sum(self.undue[: self.month])
        self.actual = actual = self.actual_to_date if self.monthly is None else sum(self.monthly[: self.month])
        self.outside = self.outside_to_date if self.outside_monthly is None else sum(self.outside_monthly[: self.month])
        self.achievement = actual / target if target else None
        self.pace = actual / expected if target and expected else None
        self.projection = actual * target / expected if target and expected else None
        self.status = (status_for(self.pace) or NOTHING_EXPECTED) if target else NO_COMMITMENT
        return self

    def months(self) -> list:
        if self.monthly is None:
            raise ValueError("this line was added up to date only; ask statements.fill_months for its months")
        return self.monthly

    @property
    def has_commitment(self) -> bool:
        return self.target > 0

    def due(self, month: int) -> int:
        """The phased target of a month that is due (all of it once the month is closed)."""
        return self.phased[month - 1] - self.undue[month - 1]

    def monthly_pace(self, month: int) -> float | None:
        due = self.due(month)
        return self.months()[month - 1] / due if due and month <= self.month else None

    def cumulative(self) -> list[tuple[int, int | None]]:
        """(expected, actual) to the end of each month; actual is None after the as-of month."""
        expected, actual, out = 0, 0, []
        for m, done in zip(MONTHS, self.months()):
            expected += self.phased[m - 1]
            actual += done
            out.append((expected, actual if m <= self.month else None))
        return out

    def at_month(self, month: int) -> "Line":
        """This line (month by month) as of another month: its actuals after that month left out."""
        outside = None if self.outside_monthly is None else [v if m <= month else 0 for m, v in zip(MONTHS, self.outside_monthly)]
        return Line(key=self.key, label=self.label, month=month, phased=self.phased, undue=self.undue,
                    monthly=[v if m <= month else 0 for m, v in zip(MONTHS, self.months())], outside_monthly=outside)

    @classmethod
    def total_of(cls, lines: Iterable["Line"], month: int, key: Any = None, label: str = "") -> "Line":
        """One Line adding up many (targets and actuals first; its ratios divide once); month by
        month only when every one of them is."""
        lines = list(lines)
        if not lines:
            return cls(key=key, label=label, month=month)
        phased = [sum(c) for c in zip(*(ln.phased for ln in lines))]
        undue = [sum(c) for c in zip(*(ln.undue for ln in lines))]
        if any(ln.outside_monthly is None for ln in lines):
            outside: dict[str, Any] = {"outside_to_date": sum(ln.outside for ln in lines)}
        else:
            outside = {"outside_monthly": [sum(c) for c in zip(*(ln.outside_monthly or () for ln in lines))]}
        if any(ln.monthly is None for ln in lines):
            return cls(key=key, label=label, month=month, phased=phased, undue=undue, monthly=None,
                       actual_to_date=sum(ln.actual for ln in lines), **outside)
        return cls(key=key, label=label, month=month, phased=phased, undue=undue,
                   monthly=[sum(c) for c in zip(*(ln.months() for ln in lines))], **outside)


def rank(lines: list[Line]) -> None:
    """Rank by pace, highest first; ties share a rank; lines without a pace get None."""
    paced = sorted(((ln.pace, ln) for ln in lines if ln.pace is not None), key=lambda paced: -paced[0])
    previous, position = None, 0
    for i, (pace, ln) in enumerate(paced, start=1):
        if pace != previous:
            position, previous = i, pace
        ln.rank = position
    for ln in lines:
        if ln.pace is None:
            ln.rank = None
