"""seed_demo runs of their own: repeatable with a seed, --reset, index rebuilding, the reference check."""
from contextlib import contextmanager
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from demo import generate as generate_module
from demo import seed as seed_module
from demo.factories.orders import PurchaseOrderFactory
from demo.rows import WITH_IDS
from demo.seed import Seeder, foreign_key_triggers_skipped, mismatches
from demo.writers import Ids, dangling_references
from orders.calculator import calculate
from orders.models import Kind, LineItem, OrderGroup

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")


def seed(**options):
    out = StringIO()
    call_command("seed_demo", stdout=out, **{"seed": 11, **options})
    return out.getvalue()


def purchase_orders():
    return OrderGroup.objects.filter(kind=Kind.PURCHASE_ORDER)


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_orders_and_reset_starts_again():
    def fingerprint():
        return list(purchase_orders().order_by("number").values_list(
            "number", "customer_name", "status", "total", "currency"))

    seed(orders=30)
    first = fingerprint()
    output = seed(orders=30, reset=True)

    assert "Removed the existing demo data." in output
    assert fingerprint() == first


@pytest.mark.django_db
def test_generating_here_or_in_a_child_process_gives_the_same_orders():
    def fingerprint():
        return list(purchase_orders().order_by("number").values_list("number", "customer_email", "total", "created"))

    Seeder(seed=3, orders=25, out=lambda line: None, processes=True).run()
    forked = fingerprint()
    Seeder(seed=3, orders=25, out=lambda line: None, processes=False).run(reset=True)

    assert len(forked) == 25
    assert [row[:3] for row in fingerprint()] == [row[:3] for row in forked]
    assert list(mismatches()) == []


@postgres_only
@pytest.mark.django_db
def test_a_big_load_rebuilds_every_index_it_dropped():
    def indexes():
        with connection.cursor() as cursor:
            cursor.execute("SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()"
                           " ORDER BY 1, 2")
            return cursor.fetchall()

    before = indexes()
    output = []
    Seeder(seed=5, orders=30, out=output.append, rebuild_indexes=True).run()

    assert any("Rebuilt the" in line for line in output)
    assert indexes() == before
    with connection.cursor() as cursor:
        cursor.execute("SHOW session_replication_role")
        assert cursor.fetchone()[0] == "origin"
    assert list(mismatches()) == []


@postgres_only
@pytest.mark.django_db
def test_the_reference_check_finds_a_row_that_names_a_missing_parent():
    order = PurchaseOrderFactory(lines=1)
    ids = Ids({model: 1 for model in WITH_IDS})
    assert dangling_references(ids) == []
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute("UPDATE orders_lineitem SET shipment_id = shipment_id + 1000000")
        cursor.execute("SET LOCAL session_replication_role = origin")

    assert dangling_references(ids) == ["1 LineItem.shipment name no Shipment"]
    LineItem.objects.update(shipment=order.forms.first().shipments.first())  # leave it consistent


@postgres_only
@pytest.mark.django_db
def test_a_role_that_may_not_skip_the_triggers_keeps_them():
    with connection.cursor() as cursor:
        cursor.execute("CREATE ROLE seed_demo_test_role")
        cursor.execute("SET LOCAL ROLE seed_demo_test_role")
        with foreign_key_triggers_skipped() as skipped:
            assert skipped is False
            cursor.execute("SHOW session_replication_role")
            assert cursor.fetchone()[0] == "origin"
        cursor.execute("RESET ROLE")


@pytest.mark.django_db
def test_with_the_triggers_kept_it_loads_the_same_way(monkeypatch):
    @contextmanager
    def kept():
        yield False

    monkeypatch.setattr(seed_module, "foreign_key_triggers_skipped", kept)
    output = []
    Seeder(seed=5, orders=20, out=output.append, rebuild_indexes=True).run()

    assert purchase_orders().count() == 20
    assert not any("Rebuilt" in line or "foreign key" in line for line in output)
    assert list(mismatches()) == []


@pytest.mark.django_db
def test_totals_the_calculator_does_not_give_roll_the_whole_run_back(monkeypatch):
    def a_cent_too_much(**inputs):
        totals = calculate(**inputs)
        totals.total += Decimal("0.01")
        return totals

    monkeypatch.setattr(generate_module, "calculate", a_cent_too_much)
    with pytest.raises(AssertionError, match="Cached totals differ from the calculator"):
        Seeder(seed=5, orders=20, out=lambda line: None, processes=False).run()

    assert not OrderGroup.objects.exists()
