"""Create a consultant account in a firm (the firm is created when new)."""

from __future__ import annotations

import getpass
from typing import Any

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from applications.models import Firm, Membership


class Command(BaseCommand):
    help = "Create a consultant (RCIC or lawyer) who can sign in and keep client files for a firm."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--firm", required=True, help="firm name (created if new)")
        parser.add_argument("--email", default="")
        parser.add_argument("--password", help="omit to be asked (not echoed)")
        parser.add_argument("--admin", action="store_true", help="firm administrator")

    @transaction.atomic
    def handle(self, *args: Any, username: str, firm: str, email: str, password: str | None, admin: bool,
               **options: Any) -> None:
        users = get_user_model()
        if users.objects.filter(username=username).exists():
            raise CommandError(f"a user named {username!r} already exists")
        password = password or getpass.getpass("Password: ")
        try:  # the validators of AUTH_PASSWORD_VALIDATORS, as the admin and password change apply them
            password_validation.validate_password(password, user=users(username=username, email=email))
        except ValidationError as error:
            raise CommandError("the password is refused: " + " ".join(error.messages)) from None
        firm_row, created = Firm.objects.get_or_create(name=firm)
        user = users.objects.create_user(username=username, email=email, password=password)
        Membership.objects.create(user=user, firm=firm_row,
                                  role=Membership.Role.ADMIN if admin else Membership.Role.CONSULTANT)
        self.stdout.write(f"{username} can now sign in at /accounts/login/ ({'new ' if created else ''}firm {firm})")
