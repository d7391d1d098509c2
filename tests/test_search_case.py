"""SQLite connections use Python's UPPER and LOWER (csrportal.search.use_unicode_case), and the
expression indexes an older database built with SQLite's ASCII-only ones are rebuilt once."""
import importlib
import sqlite3

import pytest
from django.db import connection

from csrportal.search import use_unicode_case

reindex = importlib.import_module("csrportal.migrations.0003_sqlite_unicode_case_indexes").reindex


def test_a_django_sqlite_connection_upper_cases_every_letter(db):
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL's UPPER knows every letter already")
    with connection.cursor() as cursor:
        cursor.execute("SELECT UPPER('björn ståhl'), LOWER('MÅRTEN'), UPPER(NULL)")
        assert cursor.fetchone() == ("BJÖRN STÅHL", "mårten", None)


class _Connection:
    """What the migration asks of Django's connection, over a plain sqlite3 connection."""

    vendor = "sqlite"

    def __init__(self, raw):
        self.connection = raw

    def cursor(self):
        raw = self.connection

        class Cursor:
            def __enter__(self):
                self.cursor = raw.cursor()
                return self.cursor

            def __exit__(self, *exc):
                self.cursor.close()

        return Cursor()


class _SchemaEditor:
    def __init__(self, connection):
        self.connection = connection

    def execute(self, sql):
        self.connection.connection.execute(sql)


@pytest.mark.parametrize("rebuilt", [True, False])
def test_rows_indexed_by_sqlites_own_upper_stay_usable_once_the_indexes_are_rebuilt(tmp_path, rebuilt):
    path = tmp_path / "old.sqlite3"
    old = sqlite3.connect(path)  # as the database was made before: SQLite's ASCII-only UPPER
    old.execute("CREATE TABLE customers_customer (id INTEGER PRIMARY KEY, last_name TEXT)")
    old.execute("CREATE INDEX customer_last_name_upper ON customers_customer (UPPER(last_name))")
    old.execute("INSERT INTO customers_customer (last_name) VALUES ('Björn'), ('Ståhl')")
    old.commit()
    old.close()

    now = _Connection(sqlite3.connect(path))
    use_unicode_case(None, now)
    if rebuilt:
        reindex(None, _SchemaEditor(now))
    try:
        now.connection.execute("DELETE FROM customers_customer WHERE last_name = 'Björn'")
        healthy = now.connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    except sqlite3.DatabaseError:
        healthy = False
    assert healthy is rebuilt
