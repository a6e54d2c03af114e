"""Send a month or a year to the DHIS2 server (settings PAYESH_DHIS2_URL, PAYESH_DHIS2_TOKEN): the
same file the exchange page downloads (api/dhis2.export, every center), POSTed to DHIS2's
/api/dataValueSets, then its months' complete registrations to /api/completeDataSetRegistrations,
both with idScheme=CODE (the mapping holds codes). A dry run (dryRun=true) has DHIS2 check and count
without storing. Each send is logged (Dhis2Push) with DHIS2's import summary: its counts and its
conflicts, read from either shape DHIS2 answers in (2.3x: the ImportSummary itself; 2.36 and later:
a WebMessage holding it in "response", with HTTP 409 when there are conflicts).
"""

import http.client
import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from . import dhis2
from .models import Dhis2Push

MAX_CONFLICTS = 100  # kept and shown of one answer: enough to see what to fix in the mapping
MAX_ANSWER_BYTES = 4 * 1024 * 1024  # an import summary is small; a larger answer is not DHIS2's


class PushFailed(Exception):
    """DHIS2 could not be reached, refused the token, or answered what is no import summary."""


@dataclass
class Answer:
    status: str
    imported: int = 0
    updated: int = 0
    ignored: int = 0
    conflicts: list[dict[str, str]] = field(default_factory=list)


def configured() -> bool:
    return bool(settings.PAYESH_DHIS2_URL and settings.PAYESH_DHIS2_TOKEN)


def read_summary(body: Any) -> Answer:
    """DHIS2's import summary, bare (2.3x) or inside a WebMessage's "response" (2.36+)."""
    if not isinstance(body, dict):
        raise PushFailed(_("DHIS2 answered something that is not an import summary."))
    response = body.get("response")
    summary: dict[str, Any] = response if isinstance(response, dict) else body
    counts = summary.get("importCount")
    status = summary.get("status") or body.get("status")
    if not isinstance(counts, dict) or not isinstance(status, str):
        raise PushFailed(_("DHIS2 answered something that is not an import summary."))

    def count(name: str) -> int:
        value = counts.get(name)
        return value if isinstance(value, int) and value >= 0 else 0

    conflicts: list[dict[str, str]] = []
    for conflict in summary.get("conflicts") or []:
        if isinstance(conflict, dict) and len(conflicts) < MAX_CONFLICTS:
            conflicts.append({"object": str(conflict.get("object", ""))[:200], "value": str(conflict.get("value", ""))[:500]})
    return Answer(status[:20], count("imported"), count("updated"), count("ignored"), conflicts)


def _post(path: str, payload: dict, params: dict[str, str]) -> Answer:
    url = f"{settings.PAYESH_DHIS2_URL}{path}?{urllib.parse.urlencode(params)}"
    request = urllib.request.Request(url, data=json.dumps(payload).encode(), method="POST", headers={
        "Authorization": f"ApiToken {settings.PAYESH_DHIS2_TOKEN}", "Content-Type": "application/json",
        "Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=settings.PAYESH_DHIS2_TIMEOUT) as response:  # noqa: S310 (our setting)
            raw = response.read(MAX_ANSWER_BYTES + 1)
    except urllib.error.HTTPError as error:
        if error.code in (401, 403):
            raise PushFailed(_("DHIS2 refused the token (HTTP %(code)s): check PAYESH_DHIS2_TOKEN and the account's "
                               "rights on the data set.") % {"code": error.code}) from None
        if error.code != 409:  # 409: an import with conflicts, its summary in the body
            raise PushFailed(_("DHIS2 answered HTTP %(code)s.") % {"code": error.code}) from None
        raw = error.read(MAX_ANSWER_BYTES + 1)
    except (OSError, http.client.HTTPException) as error:  # refused, timed out, cut off, no HTTP
        reason = getattr(error, "reason", error)
        raise PushFailed(_("DHIS2 did not answer (%(reason)s).") % {"reason": str(reason)[:200]}) from None
    if len(raw) > MAX_ANSWER_BYTES:
        raise PushFailed(_("DHIS2 answered something that is not an import summary."))
    try:
        body = json.loads(raw)
    except ValueError:
        raise PushFailed(_("DHIS2 answered something that is not an import summary.")) from None
    return read_summary(body)


def push(user: Any, year: int, month: int | None = None, dry_run: bool = True) -> Dhis2Push:
    """Send the counted figures of a month (or of the year) and their complete registrations to
    DHIS2, as a dry run or for real; the logged push, with DHIS2's counts and conflicts (status
    FAILED and the error when DHIS2 could not be reached or refused). A planner sends their
    provinces' centers (accounts.access), the command (user None) every center."""
    months: Iterable[int] = [month] if month else range(1, 13)
    found = dhis2.export(user, year, months)
    values = found.data_value_set["dataValues"]
    registered = found.registrations["completeDataSetRegistrations"]
    log = Dhis2Push(user=user, year=year, month=month, dry_run=dry_run, values=len(values))
    params = {"dryRun": "true" if dry_run else "false", "importStrategy": "CREATE_AND_UPDATE", **dhis2.id_schemes()}
    try:
        if not configured():
            raise PushFailed(_("No DHIS2 server is configured (PAYESH_DHIS2_URL and PAYESH_DHIS2_TOKEN)."))
        answer = _post("/api/dataValueSets", found.data_value_set, params)
        if registered and answer.status != "ERROR":
            completed = _post("/api/completeDataSetRegistrations", found.registrations, params)
            log.registrations = completed.imported + completed.updated
            answer.conflicts += completed.conflicts[:MAX_CONFLICTS - len(answer.conflicts)]
            if completed.status != "SUCCESS" and answer.status == "SUCCESS":
                answer.status = completed.status
    except PushFailed as failed:
        log.status, log.error = Dhis2Push.FAILED, str(failed)
    else:
        log.status, log.imported, log.updated, log.ignored = answer.status, answer.imported, answer.updated, answer.ignored
        log.conflicts = answer.conflicts
    log.save()
    return log
