"""The admin form of the newspaper's pages."""

from django.conf import settings
from django.utils.text import slugify
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.models import Page

SLUG_FROM_TITLE_HELP = "Left empty, it is made from the title."


class NewsPageForm(WagtailAdminPageForm):
    """A page saved without a slug takes one made from its title, so a first draft never fails for want of one.

    The editor fills the slug as the title is typed (TitleFieldPanel); this is for the slug that script did not fill
    (scripts off, a title pasted in a way it missed, a slug cleared by hand). The slug lives on the Promote tab, out
    of sight while the story is being written.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = f"{self.fields['slug'].help_text} {SLUG_FROM_TITLE_HELP}".strip()

    def clean(self):
        if "slug" in self.fields and not self.cleaned_data.get("slug") and self.cleaned_data.get("title"):
            slug = slug_from_title(self.cleaned_data["title"], parent=self.parent_page, page=self.instance)
            if slug:
                self.cleaned_data["slug"] = slug
        if "slug" in self.fields and not self.cleaned_data.get("slug") and "slug" not in self.errors:
            self.add_error("slug", "Give the page a title, or type a slug (the last part of its address).")
        return super().clean()


def slug_from_title(title: str, *, parent: Page | None, page: Page | None = None) -> str:
    """Return a slug made from a title, numbered (-2, -3, ...) past any sibling already using it ("" if none)."""
    base = slugify(title, allow_unicode=getattr(settings, "WAGTAIL_ALLOW_UNICODE_SLUGS", True))[:255].strip("-")
    if not base:
        return ""
    candidate, suffix = base, 1
    while not Page._slug_is_available(candidate, parent, page):
        suffix += 1
        candidate = f"{base[: 255 - len(str(suffix)) - 1]}-{suffix}"
    return candidate
