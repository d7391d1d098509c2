"""Reading settings from the environment, failing loudly on bad values.

A misspelt boolean or a malformed DATABASE_URL must stop start-up with a message naming the
variable, not fall back silently to something the operator did not ask for.
"""
import os
import tempfile
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.exceptions import ImproperlyConfigured

TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off", ""}


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def envbool(name: str, default: str) -> bool:
    value = env(name, default).strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean: use one of 1/0, true/false, yes/no, on/off.")


def envint(name: str, default: str) -> int:
    value = env(name, default).strip()
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


def envtimezone(name: str, default: str) -> str:
    value = env(name, default).strip()
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ImproperlyConfigured(f"{name}={value!r} is not a time zone name such as 'Europe/Stockholm' or 'UTC'.") from None
    return value


def database_from_url(name: str, url: str, base_dir: Path) -> dict:
    """Turn DATABASE_URL into a Django DATABASES entry.

    Only the two databases we test on are accepted: sqlite:///relative/or//absolute/path and
    postgres://user:password@host:port/name?option=value.
    """
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        path = unquote(parts.path)
        if not path or path == "/":
            raise ImproperlyConfigured(f"{name}={url!r} names no SQLite file: use sqlite:///db.sqlite3.")
        # sqlite:///db.sqlite3 is relative to the project, sqlite:////tmp/x.sqlite3 absolute.
        path = path[1:] if path.startswith("/") else path
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": path if Path(path).is_absolute() else str(base_dir / path),
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
            # Tests use a file, not Django's shared in-memory database: with that, the live server
            # used by the browser tests hands one connection to all its request threads, so an
            # htmx poll arriving during a save broke the save (a 500 seen in CI). A file gives each
            # thread its own connection, as in production. One file per process, so parallel runs
            # do not clobber each other.
            "TEST": {"NAME": str(Path(tempfile.gettempdir()) / f"csrportal-test-{os.getpid()}.sqlite3")},
        }
    if parts.scheme in ("postgres", "postgresql"):
        database = unquote(parts.path.lstrip("/"))
        if not database:
            raise ImproperlyConfigured(f"{name}={url!r} names no database: postgres://user@host:5432/csrportal.")
        try:
            port = parts.port
        except ValueError:
            raise ImproperlyConfigured(f"{name}={url!r} has a port that is not a number.") from None
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": database,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(port or ""),
            # Persistent connections: opening one costs more than most of our page queries.
            "CONN_MAX_AGE": 600,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": dict(parse_qsl(parts.query)),
        }
    raise ImproperlyConfigured(
        f"{name}={url!r} is not supported: use sqlite:///path/to/file.sqlite3 or postgres://user@host:port/name."
    )
