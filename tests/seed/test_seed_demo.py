"""`manage.py seed_demo`: every case the portal shows, consistent totals, idempotent, repeatable."""
import datetime
from io import StringIO

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, Q
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from customers.models import Address, Customer
from demo.factories.orders import PurchaseOrderFactory
from demo.seed import mismatches
from orders.models import (
    Discount,
    Kind,
    LineItem,
    Note,
    NoteKind,
    NumberSequence,
    OrderForm,
    OrderGroup,
    OrderStatus,
    Payment,
    PaymentStatus,
    ReturnForm,
    Shipment,
    ShipmentStatus,
    TransactionType,
)
from subscriptions.models import CycleMode, Schedule

ORDERS = 60


def seed(**options):
    out = StringIO()
    call_command("seed_demo", stdout=out, **{"orders": ORDERS, "seed": 11, **options})
    return out.getvalue()


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """One small demo for the whole module, rolled back at the end (each test runs in a savepoint)."""
    with django_db_blocker.unblock(), transaction.atomic():
        output = seed()
        yield output
        transaction.set_rollback(True)


@pytest.fixture
def demo(seeded, db):
    return seeded


def purchase_orders():
    return OrderGroup.objects.filter(kind=Kind.PURCHASE_ORDER)


def test_it_makes_the_number_of_purchase_orders_asked_for(demo):
    assert purchase_orders().count() == ORDERS
    assert "Log in as a CSR:           csr / csr-demo-123" in demo
    assert "admin / admin-demo-123" in demo
    assert "Done: added 60 purchase orders." in demo


def test_every_purchase_order_status_is_there(demo):
    assert set(purchase_orders().values_list("status", flat=True)) == set(OrderStatus.values)


def test_every_cycle_mode_is_there_and_subscriptions_generated_orders(demo):
    assert set(Schedule.objects.values_list("cycle_mode", flat=True)) == set(CycleMode.values)
    subscriptions = OrderGroup.objects.filter(kind=Kind.SUBSCRIPTION).annotate(made=Count("generated_orders"))
    assert sum(subscription.made for subscription in subscriptions) > 0
    for subscription in subscriptions:
        assert subscription.schedule.completed_cycles == subscription.made
        assert subscription.status == ""
        if subscription.made:
            assert subscription.schedule.last_transaction_date == max(
                order.created.date() for order in subscription.generated_orders.all()
            )


def test_carts_registered_anonymous_and_wish_lists(demo):
    carts = OrderGroup.objects.filter(kind=Kind.CART)
    anonymous = carts.filter(customer=None)
    assert anonymous.exists()
    assert all(cart.customer_name and "@" in cart.customer_email for cart in anonymous)
    assert carts.filter(name="Wishlist", customer__isnull=False).exists()
    assert carts.filter(name="Default", customer__isnull=False).exists()


def test_b2b_orders_have_one_form_per_section(demo):
    multi = purchase_orders().annotate(forms_count=Count("forms")).filter(forms_count__gt=1)
    assert multi.exists()
    for order in multi:
        sections = {form.organization for form in order.forms.all()}
        assert len(sections) == order.forms_count
        assert {section.parent for section in sections} == {order.organization}


def test_denormalized_customer_fields_match_the_customer(demo):
    for group in OrderGroup.objects.filter(customer__isnull=False).select_related("customer__organization__parent"):
        customer = group.customer
        assert (group.customer_name, group.customer_email) == (customer.full_name, customer.email)
        organization = customer.organization.parent or customer.organization if customer.organization else None
        assert group.organization == organization
        assert group.organization_name == (organization.name if organization else "")


def test_shipments_agree_with_the_order_status(demo):
    allowed = {
        OrderStatus.IN_PROGRESS: {ShipmentStatus.AWAITING_INVENTORY, ShipmentStatus.INVENTORY_ASSIGNED,
                                  ShipmentStatus.RELEASED, ShipmentStatus.PACKING},
        OrderStatus.ON_HOLD: {ShipmentStatus.ON_HOLD},
        OrderStatus.PARTIALLY_SHIPPED: {ShipmentStatus.SHIPPED, ShipmentStatus.INVENTORY_ASSIGNED,
                                        ShipmentStatus.RELEASED, ShipmentStatus.PACKING},
        OrderStatus.COMPLETED: {ShipmentStatus.SHIPPED, ShipmentStatus.CANCELLED},
        OrderStatus.CANCELLED: {ShipmentStatus.CANCELLED},
        OrderStatus.AWAITING_EXCHANGE: {ShipmentStatus.AWAITING_INVENTORY},
    }
    for order in purchase_orders().prefetch_related("forms__shipments"):
        statuses = [shipment for form in order.forms.all() for shipment in form.shipments.all()]
        assert {shipment.status for shipment in statuses} <= allowed[order.status], order.number
        if order.status in (OrderStatus.COMPLETED, OrderStatus.PARTIALLY_SHIPPED):
            assert ShipmentStatus.SHIPPED in {shipment.status for shipment in statuses}
        if order.status == OrderStatus.PARTIALLY_SHIPPED:
            assert {shipment.status for shipment in statuses} - {ShipmentStatus.SHIPPED}
        for shipment in statuses:
            assert bool(shipment.tracking_number) == (shipment.status == ShipmentStatus.SHIPPED)
            assert bool(shipment.shipped_at) == (shipment.status == ShipmentStatus.SHIPPED)
            assert bool(shipment.previous_status) == (shipment.status == ShipmentStatus.ON_HOLD)
        assert bool(order.cancel_reason) == (order.status == OrderStatus.CANCELLED)


