"""Every change to the organisation goes through these services (STYLE "Where rules live")."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Mapping
from fractions import Fraction

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext as _

from committees import access, rules
from committees.errors import (
    MembershipEndsBeforeStart,
    MembershipOverlaps,
    NotATownshipRole,
    NotATownshipSetting,
    NotCountyReviewer,
    RuleSetBelowFloor,
    RuleSetDateInvalid,
    RuleSetIncomplete,
    RuleSetTooEarly,
    RuleSetUnknownKind,
    SelfAdministration,
    SystemAccountHoldsNoRole,
    SystemAccountManagedOnServer,
    SystemRoleGrantedOnServer,
    SystemRolesExclusive,
    ThresholdBaseUnknown,
    ThresholdComparisonUnknown,
    ThresholdFractionInvalid,
    ThresholdMalformed,
    ThresholdNeverMet,
    TownshipUserGetsNoSystemRole,
    WrongTownship,
)
from committees.models import (
    AdminAction,
    Body,
    County,
    HolidayCorrection,
    Membership,
    Person,
    RuleSet,
    RuleThreshold,
    SystemRoleGrant,
    Township,
)
from core.history import actor_or_none, save_with_history

security_log = logging.getLogger("security")

# Rule sets before this date do not exist: the default set takes effect from it.
DEFAULT_RULES_EFFECTIVE = datetime.date(2000, 1, 1)

# A denominator up to 100 keeps every fraction printable and the floor check instant (one
# period of at most 2 * 100 * 100 sizes, rules.first_below); the form offers up to 10.
MAX_DENOMINATOR = 100

TOWNSHIP_SETTINGS = (
    "notice_period_hours",
    "study_report_due_day",
    "public_notice_days",
    "expenditure_threshold",
    "records_from",
    "address",
    "contact_phone",
    "office_hours",
)


@transaction.atomic
def county_create(*, actor, name: str, name_en: str = "", reason: str = "") -> County:
    access.require_system(actor)
    return save_with_history(
        County(name=name, name_en=name_en),
        actor=actor,
        reason=reason or "county created",
    )


@transaction.atomic
def township_create(
    *,
    actor,
    county: County,
    name: str,
    slug: str,
    name_en: str = "",
    is_pilot: bool = False,
    records_from: datetime.date | None = None,
    reason: str = "",
) -> Township:
    """A township with its four bodies and the seed's default rule set. Its records are
    counted from `records_from` (by default the month it is created in)."""
    access.require_system(actor)
    records_from = records_from or timezone.localdate()
    township = save_with_history(
        Township(
            county=county,
            name=name,
            name_en=name_en,
            slug=slug,
            is_pilot=is_pilot,
            records_from=records_from.replace(day=1),
        ),
        actor=actor,
        reason=reason or "township created",
    )
    for kind in Body.Kind:
        save_with_history(
            Body(township=township, kind=kind), actor=actor, reason="body created"
        )
    rule_set_create(
        actor=None,  # the seed's default rules come with the township, not by a secretary
        township=township,
        effective_from=DEFAULT_RULES_EFFECTIVE,
        thresholds=rules.DEFAULT_RULES,
        note="default rules from the seed",
    )
    return township


@transaction.atomic
def township_settings_update(
    *, actor, township: Township, reason: str, **values
) -> Township:
    access.require_actor(actor, township, access.SECRETARY_ONLY)
    unknown = [field for field in values if field not in TOWNSHIP_SETTINGS]
    if unknown:
        raise NotATownshipSetting(params={"field": unknown[0]})
    township = Township.objects.select_for_update().get(pk=township.pk)
    for field, value in values.items():
        setattr(township, field, value)
    # full_clean checks each value's type and range (the model's validators).
    return save_with_history(township, actor=actor, reason=reason)


@transaction.atomic
def rule_set_create(
    *,
    actor,
    township: Township,
    effective_from: datetime.date,
    thresholds: Mapping[str, rules.Threshold],
    note: str = "",
) -> RuleSet:
    """A new version of the township's decision rules, refused below the national floor."""
    access.require_actor(actor, township, access.SECRETARY_ONLY)
    thresholds = _valid_rule_set(effective_from, thresholds)
    # Judged as a whole and exactly for every committee size (rules.floor_breaches).
    breaches = rules.floor_breaches(thresholds)
    if breaches:
        raise RuleSetBelowFloor(params={"kinds": _breach_labels(breaches)})
    # Lock the township row so two versions are never numbered alike.
    Township.objects.select_for_update().filter(pk=township.pk).first()
    last = (
        RuleSet.objects.filter(township=township).aggregate(v=Max("version"))["v"] or 0
    )
    rule_set = save_with_history(
        RuleSet(
            township=township,
            version=last + 1,
            effective_from=effective_from,
            note=note,
        ),
        actor=actor,
        reason=note or "rule set version created",
    )
    for kind in rules.KINDS:
        threshold = thresholds[kind]
        save_with_history(
            RuleThreshold(
                township=township,
                rule_set=rule_set,
                kind=kind,
                numerator=threshold.fraction.numerator,
                denominator=threshold.fraction.denominator,
                base=str(threshold.base),
                comparison=str(threshold.comparison),
            ),
            actor=actor,
            reason="rule set version created",
        )
    return rule_set


