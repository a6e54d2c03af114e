"""The suite's seeded demo (tests/snapshots.py): put back as seeded after a test changed it for
good, and the database as the migrations left it once the demo's tests are done."""

import pytest
from django.contrib.auth.models import Group

from accounts import roles
from centers.models import Center
from reports.models import Figure

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_demo_comes_back_as_seeded_then_the_database_as_migrated(demo_database):
    demo_database.load()
    figures = Figure.objects.count()
    Center.objects.filter(code="TBZ1").update(name_fa="نام دیگر")  # committed: a transactional test
    Figure.objects.filter(report__center__code="VRZ").delete()
    demo_database.changed()

    demo_database.load()
    assert Center.objects.get(code="TBZ1").name_fa == "مرکز شماره ۱ تبریز (برادران)"
    assert Figure.objects.count() == figures > 0

    demo_database.leave()
    assert not Center.objects.exists() and not Figure.objects.exists()
    assert Group.objects.get(name=roles.PLANNER).permissions.exists()  # the migrations' roles and rights
