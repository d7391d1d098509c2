"""`manage.py create_csr USERNAME`: adds a CSR who can log in, refuses what it cannot do clearly."""
from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from csrportal.management.commands import create_csr

PASSWORD = "quiet-harbour-42"


def run(*args, **options):
    out = StringIO()
    call_command("create_csr", *args, stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def typed(monkeypatch):
    """What the person types at the two password prompts (getpass is never echoed)."""
    answers = []
    prompts = []

    def fake_getpass(prompt):
        prompts.append(prompt)
        return answers.pop(0)

    monkeypatch.setattr(create_csr, "getpass", fake_getpass)
    return answers, prompts


def test_it_adds_a_csr_who_can_log_in_to_the_portal(csr_group, django_user_model):
    output = run("jdoe", password=PASSWORD, first_name="Jo", last_name="Doe", email="jo.doe@example.com")
    assert output.strip() == "Created CSR jdoe (Jo Doe): they can log in to the portal now."
    user = django_user_model.objects.get(username="jdoe")
    assert (user.first_name, user.last_name, user.email) == ("Jo", "Doe", "jo.doe@example.com")
    assert list(user.groups.values_list("name", flat=True)) == [settings.CSR_GROUP_NAME]
    assert not user.is_staff and not user.is_superuser and user.is_active
    client = Client()
    assert client.login(username="jdoe", password=PASSWORD)
    assert client.get(reverse("purchase_orders")).status_code == 200


def test_without_password_it_asks_twice(csr_group, typed):
    answers, prompts = typed
    answers += [PASSWORD, PASSWORD]
    run("jdoe")
    assert prompts == ["Password: ", "Password (again): "]
    assert authenticate(username="jdoe", password=PASSWORD)


@pytest.mark.parametrize("first, second, says", [
    (PASSWORD, PASSWORD + "x", "The two passwords differ"),
    ("", "", "The password cannot be empty"),
])
def test_typed_passwords_that_differ_or_are_empty_are_refused(csr_group, django_user_model, typed, first, second, says):
    typed[0].extend([first, second])
    with pytest.raises(CommandError, match=says):
        run("jdoe")
    assert not django_user_model.objects.filter(username="jdoe").exists()


def test_an_existing_username_is_refused_and_that_user_is_left_alone(csr_user, django_user_model):
    for taken in ("csr", "CSR"):
        with pytest.raises(CommandError, match='The username "csr" is already taken; nothing was changed'):
            run(taken, password=PASSWORD, first_name="Someone")
    assert django_user_model.objects.count() == 1
    assert authenticate(username="csr", password="csr-pass-123").first_name == "Casey"


@pytest.mark.parametrize("args, options, says", [
    (["jdoe"], {"password": "123"}, "Password refused: This password is too short"),
    (["jdoe"], {"password": "password1"}, "Password refused: .*too common"),
    (["jdoe"], {"password": "a\x00" + PASSWORD}, "NUL"),
    (["j doe!"], {"password": PASSWORD}, "Username refused"),
    ([" "], {"password": PASSWORD}, "Give a username"),
    (["x" * 151], {"password": PASSWORD}, "at most 150 characters"),
    (["jd\x00oe"], {"password": PASSWORD}, "NUL"),
    (["jdoe"], {"password": PASSWORD, "email": "not-an-email"}, "not an email address"),
    (["jdoe"], {"password": PASSWORD, "first_name": "x" * 151}, "first name can have at most 150"),
])
def test_bad_input_is_refused_with_a_message(csr_group, django_user_model, args, options, says):
    with pytest.raises(CommandError, match=says):
        run(*args, **options)
    assert not django_user_model.objects.exists()


def test_without_the_csr_group_it_says_to_migrate(db, django_user_model):
    Group.objects.filter(name=settings.CSR_GROUP_NAME).delete()
    with pytest.raises(CommandError, match="run `manage.py migrate` first"):
        run("jdoe", password=PASSWORD)
    assert not django_user_model.objects.exists()