def _valid_rule_set(effective_from, thresholds) -> dict[str, rules.Threshold]:
    """The rule set's thresholds by kind, or the domain error that says what is wrong."""
    if not isinstance(effective_from, datetime.date) or isinstance(
        effective_from, datetime.datetime
    ):
        raise RuleSetDateInvalid(params={"given": effective_from})
    if effective_from < DEFAULT_RULES_EFFECTIVE:
        raise RuleSetTooEarly(params={"date": DEFAULT_RULES_EFFECTIVE.isoformat()})
    if not isinstance(thresholds, Mapping):
        raise RuleSetIncomplete(params={"kinds": _kind_labels(rules.KINDS)})
    missing = [kind for kind in rules.KINDS if kind not in thresholds]
    if missing:
        raise RuleSetIncomplete(params={"kinds": _kind_labels(missing)})
    unknown = [str(kind) for kind in thresholds if kind not in rules.KINDS]
    if unknown:
        raise RuleSetUnknownKind(params={"kinds": ", ".join(unknown)})
    return {kind: _threshold(kind, thresholds[kind]) for kind in rules.KINDS}


_THRESHOLD_PARTS = frozenset({"numerator", "denominator", "base", "comparison"})


def _threshold(kind: str, value) -> rules.Threshold:
    """A Threshold, or its parts as `Threshold.as_dict()` gives them (the form's way),
    checked here so that bad input is a domain error, never ValueError (SEC-3)."""
    label = RuleThreshold.Kind(kind).label
    if isinstance(value, rules.Threshold):
        value = value.as_dict()
    if not isinstance(value, Mapping) or not _THRESHOLD_PARTS <= value.keys():
        raise ThresholdMalformed(params={"kind": label})
    p, q = value["numerator"], value["denominator"]
    if not (type(p) is int and type(q) is int and 1 <= p <= q <= MAX_DENOMINATOR):
        raise ThresholdFractionInvalid(
            params={"kind": label, "limit": MAX_DENOMINATOR, "given": f"{p}/{q}"}
        )
    if str(value["base"]) not in set(rules.Base):
        raise ThresholdBaseUnknown(params={"kind": label, "given": value["base"]})
    if str(value["comparison"]) not in set(rules.Comparison):
        raise ThresholdComparisonUnknown(
            params={"kind": label, "given": value["comparison"]}
        )
    threshold = rules.Threshold(
        Fraction(p, q), rules.Base(str(value["base"])), str(value["comparison"])
    )
    if threshold.never_met:
        raise ThresholdNeverMet(params={"kind": label})
    return threshold


def _breach_labels(breaches: Mapping[str, int]):
    """quorum (with 62 members); … — lazy, in the reader's language."""
    kinds = [kind for kind in rules.NATIONAL_FLOOR if kind in breaches]
    return lazy(
        lambda: _("; ").join(
            _("%(kind)s (with %(members)s members)")
            % {"kind": RuleThreshold.Kind(k).label, "members": breaches[k]}
            for k in kinds
        ),
        str,
    )()


