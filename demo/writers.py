"""Writing rows: COPY on PostgreSQL, bulk_create elsewhere; and reserving their ids and numbers.

All of it runs inside the caller's transaction:

    with transaction.atomic():
        ids = reserve_ids()                 # PostgreSQL: locks the tables against other inserts
        starts = reserve_numbers(prefixes)  # locks the number sequences
        ...fill Batches, taking ids from ids[Model] and numbers from the starts...
        write(encode(batch))                # encode() needs no database: another process may run it
        finish_ids(ids, next_ids)           # the sequences move past the ids used
        finish_numbers(starts, used)        # allocate_numbers hands out exactly the numbers used

Reserving ids: under a SHARE ROW EXCLUSIVE lock (other sessions can read, not insert) the next
free id of every table is read; the generator counts up from it, and at the end each sequence is
set to the last id used. Numbers: the sequence rows stay locked until commit, so the numbers
after the locked values are ours; one allocate_numbers(prefix, count) call per prefix at the end
moves each sequence past them. Nothing is handed out twice, and no row costs a round trip.
"""
import io
import itertools
from contextlib import contextmanager
from operator import attrgetter

from django.db import connection as default_connection
from psycopg.copy import Copy, FileWriter

from customers.models import Customer
from demo.rows import MODELS, WITH_IDS
from orders.models import NumberSequence
from orders.numbers import allocate_numbers


class Ids(dict):
    """model -> itertools.count of the next ids; remembers where each started."""

    def __init__(self, starts):
        super().__init__({model: itertools.count(start) for model, start in starts.items()})
        self.starts = starts

    def next_values(self) -> dict[str, int]:
        """The next id of each table, by model label (what finish_ids takes; a pickle-friendly dict)."""
        return {model._meta.label: next(counter) for model, counter in self.items()}


def reserve_ids(connection=default_connection) -> Ids:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in WITH_IDS)
            cursor.execute(f"LOCK TABLE {tables} IN SHARE ROW EXCLUSIVE MODE")
            starts = {}
            for model in WITH_IDS:
                table = model._meta.db_table
                cursor.execute(
                    f"SELECT GREATEST((SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(table)}),"
                    f" (SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END"
                    f"  FROM {_sequence(cursor, table)}))"
                )
                starts[model] = cursor.fetchone()[0] + 1
            return Ids(starts)
        starts = {}
        for model in WITH_IDS:
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
            highest = cursor.fetchone()[0]
            if connection.vendor == "sqlite":
                cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [model._meta.db_table])
                row = cursor.fetchone()
                highest = max(highest, row[0] if row else 0)
            starts[model] = highest + 1
        return Ids(starts)


def _sequence(cursor, table):
    cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
    return cursor.fetchone()[0]


def encode(batch, connection=default_connection) -> dict:
    """The batch as {model label: data}, ready for write() and cheap to send to another process.

    On PostgreSQL the data is COPY text, formatted by psycopg itself (a Copy that writes to memory,
    psycopg.copy.FileWriter), so this runs no query; elsewhere, the rows as tuples.
    """
    payload = {}
    for model in MODELS:
        rows = batch.rows[model]
        if not rows:
            continue
        values = attrgetter(*(f.attname for f in model._meta.concrete_fields))
        if connection.vendor == "postgresql":
            buffer = io.BytesIO()
            with Copy(connection.connection.cursor(), writer=FileWriter(buffer)) as copy:
                write_row = copy.write_row
                for row in rows:
                    write_row(values(row))
            payload[model._meta.label] = buffer.getvalue()
        else:
            payload[model._meta.label] = [values(row) for row in rows]
    return payload


def write(payload: dict, connection=default_connection) -> None:
    for model in MODELS:
        data = payload.get(model._meta.label)
        if not data:
            continue
        if connection.vendor == "postgresql":
            _copy(model, data, connection)
        else:
            _bulk_create(model, data, connection)


