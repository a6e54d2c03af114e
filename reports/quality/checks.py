"""Every check of one month's figures, in one function: the outliers against the target and the
center's history (history.py) and the validation rules (rules.py). Every entry door reaches it
through reports.grid.check_entries; the data-quality page through board.py."""

from collections.abc import Iterable

from django.conf import settings
from django.utils.translation import gettext as _

from payesh import display
from reports.models import ValidationRule

from .history import History, Unusual, target_limit, unusual
from .issues import HISTORY, TARGET, WARNING, Issue, Line
from .rules import rule_issues


def target_message(line: Line) -> str:
    return _("%(value)s is more than %(factor)s times this month's target (%(target)s).") % {
        "value": display.number(line.value), "factor": display.number(settings.PAYESH_OUTLIER_FACTOR),
        "target": display.number(line.month_target)}


def history_message(line: Line, found: Unusual) -> str:
    """The flag in words: "4,500 is about 4 times this center's usual Mehr (1,100)"."""
    words = {"value": display.number(line.value), "usual": display.number(round(found.usual)),
             "month": display.month_name(found.month), "months": display.number(found.months)}
    if found.usual == 0:
        if found.month:
            return _("%(value)s where this center's %(month)s has usually been 0.") % words
        return _("%(value)s where this center's usual month has been 0 (the median of its last %(months)s months).") % words
    if line.value > found.usual:
        times = round(line.value / found.usual, 1)
        words["times"] = display.number(times, 0 if times == int(times) or times >= 10 else 1)
        if found.month:
            return _("%(value)s is about %(times)s times this center's usual %(month)s (%(usual)s).") % words
        return _("%(value)s is about %(times)s times this center's usual month (%(usual)s, the median of its last "
                 "%(months)s months).") % words
    if found.month:
        return _("%(value)s is far below this center's usual %(month)s (%(usual)s).") % words
    return _("%(value)s is far below this center's usual month (%(usual)s, the median of its last %(months)s months).") % words


def month_issues(lines: Iterable[Line], center_id: int, year: int, month: int, rules: Iterable[ValidationRule],
                 history: History) -> list[Issue]:
    """The issues of a center's month (lines: its figures): each row's outliers, then the rules
    broken, each with its message in the page's language."""
    lines = list(lines)
    issues = []
    for line in lines:
        if line.month_target is not None and line.value > target_limit(line.month_target):
            issues.append(Issue(TARGET, WARNING, (line,), target_message(line)))
        found = unusual(line.value, history.past(center_id, line.key, year, month), year, month, line.month_target)
        if found is not None:
            issues.append(Issue(HISTORY, WARNING, (line,), history_message(line, found)))
    return issues + rule_issues(rules, lines)

