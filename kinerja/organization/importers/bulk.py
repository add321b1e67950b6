"""Set-based writes for the imports: many rows in a few statements.

Django's ``bulk_create`` prepares every value of every object through its field, and
``bulk_update`` builds a ``CASE WHEN`` expression per object and field (about a
millisecond a row); on a file of 100,000 employees those costs dominate. The importers
already hold plain values (text, numbers, None), so these helpers send them as they are:
PostgreSQL receives them with COPY, SQLite with multi-row INSERTs. Updates go through a
temporary table and one UPDATE. Call them inside the import's transaction; values that
need converting (timestamps) go through ``db_value`` once.

Every name in the SQL below is a quoted table or column name taken from the models,
never data, hence the S608 exemptions.
"""

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from django.db import connection, models
from django.db.backends.utils import CursorWrapper

BATCH_SIZE = 1000
_STAGING = "kinerja_import_staging"


# Any constant of our own; names the lock that serialises imports on PostgreSQL.
_IMPORT_LOCK_KEY = 0x4B494D50  # "KIMP"


def serialize_imports() -> None:
    """Make concurrent imports wait for each other until the current transaction ends.

    An import validates, then writes what it validated. Two imports of the same new NIPs
    running side by side on PostgreSQL would both see them as new and the second would
    fail on the unique key; with this lock the second validates after the first commits
    and finds nothing left to create. SQLite needs no lock: its write transactions
    already run one at a time (``transaction_mode=IMMEDIATE``).
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_IMPORT_LOCK_KEY])


def db_value(model: type[models.Model], field: str, value: Any) -> Any:
    """``value`` as the database takes it for ``model.field`` (on SQLite a timestamp is
    text, for instance)."""
    return _field(model, field).get_db_prep_save(value, connection)


def insert_rows(
    model: type[models.Model], fields: list[str], rows: Iterable[tuple[Any, ...]]
) -> int:
    """INSERT one row per tuple of values for ``fields``; return how many. Every column
    without a database default must be given."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(_column(model, name)) for name in fields)
    with connection.cursor() as cursor:
        return _write(cursor, f"{quote(model._meta.db_table)} ({columns})", len(fields), rows)


def update_rows(
    model: type[models.Model], fields: list[str], rows: Iterable[tuple[Any, ...]]
) -> int:
    """Set ``fields`` of existing rows, each given as ``(pk, *values)``; return how many."""
    iterator = iter(rows)
    first = next(iterator, None)
    if first is None:
        return 0
    quote = connection.ops.quote_name
    table, pk, staging = quote(model._meta.db_table), quote(_column(model, "pk")), quote(_STAGING)
    columns = [quote(_column(model, name)) for name in fields]
    definitions = ", ".join(
        f"{column} {_field(model, name).db_type(connection)}"
        for column, name in zip(columns, fields, strict=True)
    )
    if connection.vendor == "postgresql":
        assignments = ", ".join(f"{column} = s.{column}" for column in columns)
        update = f"UPDATE {table} SET {assignments} FROM {staging} s WHERE {table}.{pk} = s.id"  # noqa: S608
    else:
        # Correlated subqueries: SQLite before 3.33 has no UPDATE … FROM.
        assignments = ", ".join(
            f"{column} = (SELECT s.{column} FROM {staging} s WHERE s.id = {table}.{pk})"  # noqa: S608
            for column in columns
        )
        update = f"UPDATE {table} SET {assignments} WHERE {pk} IN (SELECT id FROM {staging})"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {staging}")
        cursor.execute(f"CREATE TEMPORARY TABLE {staging} (id bigint PRIMARY KEY, {definitions})")
        count = _write(cursor, staging, len(fields) + 1, _chain(first, iterator))
        cursor.execute(update)
        cursor.execute(f"DROP TABLE {staging}")
    return count


def refresh_statistics(model: type[models.Model]) -> None:
    """Let PostgreSQL's planner know about rows just loaded in bulk. Until autovacuum
    gets round to it, a freshly filled table looks empty, and lookups by a unique key
    become scans of the whole table."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


class IdPool:
    """Primary keys for rows that are not inserted yet, so that rows can point at each
    other (a supervisor later in the file) in the INSERT itself.

    PostgreSQL: taken from the table's sequence. SQLite: counted on from the highest id
    ever used; the import's transaction holds the write lock (IMMEDIATE), so nobody else
    can take the same numbers.
    """

    def __init__(self, model: type[models.Model]) -> None:
        self._table = model._meta.db_table
        self._pk = _column(model, "pk")
        self._taken: list[int] = []
        self._next = 0
        if connection.vendor != "postgresql":
            quote = connection.ops.quote_name
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT MAX({quote(self._pk)}) FROM {quote(self._table)}")  # noqa: S608
                highest = cursor.fetchone()[0] or 0
                # AUTOINCREMENT never reuses the id of a deleted row; neither do we.
                cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [self._table])
                used = cursor.fetchone()
            self._next = max(highest, used[0] if used else 0) + 1

    def take(self) -> int:
        if connection.vendor != "postgresql":
            self._next += 1
            return self._next - 1
        if not self._taken:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                    [self._table, self._pk, BATCH_SIZE],
                )
                self._taken = [pk for (pk,) in reversed(cursor.fetchall())]
        return self._taken.pop()


def copy_rows(target: str, width: int, rows: Iterable[tuple[Any, ...]]) -> int:
    """Append ``rows`` (tuples of ``width`` values) to the table ``target`` (a quoted
    name, optionally with a column list): COPY on PostgreSQL, multi-row INSERTs on SQLite.
    Returns how many rows were written."""
    with connection.cursor() as cursor:
        return _write(cursor, target, width, rows)


def _write(cursor: CursorWrapper, target: str, width: int, rows: Iterable[tuple[Any, ...]]) -> int:
    count = 0
    if connection.vendor == "postgresql":
        with cursor.cursor.copy(f"COPY {target} FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
        return count
    # SQLite caps the number of parameters of one statement.
    limit = connection.features.max_query_params or BATCH_SIZE * width
    per_statement = max(1, min(BATCH_SIZE, limit // width))
    placeholders = "(" + ", ".join(["%s"] * width) + ")"
    iterator = iter(rows)
    while batch := list(islice(iterator, per_statement)):
        values = ", ".join([placeholders] * len(batch))
        cursor.execute(
            f"INSERT INTO {target} VALUES {values}",  # noqa: S608 - quoted names, not data
            [value for row in batch for value in row],
        )
        count += len(batch)
    return count


def _chain(first: tuple[Any, ...], rest: Iterator[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
    yield first
    yield from rest


def _field(model: type[models.Model], name: str) -> "models.Field[Any, Any]":
    field = model._meta.pk if name == "pk" else model._meta.get_field(name)
    if not isinstance(field, models.Field):
        raise TypeError(f"{model.__name__}.{name} is not a column")
    return field


def _column(model: type[models.Model], name: str) -> str:
    column = _field(model, name).column
    if column is None:
        raise TypeError(f"{model.__name__}.{name} has no column")
    return column
