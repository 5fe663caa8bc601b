"""Logins that resist abuse, and a second factor (SEC-2).

- Lockouts (django-axes, `LoginAbuseHandler`): an account is locked at one *address* after
  AXES_FAILURE_LIMIT failures there (never the account everywhere, so an attacker elsewhere
  cannot lock the real user out), and an address is throttled after
  LOGIN_ADDRESS_FAILURE_LIMIT failures across any usernames (password spraying). Both
  expire AXES_COOLOFF_TIME after the last failure.
- A second factor (django-otp: TOTP, and ten single-use recovery codes) is required of
  county reviewers, secretaries and the three system roles (`needs_second_factor`).
  After the password, `SecondFactorMiddleware` sends such a user to the verify step, or to
  enrol if they have no authenticator yet, from every page but the steps themselves.
- The real user whose account is locked at their address gets in with the password and a
  code of their authenticator together: the code is checked first (django-otp throttles
  its device), so the lock is passed only by someone who holds the second factor.
"""

from __future__ import annotations

import base64
import logging
import time
from urllib.parse import quote

import segno
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.db.models import Sum
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from committees import access
from core.clientip import client_ip
from core.errors import DomainError, NotPermitted

log = logging.getLogger("security")

RECOVERY_CODE_COUNT = 10
AUTHENTICATOR_NAME = "authenticator"
RECOVERY_NAME = "recovery"

SYSTEM_ROLE_LABELS = {
    access.SystemRole.SYSTEM_ADMIN: _("system administrator"),
    access.SystemRole.SECURITY_ADMIN: _("security administrator"),
    access.SystemRole.AUDITOR: _("security auditor"),
}

# Roles whose account must be held with a second factor (SEC-2).
ROLES_WITH_SECOND_FACTOR = frozenset(
    {access.Role.SECRETARY, access.Role.COUNTY_REVIEWER}
)


# -- who needs it ------------------------------------------------------------------------


def needs_second_factor(user) -> bool:
    """SEC-2: county reviewers, secretaries, the three system roles (and a superuser)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser or access.system_roles(user):
        return True
    return any(
        roles & ROLES_WITH_SECOND_FACTOR
        for roles in access.township_roles(user).values()
    )


def has_authenticator(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def is_verified(user) -> bool:
    return bool(getattr(user, "is_verified", lambda: False)())


# -- lockouts (django-axes) --------------------------------------------------------------


def client_address(request) -> str:
    """The client's address, read as the public forms' rate limits read it (SEC-5,
    core.clientip): behind the proxy, the header it overwrites (RATELIMIT_IP_META_KEY);
    else REMOTE_ADDR. Never the proxy's own address for everyone."""
    header = getattr(settings, "RATELIMIT_IP_META_KEY", "") or ""
    return client_ip(request, str(header) if isinstance(header, str) else "")


class LoginAbuseHandler(AxesDatabaseHandler):
    """axes' database handler with two limits instead of one.

    AXES_LOCKOUT_PARAMETERS is [["username", "ip_address"], "ip_address"]: the first
    query counts the failures of this account from this address, the second the failures
    of this address for any username. The account is locked here at AXES_FAILURE_LIMIT;
    the address is throttled at LOGIN_ADDRESS_FAILURE_LIMIT. Both only count failures
    newer than AXES_COOLOFF_TIME (axes' `get_user_attempts`), so both expire.
    """

    def _counts(self, request, credentials) -> tuple[int, int]:
        account, address = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        return account, address

    def get_failures(self, request, credentials=None) -> int:
        account, address = self._counts(request, credentials)
        if address >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
            # A throttled address counts as a locked account for every username.
            return max(account, get_failure_limit(request, credentials))
        return account

    def reset_user_attempts(self, request, credentials=None) -> int:
        """A successful login clears this account's failures at this address only: a
        sprayer who knows one password must not wipe the address's count."""
        account_attempts = self.filter_user_attempts(request, credentials)[0]
        count, _ = account_attempts.delete()
        return count


