"""The state walk: in each state people bring the data to in real use, every page, export and
API list, opened by every role, answers without a server error.

The fuzz test (tests/whole/test_fuzz_pages.py) varies what a request carries; this walk varies what
the database holds: centers nobody heads, a head who heads nothing, people deactivated and
reactivated, a province with no centers, a year without commitments, a month with only drafts,
meetings without remarks, a fresh install. Each state is built once, through the services
people's actions go through, on a province in use (the fresh install on nothing; the province in
use alone is the fuzz test's ground). Then every URL pattern of the URLconf (tests/pages.urlconf:
a new page is walked without touching this file) is opened with the state's own objects as its
path arguments, each export in every format, and the pages that take no object (or only a
center) also with the state's query strings, as each role: director, planner, staff, a center's
head, a head without a center, a deactivated and a reactivated person, anonymous. The test's id
names the state; a failure lists each role and URL with its status or its exception.
"""

import datetime
import itertools
import traceback
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts import roles, services
from api import tokens
from api.models import ApiToken
from centers.models import Province
from commitments.models import Commitment, FiscalYear, Measure, ProvinceCommitment, Sector
from courses.models import Course
from meetings import services as meeting_services
from meetings.models import ActionItem, Meeting
from notifications import cycle
from notifications.models import Kind, Notification
from payesh import jalali
from reports import services as report_services
from tests import factories
from tests.course_data import course
from tests.meetings_helpers import meeting
from tests.pages import fill, urlconf

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]

ROOT = Path(__file__).resolve().parent.parent.parent
YEAR = 1405  # the year in use: months 1 and 2 reported, month 3 a draft
HOURS = [("public", "fixed_urban", "person_hours", 90)]
FORMATS = ["csv", "xlsx", "pdf", "docx"]  # every export in each; a format it does not offer is a 404
NOTHING = 987654  # the pk of no object: a route whose kind of object the state lacks is opened with it
# pages that read no query parameter of the data (year, month, province...): opened without them
NO_QUERY = ("login", "logout", "password_", "profile", "healthz", "set_language", "people:", "notifications:",
            "api:my_token", "api:tokens", "api:revoke", "api:schema", "api:docs", "api:not_found")
# pages that show none of the data (the API's schema is built from the code alone): opened in the
# first state only
SAME_IN_EVERY_STATE = {"login", "logout", "set_language", "healthz", "password_reset", "password_reset_done",
                       "password_reset_complete", "password_change_done", "api:schema", "api:docs", "api:not_found"}
# which objects a route's <pk> names, by the start of its name
PK_KINDS = {"meetings:action_item": "action_items", "meetings": "meetings", "api:meeting": "meetings",
            "commitments": "commitments", "notifications": "notifications", "api:my_token": "tokens",
            "api:revoke": "tokens", "people": "people", "courses": "courses"}


@dataclass
class World:
    """The people of every state (each role is one of them) and the objects the walk opens."""

    people: factories.People
    users: dict  # role -> user, None for anonymous
    center_months: list = field(default_factory=list)  # [(code, year, month)] opened in this state
    queries: list = field(default_factory=lambda: [""])  # query strings of the pages that take no object
    meetings: list = field(default_factory=list)  # [pk] the meetings this state opens
    objects: dict = field(default_factory=dict)  # kind (PK_KINDS) -> [pk]
    courses: list = field(default_factory=list)  # [(code, year, month, pk)]
    reset_links: list = field(default_factory=list)  # [(uidb64, token)]

    @property
    def codes(self):
        return sorted({code for code, _year, _month in self.center_months})


# --- the people, in every state ------------------------------------------------------------------


def everyone(people):
    """The named people, two handovers, and a head's account not yet given a center: center A
    was first headed by "gone", deactivated when A was handed to head A; center B by "back",
    deactivated when B was handed to head B, and reactivated since (heading nothing)."""
    director, planner = people.director, people.planner
    spare = factories.user("spare", roles.CENTER_HEAD, first_name="سارا", last_name="رضایی")
    gone = factories.user("gone", roles.CENTER_HEAD, first_name="حسن", last_name="کریمی")
    back = factories.user("back", roles.CENTER_HEAD)
    for center, first, head in ((people.center_a, gone, people.head_a), (people.center_b, back, people.head_b)):
        services.set_head(center, first, by=planner)
        services.appoint(planner, center, head, deactivate_previous=True)
    services.reactivate(director, back)
    users = {"director": director, "planner": planner, "staff": people.staff, "head": people.head_a,
             "head without a center": spare, "deactivated": gone, "reactivated": back, "anonymous": None}
    return World(people, users)


