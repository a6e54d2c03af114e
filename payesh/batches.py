"""Big actions are seen before and can be undone after (docs/design.md, "Seen before, undone
after"): what every such action shares, whichever app owns its rows.

1. Preview: the owner plans the action without writing: a Plan, every row's value before and
   after. The page shows it (counts, totals before and after) and carries its fingerprint.
2. Confirm: in one transaction the owner plans again, refuses a plan that is not the one
   previewed (`check_previewed`), writes each row through its services (each row's own history
   kept) and records the Batch: who, when, the reason asked for, every row before and after.
3. Undo, from the batch's record: in one transaction the owner takes the batch (`take_for_undo`:
   not undone yet, with a reason), refuses when a row changed since (`changed_since`: its value
   now is not the batch's after), writes every row's before back through the same services, and
   marks the batch undone.

A row's value is a small dict of what the action changes (a commitment's target and months, an
account's being active, a center's head), taken by the owner's own `snapshot`.
"""

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext as _

from .display import digits
from .models import Batch, BatchRow

if TYPE_CHECKING:
    from django.contrib.auth.models import User

State = dict[str, Any] | None  # None: the row does not exist (before it is made, after it is removed)


class BatchError(Exception):
    """A batch action refused; the message is for the user."""


class StalePreview(BatchError):
    """The action would no longer do what was previewed."""


def stale_preview_message() -> str:
    return _("The rows changed after the preview was made. Look at the new preview before confirming.")


def fingerprint(shown: object) -> str:
    """A short digest of everything a preview showed: confirming later must find the same."""
    return hashlib.sha256(repr(shown).encode()).hexdigest()[:32]


@dataclass
class Change:
    """One row an action changes: its id (None for a row the action makes) and its values."""

    model: str
    object_id: int | None
    before: State
    after: State


@dataclass
class Plan:
    """What an action would change, computed without writing."""

    changes: list[Change] = field(default_factory=list)

    @property
    def fingerprint(self) -> str:
        return fingerprint([(c.model, c.object_id, c.before, c.after) for c in self.changes])

    def __len__(self) -> int:
        return len(self.changes)


def check_previewed(plan: Plan, previewed: str | None) -> None:
    """Refuse a plan that is not the one the user saw (previewed None: a door without a preview,
    a command or a test, takes the plan as it is)."""
    if previewed is not None and previewed != plan.fingerprint:
        raise StalePreview(stale_preview_message())


def require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise BatchError(_("Write the reason for this change."))
    return reason


def record(kind: str, user: "User", reason: str, changes: Iterable[Change], detail: str = "") -> Batch:
    """The Batch of a confirmed action, with its rows (written in one statement); call inside
    the owner's transaction, after the rows are written (a made row's id is then known)."""
    batch = Batch.objects.create(kind=kind, made_by=user, reason=reason.strip(), detail=detail[:200])
    BatchRow.objects.bulk_create([
        BatchRow(batch=batch, model=c.model, object_id=c.object_id, before=c.before, after=c.after)
        for c in changes if c.object_id is not None
    ])
    return batch


def take_for_undo(batch: Batch, reason: str) -> tuple[Batch, str]:
    """The batch, locked for its undo, and the reason given; BatchError when it is undone
    already or no reason was given."""
    reason = (reason or "").strip()
    if not reason:
        raise BatchError(_("Write the reason for undoing this change."))
    batch = Batch.objects.select_for_update().get(pk=batch.pk)
    if batch.undone:
        raise BatchError(_("This change was undone already."))
    return batch, reason


def changed_since(rows: Iterable[BatchRow], now: Mapping[tuple[str, int], State]) -> list[BatchRow]:
    """The rows whose value now ({(model, id): value}, missing: the row is gone) is not the one
    the batch left: undoing would overwrite what someone did after it."""
    return [row for row in rows if now.get((row.model, row.object_id)) != row.after]


def mark_undone(batch: Batch, user: "User", reason: str) -> Batch:
    batch.undone_at, batch.undone_by, batch.undo_reason = timezone.now(), user, reason
    batch.save(update_fields=["undone_at", "undone_by", "undo_reason"])
    return batch


def undo_reason_text(batch: Batch, reason: str) -> str:
    """The reason each undone row's own history keeps."""
    return _("undo of change no. %(number)s: %(reason)s") % {"number": digits(batch.pk), "reason": reason}
