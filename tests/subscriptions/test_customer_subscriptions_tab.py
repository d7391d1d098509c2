"""The customer page's Subscriptions tab (/customers/<id>/subscriptions/): the customer's
subscriptions with their cycle and next order date, each opening the subscription."""
import re

from django.urls import reverse

from demo.factories.customers import CustomerFactory
from orders.models import OrderGroup
from subscriptions.models import CycleMode, Schedule


def url(customer):
    return reverse("customer_subscriptions", args=[customer.pk])


def test_it_lists_subscriptions_with_their_cycle_and_next_order_each_opening_it(csr_client, world, make_order):
    monthly = make_order(kind="plan")
    weekly = make_order(kind="plan")
    Schedule.objects.filter(subscription=weekly).update(cycle_mode=CycleMode.WEEKS, cycle_length=2)
    paused = make_order(kind="plan")
    Schedule.objects.filter(subscription=paused).update(active=False)
    others = make_order(kind="plan")
    OrderGroup.objects.filter(pk=others.pk).update(customer=CustomerFactory(addresses=0))

    response = csr_client.get(url(world.mercy))

    body = response.content.decode()
    assert response.status_code == 200
    assert set(re.findall(r'<td><a href="/subscriptions/([^/"]+)/">', body)) == {monthly.number, weekly.number, paused.number}
    assert "Every month" in body and "Every 2 weeks" in body
    assert "2026-01-01" in body and "Paused" in body
    assert "Next order" in body and "Cycle" in body
    assert 'aria-current="page">Subscriptions<' in body


def test_a_customer_without_subscriptions_is_told_so(csr_client, world):
    assert "No subscriptions." in csr_client.get(url(world.mercy)).content.decode()


def test_the_tab_runs_the_same_queries_for_1_or_many(csr_client, world, make_order, django_assert_max_num_queries):
    make_order(kind="plan")
    csr_client.get(url(world.mercy))
    with django_assert_max_num_queries(20) as one:
        csr_client.get(url(world.mercy))
    for _ in range(4):
        make_order(kind="plan")
    with django_assert_max_num_queries(len(one.captured_queries)):
        csr_client.get(url(world.mercy))


def test_an_unknown_customer_is_not_found(csr_client, db):
    assert csr_client.get(reverse("customer_subscriptions", args=[999999])).status_code == 404


def test_it_needs_a_login_and_the_csr_role(client, django_user_model, world):
    assert client.get(url(world.mercy)).status_code == 302
    client.force_login(django_user_model.objects.create_user("visitor", password="x"))
    assert client.get(url(world.mercy)).status_code == 403


def test_it_refuses_post(csr_client, world):
    assert csr_client.post(url(world.mercy)).status_code == 405
