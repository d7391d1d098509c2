"""`make bench`: how fast the portal answers with 1,000,000 purchase orders.

1. Database: creates BENCH_DATABASE_URL's database if it is missing, migrates it, and seeds it
   with `seed_demo --orders BENCH_ORDERS --seed 1` unless it already holds that many purchase
   orders; VACUUM ANALYZE after seeding (ANALYZE alone when only migrations were applied, so
   the statistics of new expression indexes exist). A database seeded before the customers'
   figures existed gets them (`refresh_customer_figures`), for the Customers tab's scenarios.
2. Server: gunicorn with 2 sync workers, DEBUG off, on a free loopback port; stopped at the
   end whatever happens. Its output goes to bench/gunicorn.log.
3. Latency: one logged-in CSR sends BENCH_REQUESTS sequential requests per scenario (after
   BENCH_WARMUP uncounted ones) and keeps the wall time of each, connect to last byte, as seen
   from the client on loopback; p50/p95/max per scenario, beside its p95 target (scenarios() below;
   docs/performance.md, "Our targets").
   A `Server-Timing` response header, when the portal sends one, is reported too (its p95).
4. Throughput: BENCH_CLIENTS concurrent clients, each with its own session, fetch the first
   page for BENCH_SECONDS.
5. Queries: each scenario once more in this process with Django's test Client and
   CaptureQueriesContext against the same database (the count includes the session, user and
   CSR-role queries every page pays).

Prints a table and writes it as Markdown to bench/results.md. Standard library and psycopg
only; every address is a loopback one.

Environment (defaults): BENCH_DATABASE_URL (postgres://postgres@127.0.0.1:5432/csrportal_bench),
BENCH_ORDERS (1000000), BENCH_REQUESTS (50), BENCH_WARMUP (5), BENCH_SECONDS (10),
BENCH_CLIENTS (4), BENCH_SCENARIO_SECONDS (120, the most one scenario may take),
BENCH_USER / BENCH_PASSWORD (csr / csr-demo-123), BENCH_SQL (1: print each scenario's queries).
"""
from __future__ import annotations

import datetime as dt
import http.client
import math
import os
import platform
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import warnings
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import unquote, urlencode, urlsplit

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "bench"
RESULTS = BENCH_DIR / "results.md"
SERVER_LOG = BENCH_DIR / "gunicorn.log"
PYTHON = sys.executable  # make runs the venv's python, and gunicorn lives beside it
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
WORKERS = 2
LOOPBACK = {"127.0.0.1", "::1", "localhost"}
REQUEST_TIMEOUT = 60  # seconds, per request


class BenchError(Exception):
    """Stops the run with a message (no traceback)."""


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip() or str(default)
    try:
        number = int(value)
    except ValueError:
        raise BenchError(f"{name}={value!r} is not a whole number.") from None
    if number < 0:
        raise BenchError(f"{name}={value!r} must not be negative.")
    return number


