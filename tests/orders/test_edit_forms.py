"""Bad input to every edit of the order page: a page (never a 500) with the message beside the field
(or above the form for the version), what was typed shown again, and nothing written. Amounts are
read as the CSR means them: `1,500` USD is fifteen hundred, never 1.50."""
from decimal import Decimal

import pytest
from django.urls import reverse

from catalog.models import Coupon, PaymentMethod, ShippingMethod
from demo.factories.catalog import MarketFactory, PaymentMethodFactory
from demo.factories.orders import DiscountFactory, PurchaseOrderFactory
from orders import operations as ops
from orders.models import (
    Discount,
    LineItem,
    Note,
    OrderAddress,
    OrderGroup,
    OrderStatus,
    Payment,
)
from tests.form_checks import assert_refused_beside as refused_beside
from tests.world import lines_of, make_editable, shipments_of

HTMX = {"HX-Request": "true", "HX-Target": "tab-content"}
ADDRESS = {"first_name": "Mercy", "last_name": "Taylor", "line1": "2 Elm St", "city": "Shelbyville",
           "postal_code": "54321", "country_code": "US"}
STALE_PAGE = "The page is out of date: reload the order and try again."


def post(client, order, edit_name, pk, data, htmx=True):
    url = (reverse("po:order_edit_item", args=[order.number, edit_name, pk]) if pk
           else reverse("po:order_edit", args=[order.number, edit_name]))
    return client.post(url, data, headers=HTMX if htmx else {})


def written(order) -> tuple:
    """Everything an edit could write, to check that a refused one wrote nothing."""
    stored = OrderGroup.objects.get(pk=order.pk)
    return (stored.version, stored.status, stored.total, stored.customer_name,
            Note.objects.filter(order_group=order).count(), Payment.objects.filter(order_form__order_group=order).count(),
            Discount.objects.filter(order_group=order).count(), OrderAddress.objects.filter(order_group=order).count(),
            sorted(LineItem.objects.filter(shipment__order_form__order_group=order).values_list("id", "quantity",
                                                                                                  "shipment_id")))


ADDRESS_LENGTHS = {"first_name": 100, "line1": 200, "city": 100, "postal_code": 20}
# edit -> the fields of each kind it has: text fields with their column's length, quantities,
# amounts, ids chosen in a select, and the required ones.
FIELDS = {
    "address": {"text": ADDRESS_LENGTHS, "required": ["line1", "city", "postal_code", "country_code"]},
    "shipping-method": {"id": ["shipping_method"], "required": ["shipping_method"]},
    "add-line": {"text": {"sku": 40}, "quantity": ["quantity"], "required": ["sku", "quantity"]},
    "quantity": {"quantity": ["quantity"], "required": ["quantity"]},
    "move-line": {"text": ADDRESS_LENGTHS, "quantity": ["quantity"], "id": ["line_item"],
                  "required": ["line_item", "quantity"]},
    "discount": {"text": {"reason": 300}, "amount": ["value"], "required": ["value_type", "value", "reason"]},
    "coupon": {"text": {"code": Coupon._meta.get_field("code").max_length}, "required": ["code"]},
    "payment": {"text": {"card_number": 23}, "amount": ["amount"], "id": ["payment_method"],
                "required": ["payment_method", "amount"]},
    "contact": {"text": {"name": 200, "email": 254, "phone": 40}, "required": ["name"]},
    "cancel": {"text": {"reason": 500}, "required": ["reason"]},
}
EDITS = ["address", "shipping-method", "add-line", "quantity", "remove-line", "move-line", "discount", "coupon",
         "remove-discount", "payment", "contact", "hold", "release-hold", "update-prices", "cancel"]


def edit_table(order):
    """edit -> (url pk, data it accepts)."""
    shipment, line = shipments_of(order)[0], lines_of(order)[0]
    express = ShippingMethod.objects.get(code="express")
    phone = PaymentMethod.objects.get(code="phone")
    discount = DiscountFactory(order_group=order)
    OrderGroup.objects.filter(pk=order.pk).update(version=1)
    return {
        "address": (shipment.pk, ADDRESS),
        "shipping-method": (shipment.pk, {"shipping_method": express.pk}),
        "add-line": (shipment.pk, {"sku": "tee-red-l", "quantity": "2"}),
        "quantity": (line.pk, {"quantity": "5"}),
        "remove-line": (line.pk, {}),
        "move-line": (shipment.pk, {"line_item": line.pk, "quantity": "1", "to_shipment": "new", **ADDRESS}),
        "discount": (None, {"on": "order", "value_type": "amount", "value": "1.50", "reason": "Scratched"}),
        "coupon": (None, {"code": "save10"}),
        "remove-discount": (discount.pk, {}),
        "payment": (None, {"payment_method": phone.pk, "amount": "5.00"}),
        "contact": (None, {"name": "Mercy T. Taylor", "email": "mercy@example.com", "phone": "555-0100"}),
        "hold": (None, {}),
        "release-hold": (None, {}),
        "update-prices": (None, {}),
        "cancel": (None, {"reason": "Duplicate order"}),
    }


