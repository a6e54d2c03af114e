"""The validation rules a training directorate needs, shipped with Payesh (reports/quality/rules.py,
SHIPPED_RULES): seeded once; from then on the planners' to change or retire on the rules page."""

from django.db import migrations


def seed(apps, schema_editor):
    from reports.quality.rules import seed_rules

    seed_rules(apps.get_model("reports", "ValidationRule"), apps.get_model("reports", "HistoricalValidationRule"))


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0004_validation_rules'),
    ]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
