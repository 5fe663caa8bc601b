"""Demo data: the seed's county with its three pilot townships (issue 2, item 7).

Idempotent: running it twice changes nothing. Mechanism apps add their own demo records by
registering a builder here from their AppConfig.ready().
"""

from __future__ import annotations

import datetime
import functools
import random
import time
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from committees import access, services
from committees.models import Body, County, Membership, Person, Township

DEMO_PASSWORD = "Demo-2026-pass"

TOWNSHIPS = [
    # slug, Chinese name, English name, committee size
    ("nangang", "南岗镇", "Nangang Town", 15),
    ("zhangmuqiao", "樟木桥镇", "Zhangmuqiao Town", 11),
    ("shucha", "树槎镇", "Shucha Town", 9),
]

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = "建国志强海燕秀英明华丽娟伟军红梅晓东文斌春生玉兰国庆立新永刚桂芳德明金凤学军淑珍振华云飞俊杰雪梅"

COMMITTEE_ROLES = [
    Membership.Role.SECRETARY,
    Membership.Role.DEPUTY_SECRETARY,
    Membership.Role.DEPUTY_SECRETARY,
    Membership.Role.CONGRESS_CHAIR,
    Membership.Role.DISCIPLINE_SECRETARY,
]
OFFICE_ROLES = {
    Membership.Role.SECRETARY,
    Membership.Role.DEPUTY_SECRETARY,
    Membership.Role.CONGRESS_CHAIR,
    Membership.Role.DISCIPLINE_SECRETARY,
}
POSTS = [
    "党政办主任",
    "农业服务中心主任",
    "财政所所长",
    "经济发展办主任",
    "社会事务办主任",
    "综治办主任",
    "规划建设办主任",
    "文化站站长",
    "组织干事",
    "宣传干事",
]
VILLAGES = ["东风村", "红旗村", "新华村", "长岭村", "石桥村", "河口村"]

TERM_START = datetime.date(2024, 1, 1)

# Mechanism apps add builders: builder(township, users_by_role) -> None, idempotent.
_builders: list[Callable] = []


def register(builder: Callable) -> Callable:
    if builder not in _builders:
        _builders.append(builder)
    return builder


def _names(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    names: list[str] = []
    while len(names) < count:
        given = (
            GIVEN[rng.randrange(0, len(GIVEN) - 1, 2)]
            + GIVEN[rng.randrange(1, len(GIVEN), 2)]
        )
        name = rng.choice(SURNAMES) + (given if rng.random() < 0.7 else given[0])
        if name not in names:
            names.append(name)
    return names


def _user(username: str, *, staff: bool = False):
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=username, defaults={"is_staff": staff}
    )
    if created:
        user.password = _demo_password_hash()
        user.save()
    return user


@functools.cache
def _demo_password_hash() -> str:
    """The demo password hashed once for every demo account.

    A hash takes the hasher's full work factor (PBKDF2, a million rounds: 0.2 s on a quiet
    machine, seconds on a loaded one); the nineteen demo accounts share one password, so
    they share one hash instead of paying for nineteen.
    """
    return make_password(DEMO_PASSWORD)


def _builder_name(builder: Callable) -> str:
    module = getattr(builder, "__module__", "") or ""
    name = module.removesuffix(".demo").removesuffix(".build")
    return name or getattr(builder, "__name__", repr(builder))


@transaction.atomic
def build(stdout=None) -> dict:
    say = stdout.write if stdout else (lambda text: None)
    started = time.monotonic()
    county = County.objects.filter(name="示范县").first() or services.county_create(
        actor=None, name="示范县", name_en="Demo County", reason="demo data"
    )
    accounts: dict[str, str] = {}
    for index, (slug, name, name_en, size) in enumerate(TOWNSHIPS):
        say(f"[{index + 1}/{len(TOWNSHIPS)}] {name} ({slug})\n")
        step = time.monotonic()
        township = Township.objects.filter(slug=slug).first()
        if township is None:
            township = services.township_create(
                actor=None,
                county=county,
                name=name,
                slug=slug,
                name_en=name_en,
                is_pilot=True,
                # The demo keeps a year of records: counted from 1 January.
                records_from=timezone.localdate().replace(month=1, day=1),
                reason="demo data",
            )
            services.township_settings_update(
                actor=None,
                township=township,
                reason="demo data",
                address=f"{name}人民政府",
                contact_phone="0797-1234567",
                office_hours="周一至周五 8:30–12:00，14:30–17:30",
            )
            _people(township, size, seed=index)
        users = _township_accounts(township, slug)
        accounts.update({user.username: role for role, user in users.items()})
        say(
            f"    people and accounts: {township.people.count()} people"
            f"  {time.monotonic() - step:5.1f} s\n"
        )
        for builder in _builders:
            step = time.monotonic()
            builder(township, users)
            say(f"    {_builder_name(builder):<20} {time.monotonic() - step:5.1f} s\n")
    reviewer = _user("county-reviewer")
    if not access.counties_reviewed(reviewer).filter(pk=county.pk).exists():
        services.county_reviewer_grant(actor=None, user=reviewer, county=county)
    accounts["county-reviewer"] = "county reviewer"
    for username, role in (
        ("auditor", "auditor"),
        ("sysadmin", "system_admin"),
        ("secadmin", "security_admin"),
    ):
        # SEC-6: one system role each, through the one service that grants them.
        user = _user(username)
        if access.system_role(user) is None:
            services.system_role_grant(
                actor=None, user=user, role=role, reason="demo data"
            )
        accounts[username] = role
    _demo_second_factors(accounts)
    say(f"demo data built in {time.monotonic() - started:.1f} s\n")
    return accounts