# --- the states ----------------------------------------------------------------------------------


def in_use(world):
    """A province in use: both centers' commitments, months in every status (month 2 of center B
    returned by a planner), a course, a draft meeting with a remark and a decision, a finalized
    one with attendees, the monthly cycle's notices, a token for each person."""
    p = world.people
    a, b = p.center_a, p.center_b
    FiscalYear.objects.get_or_create(year=YEAR)
    factories.commitment(a, target=1200)
    factories.commitment(a, area="rural_nomadic", target=600)
    factories.commitment(b, target=2400)
    ProvinceCommitment.objects.create(province=a.province, year=YEAR, sector=Sector.objects.get(code="public"),
                                      measure=Measure.objects.get(code="person_hours"), target=5000)
    factories.report(a, month=1, status="approved", figures=HOURS)
    factories.report(a, month=2, status="submitted", figures=HOURS)
    factories.report(a, month=3, status="draft", figures=HOURS)
    factories.report(b, month=1, status="approved", figures=HOURS)
    returned = factories.report(b, month=2, status="submitted", figures=HOURS)
    report_services.return_report(returned, p.planner, returned.version, "ردیف روستایی را اصلاح کنید")
    course(a, start="1405/02/01", end="1405/02/20")
    draft = meeting(p, month=2, title="جلسه پایش اردیبهشت")
    meeting_services.save_remark(draft, a, p.head_a, challenges="کمبود مربی")
    meeting_services.add_action_item(draft, "برنامه جبرانی", jalali.parse_jalali_date("1405/04/01"), responsible_center=b)
    done = meeting(p, month=1, title="جلسه پایش فروردین")
    done.attendees.set([p.director, p.head_a, world.users["deactivated"]])
    meeting_services.add_action_item(done, "هماهنگی", jalali.parse_jalali_date("1405/03/01"), responsible_person="کارشناس")
    meeting_services.finalize(done, p.staff)
    # the draft shows the figures live, so it changes with every state; the finalized one is
    # frozen, and opened where its people change (people deactivated and reactivated)
    world.meetings = [draft.pk]
    cycle.run(now=datetime.datetime(2026, 5, 27, 12, tzinfo=jalali.TEHRAN), send_mail=False)  # 6 Khordad: month 2 due
    for user in world.users.values():
        if user is not None:
            tokens.create(user, "walk")
    world.center_months = [(a.code, YEAR, 2), (b.code, YEAR, 2)]


def centers_without_a_head(world):
    """Center B's head deactivated (B left without one); center C never given a head, its
    months entered by a planner on its behalf; center D closed (inactive, in the admin) after a
    month of work, its head removed."""
    in_use(world)
    p = world.people
    services.deactivate(p.director, p.head_b)
    c = factories.center(p.center_a.province, "CC", "مرکز ج", county_fa="مرند")
    factories.commitment(c, target=600)
    factories.report(c, month=1, status="submitted", figures=HOURS)
    d = factories.center(p.center_a.province, "CD", "مرکز د", county_fa="اهر")
    services.set_head(d, world.users["head without a center"], by=p.planner)
    factories.commitment(d, target=300)
    factories.report(d, month=1, status="approved", figures=HOURS)
    services.set_head(d, None, by=p.planner)
    d.active = False
    d.save(update_fields=["active"])
    world.center_months = [(p.center_b.code, YEAR, 2), (c.code, YEAR, 1), (c.code, YEAR, 2), (d.code, YEAR, 1)]


def a_head_without_a_center(world):
    """Center A handed to a new head, head A's account kept: the head now heads nothing (as does
    the account "spare", never given a center)."""
    in_use(world)
    p = world.people
    services.appoint_new_head(p.planner, p.center_a, "new-head", first_name="مریم", last_name="احمدی")
    world.center_months = [(p.center_a.code, YEAR, 2), (p.center_a.code, YEAR, 3)]


