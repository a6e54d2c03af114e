"""The record of every change to the validation rules (django-simple-history): who, when, which
rule, what changed from what to what, and why, newest first, in one query."""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from commitments import reference
from payesh import display
from payesh.i18n import local_name
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


def _shown(name: str, value: Any) -> Any:
    """A field's value as the rules page says it: a choice's label, a measure's, sector's or area's
    name (its code when the lists no longer have it), a factor without trailing zeros."""
    lists = reference.lists()
    names = {"left_measure": lists.measures, "right_measure": lists.measures, "sector": lists.sectors, "area": lists.areas}
    if name in names:
        return next((local_name(obj) for obj in names[name] if obj.code == value), value)
    if name == "factor":
        return display.digits(f"{Decimal(value).normalize():f}")
    choices = dict(getattr(ValidationRule._meta.get_field(name), "choices", None) or ())
    return choices.get(value, value)


def rule_changes() -> list[RuleChange]:
    changes: list[RuleChange] = []
    previous: dict[int, Any] = {}
    labels = {name: getattr(ValidationRule._meta.get_field(name), "verbose_name", name) for name in SHOWN}
    for h in ValidationRule.history.select_related("history_user").order_by("id", "history_date", "history_id"):
        before = previous.get(h.id)
        if before is None:
            what, fields = _("added"), []
        else:
            fields = [(str(labels[name]), _shown(name, getattr(before, name)), _shown(name, getattr(h, name)))
                      for name in SHOWN if getattr(before, name) != getattr(h, name)]
            what = (_("retired") if before.active and not h.active else _("put back in force") if h.active and not before.active
                    else _("changed"))
        changes.append(RuleChange(h.history_date, h.history_user, h, what, fields, h.history_change_reason or ""))
        previous[h.id] = h
    changes.sort(key=lambda c: c.when, reverse=True)
    return changes
