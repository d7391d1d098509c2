"""No posted selection makes an admin action answer 500: every action of every registered
ModelAdmin is sent rows that cannot exist, and says so or does nothing."""
import pytest
from django.apps import apps
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

from tests.admin.helpers import admin_url, every_action, messages_of

pytestmark = pytest.mark.django_db

NOT_KEYS = ["abc", "²", "1\x00", "", "1.5", "99999999999999999999", "-99999999999999999999"]
UNKNOWN_ID = "987654321"
ACTIONS = every_action()


def row_counts():
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


@pytest.mark.parametrize(("model", "action"), ACTIONS, ids=lambda value: getattr(value, "_meta", None) and
                         value._meta.label or value)
def test_an_action_on_rows_that_cannot_exist_changes_nothing_and_says_so(admin_client, everything, model, action):
    url = admin_url(model, "changelist")
    before = row_counts()

    for value in NOT_KEYS:
        for step in ({"index": 0}, {"post": "yes"}):  # chosen on the list; sent back from a confirmation
            response = admin_client.post(url, {"action": action, ACTION_CHECKBOX_NAME: [value], **step})

            assert response.status_code == 302, (value, step)
            followed = admin_client.get(response["Location"])
            assert any("were not understood" in message for message in messages_of(followed)), (value, step)
    for step in ({"index": 0}, {"post": "yes"}):
        response = admin_client.post(url, {"action": action, ACTION_CHECKBOX_NAME: [UNKNOWN_ID], **step})

        assert response.status_code in (200, 302)
    assert row_counts() == before


def test_a_bad_value_among_good_ones_refuses_the_whole_selection(admin_client, make_order):
    from orders.models import OrderGroup, PurchaseOrder

    order = make_order()

    response = admin_client.post(admin_url(PurchaseOrder, "changelist"), {
        "action": "hold_orders", "index": 0, ACTION_CHECKBOX_NAME: [order.pk, "abc"]}, follow=True)

    assert OrderGroup.objects.get(pk=order.pk).status == "in_progress"
    assert "The chosen rows were not understood ('abc'); nothing was changed." in messages_of(response)