def test_every_cached_amount_is_what_the_calculator_gives(demo):
    assert list(mismatches()) == []


def test_split_shipments_split_payments_discounts_returns_and_notes(demo):
    split = Shipment.objects.values("order_form__order_group").annotate(
        addresses=Count("address", distinct=True)).filter(addresses__gt=1)
    assert split.exists()
    authorized = Payment.objects.filter(transaction_type=TransactionType.AUTHORIZATION, status=PaymentStatus.PROCESSED)
    assert authorized.values("order_form").annotate(n=Count("id")).filter(n__gt=1).exists()
    assert Discount.objects.filter(coupon__isnull=False).exists()
    assert Discount.objects.filter(coupon__isnull=True).exclude(reason="").exists()
    assert ReturnForm.objects.filter(exchange_orders__status=OrderStatus.AWAITING_EXCHANGE).exists()
    assert Note.objects.filter(kind=NoteKind.CUSTOM).exists()
    assert Note.objects.filter(kind=NoteKind.SYSTEM, action="created").count() >= ORDERS
    assert purchase_orders().filter(subscription__isnull=False).exists()
    assert purchase_orders().filter(customer=None).exists()
    assert LineItem.objects.count() >= 2 * ORDERS


def test_customers_have_address_books_with_preferred_addresses(demo):
    assert Customer.objects.count() >= 40
    for customer in Customer.objects.annotate(
        billing=Count("addresses", filter=Q(addresses__is_preferred_billing=True)),
        shipping=Count("addresses", filter=Q(addresses__is_preferred_shipping=True)),
    ):
        assert customer.billing == customer.shipping == 1
    assert Address.objects.values("customer").annotate(n=Count("id")).filter(n__gt=1).exists()


def test_dates_are_aware_and_spread_over_two_years(demo):
    now = timezone.now()
    created = list(purchase_orders().values_list("created", flat=True))
    assert all(timezone.is_aware(moment) and moment <= now for moment in created)
    assert min(created) < now - datetime.timedelta(days=365)
    assert max(created) > now - datetime.timedelta(days=7)
    assert all(group.modified >= group.created for group in OrderGroup.objects.all())


def test_the_demo_logins_work(demo, settings):
    # Hashed with the default hasher, before the fast one the test settings use took over.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher",
                                 "django.contrib.auth.hashers.MD5PasswordHasher"]
    csr = authenticate(username="csr", password="csr-demo-123")
    admin = authenticate(username="admin", password="admin-demo-123")
    assert csr and csr.groups.filter(name=django_settings.CSR_GROUP_NAME).exists() and not csr.is_staff
    assert admin and admin.is_staff and admin.is_superuser


def test_running_it_again_keeps_the_users_their_passwords_and_sessions(demo, django_user_model):
    csr = django_user_model.objects.get(username="csr")
    csr.set_password("my-own-secret-1")
    csr.first_name = "Kim"
    csr.save()
    signed_in = Client()
    assert signed_in.login(username="csr", password="my-own-secret-1")

    output = seed()

    assert "Log in as a CSR:           csr (already there: its password was left as it was)" in output
    assert "Log in as an administrator: admin (already there" in output
    assert authenticate(username="csr", password="my-own-secret-1")
    assert not authenticate(username="csr", password="csr-demo-123")
    assert django_user_model.objects.get(username="csr").first_name == "Kim"
    assert signed_in.get(reverse("purchase_orders")).status_code == 200  # still signed in


def test_it_makes_a_missing_demo_user_again_and_keeps_the_other(demo, django_user_model):
    django_user_model.objects.filter(username="admin").delete()
    output = seed()
    assert "Log in as an administrator: admin / admin-demo-123" in output
    assert "csr (already there" in output
    assert authenticate(username="admin", password="admin-demo-123").is_superuser