def lockout_response(request, original_response=None, credentials=None):
    """axes' lockout page (429), saying for how long, and offering the way past the lock
    with the second factor."""
    from axes.helpers import get_client_username, get_cool_off

    cool_off = get_cool_off(request)
    return render(
        request,
        settings.AXES_LOCKOUT_TEMPLATE,
        {
            "username": get_client_username(request, credentials) or "",
            "cooloff_minutes": int(cool_off.total_seconds() // 60) if cool_off else 0,
        },
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )


# -- services ---------------------------------------------------------------------------


class CodeRefused(DomainError):
    rule = "SEC-2"
    message = _("The code is not right, or it has expired. Try the current code.")


def _require_self(actor, user) -> None:
    if actor is None or actor.pk != user.pk:
        raise NotPermitted(rule="SEC-2")


def _may_enrol(actor, user) -> None:
    """Only the user themselves; a user who already has an authenticator replaces it
    only from a session verified by it (never with the password alone)."""
    _require_self(actor, user)
    if has_authenticator(user) and not is_verified(actor):
        raise NotPermitted(rule="SEC-2")


def authenticator_preview(*, user, key: str) -> TOTPDevice:
    """The authenticator being enrolled, not saved: its key stays in the session until a
    code from it confirms it (a refused code writes nothing)."""
    return TOTPDevice(user=user, name=AUTHENTICATOR_NAME, key=key, confirmed=False)


@transaction.atomic
def authenticator_confirm(
    *, actor, user, key: str, token: str
) -> tuple[TOTPDevice, list[str]]:
    """Confirm the enrolled authenticator with a code from it; it replaces any earlier
    one, and the user gets fresh recovery codes (returned once, to be shown once)."""
    _may_enrol(actor, user)
    device = authenticator_preview(user=user, key=key)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    try:
        matched = totp.verify(int(token), tolerance=device.tolerance)
    except ValueError:
        matched = False
    if not matched:
        raise CodeRefused
    TOTPDevice.objects.filter(user=user).delete()
    device.confirmed = True
    device.last_t = totp.t()
    device.save()
    codes = _new_recovery_codes(user)
    log.info("second factor enrolled user=%s", user.get_username())
    return device, codes


@transaction.atomic
def recovery_codes_renew(*, actor, user) -> list[str]:
    """Ten new recovery codes; the old ones stop working. Only from a verified session."""
    _require_self(actor, user)
    if not is_verified(actor):
        raise NotPermitted(rule="SEC-2")
    codes = _new_recovery_codes(user)
    log.info("recovery codes renewed user=%s", user.get_username())
    return codes


def _new_recovery_codes(user) -> list[str]:
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    for code in codes:
        StaticToken.objects.create(device=device, token=code)
    return codes


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user).count()


# -- forms -------------------------------------------------------------------------------


class CodeField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 16)
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}
            ),
        )
        super().__init__(**kwargs)

    def clean(self, value):
        return "".join(str(super().clean(value) or "").split())


class LoginForm(AuthenticationForm):
    """The password, and optionally a code of the second factor (SEC-2)."""

    otp_token = CodeField(
        label=_("Authenticator code"),
        required=False,
        help_text=_(
            "Optional. If your account is locked at this address, the code of your "
            "authenticator (or a recovery code) lets you in."
        ),
    )

    def clean(self):
        token = self.cleaned_data.get("otp_token")
        if not token:
            return super().clean()
        username = self.cleaned_data.get("username") or ""
        password = self.cleaned_data.get("password") or ""
        user = get_user_model()._default_manager.filter(username=username).first()
        # The second factor first (its device throttles guesses), then the password
        # without axes' lock, which the code lets the real user past.
        device = match_token(user, token) if user is not None else None
        if device is not None:
            user = ModelBackend().authenticate(
                self.request, username=username, password=password
            )
        if device is None or user is None:
            user_login_failed.send(
                sender=__name__,
                credentials={"username": username},
                request=self.request,
            )
            raise self.get_invalid_login_error()
        self.confirm_login_allowed(user)
        user.backend = "django.contrib.auth.backends.ModelBackend"
        user.otp_device = device  # django_otp marks the session verified at login
        self.user_cache = user
        return self.cleaned_data


class VerifyForm(forms.Form):
    otp_token = CodeField(
        label=_("Authenticator code"),
        help_text=_(
            "The six digits your authenticator shows now, or one of your recovery codes."
        ),
    )


class EnrolForm(forms.Form):
    otp_token = CodeField(
        label=_("Authenticator code"),
        help_text=_("The six digits the authenticator shows after you added the key."),
    )


# -- middleware --------------------------------------------------------------------------


class SecondFactorMiddleware:
    """After OTPMiddleware: a user who needs a second factor and has not given it this
    session reaches only the steps (verify, enrol), logout, static files, the language
    switch, the admin's own OTP login and the public column; every other page sends them
    to the verify step (or to enrol, if they have no authenticator yet)."""

    OPEN_PREFIXES = ("/static/", "/p/", "/i18n/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not is_verified(user)
            and not self._is_open(request.path)
            and needs_second_factor(user)
        ):
            step = "account_verify" if has_authenticator(user) else "account_enrol"
            target = reverse(step)
            if request.method == "GET":
                target += "?next=" + quote(request.get_full_path())
            return redirect(target)
        return self.get_response(request)

    def _is_open(self, path: str) -> bool:
        if path.startswith(self.OPEN_PREFIXES):
            return True
        open_paths = {
            reverse("login"),
            reverse("logout"),
            reverse("account_verify"),
            reverse("account_enrol"),
        }
        try:
            open_paths.add(reverse("admin:login"))
        except Exception:  # noqa: BLE001 -- no admin site: nothing to open
            pass
        return path in open_paths


