"""Writing Batches of rows: COPY on PostgreSQL, bulk_create elsewhere; and reserving their ids.

All of it runs inside the caller's transaction:

    with transaction.atomic():
        ids = reserve_ids()        # PostgreSQL: locks the tables against other inserts
        ...fill Batches, taking ids from ids[Model]; write(batch) each...
        finish_ids(ids)            # the sequences move past the ids used

Reserving: under a SHARE ROW EXCLUSIVE lock (other sessions can read, not insert) the next free
id of every table is read; the generator counts up from it, and at the end each sequence is set
to the last id used. No id is handed out twice, and no row costs a round trip.
"""
import itertools
from contextlib import contextmanager
from operator import attrgetter

from django.db import connection as default_connection

from orders.demo.rows import MODELS, WITH_IDS


class Ids(dict):
    """model -> itertools.count of the next ids; remembers where each started."""

    def __init__(self, starts):
        super().__init__({model: itertools.count(start) for model, start in starts.items()})
        self.starts = starts


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


def write(batch, connection=default_connection) -> None:
    if connection.vendor == "postgresql":
        _copy(batch, connection)
    else:
        _bulk_create(batch, connection)


def _columns(model):
    fields = model._meta.concrete_fields
    return [f.column for f in fields], attrgetter(*(f.attname for f in fields))


def _copy(batch, connection):
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in MODELS:
            rows = batch.rows[model]
            if not rows:
                continue
            columns, values = _columns(model)
            statement = f"COPY {quote(model._meta.db_table)} ({', '.join(map(quote, columns))}) FROM STDIN"
            with cursor.copy(statement) as copy:
                write_row = copy.write_row
                for row in rows:
                    write_row(values(row))


def _bulk_create(batch, connection):
    for model in MODELS:
        rows = batch.rows[model]
        if not rows:
            continue
        names = [f.attname for f in model._meta.concrete_fields]
        values = attrgetter(*names)
        instances = [model(**dict(zip(names, values(row)))) for row in rows]
        model.objects.using(connection.alias).bulk_create(instances, batch_size=500)
        stamped = [f.attname for f in model._meta.concrete_fields if getattr(f, "auto_now", False)
                   or getattr(f, "auto_now_add", False)]
        if stamped:
            # bulk_create stamps auto_now(_add) fields with the present; put the generated times back.
            for instance, row in zip(instances, rows):
                for name in stamped:
                    setattr(instance, name, getattr(row, name))
            model.objects.using(connection.alias).bulk_update(instances, stamped, batch_size=500)


def finish_ids(ids: Ids, connection=default_connection) -> None:
    """Move each PostgreSQL sequence past the ids used (SQLite keeps track of explicit ids itself)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in WITH_IDS:
            last = next(ids[model]) - 1
            if last >= ids.starts[model]:
                cursor.execute("SELECT setval(%s, %s)", [_sequence(cursor, model._meta.db_table), last])


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
            # Schedule's key is its plan's id, so its new rows start where the new groups do.
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
            for field, count in zip(keys, cursor.fetchone()):
                if count:
                    problems.append(f"{count} {model.__name__}.{field.name} name no {field.related_model.__name__}")
    return problems


# Foreign keys to the parent a row is generated with: their values only grow as the seed goes,
# so an index that starts with one takes each new entry at its right edge, cheaply. These stay.
GROWING_KEYS = {
    "customers_address": "customer_id", "customers_organization": "parent_id",
    "orders_orderaddress": "order_group_id", "orders_orderform": "order_group_id",
    "orders_shipment": "order_form_id", "orders_lineitem": "shipment_id", "orders_payment": "order_form_id",
    "orders_discount": "order_group_id", "orders_note": "order_group_id", "orders_returnform": "order_group_id",
    "orders_returnline": "return_form_id",
}


@contextmanager
def secondary_indexes_rebuilt(connection=default_connection):
    """Drop the plain indexes of the tables the seed fills that cost most to keep current; recreate them at the end.

    An index on scattered values (names, emails, totals, trigrams) costs a page read and write
    for nearly every row added; building it once from the loaded rows is several times cheaper
    (PostgreSQL sorts, in parallel). Unique and primary-key indexes stay, so uniqueness is still
    checked as rows arrive, and so do indexes that start with the growing parent key
    (GROWING_KEYS). Each index comes back from its own saved definition (pg_get_indexdef), inside
    the caller's transaction: if anything fails in between, the rollback restores every index as
    it was. PostgreSQL only, and only while the per-row foreign key triggers are off (CREATE INDEX
    refuses a table with pending trigger events).
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
                 if GROWING_KEYS.get(table) != first]
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
