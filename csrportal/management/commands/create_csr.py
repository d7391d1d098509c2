"""Add a customer service representative: a user in the CSR group who can log in to the portal.

    manage.py create_csr jdoe --first-name Jo --last-name Doe --email jo.doe@example.com
    manage.py create_csr jdoe --password 'a long passphrase'   # for scripts; else it asks twice

The password is checked by the same validators as everywhere (AUTH_PASSWORD_VALIDATORS). A
username that is taken (in any letter case) is refused, so an existing account is never changed.
Bad input stops the command with a message (CommandError), never a traceback.
"""
from getpass import getpass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction


def _messages(error: ValidationError) -> str:
    return " ".join(error.messages)


class Command(BaseCommand):
    help = "Add a customer service representative (a user in the CSR group). Asks for the password unless --password is given."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--password", help="The password (else it is asked for twice, not echoed).")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument("--email", default="")

    def handle(self, *args, username, password, first_name, last_name, email, **options):
        User = get_user_model()
        values = {"username": username.strip(), "first_name": first_name.strip(), "last_name": last_name.strip(),
                  "email": email.strip()}
        self._check(User, values)
        group = Group.objects.filter(name=settings.CSR_GROUP_NAME).first()
        if group is None:
            raise CommandError(f'The "{settings.CSR_GROUP_NAME}" group is missing: run `manage.py migrate` first.')
        user = User(**values)
        if password is None:
            password = self._ask_password()
        if "\x00" in password:
            raise CommandError("The password cannot contain a NUL character.")
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError(f"Password refused: {_messages(error)}") from None
        user.set_password(password)
        with transaction.atomic():
            user.save()
            user.groups.add(group)
        name = user.get_full_name()
        self.stdout.write(f"Created CSR {user.username}{f' ({name})' if name else ''}: they can log in to the portal now.")

    def _check(self, User, values):
        for field, value in values.items():
            if "\x00" in value:
                raise CommandError(f"The {field.replace('_', ' ')} cannot contain a NUL character.")
            limit = User._meta.get_field(field).max_length
            if limit and len(value) > limit:
                raise CommandError(f"The {field.replace('_', ' ')} can have at most {limit} characters.")
        if not values["username"]:
            raise CommandError("Give a username.")
        try:
            User.username_validator(values["username"])
        except ValidationError as error:
            raise CommandError(f"Username refused: {_messages(error)}") from None
        if values["email"]:
            try:
                validate_email(values["email"])
            except ValidationError:
                raise CommandError(f"{values['email']} is not an email address.") from None
        taken = User.objects.filter(username__iexact=values["username"]).first()
        if taken:
            raise CommandError(f'The username "{taken.username}" is already taken; nothing was changed. '
                               "Choose another username (or change that user in Django admin).")

    def _ask_password(self) -> str:
        try:
            password = getpass("Password: ")
            again = getpass("Password (again): ")
        except (EOFError, KeyboardInterrupt):
            raise CommandError("No password given; nothing was changed.") from None
        if password != again:
            raise CommandError("The two passwords differ; nothing was changed.")
        if not password:
            raise CommandError("The password cannot be empty.")
        return password
