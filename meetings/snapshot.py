"""The figures a meeting reviews, as plain rows, and how they are frozen with a finalized meeting.

`live_rows` is an ADAPTER: the lead will point it at `reports.progress` (the one progress engine)
after merging. Until then it follows the design's rules with one grouped query per table:

- measure: trainee person-hours, added over sectors and areas;
- expected E(m) = sum of phased_1..phased_m; actual A(m) = sum of the figures of months 1..m of
  submitted or approved reports (drafts and returned reports never count);
- achievement = A / target, pace = A / E, added first and divided once (the province row adds
  the centers); None where the divisor is 0;
- status from pace: >= PAYESH_ON_TRACK_PACE on track, >= PAYESH_SLIGHTLY_BEHIND_PACE slightly
  behind, else behind; rank by pace, best first, ties share a rank.

Everything else (freezing, pages, exports) consumes only these dicts, so the swap touches this file.
"""

from django.conf import settings
from django.db.models import F, Sum

from centers.models import Center
from commitments.models import Commitment
from reports.models import COUNTED_STATUSES, Figure

MEASURE = "person_hours"
STATUSES = ("on_track", "slightly_behind", "behind")


def status_of(pace):
    if pace is None:
        return None
    if pace >= settings.PAYESH_ON_TRACK_PACE:
        return "on_track"
    if pace >= settings.PAYESH_SLIGHTLY_BEHIND_PACE:
        return "slightly_behind"
    return "behind"


def ratio(part, whole):
    return part / whole if whole else None


def figures_row(target, expected, actual):
    pace = ratio(actual, expected)
    return {
        "target": target, "expected": expected, "actual": actual,
        "achievement": ratio(actual, target), "pace": pace, "status": status_of(pace),
    }


def live_rows(province, year, month):
    """(province_row, center_rows) for the active centers of a province as of (year, month).

    Each center row: center_code, center_name, county, target, expected, actual, achievement,
    pace, status, rank. The province row has the same figures without the center keys.
    """
    expected_sum = sum((F(f"phased_{m}") for m in range(2, month + 1)), F("phased_1"))
    plans = {
        row["center_id"]: row
        for row in Commitment.objects.filter(year=year, measure__code=MEASURE, center__province=province)
        .values("center_id").annotate(target=Sum("target"), expected=Sum(expected_sum))
    }
    actuals = dict(
        Figure.objects.filter(
            measure__code=MEASURE, report__center__province=province, report__year=year,
            report__month__lte=month, report__status__in=COUNTED_STATUSES,
        ).values("report__center_id").annotate(total=Sum("value")).values_list("report__center_id", "total")
    )
    centers = Center.objects.active().filter(province=province).order_by("code").only("code", "name_fa", "county_fa")
    rows = []
    for center in centers:
        plan = plans.get(center.pk, {})
        row = {"center_code": center.code, "center_name": center.name_fa, "county": center.county_fa}
        row.update(figures_row(plan.get("target") or 0, plan.get("expected") or 0, actuals.get(center.pk) or 0))
        rows.append(row)
    rank(rows)
    totals = [sum(r[k] for r in rows) for k in ("target", "expected", "actual")]
    return figures_row(*totals), rows


def rank(rows):
    """Set each row's rank by pace, best first; equal paces share a rank; no pace, no rank."""
    ranked = sorted((r for r in rows if r["pace"] is not None), key=lambda r: -r["pace"])
    previous, position = None, 0
    for i, row in enumerate(ranked, start=1):
        if row["pace"] != previous:
            position, previous = i, row["pace"]
        row["rank"] = position
    for row in rows:
        row.setdefault("rank", None)


def by_rank(rows):
    """Best first; centers without a pace (no commitment) last, by code."""
    return sorted(rows, key=lambda r: (r["rank"] is None, r["rank"] or 0, r["center_code"]))


def freeze(province_row, center_rows):
    """The JSON stored with a finalized meeting."""
    return {"measure": MEASURE, "province": province_row, "centers": center_rows}


def thaw(snapshot):
    return snapshot["province"], snapshot["centers"]
