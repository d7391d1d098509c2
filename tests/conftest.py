"""Fixtures every test module may use: a CSR, a client logged in as one, fast passwords."""
import importlib

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.db.models import Q
from django.test import Client

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
