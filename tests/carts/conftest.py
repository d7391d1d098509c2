"""A market to sell in (methods, SKUs with stock), and a customer with a preferred address."""
import pytest

from tests.shops import mug_shop, taylor_hayes


@pytest.fixture
def shop(db):
    return mug_shop()


@pytest.fixture
def customer(db):
    return taylor_hayes()
