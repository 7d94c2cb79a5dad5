from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.models import Site

from newsdesk.core.services import NewsroomError, newsroom_configure
from newsdesk.news.models import SectionPage
from newsdesk.news.services import PageTreeError, home_page_ensure, section_ensure

# What an empty newsroom starts with when no --section is given; editors rename, add and remove them in the admin.
DEFAULT_SECTIONS = ["News", "Business", "Sport", "Opinion"]
SITE_URL_INVALID = "--site-url must be an http or https address, like https://news.example (got {url!r})."
SITE_URL_DIFFERS = (
    "Note: SITE_URL in the environment is {configured}. Set it to {url} too: feeds, sitemaps and emails link with it."
)


def site_address(url: str) -> tuple[str, int]:
    """Return the host name and port of a site's public address, as Wagtail's site record holds them."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        raise CommandError(SITE_URL_INVALID.format(url=url)) from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise CommandError(SITE_URL_INVALID.format(url=url))
    return parts.hostname, port or (443 if parts.scheme == "https" else 80)


class Command(BaseCommand):
    help = (
        "Set up a new newsroom: its home page (in place of Wagtail's welcome page), its sections, its site record "
        "and its name. Safe to run again: what exists is kept, what is missing is made."
    )

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help="The newsroom's name, as readers see it.")
        parser.add_argument(
            "--site-url", help="The public address, e.g. https://news.example (default: the SITE_URL setting)."
        )
        parser.add_argument(
            "--section",
            action="append",
            dest="sections",
            default=[],
            metavar="TITLE",
            help="A top-level section to have; repeat for each. Without any, a newsroom with no sections gets "
            f"{', '.join(DEFAULT_SECTIONS)}.",
        )

    def handle(self, *args, **options):
        hostname, port = site_address(options["site_url"] or settings.SITE_URL)
        url = (options["site_url"] or settings.SITE_URL).strip().rstrip("/")
        try:
            with transaction.atomic():
                home = home_page_ensure()
                site = Site.objects.get(is_default_site=True)
                changed = newsroom_configure(site=site, name=options["name"], hostname=hostname, port=port)
                existing = set(SectionPage.objects.child_of(home).values_list("pk", flat=True))
                titles = options["sections"] or ([] if existing else DEFAULT_SECTIONS)
                sections = [section_ensure(parent=home, title=title) for title in titles]
        except (NewsroomError, PageTreeError) as error:
            raise CommandError(str(error)) from None
        site.refresh_from_db()
        self.stdout.write(f"Newsroom: {' '.join(options['name'].split())}{' (changed)' if 'name' in changed else ''}")
        self.stdout.write(f"Home page: {site.root_url}/ ({home.title})")
        for section in sections:
            self.stdout.write(f"Section: {section.title}{'' if section.pk in existing else ' (created)'}")
        self.stdout.write(
            f"Time zone {settings.TIME_ZONE}, language {settings.LANGUAGE_CODE}: "
            "set TIME_ZONE and LANGUAGE_CODE in the environment to change them."
        )
        if url != settings.SITE_URL:
            self.stderr.write(SITE_URL_DIFFERS.format(configured=settings.SITE_URL, url=url))