# -- views -------------------------------------------------------------------------------


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("home")


def _demo_code(user) -> str | None:
    """The demo only (settings.DEMO): the code the demo authenticator shows now."""
    if not getattr(settings, "DEMO", False):
        return None
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        return None
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():0{device.digits}d}"


@login_required
@require_http_methods(["GET", "POST"])
def verify(request):
    """SEC-2: the step after the password, for a user who has an authenticator."""
    user = request.user
    if not has_authenticator(user):
        return redirect(reverse("account_enrol") + "?next=" + quote(_next(request)))
    form = VerifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["otp_token"])
        if device is not None:
            otp_login(request, device)
            log.info(
                "second factor ok user=%s device=%s",
                user.get_username(),
                device.persistent_id,
            )
            if isinstance(device, StaticDevice):
                messages.warning(
                    request,
                    _(
                        "You used a recovery code; %(left)d are left. Make new ones on "
                        "your account page."
                    )
                    % {"left": recovery_codes_left(user)},
                )
            return redirect(_next(request))
        log.warning("second factor failed user=%s", user.get_username())
        form.add_error("otp_token", CodeRefused.message)
    status = 400 if form.errors else 200
    return render(
        request,
        "committees/account/verify.html",
        {"form": form, "next": _next(request), "demo_code": _demo_code(user)},
        status=status,
    )


def _qr_svg(text: str):
    code = segno.make(text, error="m", micro=False)
    svg = code.svg_inline(
        scale=1, border=4, omitsize=True, svgclass="qr", lineclass=None
    )
    return mark_safe(svg)  # noqa: S308 -- segno's own markup: paths only


def _grouped(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


ENROL_KEY_SESSION = "committees_enrol_key"


@login_required
@require_http_methods(["GET", "POST"])
def enrol(request):
    """SEC-2: add an authenticator (QR code and the key in text), confirm it with a code,
    and see the ten recovery codes once."""
    user = request.user
    try:
        _may_enrol(user, user)
    except NotPermitted:
        messages.error(
            request, _("Verify with your current authenticator before replacing it.")
        )
        return redirect(reverse("account_verify") + "?next=" + quote(_next(request)))
    key = request.session.get(ENROL_KEY_SESSION)
    if not key:
        key = request.session[ENROL_KEY_SESSION] = default_key()
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = authenticator_confirm(
                actor=user, user=user, key=key, token=form.cleaned_data["otp_token"]
            )
        except CodeRefused as refusal:
            form.add_error("otp_token", str(refusal))
        else:
            del request.session[ENROL_KEY_SESSION]
            otp_login(request, device)
            return render(
                request,
                "committees/account/recovery_codes.html",
                {"codes": codes, "next": _next(request)},
            )
    device = authenticator_preview(user=user, key=key)
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return render(
        request,
        "committees/account/enrol.html",
        {
            "form": form,
            "qr": _qr_svg(device.config_url),
            "secret": _grouped(secret),
            "next": _next(request),
            "required": needs_second_factor(user),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["POST"])
def recovery_codes(request):
    """SEC-2: ten new recovery codes, shown once."""
    try:
        codes = recovery_codes_renew(actor=request.user, user=request.user)
    except NotPermitted:
        return redirect(
            reverse("account_verify") + "?next=" + quote(reverse("account"))
        )
    return render(
        request,
        "committees/account/recovery_codes.html",
        {"codes": codes, "next": reverse("account")},
    )


@login_required
def account(request):
    """The user's own page: roles, password, second factor, recovery codes."""
    user = request.user
    roles = [
        {"township": township, "roles": access.role_labels(held)}
        for township in access.townships_for_user(user)
        if (held := access.roles_in(user, township))
    ]
    return render(
        request,
        "committees/account/account.html",
        {
            "roles": roles,
            "system_roles": [
                SYSTEM_ROLE_LABELS[role] for role in sorted(access.system_roles(user))
            ],
            "required": needs_second_factor(user),
            "enrolled": has_authenticator(user),
            "verified": is_verified(user),
            "codes_left": recovery_codes_left(user),
            "has_any_device": user_has_device(user),
        },
    )
