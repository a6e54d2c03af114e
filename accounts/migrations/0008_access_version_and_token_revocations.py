# Profile.access_version (accounts.services.end_access), AccountChange.detail and its two new kinds.

from django.db import migrations, models


def end_the_access_of_deactivated_accounts(apps, schema_editor):
    """Accounts deactivated before access versions existed: their old sessions and reset links
    must not come back with a reactivation (their tokens: api 0003)."""
    User = apps.get_model("auth", "User")
    Profile = apps.get_model("accounts", "Profile")
    for user_id in User.objects.filter(is_active=False).values_list("pk", flat=True):
        Profile.objects.update_or_create(user_id=user_id, defaults={"access_version": 1})


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0007_language_not_chosen'),
        ('auth', '0012_alter_user_first_name_max_length'),
    ]

    operations = [
        migrations.AddField(
            model_name='accountchange',
            name='detail',
            field=models.CharField(blank=True, default='', max_length=200, verbose_name='detail'),
        ),
        migrations.AddField(
            model_name='profile',
            name='access_version',
            field=models.PositiveIntegerField(default=0, editable=False, verbose_name='access version'),
        ),
        migrations.AlterField(
            model_name='accountchange',
            name='kind',
            field=models.CharField(choices=[('created', 'account created'), ('head_appointed', 'head of a center appointed'), ('head_removed', 'center left without a head'), ('deactivated', 'account deactivated'), ('reactivated', 'account reactivated'), ('password_set', 'initial password given'), ('password_changed', 'own password chosen'), ('roles_changed', 'roles changed in the admin'), ('password_reset', 'password reset by email'), ('token_revoked', 'API token revoked')], max_length=20, verbose_name='what'),
        ),
        migrations.RunPython(end_the_access_of_deactivated_accounts, migrations.RunPython.noop),
    ]
