"""Bad input to making a cart a subscription: a page (never a 500) with the message beside the field,
every missing field flagged at once, what was typed shown again, and nothing written."""
import pytest
from django.urls import reverse

from carts.operations import cart_open
from orders import operations as ops
from orders.models import Kind, Note, OrderGroup, Shipment
from subscriptions.models import Schedule
from tests.form_checks import assert_refused_beside

GOOD = {"cycle_length": "2", "cycle_mode": "weeks", "start_date": "2026-12-01", "end_date": "", "max_cycles": "0"}
CYCLE_LENGTH = "The cycle length is 1 to 365."
DATE = "Enter a date as YYYY-MM-DD."
NUL = "Null characters are not allowed."


@pytest.fixture
def cart(shop, customer, csr_user):
    """A cart that can become a subscription: an item, an address, a shipping method."""
    cart, _ = cart_open(user=csr_user, market=shop["market"], customer=customer)
    ops.line_item_add(cart, user=csr_user, version=cart.version, sku_code="MUG-BLUE", quantity=1)
    ops.shipment_set_shipping_method(cart, user=csr_user, version=cart.version,
                                     shipment_id=Shipment.objects.get(order_form__order_group=cart).pk,
                                     shipping_method_id=shop["standard"].pk)
    return OrderGroup.objects.get(pk=cart.pk)


def written(cart) -> tuple:
    stored = OrderGroup.objects.get(pk=cart.pk)
    return stored.kind, stored.number, stored.version, Schedule.objects.count(), Note.objects.count()


def subscribe(client, cart, **data):
    return client.post(reverse("cart_subscribe", args=[cart.number]), {"version": cart.version, **GOOD, **data})


CASES = [
    # (field, value sent, the message beside it)
    ("cycle_length", "0", CYCLE_LENGTH),
    ("cycle_length", "366", CYCLE_LENGTH),
    ("cycle_length", "-1", CYCLE_LENGTH),
    ("cycle_length", "9" * 30, CYCLE_LENGTH),
    ("cycle_length", "²", "Enter the cycle length as a whole number."),
    ("cycle_length", "1e3", "Enter the cycle length as a whole number."),
    ("cycle_length", "1\x00", ("Enter the cycle length as a whole number.", NUL)),
    ("cycle_length", "", "Enter how many days, weeks, months or years apart the orders are."),
    ("cycle_mode", "", "Choose how often the order repeats."),
    ("cycle_mode", "fortnights", "Choose how often the order repeats."),
    ("cycle_mode", "none", "Choose how often the order repeats."),
    ("cycle_mode", "x" * 5000, "Choose how often the order repeats."),
    ("start_date", "", "Enter the date of the first order."),
    ("start_date", "2026-02-30", DATE),
    ("start_date", "tomorrow", DATE),
    ("start_date", "1e30", DATE),
    ("start_date", "2026-12-01\x00", (DATE, NUL)),
    ("end_date", "2026-13-01", DATE),
    ("end_date", "2026-11-30", "The end date comes before the start date."),
    ("max_cycles", "-1", "The number of orders cannot be negative (0 means no limit)."),
    ("max_cycles", "10000", "The number of orders is at most 9,999 (0 means no limit)."),
    ("max_cycles", "9" * 30, "The number of orders is at most 9,999 (0 means no limit)."),
    ("max_cycles", "²", "Enter the number of orders as a whole number (0: no limit)."),
    ("max_cycles", "NaN", "Enter the number of orders as a whole number (0: no limit)."),
]


@pytest.mark.parametrize("field, value, message", CASES, ids=[f"{field}={value[:8]!r}" for field, value, _ in CASES])
def test_bad_input_is_refused_beside_its_field_and_writes_nothing(csr_client, cart, field, value, message):
    before = written(cart)

    response = subscribe(csr_client, cart, **{field: value})

    assert response.status_code == 200
    body = response.content.decode()
    assert_refused_beside(body, "subscribe-0", field, message)
    if field != "cycle_mode" and "\x00" not in value and len(value) < 40:  # what was typed is there to correct
        assert f'value="{value}"' in body
    assert written(cart) == before


def test_every_missing_field_is_flagged_at_once(csr_client, cart):
    before = written(cart)

    body = csr_client.post(reverse("cart_subscribe", args=[cart.number]), {"version": cart.version,
                                                                           "max_cycles": "3"}).content.decode()

    assert_refused_beside(body, "subscribe-0", "cycle_length", "Enter how many days")
    assert_refused_beside(body, "subscribe-0", "cycle_mode", "Choose how often the order repeats.")
    assert_refused_beside(body, "subscribe-0", "start_date", "Enter the date of the first order.")
    assert 'value="3"' in body
    assert written(cart) == before


@pytest.mark.parametrize("version", ["x", "", "²", "1\x00", "9" * 30, "-1"])
def test_a_bad_version_is_a_message_above_the_form_and_writes_nothing(csr_client, cart, version):
    before = written(cart)

    body = subscribe(csr_client, cart, version=version).content.decode()

    assert "The page is out of date: reload the order and try again." in body
    assert written(cart) == before


def test_the_form_starts_monthly_from_today_and_its_values_become_the_schedule(csr_client, cart):
    page = csr_client.get(reverse("cart_subscribe", args=[cart.number])).content.decode()
    assert '<option value="months" selected>' in page and 'name="cycle_length" value="1"' in page

    response = subscribe(csr_client, cart, end_date="2027-06-01", max_cycles="6")

    assert response.status_code == 302
    schedule = Schedule.objects.get(subscription_id=cart.pk)
    assert (schedule.cycle_mode, schedule.cycle_length, str(schedule.start_date), str(schedule.end_date),
            schedule.max_cycles) == ("weeks", 2, "2026-12-01", "2027-06-01", 6)
    assert OrderGroup.objects.get(pk=cart.pk).kind == Kind.SUBSCRIPTION
