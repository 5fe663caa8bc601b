"""SEC-6: grant or revoke one of the three system roles, on the server only (a system admin
who could grant them in the application could make a puppet auditor).

    manage.py system_role grant <username> <system_admin|security_admin|auditor> --reason "…"
    manage.py system_role revoke <username> --reason "…"
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from committees import services
from committees.management.commands.grant_superuser import server_operator
from committees.models import SystemRoleGrant
from core.errors import DomainError


class Command(BaseCommand):
    help = "Grant or revoke a system role (system admin, security admin, auditor)."

    def add_arguments(self, parser):
        parser.add_argument("verb", choices=["grant", "revoke"])
        parser.add_argument("username")
        parser.add_argument("role", nargs="?", choices=SystemRoleGrant.Role.values)
        parser.add_argument("--reason", required=True)

    def handle(self, *args, verb, username, role, reason, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no account {username!r}")
        reason = f"{reason} (on the server by {server_operator()})"
        try:
            if verb == "grant":
                if role is None:
                    raise CommandError("which role?")
                services.system_role_grant(
                    actor=None, user=user, role=role, reason=reason
                )
            else:
                services.system_role_revoke(actor=None, user=user, reason=reason)
        except DomainError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"{verb}: {username} {role or ''}".rstrip())