VERSION_CASES = [(name, problem, bad) for name in EDITS
                 for problem, bad in (("version=x", "x"), ("no version", None), ("NUL in version", "1\x00"),
                                      ("version=²", "²"))]

FIELD_CASES = [
    # (kind of field, what is wrong, the value sent, the message beside the field)
    ("text", "too long", None, "characters"),
    ("text", "NUL byte", "ab\x00c", "Null characters are not allowed."),
    ("quantity", "²", "²", "Enter the quantity as a whole number."),
    ("quantity", "1e3", "1e3", "Enter the quantity as a whole number."),
    ("quantity", "1e30", "1e30", "Enter the quantity as a whole number."),
    ("quantity", "1,500", "1,500", "Enter the quantity as a whole number."),
    ("quantity", "NUL byte", "1\x00", "Enter the quantity as a whole number."),
    ("quantity", "too many", "10000", "at most 9999"),
    ("amount", "1e30", "1e30", "Enter the amount in digits"),
    ("amount", "1e3", "1e3", "Enter the amount in digits"),
    ("amount", "NaN", "NaN", "Enter the amount in digits"),
    ("amount", "Infinity", "Infinity", "Enter the amount in digits"),
    ("amount", "1.234", "1.234", "USD amounts have at most 2 decimals."),
    ("amount", "1,50", "1,50", "Use a comma only between thousands"),
    ("amount", "NUL byte", "1\x00", ("Enter the amount in digits", "Null characters are not allowed.")),
    ("id", "²", "²", "Choose"),
    ("id", "NUL byte", "1\x00", "Choose"),
    ("required", "missing", None, ""),
]


def field_cases():
    return [pytest.param(name, field, kind, wrong, value, message, id=f"{name}-{field}-{wrong}")
            for name, kinds in FIELDS.items()
            for kind, wrong, value, message in FIELD_CASES
            for field in kinds.get(kind, [])]


def assert_refused_beside(body: str, edit_name: str, pk, field: str, message: str):
    refused_beside(body, f"{edit_name}-{pk or 0}", field, message, marked=field != "value_type")


@pytest.mark.parametrize("name, problem, bad", VERSION_CASES)
def test_a_bad_version_is_a_message_not_a_500_and_writes_nothing(csr_client, editable_order, name, problem, bad):
    pk, data = edit_table(editable_order)[name]
    before = written(editable_order)
    data = {**data, "version": bad} if bad is not None else dict(data)
    response = post(csr_client, editable_order, name, pk, data)
    assert response.status_code == 200
    assert STALE_PAGE in response.content.decode()
    assert written(editable_order) == before


@pytest.mark.parametrize("name, field, kind, wrong, value, message", field_cases())
def test_bad_input_is_refused_beside_its_field_and_writes_nothing(csr_client, editable_order, name, field, kind, wrong,
                                                                   value, message):
    pk, data = edit_table(editable_order)[name]
    before = written(editable_order)
    sent = {**data, "version": 1}
    if kind == "required":
        sent.pop(field, None)
    elif wrong == "too long":
        length = FIELDS[name]["text"][field]
        sent[field] = "x" * (length + 1)
        message = f"at most {length} characters"
    else:
        sent[field] = value
    response = post(csr_client, editable_order, name, pk, sent)
    assert response.status_code == 200
    body = response.content.decode()
    assert_refused_beside(body, name, pk, field, message)
    if kind in ("text", "quantity", "amount") and "\x00" not in sent[field] and len(sent[field]) < 30:
        # What was typed is shown again, to be corrected rather than typed anew.
        assert f'value="{sent[field]}"' in body or f">{sent[field]}</" in body
    assert written(editable_order) == before


