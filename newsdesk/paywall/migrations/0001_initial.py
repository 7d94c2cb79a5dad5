"""Take on the meter's models from the subscriptions app: their tables stay as they are, rows and all.

Their content types move with them, so the permissions that groups hold on them (and the admin's history of
them) still apply.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MODELS = ("meteringsettings", "meteredread")


def move_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not ContentType.objects.filter(app_label="paywall", model=model).exists():
            ContentType.objects.filter(app_label="subscriptions", model=model).update(app_label="paywall")


def restore_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not ContentType.objects.filter(app_label="subscriptions", model=model).exists():
            ContentType.objects.filter(app_label="paywall", model=model).update(app_label="subscriptions")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("subscriptions", "0007_meter_moves_to_paywall"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="MeteringSettings",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"),
                        ),
                        (
                            "free_premium_reads_per_month",
                            models.PositiveSmallIntegerField(
                                default=0,
                                help_text="Signed-in readers without a subscription may read this many premium "
                                "articles in full each calendar month (SAST). 0 turns the meter off.",
                            ),
                        ),
                        (
                            "site",
                            models.OneToOneField(
                                editable=False, on_delete=django.db.models.deletion.CASCADE, to="wagtailcore.site"
                            ),
                        ),
                    ],
                    options={"verbose_name": "Free premium reads", "db_table": "subscriptions_meteringsettings"},
                ),
                migrations.CreateModel(
                    name="MeteredRead",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"),
                        ),
                        ("page_id", models.PositiveIntegerField(help_text="The premium article read.")),
                        (
                            "month",
                            models.DateField(
                                help_text="The first day of the calendar month (SAST) the read counts against."
                            ),
                        ),
                        ("read_at", models.DateTimeField()),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="metered_reads",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "subscriptions_meteredread",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("user", "month", "page_id"), name="metered_read_once_a_month"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],  # the tables exist (subscriptions 0003); nothing is created or copied
        ),
        migrations.RunPython(move_content_types, restore_content_types),
    ]