def _kind_labels(kinds):
    """Lazy: the message is rendered in the reader's language, labels included."""
    kinds = list(kinds)
    return lazy(
        lambda: _("; ").join(str(RuleThreshold.Kind(k).label) for k in kinds), str
    )()


@transaction.atomic
def person_create(
    *,
    actor,
    township: Township,
    name: str,
    kind: str = Person.Kind.CADRE,
    post: str = "",
    unit: str = "",
    phone: str = "",
    email: str = "",
    user=None,
    reason: str = "",
) -> Person:
    access.require_actor(actor, township, access.TOWNSHIP_STAFF)
    person = Person(
        township=township,
        name=name.strip() if isinstance(name, str) else name,
        kind=kind,
        post=post,
        unit=unit,
        phone=phone,
        email=email,
        user=user,
    )
    return save_with_history(person, actor=actor, reason=reason or "person recorded")


@transaction.atomic
def membership_add(
    *,
    actor,
    body: Body,
    person: Person,
    role: str,
    start: datetime.date,
    end: datetime.date | None = None,
    reason: str = "",
) -> Membership:
    access.require_actor(actor, body.township_id, access.TOWNSHIP_STAFF)
    if person.township_id != body.township_id:
        raise WrongTownship()
    # Lock the person so that two seats for them are never added at once.
    Person.objects.select_for_update().filter(pk=person.pk).first()
    membership = Membership(
        township_id=body.township_id,
        body=body,
        person=person,
        role=role,
        start=start,
        end=end,
    )
    _check_term(membership)
    return save_with_history(
        membership, actor=actor, reason=reason or "membership recorded"
    )


@transaction.atomic
def membership_end(
    *, actor, membership: Membership, end: datetime.date, reason: str
) -> Membership:
    access.require_actor(actor, membership.township_id, access.TOWNSHIP_STAFF)
    Person.objects.select_for_update().filter(pk=membership.person_id).first()
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    membership.end = end
    _check_term(membership)
    return save_with_history(membership, actor=actor, reason=reason)


def _check_term(membership: Membership) -> None:
    """DEC-3 counts the members in office on a day, each once: a term ends on or after
    its start, and one person holds one seat of a body at a time."""
    start, end = membership.start, membership.end
    if not isinstance(start, datetime.date) or not (
        end is None or isinstance(end, datetime.date)
    ):
        return  # full_clean names the bad value
    if end is not None and end < start:
        raise MembershipEndsBeforeStart(
            params={"start": start.isoformat(), "end": end.isoformat()}
        )
    overlapping = Membership.objects.filter(
        body_id=membership.body_id, person_id=membership.person_id
    ).filter(Q(end__isnull=True) | Q(end__gte=start))
    if end is not None:
        overlapping = overlapping.filter(start__lte=end)
    if membership.pk is not None:
        overlapping = overlapping.exclude(pk=membership.pk)
    other = overlapping.order_by("start").first()
    if other is not None:
        raise MembershipOverlaps(
            params={"person": membership.person.name, "start": other.start.isoformat()}
        )


def role_grant(*, actor, user, township: Township, role: access.Role) -> None:
    """Give `user` a role in `township` (a guardian object permission; history recorded)."""
    access.require_system(actor)
    _not_oneself(actor, user)
    role = _township_role(role)
    _no_system_account(user)
    person = Person.objects.filter(user=user).first()
    if person is not None and person.township_id != township.pk:
        raise WrongTownship()  # the account is a person of another township
    access._grant(user, role, township)
    security_log.info(
        "role %s in township %s granted to %s by %s",
        role,
        township.pk,
        user.get_username(),
        getattr(actor, "username", "system"),
    )
    _trail(
        actor,
        AdminAction.Action.ROLE_GRANTED,
        user,
        role=str(role),
        township=township.slug,
    )


def role_revoke(*, actor, user, township: Township, role: access.Role) -> None:
    access.require_system(actor)
    _not_oneself(actor, user)
    access._revoke(user, _township_role(role), township)
    security_log.info(
        "role %s in township %s revoked from %s by %s",
        role,
        township.pk,
        user.get_username(),
        getattr(actor, "username", "system"),
    )
    _trail(
        actor,
        AdminAction.Action.ROLE_REVOKED,
        user,
        role=str(role),
        township=township.slug,
    )