def test_every_missing_required_address_field_is_flagged_at_once(csr_client, editable_order):
    shipment = shipments_of(editable_order)[0]
    before = written(editable_order)
    body = post(csr_client, editable_order, "address", shipment.pk, {"version": 1, "first_name": "Mercy"}).content.decode()
    for field, message in (("line1", "Enter the address line 1."), ("city", "Enter the city."),
                           ("postal_code", "Enter the postal code."), ("country_code", "Enter the country.")):
        assert_refused_beside(body, "address", shipment.pk, field, message)
    assert 'value="Mercy"' in body
    assert written(editable_order) == before


def test_the_address_form_takes_its_labels_lengths_and_required_flags_from_the_model(editable_order):
    from orders.forms import AddressForm

    form = AddressForm(order=editable_order, edit="address", pk=1)
    for name in OrderAddress.ADDRESS_FIELDS:
        column = OrderAddress._meta.get_field(name)
        assert form.fields[name].max_length == column.max_length
        assert form.fields[name].required == (not column.blank)
        assert form.fields[name].label.lower() == str(column.verbose_name).lower()
    assert [form.fields[name].label for name in ("line1", "region", "country_code")] == [
        "Address line 1", "State / region", "Country"]


@pytest.fixture
def big_order(market):
    """An order whose balance is over 1,500 USD (100 red tees at 20.00)."""
    order = make_editable(PurchaseOrderFactory(market=market, lines=1))
    ops.line_item_add(order, user=None, version=order.version, sku_code="TEE-RED-M", quantity=100)
    assert order.balance_due > Decimal("1500")
    return order


def test_1_500_typed_as_a_usd_payment_is_fifteen_hundred(csr_client, big_order):
    phone = PaymentMethod.objects.get(code="phone")
    response = post(csr_client, big_order, "payment", None, {"version": big_order.version, "payment_method": phone.pk,
                                                              "amount": "1,500"})
    assert response.status_code == 200 and "Payment added." in response.content.decode()
    assert [payment.amount for payment in Payment.objects.filter(order_form__order_group=big_order)] == [Decimal("1500.00")]
    assert "1,500.00 USD" in response.content.decode()


def test_1_500_typed_as_a_usd_discount_is_fifteen_hundred(csr_client, big_order):
    response = post(csr_client, big_order, "discount", None, {"version": big_order.version, "on": "order",
                                                               "value_type": "amount", "value": "1,500",
                                                               "reason": "Bulk"})
    assert response.status_code == 200 and "Discount added." in response.content.decode()
    assert Discount.objects.get(order_group=big_order).value == Decimal("1500.00")


def test_1_500_above_the_balance_is_refused_saying_so(csr_client, editable_order):
    phone = PaymentMethod.objects.get(code="phone")
    before = written(editable_order)
    balance = OrderGroup.objects.get(pk=editable_order.pk).balance_due
    assert balance < Decimal("1500")
    body = post(csr_client, editable_order, "payment", None, {"version": editable_order.version,
                                                              "payment_method": phone.pk, "amount": "1,500"}).content.decode()
    assert_refused_beside(body, "payment", None, "amount", f"The balance due is {balance} USD")
    assert written(editable_order) == before


def test_a_percentage_over_100_is_refused_beside_the_value(csr_client, editable_order):
    before = written(editable_order)
    body = post(csr_client, editable_order, "discount", None, {"version": editable_order.version, "on": "order",
                                                               "value_type": "percent", "value": "100.5",
                                                               "reason": "Why not"}).content.decode()
    assert_refused_beside(body, "discount", None, "value", "at most 100 %")
    assert written(editable_order) == before


def test_a_declined_card_is_an_error_beside_the_card_number_and_is_kept_in_history(csr_client, editable_order):
    card = PaymentMethod.objects.get(code="card")
    response = post(csr_client, editable_order, "payment", None, {"version": editable_order.version,
                                                                  "payment_method": card.pk, "amount": "10.00",
                                                                  "card_number": "4000 0000 0000 0002"})
    body = response.content.decode()
    assert response.status_code == 200 and "Payment added." not in body
    assert_refused_beside(body, "payment", None, "card_number", "Payment declined: The card was declined by the issuer.")
    assert '<tr class="payment payment-failed">' in body and ">Failed</span>" in body
    stored = OrderGroup.objects.get(pk=editable_order.pk)
    assert stored.paid_total == Decimal("0.00")
    failed = Payment.objects.get(order_form__order_group=editable_order)
    assert (failed.status, failed.amount) == ("failed", Decimal("10.00"))
    history = csr_client.get(reverse("po:order_tab", args=[editable_order.number, "history"])).content.decode()
    assert "Payment declined" in history and "declined by the issuer" in history


