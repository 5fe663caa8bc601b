"""SEC-6: the only way to make (or unmake) a superuser — on the server, with a reason, in the
security log and the administrators' trail. No screen of the application sets is_superuser.

    manage.py grant_superuser <username> --reason "…" [--revoke]
"""

import getpass
import os

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from committees import services
from core.errors import DomainError


def server_operator() -> str:
    """Who runs the command on the server (the login name, as far as the OS says)."""
    try:
        return os.environ.get("SUDO_USER") or getpass.getuser()
    except Exception:  # no login name in a container without a passwd entry
        return f"uid {os.getuid()}"


class Command(BaseCommand):
    help = "Make a user a superuser (or --revoke it), logged in the security log and trail."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--reason", required=True, help="why (kept in the trail)")
        parser.add_argument("--revoke", action="store_true")

    def handle(self, *args, username, reason, revoke, **options):
        if not reason.strip():
            raise CommandError("--reason must say why")
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no account {username!r}")
        try:
            services.superuser_grant(
                user=user, reason=reason, operator=server_operator(), revoke=revoke
            )
        except DomainError as error:
            raise CommandError(str(error)) from None
        state = "is no longer" if revoke else "is now"
        self.stdout.write(f"{username} {state} a superuser.")
