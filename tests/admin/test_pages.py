"""Every admin page opens for a superuser, and the big changelists cost the same for 1 row or 20."""
import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from carts.models import Cart
from orders.models import Note, NumberSequence, OrderForm, PurchaseOrder, ReturnForm, Shipment
from subscriptions.models import Schedule, Subscription
from tests.admin.helpers import admin_url, order_url

# Made by the portal, checkout, the recurring job and the operations, never typed in: the admin
# shows them (and moves their status through operations) but has no add page for them. A schedule
# comes with its subscription.
NOT_ADDED_IN_ADMIN = {PurchaseOrder, Cart, Subscription, OrderForm, Shipment, Note, ReturnForm, NumberSequence,
                      Schedule}

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda model: model._meta.label)
def test_every_changelist_opens(admin_client, everything, model):
    response = admin_client.get(admin_url(model, "changelist"))

    assert response.status_code == 200


@pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda model: model._meta.label)
def test_every_add_page_opens_unless_the_model_is_made_by_the_domain(admin_client, everything, model):
    response = admin_client.get(admin_url(model, "add"))

    assert response.status_code == (403 if model in NOT_ADDED_IN_ADMIN else 200)


@pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda model: model._meta.label)
def test_every_change_page_opens(admin_client, everything, model):
    obj = model._default_manager.order_by("pk").first()
    assert obj is not None, f"the `everything` fixture makes no {model._meta.label}"

    response = admin_client.get(admin_url(obj))

    assert response.status_code == 200


def test_the_changelist_searches_by_number_name_and_email(admin_client, make_order):
    order = make_order(number="PO20001")
    make_order(number="PO20002")
    url = admin_url(PurchaseOrder, "changelist")

    by_number = admin_client.get(url, {"q": "po20001"}).context["cl"].result_list
    by_name = admin_client.get(url, {"q": "ercy tay"}).context["cl"].result_list
    by_email = admin_client.get(url, {"q": "MERCY@example.com"}).context["cl"].result_list
    by_domain = admin_client.get(url, {"q": "example.com"}).context["cl"].result_list

    assert [order.number for order in by_number] == [order.number]
    assert len(by_name) == 2 and len(by_email) == 2
    assert list(by_domain) == []


def test_the_changelists_filter_by_status_and_market(admin_client, make_order, shop):
    make_order()
    held = make_order(status="on_hold")

    response = admin_client.get(admin_url(PurchaseOrder, "changelist"),
                                {"status__exact": "on_hold", "market__id__exact": shop["market"].pk})

    assert [order.pk for order in response.context["cl"].result_list] == [held.pk]


def test_a_capped_count_says_more_than(admin_client, make_order, monkeypatch):
    from csrportal.admin import CappedCountPaginator

    monkeypatch.setattr(CappedCountPaginator, "cap", 2)
    for _ in range(3):
        make_order()

    response = admin_client.get(admin_url(PurchaseOrder, "changelist"))

    assert response.context["cl"].result_count == 2
    assert "More than 2 purchase orders" in response.content.decode()


BIG_CHANGELISTS = [PurchaseOrder, Cart, Subscription, OrderForm, Shipment, Note, Schedule]


@pytest.mark.parametrize("model", BIG_CHANGELISTS, ids=lambda model: model._meta.label)
def test_a_changelist_runs_as_many_queries_for_20_orders_as_for_1(
        admin_client, make_order, model, django_assert_max_num_queries):
    kind = {Cart: "cart", Subscription: "plan", Schedule: "plan"}.get(model, "po")
    url = admin_url(model, "changelist")
    make_order(kind=kind, created_note=True)
    admin_client.get(url)  # the session and the content types are cached after the first page
    with CaptureQueriesContext(connection) as one:
        assert admin_client.get(url).status_code == 200
    for index in range(19):
        make_order(kind=kind, name=f"List {index}", created_note=True)

    with django_assert_max_num_queries(len(one)):
        response = admin_client.get(url)

    assert len(response.context["cl"].result_list) >= 20


