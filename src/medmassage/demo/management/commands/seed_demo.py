"""`medmassage demo`: create the demo clinics once and print how to log in."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from medmassage.demo import clinics as demo


class Command(BaseCommand):
    help = "Create the demo clinics (once) and print the demo logins."

    def handle(self, *args: Any, **options: Any) -> None:
        path = settings.VAR_DIR / "demo-credentials.json"
        if demo.demo_exists():
            logins = demo.load_credentials(path)
            self.stdout.write("The demo clinics exist already.")
        else:
            # One transaction: if the logins cannot be saved, no demo users exist without them.
            with transaction.atomic():
                logins = demo.create_demo()
                demo.save_credentials(logins, path)
            self.stdout.write(self.style.SUCCESS("Created the demo clinics."))
        if not logins:
            self.stdout.write(f"No saved demo logins at {path}.")
            return
        self.stdout.write(f"Demo logins (also in {path}, readable by you only):")
        for login in logins:
            self.stdout.write(
                f"  {login.clinic:<42} {login.role:<11} {login.email:<24} {login.password}"
            )
        keyed = [login for login in logins if login.authenticator_key]
        if keyed:
            self.stdout.write(
                "Owners confirm a second factor after the password: add their key to an "
                "authenticator app, or use one of their recovery codes (credentials file)."
            )
        for login in keyed:
            self.stdout.write(
                f"  Two-factor key of {login.email}: {login.authenticator_key} "
                "(recovery codes in the credentials file)"
            )
