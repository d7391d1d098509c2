"""The pick lists: the list of them, and a pick list's page where each Packing shipment is completed
with its tracking number or taken off (back to Released)."""
import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from orders.models import OrderStatus, PickList, ShipmentStatus
from orders.operations import pick_list_create

LIST = reverse("pick_lists")


@pytest.fixture
def pick_list(released, csr_user):
    shipments = released(2)
    return pick_list_create([s.pk for s in shipments], user=csr_user)


def detail(pick_list):
    return reverse("pick_list_detail", args=[pick_list.number])


def said(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def shipment_form(shipment, **data):
    return {"shipment": shipment.pk, "version": shipment.order_form.order_group.version, **data}


def test_the_list_shows_each_pick_list_with_its_count_and_state(csr_client, pick_list, csr_user):
    body = csr_client.get(LIST).content.decode()
    assert f'<a href="{detail(pick_list)}">{pick_list.number}</a>' in body
    assert "Main warehouse" in body and "Casey Rivera" in body
    assert '<td class="number">2</td>' in body and "Open (2 to pack)" in body


def test_a_pick_list_shows_its_shipments_lines_and_actions(csr_client, pick_list):
    shipment = pick_list.shipments.order_by("id").first()
    order = shipment.order_form.order_group
    body = csr_client.get(detail(pick_list)).content.decode()
    assert f"Pick list {pick_list.number}</h1>" in body
    assert f'{order.number}</a> shipment 1' in body and "TEE-M" in body and "Packing" in body
    assert body.count(">Complete</button>") == 2 and body.count(">Remove from pick list</button>") == 2
    assert '<label for="tracking-' in body and ">Tracking number</label>" in body
    assert f'href="/shipments/pick-lists/{pick_list.number}/print/"' in body and "Print pick list" in body


def test_complete_ships_with_the_tracking_number(csr_client, pick_list):
    shipment = pick_list.shipments.order_by("id").first()
    response = csr_client.post(reverse("pick_list_complete", args=[pick_list.number]),
                               shipment_form(shipment, tracking_number=" 1z999aa1 0123456784 "))
    assert response.status_code == 302
    shipment.refresh_from_db()
    assert (shipment.status, shipment.tracking_number, shipment.pick_list) == (
        ShipmentStatus.SHIPPED, "1Z999AA10123456784", pick_list)
    assert said(response) == [f"{shipment.order_form.order_group.number} shipment 1 shipped with tracking number "
                              "1Z999AA10123456784."]
    order = shipment.order_form.order_group
    order.refresh_from_db()
    assert order.status == OrderStatus.COMPLETED
    body = csr_client.get(detail(pick_list)).content.decode()
    assert body.count(">Complete</button>") == 1 and "1 still to pack" in body


@pytest.mark.parametrize("tracking, error", [
    ("", "Enter the tracking number"),
    ("   ", "Enter the tracking number"),
    ("ab", "6 to 40 letters and digits"),
    ("<script>alert(1)</script>", "only letters, digits, hyphens and spaces"),
    ("x" * 41, "6 to 40 letters and digits"),
    ("x" * 201, "at most 200 characters"),
    ("1Z99\x009999", "Null characters are not allowed"),
])
def test_a_bad_tracking_number_is_said_beside_the_field_and_nothing_ships(csr_client, pick_list, tracking, error):
    shipment = pick_list.shipments.order_by("id").first()
    response = csr_client.post(reverse("pick_list_complete", args=[pick_list.number]),
                               shipment_form(shipment, tracking_number=tracking))
    assert response.status_code == 400
    body = response.content.decode()
    assert f'id="tracking-{shipment.pk}-error">' in body and error in body
    assert "<script>alert" not in body
    shipment.refresh_from_db()
    assert shipment.status == ShipmentStatus.PACKING


def test_a_stale_version_is_refused_beside_the_field(csr_client, pick_list):
    shipment = pick_list.shipments.order_by("id").first()
    data = shipment_form(shipment, tracking_number="1Z999AA10123456784")
    data["version"] = int(data["version"]) - 1
    response = csr_client.post(reverse("pick_list_complete", args=[pick_list.number]), data)
    assert response.status_code == 409
    assert "changed" in response.content.decode()
    shipment.refresh_from_db()
    assert shipment.status == ShipmentStatus.PACKING


def test_remove_from_pick_list_is_back_to_released(csr_client, pick_list):
    shipment = pick_list.shipments.order_by("id").first()
    response = csr_client.post(reverse("pick_list_remove", args=[pick_list.number]), shipment_form(shipment))
    assert response.status_code == 302
    shipment.refresh_from_db()
    assert (shipment.status, shipment.pick_list) == (ShipmentStatus.RELEASED, None)
    assert "is Released again" in said(response)[0]
    assert pick_list.shipments.count() == 1


def test_a_shipment_of_another_pick_list_or_none_is_refused(csr_client, pick_list, released, csr_user):
    other = pick_list_create([released(1)[0].pk], user=csr_user)
    stranger = other.shipments.get()
    for url in (reverse("pick_list_complete", args=[pick_list.number]), reverse("pick_list_remove", args=[pick_list.number])):
        response = csr_client.post(url, shipment_form(stranger, tracking_number="1Z999AA10123456784"))
        assert response.status_code == 302
        assert said(response)[-1] == f"That shipment is not on pick list {pick_list.number}; nothing was changed."
    stranger.refresh_from_db()
    assert stranger.status == ShipmentStatus.PACKING


@pytest.mark.parametrize("data", [{}, {"shipment": "x", "version": "1"}, {"shipment": "1", "version": "-1"},
                                  {"shipment": "1\x00", "version": "1"}, {"shipment": "9" * 30, "version": "1"}])
def test_malformed_posts_are_messages(csr_client, pick_list, data):
    for name in ("pick_list_complete", "pick_list_remove"):
        response = csr_client.post(reverse(name, args=[pick_list.number]), data)
        assert response.status_code == 302 and said(response)


def test_an_unknown_pick_list_is_not_found(csr_client, db):
    assert csr_client.get(reverse("pick_list_detail", args=["PL0"])).status_code == 404
    assert csr_client.post(reverse("pick_list_complete", args=["nope"]), {}).status_code == 404


def test_the_pick_list_page_runs_the_same_queries_for_1_or_12_shipments(csr_client, released, csr_user,
                                                                      django_assert_max_num_queries):
    lines = (("TEE-XL", 1), ("MUG-RED", 2))
    small = pick_list_create([released(1, lines=lines)[0].pk], user=csr_user)
    with django_assert_max_num_queries(20) as one:
        assert csr_client.get(detail(small)).status_code == 200
    large = pick_list_create([s.pk for s in released(12, lines=lines)], user=csr_user)
    with django_assert_max_num_queries(len(one.captured_queries)):
        body = csr_client.get(detail(large)).content.decode()
    assert body.count(">Complete</button>") == 12


def test_the_list_of_pick_lists_runs_the_same_queries_for_1_or_30(csr_client, released, csr_user,
                                                                 django_assert_max_num_queries):
    shipment, = released(1, lines=(("TEE-XL", 1),))
    pick_list_create([shipment.pk], user=csr_user)
    with django_assert_max_num_queries(15) as one:
        csr_client.get(LIST)
    warehouse = shipment.warehouse
    for index in range(30):
        PickList.objects.create(number=f"PL9{index:04d}", warehouse=warehouse, created_by=csr_user)
    with django_assert_max_num_queries(len(one.captured_queries)):
        body = csr_client.get(LIST).content.decode()
    assert "Older" in body


def test_completing_a_shipment_already_shipped_says_why(csr_client, pick_list, csr_user):
    from orders.operations import shipment_move

    shipment = pick_list.shipments.order_by("id").first()
    data = shipment_form(shipment, tracking_number="1Z999AA10123456784")
    order = shipment.order_form.order_group
    shipment_move(order, user=csr_user, version=order.version, shipment_id=shipment.pk, move="ship",
                  tracking_number="1ZOTHER0000001")
    data["version"] = order.version
    response = csr_client.post(reverse("pick_list_complete", args=[pick_list.number]), data)
    assert response.status_code == 409
    assert f"{order.number} is Completed: it cannot be fulfilled now." in response.content.decode()
