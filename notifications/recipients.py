"""Who is told: the one place that chooses the people a notification goes to.

A center's head hears of their center's month; the directorate of a province (its directors and
planners, as `accounts.roles` says who holds those roles in which province) hears of the province's
month, of reports waiting for review and of decisions followed up, and no other province does.

Each read brings the people with their profiles (language, mail on or off), so telling many of
them costs no query a person.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from accounts import roles
from centers.models import Center

if TYPE_CHECKING:
    from django.contrib.auth.models import User


@dataclass
class Directorate:
    directors: list["User"] = field(default_factory=list)
    planners: list["User"] = field(default_factory=list)

    @property
    def everyone(self) -> list["User"]:
        """Directors and planners, each once (one person may hold both roles)."""
        seen: dict[int, User] = {person.pk: person for person in self.directors}
        seen.update({person.pk: person for person in self.planners if person.pk not in seen})
        return list(seen.values())


class Directorates:
    """The directorate of each province, read once for a whole run of the cycle."""

    def __init__(self, directors: dict[int, list["User"]], planners: dict[int, list["User"]]) -> None:
        self._directors, self._planners = directors, planners

    @classmethod
    def load(cls) -> "Directorates":
        """In two queries, whatever the number of provinces."""
        return cls(roles.people_by_province(roles.DIRECTOR), roles.people_by_province(roles.PLANNER))

    def of(self, province_id: int) -> Directorate:
        return Directorate(list(self._directors.get(province_id, [])), list(self._planners.get(province_id, [])))


def planners_of(center: Center) -> list["User"]:
    """The planners who follow a center's reports."""
    return Directorates.load().of(center.province_id).planners


def heads_of(centers: Iterable[Center]) -> dict[int, "User"]:
    """{center pk: its head} of the centers that have an active one, in one query."""
    rows = Center.objects.filter(pk__in=[c.pk for c in centers], head__isnull=False).select_related("head__payesh_profile")
    return {center.pk: center.head for center in rows if center.head.is_active}


def head_of(center: Center) -> "User | None":
    return heads_of([center]).get(center.pk)
