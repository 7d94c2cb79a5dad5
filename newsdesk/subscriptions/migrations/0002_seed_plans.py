"""Seed the plans the offer promises: Premium at R75.00 a month after 14 free days, and an annual example."""

from django.db import migrations

PLANS = [
    {"slug": "premium", "name": "Premium", "amount": 7500, "interval": "month", "trial_days": 14, "order": 0,
     "description": "Every article, every day."},
    {"slug": "premium-annual", "name": "Premium annual", "amount": 75000, "interval": "year", "trial_days": 14,
     "order": 1, "description": "Twelve months for the price of ten."},
]


def seed(apps, schema_editor):
    Plan = apps.get_model("subscriptions", "Plan")
    for plan in PLANS:
        Plan.objects.get_or_create(slug=plan["slug"], defaults={**plan, "currency": "ZAR"})


class Migration(migrations.Migration):
    dependencies = [("subscriptions", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