@pytest.mark.parametrize("card_number, message", [("", "Card needs the card number."),
                                                  ("4242", "A card number has 12 to 19 digits.")])
def test_a_card_payment_without_a_whole_card_number_is_refused_beside_the_field(csr_client, editable_order, card_number,
                                                                                 message):
    card = PaymentMethod.objects.get(code="card")
    before = written(editable_order)
    body = post(csr_client, editable_order, "payment", None, {"version": editable_order.version, "payment_method": card.pk,
                                                              "amount": "10.00", "card_number": card_number}).content.decode()
    assert_refused_beside(body, "payment", None, "card_number", message)
    assert written(editable_order) == before


@pytest.fixture
def yen_order(db):
    japan = MarketFactory(japan=True)
    PaymentMethodFactory(market=japan, code="phone", name="Phone", kind="phone")
    order = make_editable(PurchaseOrderFactory(market=japan, lines=1))
    assert order.currency == "JPY" and order.balance_due > 100
    return order


@pytest.mark.parametrize("edit_name, field, data", [
    ("payment", "amount", {"amount": "10.5"}),
    ("discount", "value", {"on": "order", "value_type": "amount", "value": "10.5", "reason": "Late"}),
])
def test_yen_amounts_with_decimals_are_refused(csr_client, yen_order, edit_name, field, data):
    if edit_name == "payment":
        data = {**data, "payment_method": PaymentMethod.objects.get(market=yen_order.market, code="phone").pk}
    before = written(yen_order)
    response = post(csr_client, yen_order, edit_name, None, {"version": yen_order.version, **data})
    assert response.status_code == 200
    assert_refused_beside(response.content.decode(), edit_name, None, field, "JPY amounts have no decimals.")
    assert written(yen_order) == before


def test_a_yen_payment_of_1_500_is_fifteen_hundred_yen(csr_client, yen_order):
    phone = PaymentMethod.objects.get(market=yen_order.market, code="phone")
    if yen_order.balance_due < 1500:
        pytest.fail("the yen order should owe more than 1,500 JPY")
    post(csr_client, yen_order, "payment", None, {"version": yen_order.version, "payment_method": phone.pk,
                                                   "amount": "1,500"})
    assert Payment.objects.get(order_form__order_group=yen_order).amount == Decimal("1500")


def test_without_javascript_a_refused_edit_shows_the_whole_page_with_the_errors(csr_client, editable_order):
    body = post(csr_client, editable_order, "contact", None, {"version": editable_order.version, "name": "",
                                                              "email": "nope"}, htmx=False).content.decode()
    assert "<html" in body
    assert_refused_beside(body, "contact", None, "name", "Enter the customer's name.")
    assert_refused_beside(body, "contact", None, "email", "That is not an email address.")
    assert 'value="nope"' in body


def test_a_note_with_a_nul_byte_or_a_long_title_is_refused_beside_the_field(csr_client, market):
    order = PurchaseOrderFactory(market=market, status=OrderStatus.COMPLETED, lines=1)
    url = reverse("po:order_note_add", args=[order.number])
    for title, message in (("ab\x00c", "Null characters are not allowed."), ("x" * 201, "Keep the title under 200")):
        response = csr_client.post(url, {"title": title, "detail": "d"}, headers=HTMX)
        assert response.status_code == 200
        assert_refused_beside(response.content.decode(), "note", None, "title", message)
    response = csr_client.post(url, {"title": "Fine", "detail": "a\x00b"}, headers=HTMX)
    assert_refused_beside(response.content.decode(), "note", None, "detail", "Null characters are not allowed.")
    assert not Note.objects.custom().filter(order_group=order).exists()


@pytest.mark.parametrize("query", [{"sku": "ab\x00c"}, {"sku": "tee", "shipment": "²"}, {"sku": "x" * 101},
                                   {"sku": "tee", "shipment": "1\x00"}])
def test_a_sku_search_with_a_nul_byte_or_a_bad_shipment_finds_nothing_instead_of_failing(csr_client, editable_order,
                                                                                        query):
    url = reverse("po:order_sku_search", args=[editable_order.number])
    response = csr_client.get(url, query, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "Type part of a SKU code or name" in response.content.decode()
    page = csr_client.get(reverse("po:order_tab", args=[editable_order.number, "forms"]), query)
    assert page.status_code == 200


def test_an_order_number_with_a_nul_byte_is_not_found(csr_client):
    assert csr_client.get("/orders/PO%00/").status_code == 404
    assert csr_client.get("/orders/%00/forms/").status_code == 404
