"""Settings come from the environment, and a bad value stops start-up naming the variable."""
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from csrportal.env import database_from_url, envbool, envtimezone

ROOT = Path(__file__).resolve().parents[1]


def test_sqlite_urls_are_relative_to_the_project_unless_absolute():
    assert database_from_url("DATABASE_URL", "sqlite:///db.sqlite3", ROOT)["NAME"] == str(ROOT / "db.sqlite3")
    assert database_from_url("DATABASE_URL", "sqlite:////tmp/x.sqlite3", ROOT)["NAME"] == "/tmp/x.sqlite3"


def test_postgres_urls_give_persistent_connections():
    database = database_from_url("DATABASE_URL", "postgres://app:s%40cret@db.local:6432/shop?sslmode=require", ROOT)
    assert (database["ENGINE"], database["NAME"], database["USER"], database["PASSWORD"]) == (
        "django.db.backends.postgresql", "shop", "app", "s@cret")
    assert (database["HOST"], database["PORT"], database["OPTIONS"]) == ("db.local", "6432", {"sslmode": "require"})
    assert database["CONN_MAX_AGE"] > 0 and database["CONN_HEALTH_CHECKS"]


@pytest.mark.parametrize("url, says", [
    ("mysql://root@localhost/x", "is not supported"), ("postgres://host:port/x", "port that is not a number"),
    ("postgres://localhost", "names no database"), ("sqlite://", "names no SQLite file"),
])
def test_a_bad_database_url_is_refused_with_the_reason(url, says):
    with pytest.raises(ImproperlyConfigured, match=says):
        database_from_url("DATABASE_URL", url, ROOT)


def test_booleans_and_time_zones_are_checked(monkeypatch):
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="DEBUG='maybe' is not a boolean"):
        envbool("DEBUG", "false")
    monkeypatch.setenv("TIME_ZONE", "Mars/Olympus")
    with pytest.raises(ImproperlyConfigured, match="TIME_ZONE='Mars/Olympus' is not a time zone"):
        envtimezone("TIME_ZONE", "UTC")


def start(**environment) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key not in ("DEBUG", "SECRET_KEY")}
    env.update(environment)
    return subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True)


def test_without_a_secret_key_production_settings_do_not_start():
    refused = start(DEBUG="0")
    assert refused.returncode != 0
    assert "SECRET_KEY is not set" in refused.stderr
    assert start(DEBUG="1").returncode == 0


def test_a_command_without_its_settings_says_what_is_missing_in_one_line():
    import os
    import subprocess
    import sys
    from pathlib import Path

    environment = {name: value for name, value in os.environ.items() if name not in ("DEBUG", "SECRET_KEY")}
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=Path(__file__).resolve().parent.parent,
                            env=environment, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "SECRET_KEY is not set" in result.stderr
    assert "Traceback" not in result.stderr
