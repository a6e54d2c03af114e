"""The provinces a decision of accounts/access.py covers: some provinces, or every one (the
national roles, superusers). Every list of Payesh narrows to one through `filter`."""

from dataclasses import dataclass

from django.db.models import Q


@dataclass(frozen=True)
class Scope:
    ids: frozenset = frozenset()
    everywhere: bool = False

    def __contains__(self, province) -> bool:
        """A province, or its id (None: no province, in no scope but everywhere)."""
        pk = getattr(province, "pk", province)
        return self.everywhere or (pk is not None and pk in self.ids)

    def __bool__(self) -> bool:
        return self.everywhere or bool(self.ids)

    def __or__(self, other: "Scope") -> "Scope":
        return Scope(self.ids | other.ids, self.everywhere or other.everywhere)

    def q(self, field="province") -> Q:
        """The condition a row's `field` (a path to a province) meets in the scope."""
        return Q() if self.everywhere else Q(**{f"{field}__in": self.ids})

    def filter(self, queryset, field="province"):
        """The rows of the queryset whose `field` is a province of the scope."""
        return queryset if self.everywhere else queryset.filter(self.q(field))


EVERYWHERE = Scope(everywhere=True)
NOWHERE = Scope()


def of(ids) -> Scope:
    return Scope(frozenset(ids))
