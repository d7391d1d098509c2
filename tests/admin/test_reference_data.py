"""Reference data stays editable in the admin: a save writes only what the administrator changed
(jobs and orders move the other columns meanwhile), and bad input is an error beside its field."""
import pytest

from catalog.models import Stock
from subscriptions.models import Schedule
from tests.admin.helpers import admin_url, form_data, order_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def schedule(make_order):
    return Schedule.objects.get(plan=make_order(kind="plan"))


def test_a_schedule_save_writes_only_what_the_administrator_changed(admin_client, schedule):
    url = admin_url(schedule)
    data = form_data(admin_client.get(url))
    data["cycle_length"] = 2
    Schedule.objects.filter(pk=schedule.pk).update(completed_cycles=3)  # the recurring job, meanwhile

    response = admin_client.post(url, data)

    assert response.status_code == 302
    schedule.refresh_from_db()
    assert (schedule.cycle_length, schedule.completed_cycles) == (2, 3)


def test_a_maximum_below_the_cycles_already_run_is_an_error_beside_the_field(admin_client, schedule):
    Schedule.objects.filter(pk=schedule.pk).update(completed_cycles=3)
    url = admin_url(schedule)
    data = form_data(admin_client.get(url))
    data["max_cycles"] = 2

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["max_cycles"] == [
        "3 cycles have run already: the maximum can be no lower."]
    assert Schedule.objects.get(pk=schedule.pk).max_cycles == 0


def test_the_subscription_page_shows_its_schedule_with_a_link_to_set_it(admin_client, schedule):
    response = admin_client.get(order_url(schedule.plan))

    [inline] = [inline for inline in response.context["inline_admin_formsets"] if inline.opts.model is Schedule]
    assert not inline.has_change_permission
    assert admin_url(schedule) in response.content.decode()


def test_a_stock_save_keeps_the_reservations_made_meanwhile(admin_client, shop):
    stock = Stock.objects.get(sku=shop["skus"]["TEE-M"])
    url = admin_url(stock)
    data = form_data(admin_client.get(url))
    data["in_stock"] = 80
    Stock.objects.filter(pk=stock.pk).update(reserved=4)  # an order, meanwhile

    admin_client.post(url, data)

    stock.refresh_from_db()
    assert (stock.in_stock, stock.reserved) == (80, 4)
