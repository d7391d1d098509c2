"""The demo seed, as `manage.py seed_demo` runs it.

1. With `reset`, empty the domain tables (users stay).
2. Make sure the demo logins exist. Count the purchase orders: at or above the number asked
   for, stop there. Below it, add the missing ones, with customers, subscriptions and carts in
   proportion, never duplicating anything (reference data by natural key, emails unique, one
   Default cart per customer and market).
3. In one transaction (all or nothing): reserve the ids of every table and the document numbers
   (locking them against other writers until commit), make the reference data with the
   factories and the organizations, customers and subscriptions here, then stream the rest:
   two forked child processes generate the carts and purchase orders in chunks and encode them
   (COPY text on PostgreSQL) while this process writes them in order (each chunk is made with
   ids and numbers of its own and moved to its place once the chunks before it are counted:
   demo/chunks.py). On PostgreSQL, for this
   transaction only: the per-row foreign key triggers are skipped (SET LOCAL
   session_replication_role, when the role may) and every new reference is checked with one
   outer join per table before committing; for big loads, the plain indexes whose entries
   would land all over the index are dropped and rebuilt from their own definitions at the end.
4. ANALYZE (PostgreSQL), run the calculator over a sample of the new orders as stored and
   compare (orders.operations.stale_amounts; a difference rolls everything back), commit.
"""
import collections
import datetime
import multiprocessing
import queue
import random
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass

import factory.random
from django.apps import apps
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from customers.models import Customer
from demo import people as people_module
from demo.chunks import LocalIds, LocalNumbers, Place, relabel, unplaced
from demo.generate import HISTORY, Generator, Numbers
from demo.reference import ensure_reference_data, ensure_users
from demo.rows import MODELS, Batch
from demo.writers import (
    dangling_references,
    encode,
    finish_ids,
    finish_numbers,
    reserve_ids,
    reserve_numbers,
    secondary_indexes_rebuilt,
    write,
)
from orders import numbers as order_numbers
from orders.customer_figures import refresh_all_customer_figures
from orders.models import Kind, OrderGroup, PickList, Shipment, ShipmentStatus
from orders.operations import stale_amounts

CATALOG_SEED = 20240601  # the catalog is the same whatever --seed says, so that runs share it
CHUNK = 20_000  # purchase orders (or carts, or customers) per batch
SUBSCRIPTION_CHUNK = 2_000
SAMPLE = 200  # order groups recalculated after the run
WORKERS = 2  # processes that generate the chunks (this machine's cores; the writer and PostgreSQL share them)
BACKLOG = 2  # chunks a generating process may have made before it knows where they go
REBUILD_FROM = 50_000  # purchase orders added at once from which indexes are rebuilt rather than kept