def people_deactivated_and_reactivated(world):
    """Head B deactivated and reactivated (center B without a head, head B heading nothing);
    "back", reactivated before, given center B; a second planner, the draft meeting's chair,
    deactivated. Both meetings (the finalized one names a deactivated attendee)."""
    in_use(world)
    p = world.people
    services.deactivate(p.director, p.head_b)
    services.reactivate(p.director, p.head_b)
    services.appoint(p.planner, p.center_b, world.users["reactivated"])
    other_planner = factories.user("planner-2", roles.PLANNER, first_name="علی", last_name="نوری")
    draft = Meeting.objects.get(pk=world.meetings[0])
    draft.chair = other_planner
    draft.save(update_fields=["chair"])
    draft.attendees.add(other_planner)
    services.deactivate(p.director, other_planner)
    world.center_months = [(p.center_b.code, YEAR, 1), (p.center_b.code, YEAR, 2)]
    world.meetings = list(Meeting.objects.values_list("pk", flat=True))  # the finalized one's attendee was deactivated


def nothing_yet(world):
    """The beginnings that live side by side in a directorate's year: a province with no
    centers, years without commitments, a month with only drafts, meetings without remarks."""
    in_use(world)
    world.center_months, world.meetings = [], []
    for part in (a_province_with_no_centers, a_year_without_commitments, a_month_with_only_drafts,
                 meetings_without_remarks):
        part(world)


def a_province_with_no_centers(world):
    """A second province, set up with no centers yet, with a draft meeting and a finalized one:
    every province-wide page, export and API list asked for it, and the national view."""
    empty = Province.objects.create(code="ardabil", name_fa="اردبیل", name_en="Ardabil")
    first = Meeting.objects.create(province=empty, date=datetime.date(2026, 6, 1), title="جلسه نخست", year=YEAR, month=2,
                                   created_by=world.people.staff)
    second = Meeting.objects.create(province=empty, date=datetime.date(2026, 7, 1), title="جلسه دوم", year=YEAR, month=3,
                                    created_by=world.people.staff)
    meeting_services.finalize(second, world.people.staff)
    world.queries += ["province=ardabil", "province=all"]
    world.meetings += [first.pk, second.pk]


def a_year_without_commitments(world):
    """The year before (1404, every month due) and the next one (1406) opened, with no
    commitment in either."""
    for year in (YEAR - 1, YEAR + 1):
        FiscalYear.objects.get_or_create(year=year)
    a = world.people.center_a.code
    world.center_months += [(a, YEAR - 1, 12), (a, YEAR + 1, 1)]
    world.queries += ["year=1404"]


def a_month_with_only_drafts(world):
    """Month 4: both centers saved a draft, nobody submitted (center A's pages opened: B's are
    alike)."""
    p = world.people
    for center in (p.center_a, p.center_b):
        factories.report(center, month=4, status="draft", figures=HOURS)
    world.center_months += [(p.center_a.code, YEAR, 4)]
    world.queries += ["year=1405&month=4"]


def meetings_without_remarks(world):
    """A meeting finalized with no chair, attendee, remark or decision (the drafts without
    remarks are the new province's, and center B's part of the meeting in use)."""
    p = world.people
    finalized = meeting(p, month=4, title="جلسه نهایی بدون یادداشت", chair=None)
    meeting_services.finalize(finalized, p.staff)
    world.meetings += [finalized.pk]


def a_fresh_install(world):
    """The reference lists and the people only: no year, commitment, report, course, meeting,
    notice or token yet."""
    year, month = jalali.last_complete_month()
    world.center_months = [(world.people.center_a.code, year, month)]


STATES = {
    "centers without a head": centers_without_a_head,
    "a head without a center": a_head_without_a_center,
    "people deactivated and reactivated": people_deactivated_and_reactivated,
    "nothing yet": nothing_yet,
    "a fresh install": a_fresh_install,
}


# --- the URLs of a state -------------------------------------------------------------------------


def find_objects(world):
    """The objects a URL names by pk, as the state holds them (a few of each kind), and a
    password reset link for each person."""
    world.objects = {
        "meetings": world.meetings,
        "action_items": list(ActionItem.objects.filter(meeting__in=world.meetings).values_list("pk", flat=True)[:2]),
        "commitments": list(Commitment.objects.values_list("pk", flat=True)[:2]),
        "notifications": [n for n in (Notification.objects.filter(kind=kind).values_list("pk", flat=True).first()
                                      for kind in (Kind.DIGEST, Kind.LATE)) if n],
        "tokens": list(ApiToken.objects.filter(user__in=[world.users["director"], world.users["head"]])
                       .values_list("pk", flat=True)),
        "people": [u.pk for role, u in world.users.items() if role in ("head without a center", "deactivated", "reactivated")],
    }
    world.courses = [(c.center.code, c.year, c.month, c.pk) for c in Course.objects.select_related("center")[:2]]
    world.reset_links = [(urlsafe_base64_encode(force_bytes(u.pk)), default_token_generator.make_token(u))
                         for role, u in world.users.items() if role in ("head", "deactivated", "reactivated")]


