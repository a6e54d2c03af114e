"""A small country for the tests of provinces: three provinces, each with its director, planner
and staff, two centers with their heads, commitments, reports (submitted, approved, a draft), a
course, a meeting with action items and a province total; and a national planner and observer.
Each province's names are its own words (center "مرکز بتا یک", code BET1, "head-bet1", "جلسه بتا"),
so a page of one province can be searched for anything of another (`markers`)."""

import datetime
from dataclasses import dataclass, field

from accounts import roles
from commitments.models import Measure, ProvinceCommitment, Sector
from meetings import services as meeting_services
from meetings.models import Meeting
from tests import factories
from tests.course_data import course

YEAR = 1405
PROVINCES = [
    # code, Persian name, English name, tag (codes, usernames), Persian tag, English tag
    ("east-azarbaijan", "آذربایجان شرقی", "East Azerbaijan", "alf", "آلفا", "Alpha"),
    ("tehran", "تهران", "Tehran", "bet", "بتا", "Beta"),
    ("fars", "فارس", "Fars", "gam", "گاما", "Gamma"),
]
# the roles of a province's people, and the national ones, as the matrix names them
PROVINCE_PEOPLE = ("director", "planner", "staff", "head")
NATIONAL_PEOPLE = ("national_planner", "national_observer")


@dataclass
class Province:
    province: object
    tag: str
    director: object
    planner: object
    staff: object
    head: object  # of center_1
    head_2: object
    center_1: object
    center_2: object
    meeting: object = None
    item_of_center: object = None  # an action item center_1 answers for
    item_of_person: object = None  # one a named person answers for: its planners follow it up
    commitment: object = None
    markers: list = field(default_factory=list)

    def person(self, role):
        return getattr(self, role)


@dataclass
class Country:
    provinces: list
    national_planner: object
    national_observer: object

    def others(self, home):
        """The provinces other than `home`."""
        return [p for p in self.provinces if p is not home]

    def foreign_markers(self, home):
        """What of the other provinces must not appear on a page shown to `home`'s people."""
        return [m for p in self.others(home) for m in p.markers]


def build_province(code, name_fa, name_en, tag, tag_fa, tag_en):
    province = factories.province(code, name_fa)
    province.name_en = name_en
    province.save()
    upper = tag.upper()
    director = factories.user(f"director-{tag}", roles.DIRECTOR, province)
    planner = factories.user(f"planner-{tag}", roles.PLANNER, province)
    staff = factories.user(f"staff-{tag}", roles.STAFF, province)
    head, head_2 = (factories.user(f"head-{tag}{i}", roles.CENTER_HEAD) for i in (1, 2))
    center_1 = factories.center(province, f"{upper}1", f"مرکز {tag_fa} یک", head=head)
    center_2 = factories.center(province, f"{upper}2", f"مرکز {tag_fa} دو", head=head_2)
    for center in (center_1, center_2):
        center.name_en = f"{tag_en} center {center.code[-1]}"
        center.save()
    p = Province(province, tag, director, planner, staff, head, head_2, center_1, center_2)
    p.commitment = factories.commitment(center_1, target=1200)
    factories.commitment(center_2, target=2400)
    figures = [("public", "fixed_urban", "person_hours", 100)]
    factories.report(center_1, month=1, status="approved", figures=figures)
    factories.report(center_1, month=2, status="submitted", figures=figures)
    factories.report(center_1, month=3, status="draft", figures=figures)
    factories.report(center_2, month=1, status="submitted", figures=figures)
    course(center_1, start="1405/01/05", end="1405/01/20")
    ProvinceCommitment.objects.create(province=province, year=YEAR, sector=Sector.objects.get(code="public"),
                                      measure=Measure.objects.get(code="person_hours"), target=5000)
    p.meeting = Meeting.objects.create(province=province, date=datetime.date(2026, 5, 20), title=f"جلسه {tag_fa}",
                                       year=YEAR, month=1, chair=director, created_by=staff)
    p.item_of_center = meeting_services.add_action_item(p.meeting, f"اقدام {tag_fa}", datetime.date(2026, 6, 1),
                                                        responsible_center=center_1)
    p.item_of_person = meeting_services.add_action_item(p.meeting, f"پیگیری {tag_fa}", datetime.date(2026, 6, 1),
                                                        responsible_person="کارشناس")
    p.markers = [center_1.name_fa, center_2.name_fa, center_1.name_en, center_2.name_en, center_1.code, center_2.code,
                 director.username, planner.username, staff.username, head.username, head_2.username,
                 p.meeting.title, f"اقدام {tag_fa}", f"پیگیری {tag_fa}"]
    return p


def country(count=3):
    """The country (the reference lists must be seeded: the `reference` fixture)."""
    provinces = [build_province(*row) for row in PROVINCES[:count]]
    return Country(provinces, factories.user("national-planner", roles.NATIONAL_PLANNER),
                   factories.user("national-observer", roles.NATIONAL_OBSERVER))


def ranked_country():
    """The country with its provinces ranked Gamma (Fars) well ahead, Beta (Tehran) a little, and
    Alpha (East Azerbaijan) as the others (as of month 3 of 1405)."""
    found = country()
    _alpha, beta, gamma = found.provinces
    factories.report(gamma.center_2, month=2, status="approved", figures=[("public", "fixed_urban", "person_hours", 900)])
    factories.report(beta.center_2, month=2, status="approved", figures=[("public", "fixed_urban", "person_hours", 300)])
    return found