@dataclass
class Quota:
    """How much of everything a run adds."""

    orders: int
    customers: int
    companies: int
    subscriptions: int
    carts: int

    @classmethod
    def for_run(cls, *, requested, missing, customers_now, companies_now):
        return cls(
            orders=missing,
            customers=max(0, max(40, requested // 10) - customers_now),
            companies=max(0, max(3, requested // 2000) - companies_now),
            subscriptions=max(10, missing // 100),
            carts=max(12, missing // 10),
        )


class Seeder:
    def __init__(self, *, seed: int, orders: int, out=print, chunk: int = CHUNK, rebuild_indexes: bool | None = None,
                 processes: bool = True):
        self.seed, self.requested, self.out, self.chunk = seed, orders, out, chunk
        self.logins_made = []  # the demo users this run created
        self.rebuild_indexes = rebuild_indexes  # None: decide by the size of the load
        self.processes = processes  # generate in a child process where the platform can fork
        self.started = time.monotonic()

    def say(self, message):
        self.out(f"[{time.monotonic() - self.started:6.1f}s] {message}")

    def run(self, *, reset=False) -> int:
        """Add what is missing; return how many purchase orders were added."""
        if reset:
            reset_demo_data()
            self.say("Removed the existing demo data.")
        csr, _, self.logins_made = ensure_users()
        existing = OrderGroup.objects.filter(kind=Kind.PURCHASE_ORDER).count()
        if existing >= self.requested:
            self.say(f"{existing:,} purchase orders exist, at least the {self.requested:,} asked for: nothing to add.")
            return 0
        with transaction.atomic(), foreign_key_triggers_skipped() as skipped:
            ids = reserve_ids()
            numbers = Numbers(reserve_numbers(Numbers.PREFIXES))
            factory.random.reseed_random(self.seed)
            markets = ensure_reference_data(random.Random(CATALOG_SEED))
            self.say(f"Reference data ready: {len(markets)} markets, "
                     f"{sum(len(p) for m in markets.values() for p in m.prices.values()):,} prices.")
            rng = random.Random(f"{self.seed}/{existing}")
            now = timezone.now().replace(microsecond=0)
            pools = people_module.Pools(self.seed, sorted({c for m in markets.values() for c in m.countries}))
            people = people_module.People(rng, pools, people_module.existing_emails(), people_module.missing_examples())
            companies = people_module.load_companies()
            quota = Quota.for_run(requested=self.requested, missing=self.requested - existing,
                                  customers_now=Customer.objects.count(), companies_now=len(companies))
            quota.customers = max(quota.customers, len(people.examples))
            generator = Generator(rng=rng, now=now, markets=markets, people=people,
                                  buyers=people_module.load_people({c for m in markets.values() for c in m.countries}),
                                  companies=companies, csr_id=csr.id, numbers=numbers)
            generator.default_carts = set(
                OrderGroup.objects.filter(kind=Kind.CART, name="Default", customer__isnull=False)
                .values_list("customer_id", "market_id")
            )
            # Everything the generator needs from the database is read here, before it starts.
            groups = people_module.customer_groups()
            first_company = people_module.next_company_number()
            rebuild = skipped and self._rebuild_indexes(quota.orders)
            with secondary_indexes_rebuilt() if rebuild else nullcontext() as dropped:
                if rebuild:
                    self.say(f"Dropped {dropped} plain indexes of the tables being filled, to rebuild at the end.")
                next_ids, used_numbers = self._load(generator, ids, numbers, quota, markets, now, groups,
                                                    first_company, existing)
                refresh_all_customer_figures()  # the Customers tab's counts and lifetime values, before the indexes come back
            if rebuild:
                self.say(f"Rebuilt the {dropped} indexes.")
            made = add_pick_lists(csr.id, now)
            if made:
                self.say(f"Put the Packing shipments on {made:,} pick lists.")
            finish_ids(ids, next_ids)
            finish_numbers(numbers.starts, used_numbers)
            if skipped:
                problems = dangling_references(ids)
                if problems:
                    raise AssertionError("Rows that name a missing parent:\n" + "\n".join(problems))
                self.say("Checked every new foreign key: none dangles.")
            if connection.vendor == "postgresql":
                # Statistics of the new rows, for the sample check's queries as much as for the
                # portal's: without them the planner joins the new lines by scanning them all
                # (measured at 100,000 orders: about 50 s for the check instead of 1).
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
                self.say("ANALYZE done.")
            # Before committing: totals that disagree with the calculator roll the whole run back.
            self._check_sample(random.Random(f"{self.seed}/{existing}/sample"), first_id=ids.starts[OrderGroup],
                               next_id=next_ids[OrderGroup._meta.label])
        self.say("Committed.")
        if connection.vendor == "postgresql" and not connection.in_atomic_block:  # VACUUM needs its own transaction
            # The figures refresh rewrote every customer row; until autovacuum passes, the dead
            # versions double the pages the Customers tab reads (measured at 100,000 customers: its
            # first page p95 37.9 ms before this, 30.6 ms after; the VACUUM itself takes about a second).
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE customers_customer")
            self.say("Vacuumed the customers.")
        return quota.orders

    def _rebuild_indexes(self, adding):
        """Whether to build the plain indexes after loading instead of row by row: for big loads
        that at least double the order table (else rebuilding costs more than it saves)."""
        if self.rebuild_indexes is not None:
            return self.rebuild_indexes
        return adding >= REBUILD_FROM and adding >= OrderGroup.objects.count()

    def _load(self, generator, ids, numbers, quota, markets, now, groups, first_company, existing):
        """Make and write every row; return the next id of each table (by label) and the numbers used per prefix.

        First, here and with the run's random stream: organizations, customers and subscriptions
        (everything after needs them). Then the carts and the purchase orders, in chunks that need
        nothing from each other (demo/chunks.py): where the platform can fork, WORKERS child
        processes make and encode them (no database access) while this process places them and
        writes them in order, so generating, writing and PostgreSQL's work share the cores.
        Elsewhere, or with processes=False, it is all done here, one chunk after the other, with
        the same result.
        """
        subscriptions = {}
        for message, batch in self._first_batches(generator, ids, quota, markets, now, groups, first_company,
                                                  subscriptions):
            write(encode(batch))
            self.say(message)
        place = Place(ids.next_values(), numbers.next)
        total = quota.orders - subscriptions["orders"]  # the slots of the purchase order stream
        featured = list(generator.people.featured)  # the README's examples: buyers of the first orders
        carts_rng = generator.rng  # the carts go on with the run's random stream, in one process

        def make(chunk):
            kind, first, end = chunk
            batch, local_ids, local_numbers = Batch(), LocalIds(), LocalNumbers(Numbers.PREFIXES)
            generator.numbers = local_numbers
            generator.begin(batch, local_ids)
            if kind == "carts":
                generator.use_rng(carts_rng)
                for index in range(first, end):
                    generator.cart(index)
                message = f"Carts and wish lists: {end:,} / {quota.carts:,}"
            else:
                generator.use_rng(random.Random(f"{self.seed}/{existing}/orders/{first}"))
                generator.people.featured = list(featured) if first == 0 else []
                generator.purchase_orders(first, end, total, now - HISTORY)
                message = f"Purchase orders: {subscriptions['orders'] + end:,} / {quota.orders:,}"
            return message, batch, local_ids.used(), local_numbers.used()

        # Tasks in the order of their rows; a task's chunks are made one after the other, by one process.
        carts = [("carts", first, min(first + self.chunk, quota.carts)) for first in range(0, quota.carts, self.chunk)]
        orders = [[("orders", first, min(first + self.chunk, total))] for first in range(0, total, self.chunk)]
        tasks, seq = [], 0
        for task in ([carts] if carts else []) + orders:
            tasks.append([(seq + index, chunk) for index, chunk in enumerate(task)])
            seq += len(task)
        if not self.processes or "fork" not in multiprocessing.get_all_start_methods():
            for task in tasks:
                for _, chunk in task:
                    message, batch, used_ids, used_numbers = make(chunk)
                    relabel(batch, *place.take(used_ids, used_numbers))
                    write(_encode_placed(batch))
                    self.say(message)
        else:
            self._write_from_workers(tasks, make, place)
        return place.ids, {prefix: place.numbers[prefix] - start for prefix, start in numbers.starts.items()}

    def _write_from_workers(self, tasks, make, place):
        """Hand the tasks to WORKERS forked processes; place their chunks as they are counted, write them in order."""
        context = multiprocessing.get_context("fork")
        queue_of_tasks, outbox = context.Queue(), context.Queue(maxsize=4)
        for task in tasks:
            queue_of_tasks.put(task)
        inboxes, workers = [], []
        for number in range(WORKERS):
            queue_of_tasks.put(None)
            inboxes.append(context.Queue())
            workers.append(context.Process(target=_work, args=(make, queue_of_tasks, inboxes[number], outbox, number),
                                           name=f"seed-demo-generator-{number + 1}", daemon=True))
        for worker in workers:
            worker.start()
        counted, made = {}, {}  # by position: (worker, ids used, numbers used); (message, payload)
        chunks = sum(len(task) for task in tasks)
        to_place = to_write = 0
        try:
            while to_write < chunks:
                try:
                    kind, content = outbox.get(timeout=1)
                except queue.Empty:
                    stopped = [worker for worker in workers if not worker.is_alive() and worker.exitcode]
                    if stopped:
                        raise RuntimeError(f"A generating process stopped (exit code {stopped[0].exitcode}).") from None
                    continue
                if kind == "counted":
                    position, worker, used_ids, used_numbers = content
                    counted[position] = worker, used_ids, used_numbers
                    while to_place in counted:
                        worker, used_ids, used_numbers = counted.pop(to_place)
                        inboxes[worker].put((to_place, *place.take(used_ids, used_numbers)))
                        to_place += 1
                elif kind == "made":
                    position, message, payload = content
                    made[position] = message, payload
                    while to_write in made:
                        message, payload = made.pop(to_write)
                        write(payload)
                        self.say(message)
                        to_write += 1
                else:
                    raise RuntimeError(f"A generating process failed:\n{content}")
        finally:
            for worker in workers:
                if worker.is_alive():
                    worker.terminate()
                worker.join()

    def _first_batches(self, generator, ids, quota, markets, now, groups, first_company, subscriptions):
        """(progress message, Batch) pairs of the organizations, customers and subscriptions, in order;
        no database access. Puts the number of purchase orders the subscriptions made in subscriptions["orders"]."""
        people = generator.people
        codes = list(markets)
        countries = [markets[code].countries[0] for code in codes]
        weights = [markets[code].weight for code in codes]
        if quota.companies:
            batch = Batch()
            generator.add_companies(people.companies(batch, ids, quota.companies, countries=countries,
                                                     weights=weights, first_number=first_company))
            yield f"Organizations: {quota.companies:,}, each with sections.", batch
        since = now - HISTORY - datetime.timedelta(days=180)
        for first in range(0, quota.customers, self.chunk * 2):
            batch = Batch()
            size = min(self.chunk * 2, quota.customers - first)
            generator.add_buyers(people.customers(
                batch, ids, size, countries=countries, weights=weights, groups=groups,
                companies=list(generator.companies.values()), created_range=(since, now - HISTORY)))
            yield f"Customers: {first + size:,} / {quota.customers:,}, with address books.", batch

        made_by_subscriptions, budget = 0, quota.orders // 5
        for first in range(0, quota.subscriptions, SUBSCRIPTION_CHUNK):
            batch = Batch()
            generator.begin(batch, ids)
            for index in range(first, min(first + SUBSCRIPTION_CHUNK, quota.subscriptions)):
                made_by_subscriptions += generator.subscription(index, budget - made_by_subscriptions)
            yield (f"Subscriptions: {min(first + SUBSCRIPTION_CHUNK, quota.subscriptions):,} / {quota.subscriptions:,}, "
                   f"which generated {made_by_subscriptions:,} purchase orders."), batch
        subscriptions["orders"] = made_by_subscriptions

    def _check_sample(self, rng, *, first_id, next_id):
        """Recalculate a sample of the groups just added (ids first_id .. next_id - 1) and compare."""
        new = range(first_id, next_id)
        sample = rng.sample(new, min(SAMPLE, len(new)))
        problems = list(mismatches(OrderGroup.objects.filter(pk__in=sample)))
        if problems:
            raise AssertionError("Cached totals differ from the calculator:\n" + "\n".join(problems[:20]))
        self.say(f"Recalculated {len(sample)} of the {len(new):,} new order groups: every cached amount matches "
                 "the calculator.")


def _work(make, tasks, inbox, outbox, me):
    """In a child process: make the chunks of the tasks it takes; for each, say how many ids and numbers
    it used, and once told where they start, relabel, encode and send it. At most BACKLOG chunks wait."""
    try:
        waiting = collections.deque()  # (position, message, batch) counted, not yet placed

        def send_oldest(block):
            try:
                position, id_starts, number_starts = inbox.get(block=block)
            except queue.Empty:
                return False
            expected, message, batch = waiting.popleft()
            assert position == expected, f"placed chunk {position}, expected {expected}"
            relabel(batch, id_starts, number_starts)
            outbox.put(("made", (position, message, _encode_placed(batch))))
            return True

        for task in iter(tasks.get, None):
            for position, chunk in task:
                message, batch, used_ids, used_numbers = make(chunk)
                outbox.put(("counted", (position, me, used_ids, used_numbers)))
                waiting.append((position, message, batch))
                while waiting and send_oldest(block=len(waiting) >= BACKLOG):
                    pass
        while waiting:
            send_oldest(block=True)
    except BaseException:
        outbox.put(("error", traceback.format_exc()))
    finally:
        outbox.close()
        outbox.join_thread()


def _encode_placed(batch) -> dict:
    """encode(batch), once relabeled: refuses a batch that still holds a local number."""
    payload = encode(batch)
    left = unplaced(payload)
    if left:
        raise AssertionError(f"Local document numbers left in {', '.join(left)}")
    return payload


@contextmanager
def foreign_key_triggers_skipped():
    """On PostgreSQL, skip the per-row foreign key checks for the rest of this transaction.

    SET LOCAL ends with the transaction (or the savepoint, inside a test), and is put back by
    hand at the end of the block as well. Where the role may not change it, the triggers stay
    and the block yields False. The caller must check the references itself when it yields True.
    """
    if connection.vendor != "postgresql":
        yield False
        return
    with connection.cursor() as cursor:
        cursor.execute("SHOW session_replication_role")
        previous = cursor.fetchone()[0]
        try:
            with transaction.atomic():
                cursor.execute("SET LOCAL session_replication_role = replica")
        except DatabaseError:
            skipped = False
        else:
            skipped = True
    yield skipped
    if skipped:
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('session_replication_role', %s, true)", [previous])


def mismatches(groups=None) -> Iterator[str]:
    """Every cached amount of the order groups (a queryset; default all of them) that differs from
    what the calculator gives now (orders.operations.stale_amounts), described."""
    queryset = OrderGroup.objects.all() if groups is None else groups
    for group in queryset.select_related("market").order_by("pk"):
        yield from stale_amounts(group)


PICK_LIST_SIZE = 6


def add_pick_lists(csr_id, now) -> int:
    """A shipment is Packing while it is on a pick list: put every Packing shipment that is on none
    (the generator's) on one of its warehouse's, PICK_LIST_SIZE a list, as a CSR would have from the
    Shipments tab. Returns how many pick lists were made."""
    packing = list(Shipment.objects.filter(status=ShipmentStatus.PACKING, pick_list__isnull=True,
                                           warehouse__isnull=False)
                   .order_by("warehouse_id", "created", "id").values_list("pk", "warehouse_id", "created"))
    chunks = []
    for warehouse_id in dict.fromkeys(warehouse for _, warehouse, _ in packing):
        rows = [row for row in packing if row[1] == warehouse_id]
        chunks += [rows[start:start + PICK_LIST_SIZE] for start in range(0, len(rows), PICK_LIST_SIZE)]
    if not chunks:
        return 0
    numbers = order_numbers.allocate_numbers(order_numbers.PICK_LIST, len(chunks))
    pick_lists = PickList.objects.bulk_create([
        PickList(number=number, warehouse_id=chunk[0][1], created_by_id=csr_id,
                 created=min(max(created for _, _, created in chunk) + datetime.timedelta(hours=2), now))
        for number, chunk in zip(numbers, chunks, strict=True)], batch_size=1000)
    for pick_list, chunk in zip(pick_lists, chunks, strict=True):
        Shipment.objects.filter(pk__in=[pk for pk, _, _ in chunk]).update(pick_list=pick_list.pk)
    return len(pick_lists)


def reset_demo_data():
    """Empty every domain table (not the users): what `seed_demo --reset` does first."""
    models = [m for label in ("subscriptions", "orders", "customers", "catalog")
              for m in apps.get_app_config(label).get_models() if not m._meta.proxy]
    with transaction.atomic():
        if connection.vendor == "postgresql":
            tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in models)
            with connection.cursor() as cursor:
                cursor.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
            return
        # Children first, so that nothing protected is in the way. A queryset delete() runs no
        # model delete(), so System notes go with their orders.
        OrderGroup.objects.update(subscription=None, exchange_for=None)
        # The pick lists before the catalog's warehouses they name (PROTECT), after the shipments on them.
        for model in dict.fromkeys([*MODELS[::-1], PickList, *models[::-1]]):
            model.objects.all().delete()