def _people(township: Township, size: int, seed: int) -> None:
    names = _names(seed, size + 12 + 6)
    committee = Body.objects.get(township=township, kind=Body.Kind.COMMITTEE)
    office = Body.objects.get(township=township, kind=Body.Kind.SECRETARY_OFFICE)
    for i, name in enumerate(names[:size]):
        role = (
            COMMITTEE_ROLES[i] if i < len(COMMITTEE_ROLES) else Membership.Role.MEMBER
        )
        person = services.person_create(
            actor=None,
            township=township,
            name=name,
            kind=Person.Kind.CADRE,
            post=role.label,
            unit="镇党委",
            reason="demo data",
        )
        services.membership_add(
            actor=None,
            body=committee,
            person=person,
            role=role,
            start=TERM_START,
            reason="demo data",
        )
        if role in OFFICE_ROLES:
            services.membership_add(
                actor=None,
                body=office,
                person=person,
                role=role,
                start=TERM_START,
                reason="demo data",
            )
    for i, name in enumerate(names[size : size + 12]):
        services.person_create(
            actor=None,
            township=township,
            name=name,
            kind=Person.Kind.CADRE,
            post=POSTS[i % len(POSTS)],
            unit=f"{township.name}人民政府",
            reason="demo data",
        )
    for i, name in enumerate(names[size + 12 :]):
        services.person_create(
            actor=None,
            township=township,
            name=name,
            kind=Person.Kind.VILLAGE_LEADER,
            post="村党支部书记",
            unit=VILLAGES[i % len(VILLAGES)],
            reason="demo data",
        )


# SEC-2: the demo's authenticator key (RFC 6238's test key), the same for every demo
# account that needs a second factor; the verify page shows its current code only when
# settings.DEMO is on (config/settings/demo.py), never in production.
DEMO_OTP_KEY = "3132333435363738393031323334353637383930"


def _demo_second_factors(accounts: dict) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from committees.accounts import needs_second_factor

    for user in get_user_model().objects.filter(username__in=accounts):
        if needs_second_factor(user) and not TOTPDevice.objects.filter(user=user):
            TOTPDevice.objects.create(
                user=user, name="demo authenticator", key=DEMO_OTP_KEY, confirmed=True
            )


def _township_accounts(township: Township, slug: str) -> dict:
    """One account per township role, each linked to a person of the township."""
    committee = Body.objects.get(township=township, kind=Body.Kind.COMMITTEE)
    members = list(
        Membership.objects.filter(body=committee)
        .select_related("person")
        .order_by("id")
    )
    cadres = list(
        Person.objects.filter(
            township=township, kind=Person.Kind.CADRE, memberships__isnull=True
        ).order_by("id")
    )
    people = {
        access.Role.SECRETARY: members[0].person,
        access.Role.MEMBER: members[5].person,
        access.Role.CLERK: cadres[0],
        access.Role.CADRE: cadres[1],
        access.Role.FINANCE_GROUP: cadres[2],
    }
    users = {}
    for role, person in people.items():
        user = _user(f"{slug}-{role.value.replace('_', '-')}")
        if person.user_id is None:
            person.user = user
            from core.history import save_with_history

            save_with_history(person, actor=None, reason="demo account linked")
        if role not in access.roles_in(user, township):
            services.role_grant(actor=None, user=user, township=township, role=role)
        users[role] = user
    # Committee members and cadres are members/cadres too where the demo gives them accounts.
    for extra_role, user in (
        (access.Role.MEMBER, users[access.Role.SECRETARY]),
        (access.Role.CADRE, users[access.Role.CLERK]),
    ):
        if extra_role not in access.roles_in(user, township):
            services.role_grant(
                actor=None, user=user, township=township, role=extra_role
            )
    return users
