"""Roles held in a province (accounts.RoleAssignment), and the two national roles.

An existing installation keeps working unchanged: every director, planner and staff account (a
member of the role's group) holds its role in the province it works in today, the one province
of the database (in each of them, should there be several: what it could see and do until now),
since the day the account was made. The national roles get their groups, with the admin's
permissions of a planner (national planner) and of staff (national observer). Records of head
changes name the center's province."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


PROVINCE_ROLES = ["director", "planner", "staff"]
NATIONAL_GROUPS = {"national_planner": "planner", "national_observer": "staff"}


def roles_in_the_province(apps, schema_editor):
    User = apps.get_model("auth", "User")
    Group = apps.get_model("auth", "Group")
    Province = apps.get_model("centers", "Province")
    RoleAssignment = apps.get_model("accounts", "RoleAssignment")
    AccountChange = apps.get_model("accounts", "AccountChange")
    provinces = list(Province.objects.values_list("pk", flat=True))
    RoleAssignment.objects.bulk_create(
        RoleAssignment(user_id=user_id, role=role, province_id=province_id, since=joined)
        for role in PROVINCE_ROLES
        for user_id, joined in User.objects.filter(groups__name=role).values_list("pk", "date_joined").distinct()
        for province_id in provinces
    )
    for national, like in NATIONAL_GROUPS.items():
        group, _created = Group.objects.get_or_create(name=national)
        model = Group.objects.filter(name=like).first()
        if model is not None:
            group.permissions.add(*model.permissions.all())
    Center = apps.get_model("centers", "Center")
    AccountChange.objects.filter(center__isnull=False).update(
        province_id=Subquery(Center.objects.filter(pk=OuterRef("center_id")).values("province_id")[:1]))


def roles_back_to_groups(apps, schema_editor):
    """The groups still hold the province roles' members (give_role keeps them in step)."""


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0008_access_version_and_token_revocations'),
        ('centers', '0003_open_headships'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('api', '0002_planners_edit_the_dhis2_mapping'),
    ]

    operations = [
        migrations.AddField(
            model_name='accountchange',
            name='province',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='centers.province', verbose_name='province'),
        ),
        migrations.AddField(
            model_name='accountchange',
            name='role',
            field=models.CharField(blank=True, choices=[('director', 'director'), ('planner', 'planner'), ('staff', 'staff'), ('national_planner', 'national planner'), ('national_observer', 'national observer')], default='', max_length=20, verbose_name='role'),
        ),
        migrations.AlterField(
            model_name='accountchange',
            name='kind',
            field=models.CharField(choices=[('created', 'account created'), ('head_appointed', 'head of a center appointed'), ('head_removed', 'center left without a head'), ('deactivated', 'account deactivated'), ('reactivated', 'account reactivated'), ('password_set', 'initial password given'), ('password_changed', 'own password chosen'), ('roles_changed', 'roles changed in the admin'), ('password_reset', 'password reset by email'), ('token_revoked', 'API token revoked'), ('role_given', 'role given'), ('role_ended', 'role ended')], max_length=20, verbose_name='what'),
        ),
        migrations.CreateModel(
            name='RoleAssignment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('role', models.CharField(choices=[('director', 'director'), ('planner', 'planner'), ('staff', 'staff'), ('national_planner', 'national planner'), ('national_observer', 'national observer')], max_length=20, verbose_name='role')),
                ('since', models.DateTimeField(default=django.utils.timezone.now, verbose_name='since')),
                ('until', models.DateTimeField(blank=True, null=True, verbose_name='until')),
                ('province', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='role_assignments', to='centers.province', verbose_name='province')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='role_assignments', to=settings.AUTH_USER_MODEL, verbose_name='person')),
            ],
            options={
                'verbose_name': 'role held',
                'verbose_name_plural': 'roles held',
                'ordering': ['user', models.OrderBy(models.F('until'), descending=True, nulls_first=True), '-since'],
                'constraints': [models.UniqueConstraint(condition=models.Q(('until__isnull', True)), fields=('user', 'role', 'province'), name='role_held_once_per_province'), models.UniqueConstraint(condition=models.Q(('province__isnull', True), ('until__isnull', True)), fields=('user', 'role'), name='national_role_held_once'), models.CheckConstraint(condition=models.Q(models.Q(('province__isnull', True), ('role__in', ('national_planner', 'national_observer'))), models.Q(models.Q(('role__in', ('national_planner', 'national_observer')), _negated=True), ('province__isnull', False)), _connector='OR'), name='role_in_a_province_or_national'), models.CheckConstraint(condition=models.Q(('until__isnull', True), ('until__gte', models.F('since')), _connector='OR'), name='role_ends_after_it_starts')],
            },
        ),
        migrations.RunPython(roles_in_the_province, roles_back_to_groups),
    ]
