"""The role groups keep only the view permission on models with a workflow or an audit rule.

0002 gave planners, the director and center heads add/change/delete on reports, figures and
commitments for the admin. Those models are read-only in the admin now (payesh.admin) and are
written through their services only, so the data says the same: view stays, the rest goes."""

from django.db import migrations
from django.db.models import Q

ROLES = ["director", "planner", "staff", "center_head"]
WORKFLOW_MODELS = {
    "reports": ["monthlyreport", "figure", "historicalmonthlyreport", "historicalfigure"],
    "commitments": ["commitment", "provincecommitment", "phasingprofile",
                    "historicalcommitment", "historicalprovincecommitment"],
    "meetings": ["meeting", "centerremark", "actionitem"],
    "courses": ["course", "historicalcourse"],
}


def revoke_writes(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    models = Q()
    for app_label, names in WORKFLOW_MODELS.items():
        models |= Q(content_type__app_label=app_label, content_type__model__in=names)
    writes = Q(codename__startswith="add_") | Q(codename__startswith="change_") | Q(codename__startswith="delete_")
    perms = list(Permission.objects.filter(models & writes))
    for group in Group.objects.filter(name__in=ROLES):
        group.permissions.remove(*perms)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_role_permissions")]

    # Not given back on the way down: the admin is read-only for these models either way.
    operations = [migrations.RunPython(revoke_writes, migrations.RunPython.noop)]
