"""An editor's change to an instrument, exchange or provider shows in the panel at once."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Exchange, ExchangeHoliday, Instrument, Provider
from .panel import panel_version_bump


@receiver([post_save, post_delete], sender=Instrument)
@receiver([post_save, post_delete], sender=Exchange)
@receiver([post_save, post_delete], sender=ExchangeHoliday)
@receiver([post_save, post_delete], sender=Provider)
def _bump_panel(**kwargs) -> None:
    transaction.on_commit(panel_version_bump)
