import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Sum


def counters_to_shards(apps, schema_editor):
    """Move each option's counter into shard 0 of its tally."""
    PollOption = apps.get_model("polls", "PollOption")
    OptionTally = apps.get_model("polls", "OptionTally")
    OptionTally.objects.bulk_create(
        OptionTally(option_id=pk, shard=0, votes=votes)
        for pk, votes in PollOption.objects.filter(votes__gt=0).values_list("pk", "votes").iterator()
    )


def shards_to_counters(apps, schema_editor):
    """Put each option's summed shards back into its counter."""
    PollOption = apps.get_model("polls", "PollOption")
    OptionTally = apps.get_model("polls", "OptionTally")
    for row in OptionTally.objects.values("option_id").annotate(total=Sum("votes")).iterator():
        PollOption.objects.filter(pk=row["option_id"]).update(votes=row["total"])


class Migration(migrations.Migration):
    dependencies = [
        ("polls", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="OptionTally",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("shard", models.PositiveSmallIntegerField()),
                ("votes", models.PositiveBigIntegerField(default=0)),
                (
                    "option",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="tallies", to="polls.polloption"
                    ),
                ),
            ],
            options={
                "constraints": [models.UniqueConstraint(fields=("option", "shard"), name="polls_one_tally_per_shard")],
            },
        ),
        migrations.RunPython(counters_to_shards, shards_to_counters),
        migrations.RemoveConstraint(
            model_name="polloption",
            name="polls_option_votes_non_negative",
        ),
        migrations.RemoveField(
            model_name="polloption",
            name="votes",
        ),
    ]