def county_reviewer_grant(*, actor, user, county: County) -> None:
    access.require_system(actor)
    _not_oneself(actor, user)
    _no_system_account(user)
    access._grant_county(user, county)
    security_log.info(
        "county reviewer of %s granted to %s by %s",
        county.pk,
        user.get_username(),
        getattr(actor, "username", "system"),
    )
    _trail(
        actor,
        AdminAction.Action.ROLE_GRANTED,
        user,
        role=str(access.Role.COUNTY_REVIEWER),
        county=county.pk,
    )


def county_reviewer_revoke(*, actor, user, county: County) -> None:
    access.require_system(actor)
    _not_oneself(actor, user)
    access._revoke_county(user, county)
    security_log.info(
        "county reviewer of %s revoked from %s by %s",
        county.pk,
        user.get_username(),
        getattr(actor, "username", "system"),
    )
    _trail(
        actor,
        AdminAction.Action.ROLE_REVOKED,
        user,
        role=str(access.Role.COUNTY_REVIEWER),
        county=county.pk,
    )


def _township_role(role) -> access.Role:
    if str(role) not in {str(r) for r in access.TOWNSHIP_ROLE_CODENAMES}:
        raise NotATownshipRole(params={"role": role})
    return access.Role(str(role))


def _no_system_account(user) -> None:
    """SEC-6: the system admin, security admin and auditor hold no township role."""
    if access.system_roles(user):
        raise SystemAccountHoldsNoRole(params={"user": user.get_username()})


def describe_arithmetic(
    threshold: rules.Threshold, count: int, members: int, present: int
) -> str:
    """One line the minutes print: 出席 11 人 / 应到 15 人，超过三分之二 — 达到."""
    verdict = _("met") if threshold.met(count, members, present) else _("not met")
    return _("%(count)s of %(base)s (needed %(needed)s: %(rule)s) — %(verdict)s") % {
        "count": count,
        "base": threshold.base_count(members, present),
        "needed": threshold.needed(members, present),
        "rule": rules.describe_zh(threshold),
        "verdict": verdict,
    }


# -- the county's holiday calendar (every period: core.periods) ----------------------------


@transaction.atomic
def holiday_correction_set(
    *, actor, county: County, date: datetime.date, is_working_day: bool, note: str
) -> HolidayCorrection:
    """The county corrects the China calendar (county data, not a township record)."""
    if (
        actor is not None
        and not access.counties_reviewed(actor).filter(pk=county.pk).exists()
    ):
        raise NotCountyReviewer()
    correction = (
        HolidayCorrection.objects.select_for_update()
        .filter(county=county, date=date)
        .first()
    ) or HolidayCorrection(county=county, date=date)
    correction.is_working_day = is_working_day
    correction.note = note.strip()
    correction.entered_by = actor_or_none(actor)
    correction.entered_at = timezone.now()
    return save_with_history(correction, actor=actor, reason="calendar corrected")


# -- the three administrators (SEC-6) ----------------------------------------------------
#
# The system admin manages accounts and township role grants; the security admin manages
# lockouts and second factors; the auditor reads the trail. System roles are mutually
# exclusive (SystemRoleGrant.user is unique) and, like superusers, are granted only on the
# server (manage.py system_role / grant_superuser): a system admin who could grant them
# could make a puppet auditor. Every action lands in AdminAction.

ACCOUNT_FIELDS = ("username", "first_name", "last_name", "email", "is_active")


def _actor_role(actor) -> str:
    if actor is None:
        return "server"
    role = access.system_role(actor)
    if role is not None:
        return str(role)
    return "superuser" if getattr(actor, "is_superuser", False) else ""


def _trail(actor, action, target="", **detail) -> AdminAction:
    """One line of the administrators' trail (SEC-6)."""
    if not isinstance(target, str):
        target = (
            target.get_username() if hasattr(target, "get_username") else str(target)
        )
    operator = detail.pop("operator", "")
    return save_with_history(
        AdminAction(
            actor=actor_or_none(actor),
            actor_name=operator
            or (actor.get_username() if actor is not None else "server"),
            actor_role=_actor_role(actor),
            action=action,
            target=target[:200],
            detail=detail,
        ),
        actor=actor,
        reason=str(action),
    )