@pytest.mark.parametrize("typed, found", [("tay", {"Taylor Hayes"}), ("%tay", {"Taylor Hayes", "Mercy Taylor"})])
def test_the_readmes_search_examples_are_in_the_demo(demo, django_user_model, typed, found):
    """README: `tay` finds "Taylor Hayes"; `%tay` also finds "Mercy Taylor"."""
    client = Client()
    client.force_login(django_user_model.objects.get(username="csr"))
    body = client.get(reverse("purchase_orders"), {"customer": typed}).content.decode()
    assert {name for name in ("Taylor Hayes", "Mercy Taylor") if name in body} == found
    assert Customer.objects.filter(first_name="Taylor", last_name="Hayes").count() == 1
    assert Customer.objects.filter(first_name="Mercy", last_name="Taylor").count() == 1


def test_numbers_and_ids_carry_on_after_the_seed(demo):
    highest = max(int(number[2:]) for number in purchase_orders().filter(number__startswith="PO")
                  .values_list("number", flat=True))
    assert NumberSequence.objects.get(prefix="PO").next_value == highest + 1
    order = PurchaseOrderFactory(lines=2)  # new rows take ids and numbers after the seeded ones
    assert int(order.number[2:]) == highest + 1
    assert order.pk > OrderGroup.objects.exclude(pk=order.pk).order_by("-pk").first().pk


def test_running_it_again_adds_nothing(demo):
    counts = [model.objects.count() for model in (OrderGroup, Customer, OrderForm, Shipment, LineItem, Note)]

    output = seed()

    assert "60 purchase orders exist, at least the 60 asked for: nothing to add." in output
    assert [model.objects.count() for model in (OrderGroup, Customer, OrderForm, Shipment, LineItem, Note)] == counts


def test_asking_for_more_adds_only_the_missing_orders(demo):
    customers = Customer.objects.count()

    seed(orders=ORDERS + 25)

    assert purchase_orders().count() == ORDERS + 25
    assert Customer.objects.count() == customers  # enough already for 85 orders
    assert not Customer.objects.values("email").annotate(n=Count("id")).filter(n__gt=1).exists()
    default_carts = OrderGroup.objects.filter(kind=Kind.CART, name="Default", customer__isnull=False)
    assert not default_carts.values("customer", "market").annotate(n=Count("id")).filter(n__gt=1).exists()
    assert not OrderGroup.objects.values("number").annotate(n=Count("id")).filter(n__gt=1).exists()
    assert list(mismatches()) == []


def test_payments_are_captured_and_voided_as_the_operations_do(demo):
    for form in OrderForm.objects.filter(order_group__kind=Kind.PURCHASE_ORDER).prefetch_related("payments"):
        processed = [payment for payment in form.payments.all() if payment.status == PaymentStatus.PROCESSED]
        authorized = sum(payment.amount for payment in processed if payment.transaction_type == TransactionType.AUTHORIZATION)
        settled = sum(payment.amount for payment in processed if payment.transaction_type in (TransactionType.CAPTURE, TransactionType.VOID))
        assert settled <= authorized
        if form.order_group.status == OrderStatus.CANCELLED:
            assert settled == authorized
    assert Payment.objects.filter(transaction_type=TransactionType.CAPTURE, method_name="Capture").exists()
    assert Payment.objects.filter(transaction_type=TransactionType.VOID, method_name="Void").exists()


def test_every_order_group_has_its_created_note(demo):
    without = OrderGroup.objects.exclude(notes__kind=NoteKind.SYSTEM, notes__action="created")
    assert not without.exists()
    placed = Note.objects.filter(action="created", order_group__kind=Kind.PURCHASE_ORDER)
    assert placed.filter(title="Order placed", detail__startswith="From cart C").exists()


def test_packing_shipments_are_on_pick_lists_of_their_warehouse(demo):
    from catalog.models import Stock
    from orders.models import PickList

    packing = Shipment.objects.filter(status=ShipmentStatus.PACKING)
    assert packing.exists() and not packing.filter(pick_list__isnull=True).exists()
    assert Shipment.objects.filter(status=ShipmentStatus.RELEASED).exists()
    for pick_list in PickList.objects.all():
        assert set(pick_list.shipments.values_list("warehouse_id", flat=True)) == {pick_list.warehouse_id}
        assert pick_list.number.startswith("PL") and pick_list.created_by is not None
    assert not Stock.objects.filter(bin_location="").exists()
    # The copies the Shipments tab filters on: the order's kind and market.
    from django.db.models import F, Q
    assert not Shipment.objects.exclude(market=F("order_form__order_group__market")).exists()
    assert not Shipment.objects.filter(Q(of_purchase_order=True) & ~Q(order_form__order_group__kind=Kind.PURCHASE_ORDER)).exists()
    assert not Shipment.objects.filter(of_purchase_order=False, order_form__order_group__kind=Kind.PURCHASE_ORDER).exists()
