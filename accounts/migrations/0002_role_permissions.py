"""Give each role group the model permissions it needs in the admin. Pages decide access with
accounts.access (roles and the center a head heads); these permissions only open the admin
screens to the people who work in them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

READ = ["view"]
WRITE = ["add", "change", "view"]

PERMISSIONS = {
    "director": {
        "centers": {"province": READ, "center": READ},
        "commitments": {"fiscalyear": READ, "sector": READ, "trainingarea": READ, "measure": READ, "commitment": READ},
        "reports": {"monthlyreport": ["change", "view"], "figure": READ},
    },
    "planner": {
        "centers": {"province": READ, "center": ["change", "view"]},
        "commitments": {"fiscalyear": WRITE, "sector": WRITE, "trainingarea": WRITE, "measure": WRITE,
                        "commitment": WRITE + ["delete"]},
        "reports": {"monthlyreport": WRITE, "figure": WRITE},
    },
    "staff": {
        "centers": {"province": READ, "center": READ},
        "commitments": {"fiscalyear": READ, "sector": READ, "trainingarea": READ, "measure": READ, "commitment": READ},
        "reports": {"monthlyreport": READ, "figure": READ},
    },
    "center_head": {
        "reports": {"monthlyreport": ["add", "change", "view"], "figure": WRITE},
    },
}


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations ran; create them now so a fresh
    # database gets its groups' permissions in one `migrate`.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, by_app in PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        codenames = [(app, f"{action}_{model}") for app, models in by_app.items()
                     for model, actions in models.items() for action in actions]
        perms = [Permission.objects.get(content_type__app_label=app, codename=code) for app, code in codenames]
        group.permissions.add(*perms)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_roles"),
        ("centers", "0001_initial"),
        ("commitments", "0001_initial"),
        ("reports", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
