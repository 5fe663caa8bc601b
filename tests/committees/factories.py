import datetime

import factory
from django.contrib.auth import get_user_model

from committees import services
from committees.models import Body, County, Membership, Person


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("Test-pass-2026")


class CountyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = County

    name = factory.Sequence(lambda n: f"测试县{n}")


def make_township(
    *, county=None, name="南岗镇", slug=None, members=15, start=None, records_from=None
):
    """A township through the service (bodies and default rule set), with `members`
    committee members in office from `start`; its records are kept from `records_from`
    (by default the same day, 1 January 2024)."""
    county = county or CountyFactory()
    slug = (
        slug
        or f"t{County.objects.count()}-{Person.objects.count()}-{name.encode().hex()[:6]}"
    )
    start = start or datetime.date(2024, 1, 1)
    township = services.township_create(
        actor=None,
        county=county,
        name=name,
        slug=slug,
        is_pilot=True,
        records_from=records_from or start,
    )
    committee = Body.objects.get(township=township, kind=Body.Kind.COMMITTEE)
    for i in range(members):
        role = Membership.Role.SECRETARY if i == 0 else Membership.Role.MEMBER
        person = services.person_create(
            actor=None, township=township, name=f"{name}委员{i + 1}"
        )
        services.membership_add(
            actor=None, body=committee, person=person, role=role, start=start
        )
    return township


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"干部{n}")
    kind = Person.Kind.CADRE
