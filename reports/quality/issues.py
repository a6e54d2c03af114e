"""What the checks read (a Line: one figure of a month) and what they find (an Issue)."""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from payesh.i18n import is_persian, local_name
from reports.models import RuleImportance, ValidationRule

Key = tuple[int, int, int]  # a row of a month: (sector id, area id, measure id)

TARGET, HISTORY, RULE = "target", "history", "rule"  # the kinds of issue
ERROR, WARNING = RuleImportance.ERROR.value, RuleImportance.WARNING.value


@dataclass(frozen=True)
class Line:
    """One figure of a month as the checks read it. sector, area and measure are the reference
    objects (code, name_fa, name_en); month_target is None for a row without a commitment."""

    key: Key
    sector: Any
    area: Any
    measure: Any
    value: int
    comment: str = ""
    month_target: int | None = None
    derived: bool = False  # from the course register: nobody types it


@dataclass
class Issue:
    """A rule broken or an outlier, beside the rows (lines) it speaks of. The message is in the
    active language, with the figures. A warning is confirmed by a comment on one of its rows."""

    kind: str
    importance: str
    lines: tuple[Line, ...]
    message: str
    rule: ValidationRule | None = None

    @property
    def is_error(self) -> bool:
        return self.importance == ERROR

    @property
    def confirmed(self) -> bool:
        return not self.is_error and any(line.comment for line in self.lines)

    @property
    def blocks(self) -> bool:
        """Whether it refuses a save: an error always, a warning until a comment confirms it."""
        return self.is_error or not self.confirmed

    @property
    def where(self) -> str:
        """The rows it speaks of: "Public – Fixed urban workshops – Certified graduates, Trainee-courses"."""
        first = self.lines[0]
        names = ("، " if is_persian() else ", ").join(local_name(line.measure) for line in self.lines)
        return f"{local_name(first.sector)} – {local_name(first.area)} – {names}"

    @property
    def comments(self) -> list[str]:
        return [line.comment for line in self.lines if line.comment]


def entry_message(issues: list[Issue]) -> str:
    """What stands beside a row of the entry grid (and an upload's row, and the API's field): its
    issues' messages, then, when a warning is among them, how to confirm it."""
    said = " ".join(dict.fromkeys(issue.message for issue in issues))
    if all(issue.is_error for issue in issues):
        return said
    ask = _("If it is right, write a comment that explains it.")
    return f"{said} {ask}"