@dataclass
class Config:
    database_url: str
    orders: int
    requests: int
    warmup: int
    seconds: int
    clients: int
    scenario_seconds: int
    username: str
    password: str
    show_sql: bool

    @classmethod
    def from_env(cls) -> Config:
        return cls(
            database_url=os.environ.get("BENCH_DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/csrportal_bench",
            orders=env_int("BENCH_ORDERS", 1_000_000),
            requests=max(1, env_int("BENCH_REQUESTS", 50)),
            warmup=env_int("BENCH_WARMUP", 5),
            seconds=max(1, env_int("BENCH_SECONDS", 10)),
            clients=max(1, env_int("BENCH_CLIENTS", 4)),
            scenario_seconds=max(1, env_int("BENCH_SCENARIO_SECONDS", 120)),
            username=os.environ.get("BENCH_USER") or "csr",
            password=os.environ.get("BENCH_PASSWORD") or "csr-demo-123",
            show_sql=os.environ.get("BENCH_SQL", "") not in ("", "0"),
        )


def say(message: str = "") -> None:
    print(message, flush=True)


# --- 1. The database ---------------------------------------------------------------------------

def database_conninfo(url: str) -> tuple[str, dict]:
    """The database name and psycopg connection arguments of a postgres:// URL (loopback only)."""
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql"):
        raise BenchError(f"BENCH_DATABASE_URL={url!r}: the benchmark runs on PostgreSQL (postgres://...).")
    name = unquote(parts.path.lstrip("/"))
    if not name:
        raise BenchError(f"BENCH_DATABASE_URL={url!r} names no database.")
    if parts.hostname and parts.hostname not in LOOPBACK:
        raise BenchError(f"BENCH_DATABASE_URL={url!r}: the benchmark only talks to a database on this machine.")
    args = {"host": parts.hostname or None, "port": parts.port or None, "user": unquote(parts.username or "") or None,
            "password": unquote(parts.password or "") or None}
    return name, {key: value for key, value in args.items() if value is not None}


def ensure_database(name: str, args: dict) -> None:
    with psycopg.connect(dbname="postgres", autocommit=True, **args) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return
        say(f"Creating database {name}")
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def applied_migrations(name: str, args: dict) -> int:
    with psycopg.connect(dbname=name, **args) as conn:
        if conn.execute("SELECT to_regclass('django_migrations')").fetchone()[0] is None:
            return 0
        return conn.execute("SELECT count(*) FROM django_migrations").fetchone()[0]


def purchase_order_count(name: str, args: dict) -> int:
    with psycopg.connect(dbname=name, **args) as conn:
        return conn.execute("SELECT count(*) FROM orders_ordergroup WHERE kind = 'po'").fetchone()[0]


def maintain(name: str, args: dict, statement: str) -> None:
    started = time.monotonic()
    say(f"{statement} ...")
    with psycopg.connect(dbname=name, autocommit=True, **args) as conn:  # VACUUM refuses a transaction
        conn.execute(statement)
    say(f"{statement} took {time.monotonic() - started:.0f} s")


def manage(server_env: dict, *arguments: str) -> None:
    command = [PYTHON, "manage.py", *arguments]
    say("$ " + " ".join(command[1:]))
    result = subprocess.run(command, cwd=ROOT, env=server_env)
    if result.returncode:
        raise BenchError(f"`manage.py {' '.join(arguments)}` failed (exit {result.returncode}); its output is above.")


def prepare_database(config: Config, name: str, args: dict, server_env: dict) -> int:
    ensure_database(name, args)
    before = applied_migrations(name, args)
    manage(server_env, "migrate", "--noinput", "-v", "1")
    migrated = applied_migrations(name, args) > before
    count = purchase_order_count(name, args)
    if count < config.orders:
        say(f"{name} holds {count:,} purchase orders; seeding {config.orders:,} (minutes at a million)")
        started = time.monotonic()
        manage(server_env, "seed_demo", "--orders", str(config.orders), "--seed", "1")
        say(f"seed_demo took {time.monotonic() - started:.0f} s")
        maintain(name, args, "VACUUM ANALYZE")
        count = purchase_order_count(name, args)
        if count < config.orders:
            say(f"note: after seeding, {name} holds {count:,} purchase orders, fewer than {config.orders:,}")
    elif migrated:
        maintain(name, args, "ANALYZE")
    else:
        say(f"{name} holds {count:,} purchase orders; no seeding needed")
    if count and not customer_figures_filled(name, args):
        # A database seeded before the customers' figures existed: the Customers tab needs them.
        manage(server_env, "refresh_customer_figures")
        maintain(name, args, "ANALYZE")
    return count


def customer_figures_filled(name: str, args: dict) -> bool:
    with psycopg.connect(dbname=name, **args) as conn:
        return conn.execute("SELECT EXISTS (SELECT 1 FROM customers_customer WHERE order_count > 0)").fetchone()[0]


@dataclass
class Picks:
    market: str
    email: str
    number: str
    editable_number: str = ""  # an In Progress order with a line in an unreleased shipment
    line_id: int = 0
    phone: str = ""  # the phone number of the order's customer
    tracking_number: str = ""  # a shipped shipment's, from the middle of the table
    warehouse: str = ""  # the code of the warehouse with the first open shipment (the Shipments tab's filter)
    pick_list: str = ""  # the newest pick list's number


def pick_values(name: str, args: dict) -> Picks:
    """Real values to search for: the first market, and a purchase order of a registered customer
    from the middle of the table (the same one every run on the same data)."""
    with psycopg.connect(dbname=name, **args) as conn:
        market = conn.execute("SELECT code FROM catalog_market ORDER BY id LIMIT 1").fetchone()
        middle = conn.execute("SELECT (min(id) + max(id)) / 2 FROM orders_ordergroup WHERE kind = 'po'").fetchone()[0]
        order = conn.execute(
            "SELECT number, customer_email FROM orders_ordergroup"
            " WHERE kind = 'po' AND id >= %s AND customer_id IS NOT NULL AND customer_email <> ''"
            " ORDER BY id LIMIT 1",
            [middle or 0],
        ).fetchone()
        editable = conn.execute(
            "SELECT g.number, l.id FROM orders_ordergroup g"
            " JOIN orders_orderform f ON f.order_group_id = g.id JOIN orders_shipment s ON s.order_form_id = f.id"
            " JOIN orders_lineitem l ON l.shipment_id = s.id"
            " WHERE g.kind = 'po' AND g.status = 'in_progress' AND s.status = 'awaiting_inventory' AND g.id >= %s"
            " ORDER BY g.id LIMIT 1",
            [middle or 0],
        ).fetchone()
        phone = conn.execute("SELECT phone FROM customers_customer WHERE LOWER(email) = LOWER(%s)", [order[1] if order else ""]).fetchone()
        tracking = conn.execute(
            "SELECT tracking_number FROM orders_shipment WHERE id >= (SELECT (min(id) + max(id)) / 2 FROM orders_shipment)"
            " AND tracking_number <> '' ORDER BY id LIMIT 1").fetchone()
        warehouse = conn.execute(
            "SELECT w.code FROM catalog_warehouse w WHERE w.id = (SELECT warehouse_id FROM orders_shipment"
            " WHERE status = 'released' AND warehouse_id IS NOT NULL ORDER BY created DESC, id DESC LIMIT 1)").fetchone()
        pick_list = conn.execute("SELECT number FROM orders_picklist ORDER BY id DESC LIMIT 1").fetchone()
    if not market or not order:
        raise BenchError(f"{name} has no market or no purchase order of a registered customer to search for.")
    picks = Picks(market=market[0], number=order[0], email=order[1], phone=phone[0] if phone else "",
                  tracking_number=tracking[0] if tracking else "", warehouse=warehouse[0] if warehouse else "",
                  pick_list=pick_list[0] if pick_list else "")
    if editable:
        picks.editable_number, picks.line_id = editable
    return picks


# --- Scenarios ---------------------------------------------------------------------------------

@dataclass
class Scenario:
    label: str
    path: str
    target_ms: float
    missing_ok: bool = False  # a 404 means "not built yet": reported as n/a
    edit_line: int = 0  # an inline edit: POST a new quantity of this line, as the order page does
    headers: dict = field(default_factory=dict)  # sent with each request: {"HX-Request": "true"} for an htmx one


def scenarios(picks: Picks) -> list[Scenario]:
    today = dt.date.today()
    filtered = urlencode([
        ("status", "in_progress"), ("status", "on_hold"), ("market", picks.market), ("created", "custom"),
        ("created_from", (today - dt.timedelta(days=180)).isoformat()), ("created_to", today.isoformat()),
    ])
    return [
        Scenario("first page", "/orders/", 30),
        Scenario("filtered (status, market, 180 days)", f"/orders/?{filtered}", 50),
        Scenario("customer '%tay'", "/orders/?" + urlencode({"customer": "%tay"}), 60),
        Scenario("customer 'smi'", "/orders/?" + urlencode({"customer": "smi"}), 60),
        Scenario("exact email", "/orders/?" + urlencode({"email": picks.email}), 20),
        Scenario("exact number", "/orders/?" + urlencode({"number": picks.number}), 20),
        Scenario("last page", "/orders/?page=last", 50),
        Scenario("last page, completed", "/orders/?status=completed&page=last", 50),
        Scenario("customers: first page", "/customers/", 30),
        Scenario("customers: name '%tay'", "/customers/?" + urlencode({"name": "%tay"}), 60),
        Scenario("customers: exact email", "/customers/?" + urlencode({"email": picks.email}), 20),
        Scenario("customers: lifetime value, one currency", "/customers/?sort=-lifetime_value&currency=USD", 30),
        Scenario("order detail", f"/orders/{picks.number}/", 30, missing_ok=True),
        Scenario("order detail, form details", f"/orders/{picks.editable_number or picks.number}/forms/", 30,
                 missing_ok=True),
        *([Scenario("inline edit: change a quantity", f"/orders/{picks.editable_number}/edit/quantity/{picks.line_id}/",
                    30, missing_ok=True, edit_line=picks.line_id)] if picks.line_id else []),
        *search_box_scenarios(picks),
        *shipment_scenarios(picks),
        Scenario("print: an invoice (HTML)", f"/shipments/print/invoice/{picks.number}/", 60),
    ]


def shipment_scenarios(picks: Picks) -> list[Scenario]:
    """The Shipments tab (open shipments, newest first, on its partial indexes) and the pick lists."""
    released = urlencode({"status": "released", **({"warehouse": picks.warehouse} if picks.warehouse else {})})
    return [
        Scenario("shipments: first page", "/shipments/", 30, missing_ok=True),
        Scenario("shipments: released, one warehouse", f"/shipments/?{released}", 30, missing_ok=True),
        Scenario("shipments: packing", "/shipments/?status=packing", 30, missing_ok=True),
        Scenario("shipments: one market", "/shipments/?" + urlencode({"market": picks.market}), 30, missing_ok=True),
        Scenario("shipments: last page", "/shipments/?page=last", 30, missing_ok=True),
        Scenario("pick lists", "/shipments/pick-lists/", 30, missing_ok=True),
        *([Scenario("pick list page", f"/shipments/pick-lists/{picks.pick_list}/", 30, missing_ok=True)]
          if picks.pick_list else []),
    ]


def search_box_scenarios(picks: Picks) -> list[Scenario]:
    """The header's search box as the CSR types (the htmx drop-down), and its page of matches."""
    typed = {
        "number without prefix": picks.number.removeprefix("PO"),
        "exact email": picks.email,
        "name 'tay'": "tay",
        "name '%tay'": "%tay",
        **({"phone number": picks.phone} if picks.phone else {}),
        **({"tracking number": picks.tracking_number} if picks.tracking_number else {}),
    }
    dropdown = {"HX-Request": "true", "HX-Target": "quick-search-results"}
    return [
        *(Scenario(f"search box: {label}", "/search/?" + urlencode({"q": text}), 30, missing_ok=True, headers=dropdown)
          for label, text in typed.items()),
        Scenario("search page: name 'smi'", "/search/?" + urlencode({"q": "smi"}), 30, missing_ok=True),
    ]


# --- 2. The server -----------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn in the background for the length of a `with` block."""

    def __init__(self, server_env: dict):
        self.env = server_env
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Server:
        if not Path(GUNICORN).exists():
            raise BenchError(f"{GUNICORN} is missing: run the benchmark with the venv's python (make bench).")
        command = [GUNICORN, "csrportal.wsgi", "-b", f"127.0.0.1:{self.port}", "-w", str(WORKERS)]
        say(f"Starting gunicorn on 127.0.0.1:{self.port} ({WORKERS} workers, log in {SERVER_LOG.relative_to(ROOT)})")
        self.log = SERVER_LOG.open("wb")
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT)
        try:
            self.wait_until_ready(timeout=30)
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def wait_until_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(f"gunicorn exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                if Session(self.port).get("/login/").status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise BenchError(f"gunicorn did not answer GET /login/ with 200 within {timeout:.0f} s:\n{self.log_tail()}")

    def log_tail(self) -> str:
        self.log.flush()
        return "\n".join(SERVER_LOG.read_text(errors="replace").splitlines()[-30:])

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()  # gunicorn stops its workers gracefully on SIGTERM
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            say("Stopped gunicorn")
        self.log.close()


# --- 3. An HTTP client with cookies (standard library only) -------------------------------------

@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes
    seconds: float


class Session:
    """One browser-like client: its own connection and cookies, no redirects followed."""

    def __init__(self, port: int):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: str | None = None, headers: dict | None = None) -> Response:
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{key}={value}" for key, value in self.cookies.items())
        started = time.perf_counter()
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException):
            self.connection.close()  # the next request opens a fresh connection
            raise
        seconds = time.perf_counter() - started
        # gunicorn's sync workers close the connection after each response; http.client
        # reconnects on the next request, so the connect is part of each measured time.
        for header in response.headers.get_all("Set-Cookie") or []:
            jar = SimpleCookie()
            jar.load(header)
            for key, morsel in jar.items():
                if morsel["max-age"] == "0" or morsel.value == "":
                    self.cookies.pop(key, None)
                else:
                    self.cookies[key] = morsel.value
        return Response(response.status, response.headers, data, seconds)

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def log_in(self, username: str, password: str) -> None:
        page = self.get("/login/")
        found = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)
        token = found.group(1).decode() if found else self.cookies.get("csrftoken", "")
        form = urlencode({"csrfmiddlewaretoken": token, "username": username, "password": password, "next": "/"})
        answer = self.request("POST", "/login/", form, {"Content-Type": "application/x-www-form-urlencoded"})
        if answer.status != 302 or "sessionid" not in self.cookies:
            raise BenchError(f"Could not log in as {username!r} (POST /login/ answered {answer.status}); "
                             "does the bench database hold seed_demo's demo users?")