def arguments(name, params, world):
    """The path arguments a route is opened with in this state."""
    names = [n for _converter, n in params]
    if "month" in names and "pk" in names:  # a course of a center's month
        groups = [dict(zip(("code", "year", "month", "pk"), c)) for c in world.courses] or [
            dict(zip(("code", "year", "month", "pk"), (*world.center_months[0], NOTHING)))]
    elif "month" in names:
        groups = [dict(zip(("code", "year", "month"), c)) for c in world.center_months]
    elif "token" in names:
        groups = [{"uidb64": uid, "token": token} for uid, token in world.reset_links]
    else:
        groups = [{}]
    rest = [n for n in names if n not in groups[0]]
    kind = next((k for prefix, k in PK_KINDS.items() if name.startswith(prefix)), None)
    values = {"code": world.codes, "fmt": FORMATS, "area": ["fixed_urban"],
              "pk": [pk for pk in world.objects.get(kind, []) if pk] or [NOTHING]}
    for group in groups:
        for combination in itertools.product(*(values.get(n, ["x"]) for n in rest)):
            yield {**group, **dict(zip(rest, combination))}


def urls(world, first_state):
    """Every URL the walk opens in this state: (view name, URL)."""
    for name, route, params in urlconf():
        if name in SAME_IN_EVERY_STATE and not first_state:
            continue
        takes_query = {n for _c, n in params} <= {"code", "fmt"} and not name.startswith(NO_QUERY)
        for args in arguments(name, params, world):
            path = fill(route, {k: urllib.parse.quote(str(v), safe="") for k, v in args.items()})
            # a center's pages with the queries for the state's first center only
            with_queries = takes_query and args.get("code", world.codes[0]) == world.codes[0]
            for query in (world.queries if with_queries else [""]):
                yield name, path + ("?" + query if query else "")


# --- the walk ------------------------------------------------------------------------------------


def walk(world, first_state):
    """Open every URL as every role; returns (the failures, {role: {view name: statuses}})."""
    failures, answers = [], {}
    opened = list(urls(world, first_state))
    for role, user in world.users.items():
        client = Client()
        if user is not None:
            client.force_login(user)
        answers[role] = {}
        for name, url in opened:
            try:
                status = client.get(url).status_code
            except Exception as error:  # the test client re-raises what a view raised: a 500
                failures.append(f"{role}: GET {url} raised {error!r} in {where(error)}")
                continue
            answers[role].setdefault(name, set()).add(status)
            if status >= 500:
                failures.append(f"{role}: GET {url} answered {status}")
    return failures, answers


def where(error):
    """The last line of Payesh's own code the error went through."""
    ours = [f for f in traceback.extract_tb(error.__traceback__) if f.filename.startswith(str(ROOT))
            and "/.venv/" not in f.filename]
    return f"{Path(ours[-1].filename).relative_to(ROOT)}:{ours[-1].lineno}" if ours else "Django or a library"


@pytest.mark.parametrize("state", list(STATES), ids=[s.replace(" ", "-") for s in STATES])
def test_no_page_export_or_api_list_answers_5xx(state, people, reference, settings):
    settings.PAYESH_API_RATE = "1000000/min"  # the walk is many calls of one person in a minute
    world = everyone(people)
    STATES[state](world)
    find_objects(world)  # (inside the test's transaction nothing is cached: every page is computed from this state)
    first_state = state == next(iter(STATES))
    failures, answers = walk(world, first_state)
    assert failures == [], f"in the state '{state}':\n" + "\n".join(failures)
    every_route = {name for name, _route, _params in urlconf()} - (set() if first_state else SAME_IN_EVERY_STATE)
    assert all(set(by_route) == every_route for by_route in answers.values()), "a route the walk did not open"
    read = {name for name, statuses in answers["director"].items() if 200 in statuses}
    assert {"home", "centers", "dashboards:province", "people:list", "meetings:list", "api:centers"} <= read
