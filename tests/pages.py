"""Every page of the site as its people open it, for the browser sweep (tests/in_browser/test_browser_pages.py)
and for screenshots (scripts/screenshots); and every URL pattern of the URLconf, for the tests that
open them all (tests/whole/test_fuzz_pages.py, tests/whole/test_state_walk.py).

To add a page: one line in PAGES, (name, user, path). A path may hold the placeholders of
`placeholders()`, read from the seeded demo; user None means signed out. Pages answering with an
error on purpose (404, 403) are in ERROR_PAGES. Every URL of the URLconf is a page here or is in
NOT_PAGES with the reason it is none (tests/whole/test_pages_list.py holds it).
"""

import re

from payesh import jalali

PAGES = [
    ("login", None, "/accounts/login/"),
    ("province", "director", "/dashboard/"),
    ("province-running-month", "director", "/dashboard/?year={open_year}&month={open_month_of_year}"),
    ("national", "observer", "/dashboard/?province=all"),
    ("centers", "director", "/centers/"),
    ("center", "director", "/dashboard/center/TBZ1/"),
    ("center-area", "director", "/dashboard/center/TBZ1/area/fixed_urban/"),
    ("center-month", "director", "/dashboard/center/TBZ1/{year}/{month}/"),
    ("focus", "director", "/dashboard/focus/"),
    ("years", "director", "/dashboard/years/"),
    ("reporting", "director", "/dashboard/reporting/"),
    ("late", "director", "/reports/late/"),
    ("data-quality", "planner", "/reports/quality/?year={year}&month=all"),
    ("head-data-quality", "head-tbz1", "/reports/quality/?year={year}&month={month}"),
    ("rules", "planner", "/reports/rules/"),
    ("rule-new", "planner", "/reports/rules/new/"),
    ("rule-history", "planner", "/reports/rules/history/"),
    ("meetings", "director", "/meetings/"),
    ("meeting-finalized", "director", "/meetings/{meeting_finalized}/"),
    ("meeting-draft", "staff", "/meetings/{meeting_draft}/"),
    ("meeting-new", "staff", "/meetings/new/"),
    ("meeting-edit", "staff", "/meetings/{meeting_draft}/edit/"),
    ("review-queue", "planner", "/reports/review/"),
    ("planner-month", "planner", "/reports/centers/TBZ1/{year}/{month}/"),
    ("month-history", "planner", "/reports/centers/TBZ1/{year}/{month}/history/"),
    ("commitments", "planner", "/commitments/"),
    ("national-allocation", "national", "/commitments/national/"),
    ("national-letter", "national", "/commitments/national/letter/"),
    ("national-years", "observer", "/dashboard/years/?province=all"),
    ("commitment", "planner", "/commitments/{commitment}/"),
    ("commitment-import", "planner", "/commitments/import/"),
    ("commitment-batches", "planner", "/commitments/batches/"),
    ("allocation", "planner", "/commitments/allocation/"),
    ("phasing", "planner", "/commitments/phasing/"),
    ("copy-forward", "planner", "/commitments/copy-forward/"),
    ("head-months", "head-tbz1", "/reports/centers/TBZ1/"),
    ("head-entry", "head-tbz1", "/reports/centers/TBZ1/{year}/{open_month}/"),
    ("head-courses", "head-tbz1", "/courses/centers/TBZ1/{year}/{month}/"),
    ("head-course-add", "head-tbz1", "/courses/centers/TBZ1/{year}/{open_month}/add/"),
    ("course-areas", "head-tbz1", "/courses/areas/"),
    ("head-remark", "head-tbz1", "/meetings/{meeting_draft}/remarks/TBZ1/"),
    ("head-center", "head-vrz", "/dashboard/center/VRZ/"),
    ("head-vrz-months", "head-vrz", "/reports/centers/VRZ/"),
    ("inbox", "director", "/notifications/"),
    ("head-inbox", "head-tbz1", "/notifications/"),
    ("action-item", "staff", "/meetings/action-items/{action_item}/"),
    ("profile", "head-tbz1", "/accounts/profile/"),
    ("password", "head-tbz1", "/accounts/password/"),
    ("password-changed", "head-tbz1", "/accounts/password/done/"),
    ("password-reset", None, "/accounts/password/reset/"),
    ("password-reset-sent", None, "/accounts/password/reset/sent/"),
    ("password-reset-link", None, "/accounts/password/reset/MQ/no-longer-valid/"),  # an old link's page
    ("password-reset-done", None, "/accounts/password/reset/done/"),
    ("people", "director", "/people/"),
    ("people-head", "planner", "/people/centers/TBZ1/head/"),
    ("people-changes", "director", "/people/changes/"),
    ("people-batches", "director", "/people/undo/"),
    ("people-deactivate", "director", "/people/{person}/deactivate/"),
    ("people-reactivate", "director", "/people/{person}/reactivate/"),
    ("people-password", "director", "/people/{person}/password/"),
    ("people-roles", "director", "/people/{staff}/roles/"),
    ("people-new", "director", "/people/new/"),
    ("people-tokens", "director", "/api/tokens/people/"),
    ("api-tokens", "head-tbz1", "/api/tokens/"),
    ("api-docs", "head-tbz1", "/api/docs/"),
    ("dhis2", "planner", "/api/dhis2/"),
    ("admin", "director", "/admin/"),
    ("admin-reports", "director", "/admin/reports/monthlyreport/"),
]