def _copy(model, data, connection):
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in model._meta.concrete_fields)
    with connection.cursor() as cursor:
        with cursor.copy(f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN") as copy:
            copy.write(data)


def _bulk_create(model, rows, connection):
    names = [f.attname for f in model._meta.concrete_fields]
    instances = [model(**dict(zip(names, row, strict=True))) for row in rows]
    if instances:
        model.objects.using(connection.alias).bulk_create(instances, batch_size=500)
        stamped = [f.attname for f in model._meta.concrete_fields if getattr(f, "auto_now", False)
                   or getattr(f, "auto_now_add", False)]
        if stamped:
            # bulk_create stamps auto_now(_add) fields with the present; put the generated times back.
            for instance, row in zip(instances, rows, strict=True):
                for name in stamped:
                    setattr(instance, name, row[names.index(name)])
            model.objects.using(connection.alias).bulk_update(instances, stamped, batch_size=500)


def finish_ids(ids: Ids, next_ids: dict[str, int], connection=default_connection) -> None:
    """Move each PostgreSQL sequence past the ids used (SQLite keeps track of explicit ids itself)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in WITH_IDS:
            last = next_ids[model._meta.label] - 1
            if last >= ids.starts[model]:
                cursor.execute("SELECT setval(%s, %s)", [_sequence(cursor, model._meta.db_table), last])


def reserve_numbers(prefixes) -> dict[str, int]:
    """Lock each prefix's number sequence until commit and return its next value."""
    starts = {}
    for prefix in prefixes:
        NumberSequence.objects.get_or_create(prefix=prefix)
        starts[prefix] = NumberSequence.objects.select_for_update().get(prefix=prefix).next_value
    return starts


def finish_numbers(starts: dict[str, int], used: dict[str, int]) -> None:
    """Allocate the numbers the generator used: exactly those, since the sequences stayed locked."""
    for prefix, count in used.items():
        if count:
            first = allocate_numbers(prefix, count)[0]
            assert first == f"{prefix}{starts[prefix]}", f"{prefix} numbers moved under the seed: {first}"


def dangling_references(ids: Ids, connection=default_connection) -> list[str]:
    """Foreign keys of the rows added since `ids` was reserved that name no existing row.

    What the skipped per-row triggers would have checked, at a fraction of their cost: one scan
    of each table's new rows, outer-joined to every table it refers to.
    """
    quote = connection.ops.quote_name
    problems = []
    with connection.cursor() as cursor:
        for model in MODELS:
            pk = model._meta.pk
            # Schedule's key is its subscription's id, so its new rows start where the new groups do.
            start = ids.starts[pk.related_model if pk.is_relation else model]
            keys = [field for field in model._meta.concrete_fields if field.is_relation]
            counts = ", ".join(
                f"COUNT(*) FILTER (WHERE child.{quote(f.column)} IS NOT NULL AND p{i}.{quote(f.target_field.column)} IS NULL)"
                for i, f in enumerate(keys)
            )
            joins = " ".join(
                f"LEFT JOIN {quote(f.related_model._meta.db_table)} p{i}"
                f" ON p{i}.{quote(f.target_field.column)} = child.{quote(f.column)}"
                for i, f in enumerate(keys)
            )
            cursor.execute(
                f"SELECT {counts} FROM {quote(model._meta.db_table)} child {joins} WHERE child.{quote(pk.column)} >= %s",
                [start],
            )
            for field, count in zip(keys, cursor.fetchone(), strict=True):
                if count:
                    problems.append(f"{count} {model.__name__}.{field.name} name no {field.related_model.__name__}")
    return problems


def _cheap_to_keep(table, column):
    """Whether an index led by `column` takes new rows cheaply: led by a foreign key, not to a customer."""
    model = next(model for model in MODELS if model._meta.db_table == table)
    field = next((f for f in model._meta.concrete_fields if f.column == column), None)
    return field is not None and field.is_relation and field.related_model is not Customer


@contextmanager
def secondary_indexes_rebuilt(connection=default_connection):
    """Drop the plain indexes of the tables the seed fills that cost most to keep current; recreate them at the end.

    An index on scattered values (names, emails, totals, dates, trigrams, customers) costs a page
    read and write for nearly every row added; building it once from the loaded rows is several
    times cheaper. Indexes led by any other foreign key stay: their new entries land in a few
    hot places (the parent id, which only grows, or one of a few hundred reference rows). Unique
    and primary-key indexes stay too, so uniqueness is checked as rows arrive. Each dropped index
    comes back from its own saved definition (pg_get_indexdef), inside the caller's transaction:
    if anything fails in between, the rollback restores every index as it was. PostgreSQL only,
    and only while the per-row foreign key triggers are off (CREATE INDEX refuses a table with
    pending trigger events).
    """
    tables = [model._meta.db_table for model in MODELS]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT index.relname, pg_get_indexdef(x.indexrelid), tab.relname, first.attname FROM pg_index x"
            " JOIN pg_class index ON index.oid = x.indexrelid"
            " JOIN pg_class tab ON tab.oid = x.indrelid"
            " LEFT JOIN pg_attribute first ON first.attrelid = x.indrelid AND first.attnum = x.indkey[0]"
            " WHERE x.indrelid = ANY(%s::regclass[]) AND NOT x.indisunique AND NOT x.indisprimary"
            " ORDER BY index.relname",
            [tables],
        )
        saved = [(name, definition) for name, definition, table, first in cursor.fetchall()
                 if not _cheap_to_keep(table, first)]
        for name, _ in saved:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    yield len(saved)
    with connection.cursor() as cursor:
        cursor.execute("SHOW maintenance_work_mem")
        previous = cursor.fetchone()[0]
        cursor.execute("SELECT set_config('maintenance_work_mem', '256MB', true)")
        for _, definition in saved:
            cursor.execute(definition)
        cursor.execute("SELECT set_config('maintenance_work_mem', %s, true)", [previous])
