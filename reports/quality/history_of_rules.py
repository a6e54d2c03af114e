"""The record of every change to the validation rules (django-simple-history): who, when, which
rule, what changed from what to what, and why, newest first, in one query."""

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from reports.models import ValidationRule

SHOWN = ("name_fa", "name_en", "left_measure", "operator", "factor_from", "factor", "right_measure", "sector", "area",
         "importance", "message_fa", "message_en")


@dataclass
class RuleChange:
    when: Any
    user: Any
    rule: Any  # the historical row: the rule as it was after the change
    what: str  # added, changed, retired, put back in force
    fields: list[tuple[str, Any, Any]] = field(default_factory=list)  # (field's name, old, new)
    reason: str = ""


def rule_changes() -> list[RuleChange]:
    changes, previous = [], {}
    labels = {name: ValidationRule._meta.get_field(name).verbose_name for name in SHOWN}
    for h in ValidationRule.history.select_related("history_user").order_by("id", "history_date", "history_id"):
        before = previous.get(h.id)
        if before is None:
            what, fields = _("added"), []
        else:
            fields = [(str(labels[name]), getattr(before, name), getattr(h, name)) for name in SHOWN
                      if getattr(before, name) != getattr(h, name)]
            what = (_("retired") if before.active and not h.active else _("put back in force") if h.active and not before.active
                    else _("changed"))
        changes.append(RuleChange(h.history_date, h.history_user, h, what, fields, h.history_change_reason or ""))
        previous[h.id] = h
    changes.sort(key=lambda c: c.when, reverse=True)
    return changes
