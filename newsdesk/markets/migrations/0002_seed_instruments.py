"""Seed the panel's eleven instruments, their exchanges and providers (all editable in the admin afterwards)."""

import datetime

from django.db import migrations

EXCHANGES = [
    # code, name, delay minutes, opens, closes (SAST)
    ("JSE", "Johannesburg Stock Exchange", 15, datetime.time(9, 0), datetime.time(17, 0)),
    ("ICE", "ICE Futures Europe", 0, None, None),
]
JSE_HOLIDAYS = [
    (datetime.date(2026, 12, 16), "Day of Reconciliation"),
    (datetime.date(2026, 12, 25), "Christmas Day"),
    (datetime.date(2027, 1, 1), "New Year's Day"),
]
PROVIDERS = [
    # slug, name, kind, url, logo_static, is_demo, stale minutes, refresh minutes
    (
        "ecb", "European Central Bank", "ecb",
        "https://www.ecb.europa.eu/stats/policy_and_exchange_rates/euro_reference_exchange_rates/html/index.en.html",
        "", False, 26 * 60, 60,
    ),
    ("vendor", "Licensed market-data vendor", "push", "", "", False, 30, 1),
    ("demo", "Newsdesk demo feed", "demo", "", "markets/img/demo-vendor.svg", True, 30, 1),
]
INSTRUMENTS = [
    # code, name, group, unit, decimals, order, exchange, provider, max jump %
    ("ZARUSD", "Rand - Dollar", "currencies", "R/$", 4, 10, None, "ecb", 5),
    ("ZARGBP", "Rand - Pound", "currencies", "R/£", 4, 20, None, "ecb", 5),
    ("ZAREUR", "Rand - Euro", "currencies", "R/€", 4, 30, None, "ecb", 5),
    ("ZARAUD", "Rand - Aus dollar", "currencies", "R/A$", 4, 40, None, "ecb", 5),
    ("ZARJPY", "Rand - Yen", "currencies", "R/¥", 4, 50, None, "ecb", 5),
    ("BRENT", "Brent Crude", "commodities", "$/bbl", 2, 60, "ICE", "vendor", 10),
    ("J200", "Top 40", "jse", "points", 2, 70, "JSE", "vendor", 10),
    ("J203", "All Share", "jse", "points", 2, 80, "JSE", "vendor", 10),
    ("J210", "Resource 10", "jse", "points", 2, 90, "JSE", "vendor", 10),
    ("J211", "Industrial 25", "jse", "points", 2, 100, "JSE", "vendor", 10),
    ("J212", "Financial 15", "jse", "points", 2, 110, "JSE", "vendor", 10),
]


def seed(apps, schema_editor):
    Exchange = apps.get_model("markets", "Exchange")
    ExchangeHoliday = apps.get_model("markets", "ExchangeHoliday")
    Provider = apps.get_model("markets", "Provider")
    Instrument = apps.get_model("markets", "Instrument")
    exchanges = {}
    for code, name, delay, opens, closes in EXCHANGES:
        exchanges[code], _ = Exchange.objects.get_or_create(
            code=code, defaults={"name": name, "min_display_delay_minutes": delay, "opens_at": opens, "closes_at": closes}
        )
    for day, name in JSE_HOLIDAYS:
        ExchangeHoliday.objects.get_or_create(exchange=exchanges["JSE"], date=day, defaults={"name": name})
    providers = {}
    for slug, name, kind, url, logo, demo, stale, refresh in PROVIDERS:
        providers[slug], _ = Provider.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name, "kind": kind, "attribution_url": url, "logo_static": logo, "is_demo": demo,
                "stale_after_minutes": stale, "refresh_every_minutes": refresh,
            },
        )
    for code, name, group, unit, decimals, order, exchange, provider, jump in INSTRUMENTS:
        Instrument.objects.get_or_create(
            code=code,
            defaults={
                "name": name, "group": group, "unit": unit, "decimals": decimals, "order": order,
                "exchange": exchanges.get(exchange), "provider": providers[provider], "max_jump_percent": jump,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("markets", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
