"""Give the roles this app's permissions as newsdesk/core/roles.py lists them: live posting to editors and
sub-editors, everything to administrators."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from newsdesk.core.roles import sync_roles


def give_permission(apps, schema_editor):
    # Permissions are normally made after `migrate` (post_migrate); the roles need this one now.
    app_config = apps.get_app_config("liveblogs")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    sync_roles(apps, strict=False)


class Migration(migrations.Migration):
    dependencies = [("liveblogs", "0001_initial"), ("core", "0002_roles")]

    operations = [migrations.RunPython(give_permission, migrations.RunPython.noop)]
