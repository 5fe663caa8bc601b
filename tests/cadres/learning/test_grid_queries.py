"""Performance: the cadre × month grid runs a constant number of queries (issue 4)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.cadres.learning.factories import CadreFactory, draft_report, submitted_report

pytestmark = pytest.mark.django_db


def _cadres(township, count):
    people = [CadreFactory(township=township) for _ in range(count)]
    for i, person in enumerate(people):
        for month in range(1, 13):
            if (i + month) % 4 == 0:
                continue
            if month == 12:
                draft_report(person, 2025, month)
            else:
                submitted_report(person, 2025, month, late=(i + month) % 5 == 0)
    return people


def _queries(client, township):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/t/{township.slug}/study/reports/?year=2025")
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_grid_100_cadres_12_months_constant_queries(world, login):
    from committees.models import Person

    Person.objects.filter(township=world.own).delete()  # fixture: start from no cadres
    _cadres(world.own, 5)
    client = login(world.a.secretary)
    small, _ = _queries(client, world.own)
    _cadres(world.own, 95)
    large, page = _queries(client, world.own)
    assert large == small
    assert page.count('<tr><th scope="row">') == 100
    assert datetime.date  # the grid above covers every month of 2025
