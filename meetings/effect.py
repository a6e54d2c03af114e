"""Whether a decision helped: the pace of what an action item points at (its responsible center,
narrowed to its sector, training area and measure; person-hours when no measure is named) at the
meeting that decided it and now.

"At the meeting" is the pace as of the meeting's month, frozen on the item when the meeting is
finalized (as the meeting's own figures are) and live while the meeting is a draft. "Now" is the
pace as of the last complete month. Both come from the progress engine (reports/progress/).
"""

from dataclasses import dataclass

from payesh import jalali
from reports.progress.center_board import area_months
from reports.progress.selection import Selection

from . import snapshot


def pace_of(item, year, month):
    """The pace of the item's scope as of (year, month); None without a center or a pace."""
    center = item.responsible_center
    if center is None:
        return None
    selection = Selection(year=year, month=month, measure=item.measure or snapshot.person_hours(),
                                   sector=item.sector, area=item.area, province=center.province)
    return area_months(selection, center, item.area).pace


@dataclass
class Effect:
    then: float | None
    then_month: tuple
    now: float | None
    now_month: tuple
    frozen: bool

    @property
    def change(self):
        """Points of pace gained (positive) or lost since the meeting; None when one is missing."""
        if self.then is None or self.now is None:
            return None
        return self.now - self.then

    @property
    def change_size(self):
        change = self.change
        return None if change is None else abs(change)

    @property
    def trend(self):
        change = self.change
        if change is None:
            return ""
        return "up" if change > 0.005 else "down" if change < -0.005 else "flat"


def effect_of(item, now=None):
    """The Effect of an action item, or None when it points at no center."""
    if item.responsible_center_id is None:
        return None
    meeting = item.meeting
    then_month = (meeting.year, meeting.month)
    frozen = meeting.is_finalized
    then = item.pace_at_meeting if frozen else pace_of(item, *then_month)
    now_month = jalali.last_complete_month(now)
    return Effect(then, then_month, pace_of(item, *now_month), now_month, frozen)


def scope_label(item):
    """The sector, area and measure it points at, in the page's language ('' for none)."""
    from payesh.i18n import local_name

    return " – ".join(local_name(x) for x in (item.sector, item.area, item.measure) if x is not None)


def with_effects(items):
    """The items as a list, each with `.effect` (two progress queries an item with a center: the
    follow-up list of a meeting is a handful of decisions)."""
    items = list(items)
    for item in items:
        item.effect = effect_of(item)
    return items
