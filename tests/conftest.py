"""Fixtures every test module may use: the one test world (tests/world.py), a CSR, a client
logged in as one, fast passwords."""
import importlib
from functools import partial

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.db.models import Q
from django.test import Client

from tests import world as test_world

CSR_PASSWORD = "csr-pass-123"


def pytest_configure(config):
    # WhiteNoise warns that STATIC_ROOT does not exist: tests serve static files through the
    # finders (WHITENOISE_USE_FINDERS) and never run collectstatic.
    config.addinivalue_line("filterwarnings", "ignore:No directory at:UserWarning")


@pytest.fixture(autouse=True)
def fresh_reference_data():
    """Each test makes its own markets: forget the ones the process cached for the last test."""
    from catalog import reference

    reference.forget()
    yield
    reference.forget()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The default hasher is slow on purpose; tests create and log in many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def csr_group(db):
    """The CSR group with the permissions the data migration gives it.

    A transactional test (every live_server test) flushes the tables when it ends, and the rows
    made by data migrations go with them; Django recreates the permissions, not the group. So the
    group is made again, from the migration's own table of permissions, when it is missing.
    """
    group, created = Group.objects.get_or_create(name=settings.CSR_GROUP_NAME)
    if created:
        migration = importlib.import_module("csrportal.migrations.0001_csr_role")
        renamed = importlib.import_module("subscriptions.migrations.0002_subscription").RENAMED_MODELS
        wanted = Q(pk__in=[])
        for app_label, models in migration.CSR_PERMISSIONS.items():
            for model, actions in models.items():
                model = renamed.get(model, model)
                codenames = [f"{action}_{model}" for action in actions]
                wanted |= Q(content_type__app_label=app_label, content_type__model=model, codename__in=codenames)
        group.permissions.set(Permission.objects.filter(wanted))
    return group


@pytest.fixture
def csr_user(django_user_model, csr_group):
    user = django_user_model.objects.create_user(
        username="csr",
        password=CSR_PASSWORD,
        first_name="Casey",
        last_name="Rivera",
        email="casey.rivera@example.com",
    )
    user.groups.add(csr_group)
    return user


@pytest.fixture
def csr_client(csr_user):
    """A client of its own (not pytest-django's `client`), logged in as the CSR."""
    client = Client()
    client.force_login(csr_user)
    return client


@pytest.fixture
def postgres_only(db):
    """For the query-plan tests: EXPLAIN output is PostgreSQL's."""
    if connection.vendor != "postgresql":
        pytest.skip("query plans are PostgreSQL's; CI runs this on PostgreSQL")


# --- The one test world ------------------------------------------------------------------------
# On `db`; a live-server test gets it on the transactional database, as pytest-django's `db` then is.


@pytest.fixture
def world(db) -> test_world.World:
    return test_world.build()


@pytest.fixture
def shop(world):
    """The world under the name most tests know it by: shop["market"], shop["skus"]["TEE-M"], ..."""
    return world


@pytest.fixture
def market(world):
    return world.market


@pytest.fixture
def japan(world):
    return world.japan


@pytest.fixture
def customer(world):
    """Taylor Hayes, who calls in (see tests/world.py)."""
    return world.taylor_hayes()


@pytest.fixture
def make_order(world):
    """make_order(status=..., kind="po"|"cart"|"plan", lines=(("TEE-M", 2),)): see tests/world.py."""
    return partial(test_world.make_order, world)


@pytest.fixture
def editable_order(market):
    """A purchase order of two lines, In Progress, every shipment still Awaiting Inventory."""
    from demo.factories.orders import PurchaseOrderFactory

    return test_world.make_editable(PurchaseOrderFactory(market=market, lines=2))
