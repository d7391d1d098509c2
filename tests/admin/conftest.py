"""Rows of every model the admin shows, on top of the one test world (tests/world.py)."""
from decimal import Decimal

import pytest

from csrportal.models import SavedView, UserPreferences
from demo.factories.customers import AddressFactory
from orders.models import Discount, LineItem, Note, NoteKind, Payment, ReturnForm, ReturnLine, TransactionType


@pytest.fixture
def everything(make_order, shop, admin_user):
    """At least one row of every model the admin shows, for the pages that list or show them."""
    AddressFactory(customer=shop["mercy"], label="Office", line1="2 Work Rd", city="Albany", postal_code="12207",
                   country_code="US", is_preferred_shipping=True)
    order = make_order()
    make_order(kind="cart")
    make_order(kind="plan")
    line = LineItem.objects.filter(shipment__order_form__order_group=order).first()
    Payment.objects.create(order_form=order.forms.get(), method=shop["phone"], method_name="Phone", amount=Decimal("1.00"),
                           transaction_type=TransactionType.SALE, status="processed")
    Discount.objects.create(order_group=order, scope="order", value_type="amount", value=Decimal("1.00"), reason="Sorry")
    Note.objects.create(order_group=order, kind=NoteKind.CUSTOM, title="Called the customer")
    returned = ReturnForm.objects.create(order_group=order, number="RMA10001")
    ReturnLine.objects.create(return_form=returned, line_item=line, quantity=1, reason="Too small")
    UserPreferences.objects.create(user=admin_user, time_zone="Europe/Stockholm")
    SavedView.objects.create(owner=admin_user, table="purchase_orders", name="Held", query="status=on_hold")
    return order