def test_the_order_page_costs_the_same_for_a_bigger_order(admin_client, make_order):
    small = make_order(lines=(("TEE-M", 1),))
    big = make_order(lines=(("TEE-M", 1), ("TEE-L", 3)))
    admin_client.get(order_url(small))
    with CaptureQueriesContext(connection) as for_small:
        admin_client.get(order_url(small))
    with CaptureQueriesContext(connection) as for_big:
        admin_client.get(order_url(big))

    assert len(for_big) == len(for_small)


def test_the_admin_needs_a_staff_login(client, everything):
    response = client.get(reverse("admin:orders_purchaseorder_changelist"))

    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_shipments_notes_and_forms_are_found_by_their_order_number_in_any_case(admin_client, make_order):
    order, other = make_order(), make_order()

    for model in (Shipment, Note, OrderForm):
        found = admin_client.get(admin_url(model, "changelist"), {"q": order.number.lower()}).context["cl"].result_list

        assert {row.pk for row in found} == set(model._default_manager.filter(
            **{{Shipment: "order_form__order_group", Note: "order_group", OrderForm: "order_group"}[model]: order}
        ).values_list("pk", flat=True))
        assert other.pk not in {getattr(row, "order_group_id", None) for row in found}


def test_customers_are_found_by_email_or_the_start_of_their_names(admin_client, shop):
    from customers.models import Customer

    url = admin_url(Customer, "changelist")

    def found(term):
        return [customer.email for customer in admin_client.get(url, {"q": term}).context["cl"].result_list]

    assert found("MERCY@EXAMPLE.COM") == found("mer tay") == found("Taylor") == ["mercy@example.com"]
    assert found("ercy") == [] and found("example.com") == []


def test_the_date_hierarchy_offers_the_years_and_months_between_the_first_and_last_order(admin_client, make_order):
    import datetime

    from django.utils import timezone

    for when in (datetime.datetime(2024, 11, 5, 12), datetime.datetime(2026, 2, 1, 12),
                 datetime.datetime(2026, 4, 1, 12)):
        PurchaseOrder.objects.filter(pk=make_order().pk).update(created=timezone.make_aware(when))
    url = admin_url(PurchaseOrder, "changelist")

    def choices(**params):
        page = admin_client.get(url, params).content.decode()
        return [title for title in ("2024", "2025", "2026", "February 2026", "March 2026", "April 2026")
                if f">{title}</a>" in page]

    assert choices() == ["2024", "2025", "2026"]
    assert choices(created__year=2026) == ["February 2026", "March 2026", "April 2026"]
    assert admin_client.get(url, {"created__year": 2026, "created__month": 4}).status_code == 200


def test_the_shipment_page_costs_the_same_for_more_lines(admin_client, make_order):
    small = Shipment.objects.get(order_form__order_group=make_order(lines=(("TEE-M", 1),)))
    big = Shipment.objects.get(order_form__order_group=make_order(lines=(("TEE-M", 1), ("TEE-L", 3))))
    admin_client.get(admin_url(small))
    with CaptureQueriesContext(connection) as for_small:
        admin_client.get(admin_url(small))
    with CaptureQueriesContext(connection) as for_big:
        admin_client.get(admin_url(big))

    assert len(for_big) == len(for_small)


def test_a_negative_balance_is_a_refund_due_in_the_changelist(admin_client, make_order):
    """As in the portal's lists: never a negative balance due."""
    overpaid = make_order(number="PO20003")
    PurchaseOrder.objects.filter(pk=overpaid.pk).update(balance_due=-12)
    owing = make_order(number="PO20004")
    PurchaseOrder.objects.filter(pk=owing.pk).update(balance_due=30)
    body = admin_client.get(admin_url(PurchaseOrder, "changelist")).content.decode()
    assert "Refund due 12.00 USD" in body
    assert "30.00 USD" in body
    assert "-12.00" not in body