ERROR_PAGES = [
    ("not-found", "director", "/no-such-page/", 404),
    ("forbidden", "head-vrz", "/commitments/", 403),
]

# The URLs that are no page of their own, by view name, and why.
POSTED = "takes a form's POST and goes back to its page"
NOT_PAGES = {
    "home": "the province dashboard (province) for the directorate, a head's months (head-months) for a head",
    "healthz": "the health check: JSON for the load balancer",
    "logout": POSTED, "set_language": POSTED, "notifications:read_all": POSTED, "notifications:open": "goes to the page it speaks of",
    "notifications:settings": "goes to the profile page (profile)",
    "notifications:digest_pdf": "a download (PDF)",
    "dashboards:export": "a download (XLSX, CSV)", "dashboards:years_export": "a download (XLSX)",
    "entry:xlsx": "a download (XLSX)", "entry:upload": POSTED, "entry:review": POSTED, "entry:reopen": POSTED,
    "courses:xlsx": "a download (XLSX)", "courses:upload": POSTED, "courses:remove": POSTED,
    "courses:edit": "the form of head-course-add, filled with a course",
    "commitments:export": "a download (XLSX)", "commitments:template": "a download (XLSX)",
    "commitments:province_total": POSTED, "commitments:confirm_drafts": POSTED,
    "meetings:export": "a download (PDF, XLSX, DOCX)", "meetings:finalize": POSTED, "meetings:action_item_add": POSTED,
    "meetings:action_item_status": POSTED,
    "api:revoke": POSTED, "api:revoke_for": POSTED,
    "people:end_role": POSTED, "entry:rule_retire": POSTED,
    "commitments:return_addressed": POSTED, "commitments:national_return": POSTED,
    "commitments:letter_template": "a download (XLSX)",
    "entry:rule": "the form of rule-new, filled with a rule",
    "commitments:batch": "a batch change's page: the demo records none (tests/in_browser/test_browser_undo.py opens one)",
    "people:batch": "a batch change's page: the demo records none (tests/in_browser/test_browser_undo.py opens one)",
}
# Under /api/ only these answer with a page; the others are the API's JSON, read by programs (docs/api.md).
API_PAGES = {"api:docs", "api:tokens", "api:people_tokens", "api:dhis2_page", "api:revoke", "api:revoke_for"}


def placeholders():
    """The demo's ids and months the paths above refer to (run inside a database connection)."""
    from django.contrib.auth import get_user_model

    from commitments.models import Commitment
    from meetings.models import ActionItem, Meeting

    year, month = jalali.last_complete_month()
    open_year, open_month = jalali.current_year_month()
    return {
        "year": year, "month": month, "open_month": open_month if open_year == year else 1,
        "open_year": open_year, "open_month_of_year": open_month,  # the running month, "so far"
        "meeting_finalized": Meeting.objects.filter(status="finalized").order_by("pk").first().pk,
        "meeting_draft": Meeting.objects.exclude(status="finalized").order_by("pk").first().pk,
        "commitment": Commitment.objects.order_by("pk").first().pk,
        "action_item": ActionItem.objects.order_by("pk").first().pk,
        "person": get_user_model().objects.get(username="head-tbz2").pk,
        "staff": get_user_model().objects.get(username="staff").pk,
    }


def urlconf(skipped_namespaces=("admin",)):
    """Every URL pattern of the site as (view name, route, [(converter, parameter)]), read from
    the URLconf, so a new page is found without a list to update; the first pattern of a name
    wins. Django's admin (its own forms and rules) is left out by default."""
    from django.urls import URLPattern, URLResolver, get_resolver

    def walk(patterns, prefix, namespace):
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = p.namespace or namespace
                if ns not in skipped_namespaces:
                    yield from walk(p.url_patterns, prefix + str(p.pattern), ns)
            elif isinstance(p, URLPattern):
                route = prefix + str(p.pattern)
                name = f"{namespace}:{p.name}" if namespace else (p.name or route)
                yield name, route, re.findall(r"<(?:(\w+):)?(\w+)>", route)

    found = {}
    for name, route, params in walk(get_resolver().url_patterns, "", None):
        found.setdefault(name, (name, route, params))
    return list(found.values())


def fill(route, args):
    """The path of a route with its parameters given: fill("meetings/<int:pk>/", {"pk": 3})."""
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(args[m.group(1)]), route)
