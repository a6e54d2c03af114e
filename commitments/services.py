"""Writes of commitments, each one transaction: importing the workbook, revising a target or its
phasing, province totals, phasing profiles, applying a profile, copying a year forward,
confirming drafts.

Every save goes through simple-history with who (the user) and why (the reason), so the history
page can list each version.
"""

import datetime
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import IO, TYPE_CHECKING

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from payesh import batches, dataversion, limits
from payesh.batches import Change, Plan
from payesh.display import number as num
from payesh.display import texts_list
from payesh.i18n import local_name
from payesh.models import Batch

from .importing import check_workbook
from .letter import check_letter
from .models import (
    PHASED_FIELDS,
    Commitment,
    CommitmentStatus,
    FiscalYear,
    PhasingProfile,
    ProvinceCommitment,
    phase_by_weights,
    year_has_started,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from centers.models import Center


class CommitmentError(Exception):
    """A rule of commitments that a request broke; the message is for the user."""


@dataclass
class ImportResult:
    created: int = 0
    changed: int = 0
    unchanged: int = 0


def _tracked(c: Commitment) -> tuple:
    return (c.target, c.letter_number, c.letter_date, c.status, tuple(c.phased))


def _save(commitment: Commitment, user: "User", reason: str) -> None:
    commitment._history_user = user  # type: ignore[attr-defined]  # simple-history: who and why
    commitment._change_reason = reason  # type: ignore[attr-defined]
    commitment.save()


def baseline_history(commitments: Iterable[Commitment]) -> list[Commitment]:
    """Commitments written in bulk (the demo, a data load) have no version yet: record their
    current values first, so a revision's history still shows the original target."""
    commitments = list(commitments)
    have = set(Commitment.history.filter(id__in=[c.pk for c in commitments]).values_list("id", flat=True).distinct())
    missing = [c for c in commitments if c.pk not in have]
    if missing:
        Commitment.history.bulk_history_create(missing, default_change_reason=_("version before the history began"),
                                               default_date=missing[0].updated_at)
    return commitments


def open_year(year: int) -> FiscalYear:
    """The FiscalYear, created if new; CommitmentError if it is closed."""
    fiscal_year, _created = FiscalYear.objects.get_or_create(year=year)
    if fiscal_year.closed:
        raise CommitmentError(_("The year %(year)s is closed; its commitments no longer change.") % {"year": year})
    return fiscal_year


@dataversion.scoped(lambda total, *args, **kwargs: [total.province_id])
def save_province_total(total: ProvinceCommitment, user: "User") -> ProvinceCommitment:
    """Save a province's total for a year, sector and measure (new or changed); who changed it
    is kept in its history."""
    with transaction.atomic():
        open_year(total.year)
        total._history_user = user  # type: ignore[attr-defined]
        total.save()
    return total


def import_province_totals(data: bytes | IO[bytes], user: "User", today: datetime.date | None = None) -> ImportResult:
    """The national letter (letter.py): check the whole workbook (WorkbookInvalid lists every
    problem), then write each province total through its history, who and why."""
    rows = check_letter(data, today)
    result = ImportResult()
    with transaction.atomic():
        for year in {r.year for r in rows}:
            open_year(year)
        existing = {(t.year, t.province_id, t.sector_id, t.measure_id): t
                    for t in ProvinceCommitment.objects.select_for_update().filter(year__in={r.year for r in rows})}
        for row in rows:
            total = existing.get(row.key)
            before = None if total is None else (total.target, total.letter_number, total.letter_date)
            if total is None:
                total = ProvinceCommitment(year=row.year, province=row.province, sector=row.sector, measure=row.measure)
            total.target, total.letter_number, total.letter_date = row.target, row.letter_number, row.letter_date
            if before == (total.target, total.letter_number, total.letter_date):
                result.unchanged += 1
                continue
            total._history_user = user  # type: ignore[attr-defined]  # simple-history: who and why
            total._change_reason = row.reason or _("imported from the national letter")  # type: ignore[attr-defined]
            total.save()
            if before is None:
                result.created += 1
            else:
                result.changed += 1
    return result


def save_phasing_profile(profile: PhasingProfile, user: "User") -> PhasingProfile:
    """Save a new named phasing profile (its 12 weights checked by the form)."""
    profile.created_by = user
    profile.save()
    return profile


def import_commitments(data: bytes | IO[bytes], user: "User", today: datetime.date | None = None,
                       centers: "QuerySet[Center] | None" = None) -> ImportResult:
    """Check the whole workbook (WorkbookInvalid lists every problem; a center not of `centers`,
    the importer's province's, is unknown) and only then write it."""
    rows = check_workbook(data, today, centers)
    result = ImportResult()
    with transaction.atomic():
        for year in {r.year for r in rows}:
            open_year(year)
        existing = {
            (c.year, c.center_id, c.sector_id, c.area_id, c.measure_id): c
            for c in baseline_history(Commitment.objects.select_for_update().filter(year__in={r.year for r in rows}))
        }
        for row in rows:
            c = existing.get(row.key)
            if c is None:
                c = Commitment(year=row.year, center=row.center, sector=row.sector, area=row.area, measure=row.measure)
                before = None
            else:
                before = _tracked(c)
            if row.weights is not None:
                c.target = row.target
                c.set_phasing(phase_by_weights(row.target, row.weights))
            elif before is None:
                c.target = row.target
                c.phase_evenly()
            elif c.target != row.target:
                c.retarget(row.target)
            c.letter_number, c.letter_date = row.letter_number, row.letter_date
            c.status = CommitmentStatus.CONFIRMED
            if before is None:
                _save(c, user, row.reason or _("imported from the workbook"))
                result.created += 1
            elif _tracked(c) != before:
                _save(c, user, row.reason or _("imported from the workbook"))
                result.changed += 1
            else:
                result.unchanged += 1
    return result


@dataversion.scoped(lambda commitment, *args, **kwargs: [commitment.center.province_id])
def revise_commitment(commitment: Commitment, user: "User", target: int, letter_number: str = "",
                      letter_date: datetime.date | None = None, reason: str = "",
                      today: datetime.date | None = None) -> tuple[Commitment, bool]:
    """Change a commitment's annual target, keeping the shape of its phasing.

    A confirmed commitment of a year that has started needs the reason and the letter the new
    target comes from; a draft can be edited freely until it is confirmed.
    """
    with transaction.atomic():
        [c] = baseline_history(Commitment.objects.select_for_update().filter(pk=commitment.pk))
        open_year(c.year)
        is_revision = not c.is_draft and year_has_started(c.year, today) and int(target) != c.target
        if is_revision and not (reason.strip() and letter_number.strip() and letter_date):
            raise CommitmentError(_("The year has started: a new target needs its reason and the letter (number and date) it comes from."))
        before = _tracked(c)
        c.retarget(target)
        if letter_number.strip():
            c.letter_number = letter_number.strip()
        if letter_date:
            c.letter_date = letter_date
        if _tracked(c) == before:
            return c, False
        _save(c, user, reason.strip() or _("target edited"))
    return c, True


@dataversion.scoped(lambda commitment, *args, **kwargs: [commitment.center.province_id])
def set_phasing(commitment: Commitment, user: "User", parts: Sequence[int], letter_number: str = "",
                letter_date: datetime.date | None = None, reason: str = "",
                today: datetime.date | None = None) -> tuple[Commitment, bool]:
    """Set a commitment's 12 monthly targets by hand; they must add up to its annual target.

    Like a revised target, changed months of a confirmed commitment whose year has started need
    the reason and the letter they come from. Returns (commitment, changed).
    """
    parts = [int(p) for p in parts]
    with transaction.atomic():
        [c] = baseline_history(Commitment.objects.select_for_update().filter(pk=commitment.pk))
        open_year(c.year)
        if len(parts) != 12 or sum(parts) != c.target:
            raise CommitmentError(_("The 12 monthly targets add up to %(sum)s; they must add up to the annual target, %(target)s.")
                                  % {"sum": num(sum(parts)), "target": num(c.target)})
        if parts == c.phased:
            return c, False
        if not c.is_draft and year_has_started(c.year, today) and not (reason.strip() and letter_number.strip() and letter_date):
            raise CommitmentError(_("The year has started: new monthly targets need their reason and the letter (number and date) they come from."))
        c.set_phasing(parts)
        if letter_number.strip():
            c.letter_number = letter_number.strip()
        if letter_date:
            c.letter_date = letter_date
        _save(c, user, reason.strip() or _("monthly phasing changed"))
    return c, True


def _changing(commitments: Iterable[Commitment], change: Callable[[Commitment], None]) -> tuple[Plan, list[Commitment]]:
    """Make `change` to each commitment in memory: the plan of those it changes (before and
    after), and those commitments, changed and not saved."""
    plan, changed = Plan(), []
    for c in commitments:
        before = c.snapshot() if c.pk else None
        change(c)
        after = c.snapshot()
        if after != before:
            plan.changes.append(Change(Commitment.BATCH_MODEL, c.pk, before, after))
            changed.append(c)
    return plan, changed


def _save_batch(kind: str, plan: Plan, changed: list[Commitment], user: "User", reason: str, detail: str = "") -> Batch | None:
    """Write the planned commitments (each with its version, who and why) and record the batch."""
    if not changed:
        return None
    for change, c in zip(plan.changes, changed):
        _save(c, user, reason)
        change.object_id = c.pk
    return batches.record(kind, user, reason, plan.changes, detail)


def _phase_by(profile: PhasingProfile) -> Callable[[Commitment], None]:
    def phase(c: Commitment) -> None:
        c.set_phasing(profile.phase(c.target) if c.target else [0] * 12)
    return phase


def plan_profile(profile: PhasingProfile, commitments: QuerySet[Commitment]) -> Plan:
    """What phasing the commitments by the profile would change, without writing."""
    return _changing(commitments.order_by("pk"), _phase_by(profile))[0]


def apply_profile(profile: PhasingProfile, commitments: QuerySet[Commitment], user: "User", reason: str = "",
                  previewed: str | None = None) -> Batch | None:
    """Phase many commitments by one profile, as previewed (`previewed`: the preview's
    fingerprint); each changed commitment keeps the reason in its history. Returns the batch
    (None when nothing changed)."""
    reason = reason.strip() or _("phased by the profile “%(name)s”") % {"name": profile.name}
    with transaction.atomic():
        locked = baseline_history(commitments.select_for_update().order_by("pk"))
        for year in {c.year for c in locked}:
            open_year(year)
        plan, changed = _changing(locked, _phase_by(profile))
        batches.check_previewed(plan, previewed)
        return _save_batch(Batch.Kind.PHASING, plan, changed, user, reason, detail=profile.name)


def scale_target(target: int, factor: Decimal | float | str) -> int:
    return int((Decimal(target) * Decimal(str(factor))).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass
class CopyForward:
    plan: Plan
    skipped: int  # commitments the new year has already
    drafts: list[Commitment]  # the new drafts (saved once copied)
    batch: Batch | None = None  # once copied: its record (None when nothing was made)

    @property
    def created(self) -> int:
        return len(self.drafts)


def plan_copy_forward(from_year: int, to_year: int, factor: Decimal | float | str,
                      centers: "QuerySet[Center] | None" = None) -> CopyForward:
    """The drafts copying from_year's confirmed commitments (of `centers` when given: the
    planner's province's) to to_year, each target scaled by factor, would make (without
    writing): commitments that already exist in to_year are left alone, so copying twice adds
    nothing."""
    if Decimal(str(factor)) <= 0:
        raise CommitmentError(_("The factor must be more than zero."))
    if to_year == from_year:
        raise CommitmentError(_("Copy to another year."))
    have = set(Commitment.objects.filter(year=to_year).values_list("center_id", "sector_id", "area_id", "measure_id"))
    drafts, skipped = [], 0
    olds = Commitment.objects.confirmed().filter(year=from_year)
    if centers is not None:
        olds = olds.filter(center__in=centers)
    for old in olds.order_by("pk"):
        if (old.center_id, old.sector_id, old.area_id, old.measure_id) in have:
            skipped += 1
            continue
        new = Commitment(year=to_year, center_id=old.center_id, sector_id=old.sector_id, area_id=old.area_id,
                         measure_id=old.measure_id, status=CommitmentStatus.DRAFT)
        for field in PHASED_FIELDS:
            setattr(new, field, getattr(old, field))
        new.target = old.target
        target = scale_target(old.target, factor)
        if target > limits.TARGET_MAX:
            raise CommitmentError(_("× %(factor)s makes a target of %(target)s, more than the largest target (%(max)s).")
                                  % {"factor": factor, "target": num(target), "max": num(limits.TARGET_MAX)})
        new.retarget(target)
        drafts.append(new)
    plan, _changed = _changing(drafts, lambda c: None)
    return CopyForward(plan, skipped, drafts)


def copy_forward(from_year: int, to_year: int, factor: Decimal | float | str, user: "User", reason: str = "",
                 previewed: str | None = None, centers: "QuerySet[Center] | None" = None) -> CopyForward:
    """Start to_year from from_year's confirmed commitments scaled by factor, as drafts (as
    previewed). Returns the copy: created, skipped, its batch."""
    default = _("copied forward from %(year)s × %(factor)s") % {"year": from_year, "factor": factor}
    with transaction.atomic():
        open_year(to_year)
        copy = plan_copy_forward(from_year, to_year, factor, centers)
        batches.check_previewed(copy.plan, previewed)
        copy.batch = _save_batch(Batch.Kind.COPY_FORWARD, copy.plan, copy.drafts, user, reason.strip() or default,
                                 detail=f"{from_year} → {to_year} × {factor}")
    return copy


def _confirm(letter_number: str, letter_date: datetime.date | None) -> Callable[[Commitment], None]:
    def confirm(c: Commitment) -> None:
        c.status = CommitmentStatus.CONFIRMED
        if letter_number:
            c.letter_number = letter_number
        if letter_date:
            c.letter_date = letter_date
    return confirm


def _drafts(year: int, centers: "QuerySet[Center] | None") -> QuerySet[Commitment]:
    drafts = Commitment.objects.drafts().filter(year=year)
    return drafts if centers is None else drafts.filter(center__in=centers)


def plan_confirm_drafts(year: int, letter_number: str = "", letter_date: datetime.date | None = None,
                        centers: "QuerySet[Center] | None" = None) -> Plan:
    """What confirming every draft of the year (of `centers` when given: the planner's
    province's) would change, without writing."""
    return _changing(_drafts(year, centers).order_by("pk"), _confirm(letter_number, letter_date))[0]


def confirm_drafts(year: int, user: "User", letter_number: str = "", letter_date: datetime.date | None = None,
                   reason: str = "", previewed: str | None = None, centers: "QuerySet[Center] | None" = None) -> Batch | None:
    """Confirm every draft of a year (the commitments come into force), as previewed. Returns
    the batch (None when there was no draft)."""
    with transaction.atomic():
        open_year(year)
        drafts = baseline_history(_drafts(year, centers).select_for_update().order_by("pk"))
        plan, changed = _changing(drafts, _confirm(letter_number, letter_date))
        batches.check_previewed(plan, previewed)
        return _save_batch(Batch.Kind.DRAFTS_CONFIRMED, plan, changed, user, reason.strip() or _("draft confirmed"),
                           detail=str(year))


def undo_batch(batch: Batch, user: "User", reason: str) -> Batch:
    """Put every commitment the batch changed back as it was before it (a commitment it made is
    removed), each with a version saying why; refused when the year is closed or a commitment
    changed after the batch, since undoing would overwrite that change."""
    with transaction.atomic():
        batch, reason = batches.take_for_undo(batch, reason)
        rows = list(batch.rows.all())
        now = {c.pk: c for c in baseline_history(Commitment.objects.select_for_update().filter(
            pk__in=[r.object_id for r in rows]).select_related("center", "area", "measure"))}
        for year in sorted({(r.after or r.before or {})["year"] for r in rows}):
            open_year(year)
        changed = batches.changed_since(rows, {(Commitment.BATCH_MODEL, pk): c.snapshot() for pk, c in now.items()})
        if changed:
            raise CommitmentError(changed_since_message([now.get(r.object_id) for r in changed]))
        why = batches.undo_reason_text(batch, reason)
        for row in rows:
            c = now[row.object_id]
            if row.before is None:
                c._history_user = user  # type: ignore[attr-defined]
                c._change_reason = why  # type: ignore[attr-defined]
                c.delete()
            else:
                c.restore(row.before)
                _save(c, user, why)
        return batches.mark_undone(batch, user, reason)


SHOWN_BY_NAME = 3


def changed_since_message(commitments: Sequence[Commitment | None]) -> str:
    names = [f"{local_name(c.center)} – {local_name(c.area)} – {local_name(c.measure)}" for c in commitments if c is not None]
    shown = texts_list(names[:SHOWN_BY_NAME])
    if len(commitments) > SHOWN_BY_NAME:
        shown += " " + _("and %(count)s more") % {"count": num(len(commitments) - SHOWN_BY_NAME)}
    return ngettext(
        "Not undone: %(count)s commitment changed after this change was made (%(names)s), and undoing would overwrite that. Undo the later change first, or change the commitment on its page.",
        "Not undone: %(count)s commitments changed after this change was made (%(names)s), and undoing would overwrite that. Undo the later changes first, or change the commitments on their pages.",
        len(commitments)) % {"count": num(len(commitments)), "names": shown}