def _not_oneself(actor, user) -> None:
    if actor is not None and user is not None and actor.pk == user.pk:
        raise SelfAdministration()


def _is_system_account(user) -> bool:
    return bool(access.system_roles(user)) or user.is_superuser


def _require_account_admin(actor, user=None) -> None:
    """The system admin (or a superuser, or the server) manages others' accounts, and not
    those of the system accounts, which are managed on the server."""
    if actor is None:
        return
    if not (
        access.SystemRole.SYSTEM_ADMIN in access.system_roles(actor)
        or actor.is_superuser
    ):
        from core.errors import NotPermitted

        raise NotPermitted()
    if user is None:
        return
    _not_oneself(actor, user)
    if _is_system_account(user) and not actor.is_superuser:
        raise SystemAccountManagedOnServer(params={"user": user.get_username()})


@transaction.atomic
def system_role_grant(*, actor, user, role, reason: str) -> SystemRoleGrant:
    """SEC-6: give `user` its one system role. Only the server (actor None: the management
    command, demo data) or a superuser grants; never to oneself; never a second role (the
    database refuses it too); never to an account that works in a township."""
    if actor is not None and not actor.is_superuser:
        raise SystemRoleGrantedOnServer()
    _not_oneself(actor, user)
    role = SystemRoleGrant.Role(str(role))
    current = SystemRoleGrant.objects.select_for_update().filter(user=user).first()
    if current is not None:
        raise SystemRolesExclusive(
            params={"user": user.get_username(), "role": current.get_role_display()}
        )
    access.forget_roles(user)
    if access.township_roles(user) or Person.objects.filter(user=user).exists():
        raise TownshipUserGetsNoSystemRole(params={"user": user.get_username()})
    grant = save_with_history(
        SystemRoleGrant(
            user=user, role=role, granted_by=actor_or_none(actor), reason=reason
        ),
        actor=actor,
        reason=reason,
    )
    # The system admin and the security admin work in Django's admin; the auditor does not.
    staff = role in {
        SystemRoleGrant.Role.SYSTEM_ADMIN,
        SystemRoleGrant.Role.SECURITY_ADMIN,
    }
    if user.is_staff != staff and not user.is_superuser:
        user.is_staff = staff
        user.save(update_fields=["is_staff"])
    access.forget_system_roles(user)
    security_log.info(
        "system role %s granted to %s by %s (%s)",
        role,
        user.get_username(),
        getattr(actor, "username", "server"),
        reason,
    )
    _trail(
        actor,
        AdminAction.Action.SYSTEM_ROLE_GRANTED,
        user,
        role=str(role),
        reason=reason,
    )
    return grant


@transaction.atomic
def system_role_revoke(*, actor, user, reason: str) -> None:
    if actor is not None and not actor.is_superuser:
        raise SystemRoleGrantedOnServer()
    _not_oneself(actor, user)
    grant = SystemRoleGrant.objects.select_for_update().filter(user=user).first()
    if grant is None:
        return
    role = grant.role
    grant._history_user = actor_or_none(actor)
    grant._change_reason = reason
    grant.delete()
    if user.is_staff and not user.is_superuser:
        user.is_staff = False
        user.save(update_fields=["is_staff"])
    access.forget_system_roles(user)
    security_log.info(
        "system role %s revoked from %s by %s (%s)",
        role,
        user.get_username(),
        getattr(actor, "username", "server"),
        reason,
    )
    _trail(
        actor, AdminAction.Action.SYSTEM_ROLE_REVOKED, user, role=role, reason=reason
    )


@transaction.atomic
def superuser_grant(*, user, reason: str, operator: str, revoke: bool = False) -> None:
    """SEC-6: is_superuser is set only here, and this is called only by the server's
    management command (manage.py grant_superuser), never by a view."""
    access.forget_roles(user)
    if not revoke and access.township_roles(user):
        raise TownshipUserGetsNoSystemRole(params={"user": user.get_username()})
    user.is_superuser = not revoke
    user.is_staff = (not revoke) or access.system_role(user) in access.ADMIN_STAFF
    user.save(update_fields=["is_superuser", "is_staff"])
    security_log.warning(
        "superuser %s %s on the server by %s: %s",
        "revoked from" if revoke else "granted to",
        user.get_username(),
        operator,
        reason,
    )
    _trail(
        None,
        AdminAction.Action.SUPERUSER_GRANTED,
        user,
        operator=f"server:{operator}",
        reason=reason,
        revoked=revoke,
    )