# --- 4. Latency --------------------------------------------------------------------------------

def percentile(values: list[float], fraction: float) -> float:
    """Nearest rank: the smallest value with at least `fraction` of the values at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def server_timings(headers: http.client.HTTPMessage) -> dict[str, float]:
    """`Server-Timing: db;dur=2.1, total;dur=9.8` -> {"db": 2.1, "total": 9.8} (milliseconds)."""
    timings = {}
    for header in headers.get_all("Server-Timing") or []:
        for metric in header.split(","):
            name, *params = [part.strip() for part in metric.split(";")]
            for param in params:
                key, _, value = param.partition("=")
                if name and key.strip().lower() == "dur":
                    try:
                        timings[name] = timings.get(name, 0.0) + float(value.strip().strip('"'))
                    except ValueError:
                        pass
    return timings


@dataclass
class Result:
    scenario: Scenario
    times_ms: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    server_ms: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    size: int = 0
    missing: bool = False
    stopped_early: bool = False
    queries: str = "-"

    def p(self, fraction: float) -> float | None:
        return percentile(self.times_ms, fraction) if self.times_ms else None


def measure(session: Session, scenario: Scenario, config: Config) -> Result:
    result = Result(scenario)
    deadline = time.monotonic() + config.scenario_seconds
    for index in range(config.warmup + config.requests):
        if time.monotonic() > deadline:
            result.stopped_early = True
            break
        try:
            response = (edit(session, scenario, index) if scenario.edit_line
                        else session.request("GET", scenario.path, headers=scenario.headers))
        except (OSError, http.client.HTTPException) as error:
            result.statuses[type(error).__name__] += 1
            continue
        if response.status == 404 and scenario.missing_ok:
            result.missing = True
            return result
        if index < config.warmup:
            continue
        result.statuses[str(response.status)] += 1
        result.times_ms.append(response.seconds * 1000)
        result.size = len(response.body)
        for name, value in server_timings(response.headers).items():
            result.server_ms[name].append(value)
    return result


def edit(session: Session, scenario: Scenario, index: int) -> Response:
    """One inline edit round trip: POST the quantity (1 and 2 in turn) with the version the page
    holds, as htmx does, and keep the version the answer carries for the next one."""
    if not getattr(session, "order_version", None):
        page = session.get(scenario.path.split("/edit/")[0] + "/forms/")
        found = re.search(rb'name="version" value="(\d+)"', page.body)
        session.order_version = found.group(1).decode() if found else "0"
    body = urlencode({"version": session.order_version, "quantity": 1 + index % 2})
    response = session.request("POST", scenario.path, body, {
        "Content-Type": "application/x-www-form-urlencoded", "HX-Request": "true", "HX-Target": "tab-content",
        "X-CSRFToken": session.cookies.get("csrftoken", "")})
    found = re.search(rb'name="version" value="(\d+)"', response.body)
    if found:
        session.order_version = found.group(1).decode()
    if b"field-error" in response.body or b"was changed by" in response.body:
        raise http.client.HTTPException("the edit was refused")
    return response


# --- 5. Throughput -----------------------------------------------------------------------------

@dataclass
class Throughput:
    clients: int
    seconds: float
    times_ms: list[float]
    statuses: Counter
    client_cpu: float  # seconds of CPU this process spent meanwhile: the clients share the machine

    @property
    def per_second(self) -> float:
        return self.statuses.get("200", 0) / self.seconds if self.seconds else 0.0


def throughput(port: int, path: str, config: Config) -> Throughput:
    sessions = []
    for _ in range(config.clients):
        session = Session(port)
        session.log_in(config.username, config.password)
        session.get(path)  # warm
        sessions.append(session)
    go = threading.Event()
    window = {}
    times: list[list[float]] = [[] for _ in sessions]
    statuses: list[Counter] = [Counter() for _ in sessions]

    def client(index: int) -> None:
        go.wait()
        while time.perf_counter() < window["end"]:
            try:
                response = sessions[index].get(path)
            except (OSError, http.client.HTTPException) as error:
                statuses[index][type(error).__name__] += 1
                continue
            statuses[index][str(response.status)] += 1
            times[index].append(response.seconds * 1000)

    threads = [threading.Thread(target=client, args=(index,), daemon=True) for index in range(len(sessions))]
    for thread in threads:
        thread.start()
    cpu = time.process_time()
    window["start"] = time.perf_counter()
    window["end"] = window["start"] + config.seconds
    go.set()
    for thread in threads:
        thread.join(config.seconds + REQUEST_TIMEOUT + 5)
    elapsed = time.perf_counter() - window["start"]  # includes the requests in flight at the end
    return Throughput(config.clients, elapsed, [t for part in times for t in part], sum(statuses, Counter()),
                      time.process_time() - cpu)


# --- 6. Queries per page -------------------------------------------------------------------------

def count_queries(results: list[Result], server_env: dict, config: Config) -> None:
    """Each scenario's query count, from Django's test Client in this process (steady state:
    the page is fetched once before it is counted)."""
    os.environ.update(server_env)
    sys.path.insert(0, str(ROOT))
    # WhiteNoise warns that staticfiles/ is missing: the portal serves from static/ without collectstatic.
    warnings.filterwarnings("ignore", message="No directory at")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment()  # lets the test Client's "testserver" host through ALLOWED_HOSTS
    client = Client()
    if not client.login(username=config.username, password=config.password):
        raise BenchError(f"The test Client could not log in as {config.username!r}.")
    for result in results:
        if result.missing:
            result.queries = "n/a"
            continue
        try:
            if result.scenario.edit_line:
                _post_edit(client, result.scenario.path, _version(client, result.scenario.path))
                version = _version(client, result.scenario.path)
                with CaptureQueriesContext(connection) as captured:
                    response = _post_edit(client, result.scenario.path, version)
            else:
                client.get(result.scenario.path, headers=result.scenario.headers)
                with CaptureQueriesContext(connection) as captured:
                    response = client.get(result.scenario.path, headers=result.scenario.headers)
        except Exception as error:  # a broken page must not hide the other results
            result.queries = f"error: {type(error).__name__}"
            continue
        result.queries = str(len(captured.captured_queries))
        if response.status_code != 200:
            result.queries += f" ({response.status_code})"
        if config.show_sql:
            say(f"\n-- {result.scenario.label}: {result.scenario.path}")
            for query in captured.captured_queries:
                say(f"[{float(query['time']) * 1000:7.1f} ms] {query['sql']}")


def _version(client, edit_path: str) -> str:
    """The order version the order page holds now."""
    page = client.get(edit_path.split("/edit/")[0] + "/forms/")
    found = re.search(rb'name="version" value="(\d+)"', page.content)
    return found.group(1).decode() if found else "0"


def _post_edit(client, path: str, version: str):
    """The inline edit as the test Client sends it."""
    return client.post(path, {"version": version, "quantity": 1}, headers={"HX-Request": "true", "HX-Target": "tab-content"})


# --- The report --------------------------------------------------------------------------------

def ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def verdict(value: float | None, target: float, *, at_most: bool = True) -> str:
    if value is None:
        return "n/a"
    return "yes" if (value <= target if at_most else value >= target) else "NO"


def status_text(statuses: Counter) -> str:
    return ", ".join(f"{status}" if count == sum(statuses.values()) else f"{status} x{count}"
                     for status, count in sorted(statuses.items())) or "-"


def server_timing_text(result: Result) -> str:
    if not result.server_ms:
        return "-"
    return " ".join(f"{name} {percentile(values, 0.95):.1f}" for name, values in result.server_ms.items())


def table_rows(results: list[Result], load: Throughput) -> list[list[str]]:
    rows = []
    for result in results:
        scenario = result.scenario
        if result.missing:
            rows.append([scenario.label, "n/a", "n/a", "n/a", f"<= {scenario.target_ms:.0f}", "n/a", "-", "n/a",
                         "404", "-"])
            continue
        p95 = result.p(0.95)
        ok = verdict(p95, scenario.target_ms) if set(result.statuses) == {"200"} else "NO"
        count = f"{len(result.times_ms)}{' (time budget)' if result.stopped_early else ''}"
        rows.append([
            scenario.label, ms(result.p(0.5)), ms(p95), ms(max(result.times_ms, default=None)),
            f"<= {scenario.target_ms:.0f}", ok, server_timing_text(result), result.queries,
            f"{status_text(result.statuses)} n={count}", f"{result.size / 1024:.0f}",
        ])
    rows.append([
        f"throughput, first page, {load.clients} clients", ms(percentile(load.times_ms, 0.5) if load.times_ms else None),
        ms(percentile(load.times_ms, 0.95) if load.times_ms else None), ms(max(load.times_ms, default=None)),
        f">= 100 req/s: {load.per_second:.1f}", verdict(load.per_second, 100, at_most=False), "-", "-",
        f"{status_text(load.statuses)} n={sum(load.statuses.values())}", "-",
    ])
    return rows


HEADER = ["scenario", "p50 ms", "p95 ms", "max ms", "target p95", "meets", "Server-Timing p95", "queries", "status",
          "KB"]


def text_table(rows: list[list[str]]) -> str:
    widths = [max(len(row[column]) for row in [HEADER, *rows]) for column in range(len(HEADER))]
    numeric = {1, 2, 3, 9}
    lines = []
    for row in [HEADER, *rows]:
        cells = [cell.rjust(width) if column in numeric else cell.ljust(width)
                 for column, (cell, width) in enumerate(zip(row, widths, strict=True))]
        lines.append("  ".join(cells).rstrip())
        if row is HEADER:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines)


def markdown(rows: list[list[str]], results: list[Result], context: dict) -> str:
    lines = ["# Benchmark results", ""]
    lines += [f"- {key}: {value}" for key, value in context.items()]
    lines += ["", "| " + " | ".join(HEADER) + " |", "|" + "|".join("---:" if column in (1, 2, 3, 9) else "---"
                                                                for column in range(len(HEADER))) + "|"]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    lines += ["", "URLs:", ""] + [f"- {result.scenario.label}: `{result.scenario.path}`" for result in results]
    return "\n".join(lines) + "\n"


def load_cpu_text(load: Throughput) -> str:
    return (f"the clients themselves used {load.client_cpu:.1f} s of CPU in {load.seconds:.1f} s "
            f"({load.client_cpu / load.seconds:.0%} of one core)")


def git_revision() -> str:
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                                check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                               capture_output=True, text=True).stdout.strip()
        return commit + (" (with uncommitted changes)" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def postgres_version(name: str, args: dict) -> str:
    with psycopg.connect(dbname=name, **args) as conn:
        return conn.execute("SHOW server_version").fetchone()[0]


# --- Putting it together -----------------------------------------------------------------------

def run(config: Config) -> None:
    name, args = database_conninfo(config.database_url)
    server_env = {
        **os.environ,
        "DATABASE_URL": config.database_url,
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-" + secrets.token_hex(24),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SETTINGS_MODULE": "csrportal.settings",
    }
    count = prepare_database(config, name, args, server_env)
    picks = pick_values(name, args)
    chosen = scenarios(picks)

    # Other work on the machine skews every figure; the load average says how much there was.
    load_before = " / ".join(f"{value:.2f}" for value in os.getloadavg()) + " (1 / 5 / 15 min)"
    if os.getloadavg()[0] > 0.5 * (os.cpu_count() or 1):
        load_before += "; the machine was busy, so these figures run high"
        say(f"warning: load average {load_before}")
    with Server(server_env) as server:
        session = Session(server.port)
        session.log_in(config.username, config.password)
        results = []
        for scenario in chosen:
            say(f"{scenario.label}: {config.requests} x GET {scenario.path}")
            result = measure(session, scenario, config)
            results.append(result)
            if result.missing:
                say("  404: not built yet (n/a)")
            else:
                say(f"  p50 {ms(result.p(0.5))} ms, p95 {ms(result.p(0.95))} ms ({status_text(result.statuses)})")
        say(f"throughput: {config.clients} clients on /orders/ for {config.seconds} s")
        load = throughput(server.port, "/orders/", config)
        say(f"  {load.per_second:.1f} req/s; {load_cpu_text(load)}")

    count_queries(results, server_env, config)

    context = {
        "when": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "commit": git_revision(),
        "database": f"{name}, {count:,} purchase orders, PostgreSQL {postgres_version(name, args)}",
        "machine": f"{os.cpu_count()} CPUs, {platform.system()} {platform.release()}, Python {platform.python_version()}",
        "load average before the requests": load_before,
        "method": (f"gunicorn -w {WORKERS} (sync), DEBUG off; {config.requests} sequential requests per scenario "
                   f"after {config.warmup} warm-up ones, wall time on loopback, nearest-rank percentiles; "
                   f"throughput {config.clients} clients x {config.seconds} s; queries from the test Client"),
        "throughput client cost": load_cpu_text(load),
    }
    rows = table_rows(results, load)
    say()
    say(text_table(rows))
    RESULTS.write_text(markdown(rows, results, context))
    say(f"\nWritten to {RESULTS.relative_to(ROOT)}")


def main() -> int:
    # A SIGTERM (or a closed terminal) unwinds like Ctrl-C, so gunicorn is always stopped.
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, lambda number, frame: sys.exit(128 + number))
    try:
        run(Config.from_env())
    except BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("bench: interrupted", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
