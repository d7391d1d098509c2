"""Many requests at once against a real server thread: each must get its own database connection.

Django's shared in-memory SQLite test database makes the live server hand one connection to all of
its request threads; an htmx poll arriving during a save then broke the save with a 500 (seen in
CI). The test settings use a file instead (csrportal.env). This test fires presence polls, which
write, and order-page loads in parallel and expects every answer to be a success (a poll with
nothing new to say answers 204).
"""
from concurrent.futures import ThreadPoolExecutor
from urllib.request import Request, urlopen

import pytest
from django.conf import settings
from django.test import Client

from demo.factories.orders import PurchaseOrderFactory


@pytest.mark.django_db(transaction=True)
def test_parallel_polls_and_page_loads_all_succeed(live_server, csr_user, market):
    order = PurchaseOrderFactory(market=market, lines=2)
    client = Client()
    client.force_login(csr_user)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    page = f"{live_server.url}/orders/{order.number}/"

    def get(i):
        poll = i % 2 == 0
        url = f"{page}presence/?version={order.version}" if poll else page
        headers = {"Cookie": cookie, "HX-Request": "true"} if poll else {"Cookie": cookie}
        with urlopen(Request(url, headers=headers), timeout=30) as response:
            return response.status

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(get, range(80)))
    assert set(statuses) <= {200, 204}
    assert len(statuses) == 80
