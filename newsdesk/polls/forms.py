"""The poll editor's form: once a poll has votes, its options keep their meaning."""

from django.core.exceptions import ValidationError
from wagtail.admin.forms import WagtailAdminModelForm

from . import services
from .models import MAX_OPTIONS, MIN_OPTIONS, PollOption, Vote

OPTIONS_LOCKED_DELETE = (
    "This poll has votes: its options cannot be deleted. Close the poll and start a new one instead."
)
OPTIONS_LOCKED_ORDER = "This poll has votes: its options cannot be re-ordered. You may still correct their wording."
OPTION_COUNT = f"A poll has {MIN_OPTIONS} to {MAX_OPTIONS} options."


class PollAdminForm(WagtailAdminModelForm):
    def _has_votes(self) -> bool:
        return bool(self.instance.pk) and Vote.objects.filter(poll_id=self.instance.pk).exists()

    def clean(self):
        cleaned = super().clean()
        formset = self.formsets.get("options")
        if formset is None or not formset.is_valid():
            return cleaned
        kept = [f for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        if not MIN_OPTIONS <= len(kept) <= MAX_OPTIONS:
            raise ValidationError(OPTION_COUNT)
        if not self._has_votes():
            return cleaned
        if any(f.instance.pk and f.cleaned_data.get("DELETE") for f in formset.forms):
            raise ValidationError(OPTIONS_LOCKED_DELETE)
        stored = list(
            PollOption.objects.filter(poll_id=self.instance.pk)
            .order_by("sort_order", "pk")
            .values_list("pk", flat=True)
        )
        submitted = [
            f.instance.pk
            for f in sorted(kept, key=lambda f: (f.cleaned_data.get("ORDER") is None, f.cleaned_data.get("ORDER") or 0))
            if f.instance.pk
        ]
        if submitted != [pk for pk in stored if pk in submitted] or len(submitted) != len(stored):
            raise ValidationError(OPTIONS_LOCKED_ORDER)
        return cleaned

    def save(self, commit=True):
        before = (
            dict(PollOption.objects.filter(poll_id=self.instance.pk).values_list("pk", "label"))
            if self._has_votes()
            else {}
        )
        poll = super().save(commit=commit)
        if commit and before:
            editor = getattr(self, "for_user", None)
            for option in PollOption.objects.filter(pk__in=before):
                services.option_wording_audit(
                    option_id=option.pk,
                    old_label=before[option.pk],
                    new_label=option.label,
                    editor_id=getattr(editor, "pk", None),
                )
        return poll
