"""Who is told of a province's month: the one place that chooses the directorate's recipients of
the monthly cycle (docs/design.md, "The monthly cycle"). A province's escalation, digest, reports
waiting for review and action items go to that province's director and planners only
(accounts.roles: the roles held in each province); a head hears of their own center."""

from accounts import roles


class Directorates:
    """The director and planners of every province, read once a run (one query)."""

    def __init__(self):
        self.directors = roles.people_by_province(roles.DIRECTOR)
        self.planners = roles.people_by_province(roles.PLANNER)

    def escalation(self, province_id):
        """The director and the planners of the province (each person once)."""
        people = {p.pk: p for p in self.directors.get(province_id, []) + self.planners.get(province_id, [])}
        return sorted(people.values(), key=lambda p: p.pk)

    def digest(self, province_id):
        return self.directors.get(province_id, [])

    def reviewers(self, province_id):
        """Who hears of the province's reports waiting for review, and follows its meetings' action
        items up where a person (not a center) is named: its planners."""
        return self.planners.get(province_id, [])
