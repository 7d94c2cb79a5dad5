"""Writes to the newsroom's identity: its name and the address of its site."""

from __future__ import annotations

from django.db import transaction
from wagtail.models import Site

from .models import NewsroomSettings

NAME_INVALID = "The newsroom's name is 1 to 120 characters."
HOSTNAME_INVALID = "The site address needs a host name, like news.example: {hostname!r}."
ADDRESS_TAKEN = "Another site already answers at {hostname}:{port}; choose another address or change that site."


class NewsroomError(Exception):
    """The newsroom's identity cannot be set as asked; the message says why."""


@transaction.atomic
def newsroom_configure(*, site: Site, name: str, hostname: str = "", port: int | None = None) -> list[str]:
    """Name the newsroom (its settings and its site record) and, when given, move the site to an address.

    Return what changed ("name", "address"), empty when everything was already so.
    """
    name = " ".join(name.split())
    if not 1 <= len(name) <= NewsroomSettings._meta.get_field("publication_name").max_length:
        raise NewsroomError(NAME_INVALID)
    changed = []
    config = NewsroomSettings.for_site(site)
    if config.publication_name != name:
        config.publication_name = name
        config.save(update_fields=["publication_name"])
        changed.append("name")
    fields = []
    if site.site_name != name:
        site.site_name = name
        fields.append("site_name")
    if hostname:
        hostname = hostname.lower()
        if len(hostname) > Site._meta.get_field("hostname").max_length or "/" in hostname or " " in hostname:
            raise NewsroomError(HOSTNAME_INVALID.format(hostname=hostname))
        port = port or 80
        if (site.hostname, site.port) != (hostname, port):
            if Site.objects.filter(hostname=hostname, port=port).exclude(pk=site.pk).exists():
                raise NewsroomError(ADDRESS_TAKEN.format(hostname=hostname, port=port))
            site.hostname, site.port = hostname, port
            fields += ["hostname", "port"]
            changed.append("address")
    if fields:
        site.save(update_fields=fields)
        if "name" not in changed and "site_name" in fields:
            changed.append("name")
    return changed