@transaction.atomic
def account_create(
    *,
    actor,
    username: str,
    password: str | None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    reason: str = "",
):
    """A new account: never staff, never superuser, no group, no permission (SEC-6)."""
    from django.contrib.auth import get_user_model

    _require_account_admin(actor)
    user = get_user_model()(
        username=username, first_name=first_name, last_name=last_name, email=email
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    try:
        user.full_clean(exclude=["password"])
    except Exception as error:  # ValidationError: a domain error (SEC-3)
        from django.core.exceptions import ValidationError

        from core.errors import RecordInvalid

        if isinstance(error, ValidationError):
            raise RecordInvalid.of(error, user) from None
        raise
    user.save()
    security_log.info(
        "account %s created by %s", username, getattr(actor, "username", "server")
    )
    _trail(actor, AdminAction.Action.ACCOUNT_CREATED, user, reason=reason)
    return user


@transaction.atomic
def account_update(*, actor, user, reason: str = "", **changes) -> None:
    """Name, e-mail, username, active or not — nothing that grants power (SEC-6)."""
    unknown = set(changes) - set(ACCOUNT_FIELDS)
    if unknown:
        from core.errors import NotPermitted

        raise NotPermitted()
    _require_account_admin(actor, user)
    from django.contrib.auth import get_user_model

    before = get_user_model().objects.get(pk=user.pk)
    changed = {
        field: [str(getattr(before, field)), str(value)]
        for field, value in changes.items()
        if getattr(before, field) != value
    }
    if not changed:
        return
    for field, value in changes.items():
        setattr(before, field, value)
    before.save(update_fields=list(changes))
    for field, value in changes.items():
        setattr(user, field, value)
    security_log.info(
        "account %s changed by %s: %s",
        user.get_username(),
        getattr(actor, "username", "server"),
        sorted(changed),
    )
    _trail(
        actor, AdminAction.Action.ACCOUNT_CHANGED, user, changed=changed, reason=reason
    )


@transaction.atomic
def account_password_set(*, actor, user, password: str | None) -> None:
    """The system admin resets another account's password (never its own here: the owner
    changes it on their own page, with the old one)."""
    _require_account_admin(actor, user)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save(update_fields=["password"])
    security_log.info(
        "password of %s reset by %s",
        user.get_username(),
        getattr(actor, "username", "server"),
    )
    _trail(actor, AdminAction.Action.PASSWORD_RESET, user)


def _require_security_admin(actor) -> None:
    if actor is None:
        return
    if not (access.is_security_admin(actor) or actor.is_superuser):
        from core.errors import NotPermitted

        raise NotPermitted()


@transaction.atomic
def lockout_clear(*, actor, attempts) -> int:
    """The security admin lets locked-out accounts try again (django-axes records)."""
    _require_security_admin(actor)
    rows = list(attempts)
    for attempt in rows:
        if actor is not None and attempt.username == actor.get_username():
            raise SelfAdministration()
    for attempt in rows:
        _trail(
            actor,
            AdminAction.Action.LOCKOUT_CLEARED,
            attempt.username or "",
            ip=attempt.ip_address,
            failures=attempt.failures_since_start,
        )
        attempt.delete()
    return len(rows)


@transaction.atomic
def security_record_delete(*, actor, obj) -> None:
    """The security admin removes a second-factor device (the owner enrols again)."""
    _require_security_admin(actor)
    owner = getattr(obj, "user", None)
    _not_oneself(actor, owner)
    _trail(
        actor,
        AdminAction.Action.SECURITY_CHANGED,
        owner or "",
        record=obj._meta.label_lower,
        name=str(obj),
        deleted=True,
    )
    obj.delete()


def trail_read(*, actor, screen: str, query: dict) -> None:
    """The auditor's (or security admin's) reads of the trail are themselves in it."""
    _trail(actor, AdminAction.Action.TRAIL_READ, screen, query=query)
