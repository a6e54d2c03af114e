# Tokens of accounts deactivated before a deactivation revoked them: revoked now, so that a
# reactivation does not bring them back.

from django.db import migrations
from django.utils import timezone


def revoke(apps, schema_editor):
    ApiToken = apps.get_model("api", "ApiToken")
    ApiToken.objects.filter(revoked_at__isnull=True, user__is_active=False).update(revoked_at=timezone.now())


class Migration(migrations.Migration):

    dependencies = [
        ("api", "0002_planners_edit_the_dhis2_mapping"),
    ]

    operations = [
        migrations.RunPython(revoke, migrations.RunPython.noop),
    ]
