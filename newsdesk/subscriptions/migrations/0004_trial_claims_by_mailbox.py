from django.db import migrations, models

from newsdesk.subscriptions.mailboxes import mailbox_key


def claims_by_mailbox(apps, schema_editor):
    """Turn each email address claim into a claim on its mailbox, keeping the earliest where several share one."""
    TrialClaim = apps.get_model("subscriptions", "TrialClaim")
    held = set(TrialClaim.objects.filter(kind="mailbox").values_list("value", flat=True))
    rekeyed, superseded = [], []
    for claim in TrialClaim.objects.filter(kind="email").order_by("created_at", "id").iterator():
        key = mailbox_key(claim.value)
        if key in held:
            # A later trial on a mailbox that had one already: the earliest claim holds the mailbox, and this
            # row would break the unique (kind, value). Its subscription keeps its account and card claims.
            superseded.append(claim.pk)
            continue
        held.add(key)
        claim.kind, claim.value = "mailbox", key
        rekeyed.append(claim)
    TrialClaim.objects.filter(pk__in=superseded).delete()
    TrialClaim.objects.bulk_update(rekeyed, ["kind", "value"], batch_size=500)


def claims_by_address(apps, schema_editor):
    """Call mailbox claims email claims again; the keys stay, being addresses of the same mailboxes."""
    TrialClaim = apps.get_model("subscriptions", "TrialClaim")
    TrialClaim.objects.filter(kind="mailbox").update(kind="email")


class Migration(migrations.Migration):
    dependencies = [
        ("subscriptions", "0003_metered_reads"),
    ]

    operations = [
        migrations.AlterField(
            model_name="trialclaim",
            name="kind",
            field=models.CharField(
                choices=[
                    ("account", "Account"),
                    ("mailbox", "Mailbox of a verified email address"),
                    ("card", "Card fingerprint"),
                ],
                max_length=8,
            ),
        ),
        migrations.AlterField(
            model_name="trialclaim",
            name="value",
            field=models.CharField(
                help_text="The account id, the mailbox key or the card fingerprint.", max_length=254
            ),
        ),
        migrations.RunPython(claims_by_mailbox, claims_by_address),
    ]
