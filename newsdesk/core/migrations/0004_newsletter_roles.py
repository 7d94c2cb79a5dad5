"""Give the roles the newsletters' permissions (editions to the newsroom, lists and members to subscriptions)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from newsdesk.core.roles import sync_roles


def make_permissions(apps, schema_editor):
    # The newsletters' permissions are made after `migrate` (post_migrate); the roles need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def give_roles(apps, schema_editor):
    sync_roles(apps, strict=False)


class Migration(migrations.Migration):
    dependencies = [("core", "0003_readership_dashboard"), ("newsletters", "0001_initial")]

    operations = [
        migrations.RunPython(make_permissions, migrations.RunPython.noop),
        migrations.RunPython(give_roles, migrations.RunPython.noop),
    ]
