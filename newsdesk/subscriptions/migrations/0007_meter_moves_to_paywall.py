"""The meter's models move to the paywall app: forgotten here, kept in the database (paywall 0001 takes them on)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("subscriptions", "0006_refund_permission")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="MeteredRead"),
                migrations.DeleteModel(name="MeteringSettings"),
            ],
            database_operations=[],  # the tables stay, with their rows; paywall's models name them
        )
    ]
