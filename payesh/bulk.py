"""Many rows written at once with their history (django-simple-history), in a few statements.

The ORM's bulk_create and simple_history's bulk helpers cost Python work for every value of every
row: a province's year of figures (13,560 rows and as many history rows) took a second of CPU
that way, most of an import. Here the rows go in as plain values, one statement a batch, and
the history rows are copied from the table by the database (`INSERT ... SELECT`), so they are
exactly the rows as stored. Call these inside the write's transaction; a single save() or
delete() still makes its history through simple_history's signals.
"""

from django.db import connection, models
from django.utils import timezone

CREATED, CHANGED, DELETED = "+", "~", "-"
PARAMS = 65_000  # PostgreSQL takes at most 65,535 parameters a statement (Django's SQLite, 999)
PLAIN = (models.IntegerField, models.CharField, models.TextField, models.ForeignKey)


def _batch_size(per_row=1, fixed=0):
    return max(1, (min(connection.features.max_query_params or PARAMS, PARAMS) - fixed) // per_row)


def _placeholders(count):
    return ", ".join(["%s"] * count)


def create(model, fields, rows, user):
    """Insert rows (tuples of the named fields' values: whole numbers and text, which need no
    conversion) and their CREATED history rows; the new primary keys, in no particular order."""
    columns = [model._meta.get_field(name) for name in fields]
    if not all(isinstance(field, PLAIN) and field.column for field in columns):
        raise ValueError("bulk.create takes whole-number, text and foreign-key fields only")
    quote = connection.ops.quote_name
    head = f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in columns)}) VALUES "
    row = f"({_placeholders(len(columns))})"
    size, pks = _batch_size(len(columns)), []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), size):
            batch = rows[start:start + size]
            cursor.execute(f"{head}{', '.join([row] * len(batch))} RETURNING {quote(model._meta.pk.column)}",
                           [value for values in batch for value in values])
            pks.extend(pk for (pk,) in cursor.fetchall())
    history(model, pks, user, CREATED)
    return pks


def history(model, pks, user, kind):
    """History rows, of type `kind` (CREATED, CHANGED or DELETED), by `user`, now, of the rows of
    `model` with these primary keys as they are in the table (before a delete, for DELETED)."""
    pks = list(pks)
    if not pks:
        return
    historical = model.history.model
    given = {"history_date": timezone.now(), "history_user_id": getattr(user, "pk", None),
             "history_type": kind, "history_change_reason": None}
    tracked, copied = {field.attname for field in historical.tracked_fields}, []
    for field in historical._meta.concrete_fields:
        if field.attname in tracked:
            copied.append(field)
        elif field.attname not in given and field.attname != "history_id":
            raise ValueError(f"{historical.__name__}.{field.attname} has no value here")  # a field added to the history
    extra = [historical._meta.get_field(attname) for attname in given]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in copied + extra)
    sources = ", ".join([quote(model._meta.get_field(field.attname).column) for field in copied] + ["%s"] * len(extra))
    values = [field.get_db_prep_save(given[field.attname], connection) for field in extra]
    size = _batch_size(fixed=len(values))
    with connection.cursor() as cursor:
        for start in range(0, len(pks), size):
            batch = pks[start:start + size]
            cursor.execute(f"INSERT INTO {quote(historical._meta.db_table)} ({columns}) SELECT {sources} "
                           f"FROM {quote(model._meta.db_table)} WHERE {quote(model._meta.pk.column)} "
                           f"IN ({_placeholders(len(batch))})", [*values, *batch])


def delete(model, pks, user):
    """Delete the rows of `model` with these primary keys, after their DELETED history rows, in
    one statement a batch. Only for a model no other row refers to (nothing to cascade): Django's
    delete() would fetch each row and send its signals, and their one listener, simple_history,
    would write each history row a second time."""
    if model._meta.related_objects:
        raise ValueError(f"rows refer to {model.__name__}: delete them through the ORM")
    pks = list(pks)
    history(model, pks, user, DELETED)
    quote = connection.ops.quote_name
    size = _batch_size()
    with connection.cursor() as cursor:
        for start in range(0, len(pks), size):
            batch = pks[start:start + size]
            cursor.execute(f"DELETE FROM {quote(model._meta.db_table)} "
                           f"WHERE {quote(model._meta.pk.column)} IN ({_placeholders(len(batch))})", batch)
