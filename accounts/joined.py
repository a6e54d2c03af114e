"""An aggregate that joins text values with commas, on SQLite and PostgreSQL alike (Django 5.2's
StringAgg is PostgreSQL's only): the roles a user holds read in the user's own query."""

from django.db.models import Aggregate, CharField


class Joined(Aggregate):
    function = "GROUP_CONCAT"
    template = "%(function)s(%(expressions)s)"
    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="STRING_AGG", template="%(function)s(%(expressions)s, ',')",
                           **extra_context)
