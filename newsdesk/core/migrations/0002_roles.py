"""Give the newsroom its roles: the groups of newsdesk/core/roles.py with exactly the permissions it lists."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from newsdesk.core.roles import sync_roles


def make_permissions(apps, schema_editor):
    # Permissions are normally made after `migrate` (post_migrate); the roles need them now, including the ones
    # the apps' own migrations just declared.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def give_roles(apps, schema_editor):
    sync_roles(apps, strict=False)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("account", "0009_emailaddress_unique_primary_email"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("comments", "0007_ban_permission"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
        ("markets", "0003_token_permission"),
        ("mfa", "0003_authenticator_type_uniq"),
        ("news", "0002_alter_articlepage_body"),
        ("outbox", "0001_initial"),
        ("polls", "0003_vote_indexes_that_are_read"),
        ("publiceditor", "0002_sensitive_permissions"),
        ("sessions", "0001_initial"),
        ("subscriptions", "0006_refund_permission"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailembeds", "0009_embed_cache_until"),
        ("wagtailforms", "0005_alter_formsubmission_form_data"),
        ("wagtailimages", "0027_image_description"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
        ("wagtailsearch", "0010_add_text_fields"),
        ("wagtailusers", "0015_userprofile_keyboard_shortcuts"),
    ]

    operations = [
        migrations.RunPython(make_permissions, migrations.RunPython.noop),
        migrations.RunPython(give_roles, migrations.RunPython.noop),
    ]
