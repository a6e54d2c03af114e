"""Planners edit the DHIS2 mapping in the admin (it is configuration, not workflow); the director
and staff see it. Nobody gets write permissions on tokens: their owners make and revoke them on
/api/tokens/."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMISSIONS = {
    "planner": ["add", "change", "delete", "view"],
    "director": ["view"],
    "staff": ["view"],
}
MODELS = ["orgunitmapping", "dataelementmapping"]


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations ran (as in accounts/0002).
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, actions in PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        codes = [f"{action}_{model}" for model in MODELS for action in actions]
        group.permissions.add(*Permission.objects.filter(content_type__app_label="api", codename__in=codes))


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0001_initial"),
        ("accounts", "0002_role_permissions"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
