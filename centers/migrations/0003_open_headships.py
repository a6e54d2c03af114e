"""A headship for every center's current head, so the history starts from what the database
holds. When they started is not known: `started` stays empty ("before the record began")."""

from django.db import migrations


def open_headships(apps, schema_editor):
    Center = apps.get_model("centers", "Center")
    Headship = apps.get_model("centers", "Headship")
    have = set(Headship.objects.filter(ended__isnull=True).values_list("center_id", flat=True))
    Headship.objects.bulk_create(
        Headship(center_id=center_id, head_id=head_id, started=None)
        for center_id, head_id in Center.objects.filter(head__isnull=False).values_list("pk", "head_id")
        if center_id not in have
    )


class Migration(migrations.Migration):
    dependencies = [("centers", "0002_headship")]

    operations = [migrations.RunPython(open_headships, migrations.RunPython.noop)]
