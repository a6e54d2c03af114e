"""Writes of commitments, each one transaction: importing the workbook, revising a target or its
phasing, province totals, phasing profiles, applying a profile, copying a year forward,
confirming drafts.

Every save goes through simple-history with who (the user) and why (the reason), so the history
page can list each version.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import IO, TYPE_CHECKING

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from payesh import limits
from payesh.display import number as num

from .importing import check_workbook
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


def save_province_total(total: ProvinceCommitment, user: "User") -> ProvinceCommitment:
    """Save a province's total for a year, sector and measure (new or changed); who changed it
    is kept in its history."""
    with transaction.atomic():
        open_year(total.year)
        total._history_user = user  # type: ignore[attr-defined]
        total.save()
    return total


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


def apply_profile(profile: PhasingProfile, commitments: QuerySet[Commitment], user: "User") -> int:
    """Phase many commitments by one profile; returns how many changed."""
    changed = 0
    with transaction.atomic():
        for c in baseline_history(commitments.select_for_update().order_by("pk")):
            open_year(c.year)
            parts = profile.phase(c.target) if c.target else [0] * 12
            if parts == c.phased:
                continue
            c.set_phasing(parts)
            _save(c, user, _("phased by the profile “%(name)s”") % {"name": profile.name})
            changed += 1
    return changed


def scale_target(target: int, factor: Decimal | float | str) -> int:
    return int((Decimal(target) * Decimal(str(factor))).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def copy_forward(from_year: int, to_year: int, factor: Decimal | float | str, user: "User",
                 centers: "QuerySet[Center] | None" = None) -> tuple[int, int]:
    """Start to_year from from_year's confirmed commitments (of `centers` when given: the
    planner's province's) scaled by factor, as drafts.

    Commitments that already exist in to_year are left alone, so running it twice adds nothing.
    Returns (created, skipped).
    """
    if Decimal(str(factor)) <= 0:
        raise CommitmentError(_("The factor must be more than zero."))
    if to_year == from_year:
        raise CommitmentError(_("Copy to another year."))
    with transaction.atomic():
        open_year(to_year)
        have = set(Commitment.objects.filter(year=to_year).values_list("center_id", "sector_id", "area_id", "measure_id"))
        created = skipped = 0
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
            _save(new, user, _("copied forward from %(year)s × %(factor)s") % {"year": from_year, "factor": factor})
            created += 1
    return created, skipped


def confirm_drafts(year: int, user: "User", letter_number: str = "", letter_date: datetime.date | None = None,
                   centers: "QuerySet[Center] | None" = None) -> int:
    """Confirm every draft of a year (of `centers` when given: the planner's province's): the
    commitments come into force; returns how many."""
    with transaction.atomic():
        open_year(year)
        count = 0
        drafts = Commitment.objects.drafts().filter(year=year)
        if centers is not None:
            drafts = drafts.filter(center__in=centers)
        for c in baseline_history(drafts.select_for_update().order_by("pk")):
            c.status = CommitmentStatus.CONFIRMED
            if letter_number:
                c.letter_number = letter_number
            if letter_date:
                c.letter_date = letter_date
            _save(c, user, _("draft confirmed"))
            count += 1
    return count
