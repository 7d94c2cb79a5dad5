#!/usr/bin/env python3
"""Write this site's nginx or Varnish configuration from a template in deploy/ and the site's environment.

    python3 deploy/render.py --env /etc/newsdesk/env deploy/nginx/newsdesk.conf > /etc/nginx/sites-available/newsdesk
    python3 deploy/render.py --env /etc/newsdesk/env deploy/varnish/newsdesk.vcl > /etc/varnish/default.vcl

The values come from the --env file (the app's own, systemd's KEY=value lines) or, without --env, from the
environment; anything unset takes the default below. A template names a value as ${NAME}; a line that ends in
"# one per LIST" is written once for each comma-separated item of that variable, and only that line. Unknown names,
unset required values and values that would break the file's syntax stop the script with a message; nothing is
written then. Needs only Python's standard library, so it runs on a machine without the app.

  variable                 default                          used for
  NEWSDESK_APP_DIR         /srv/newsdesk/app                where the release lives (the systemd units run from
                                                            there); nginx loads deploy/nginx/pagecache.lua from it
  SITE_URL                 (required for nginx)             nginx's server_name
  REDIS_URL                (required for nginx)             the page cache nginx reads: host, port, db, password
  CACHE_KEY_PREFIX         newsdesk                         the page cache's keys, <prefix>:edge:<path>
  READERSHIP_REDIS_PREFIX  newsdesk:readership:             readership counters' keys (the app's setting of the
                                                            same name); nginx counts beacons into REDIS_URL
  MEDIA_ROOT               /srv/newsdesk/media              the uploads nginx serves under /media/
  NGINX_UPSTREAM           127.0.0.1:6081                   where nginx sends what it does not answer: Varnish, or
                                                            the app server (127.0.0.1:8000) without Varnish
  NGINX_TLS_CERTIFICATE    /etc/ssl/newsdesk/fullchain.pem  the site's certificate chain
  NGINX_TLS_CERTIFICATE_KEY /etc/ssl/newsdesk/privkey.pem   its private key
  VARNISH_BACKENDS         127.0.0.1:8000                   the app servers Varnish spreads requests over, as
                                                            host:port, comma-separated
  VARNISH_PURGERS          127.0.0.1,::1                    addresses or networks (10.0.0.0/24) that may PURGE:
                                                            every machine running task workers
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

DEFAULTS = {
    "NEWSDESK_APP_DIR": "/srv/newsdesk/app",
    "CACHE_KEY_PREFIX": "newsdesk",
    "READERSHIP_REDIS_PREFIX": "newsdesk:readership:",
    "MEDIA_ROOT": "/srv/newsdesk/media",
    "NGINX_UPSTREAM": "127.0.0.1:6081",
    "NGINX_TLS_CERTIFICATE": "/etc/ssl/newsdesk/fullchain.pem",
    "NGINX_TLS_CERTIFICATE_KEY": "/etc/ssl/newsdesk/privkey.pem",
    "VARNISH_BACKENDS": "127.0.0.1:8000",
    "VARNISH_PURGERS": "127.0.0.1,::1",
}
# The page cache's keys in Redis, as the app writes them (NEWSDESK_EDGE_CACHE_PREFIX in the settings).
EDGE_SUFFIX = ":edge:"

PLACEHOLDER = re.compile(r"\$\{([A-Z][A-Z0-9_]*)\}")
REPEAT = re.compile(r"^(?P<line>.*?)\s*# one per (?P<list>[A-Z][A-Z0-9_]*)\s*$")
HOST_NAME = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$")
IPV6 = re.compile(r"^[0-9A-Fa-f:.]+$")
PATH = re.compile(r"^/[A-Za-z0-9._/+@-]*$")


class RenderError(Exception):
    """A value is missing or would not make a valid configuration."""


def read_env_file(path: Path) -> dict[str, str]:
    """Return the KEY=value lines of a systemd environment file (comments and blank lines skipped)."""
    values = {}
    for number, raw in enumerate(path.read_text().splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, value = line.partition("=")
        if not sep:
            raise RenderError(f"{path}, line {number}: expected NAME=value, got {raw!r}")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        values[name.strip()] = value
    return values


def _value(env: dict[str, str], name: str) -> str:
    value = env.get(name) or DEFAULTS.get(name)
    if not value:
        raise RenderError(f"{name} is not set: the template needs it (see deploy/render.py for what it means).")
    return value


def _host(value: str, name: str) -> str:
    if not (HOST_NAME.match(value) or IPV6.match(value)):
        raise RenderError(f"{name}: {value!r} is not a host name or an IP address.")
    return value


def _path(env: dict[str, str], name: str) -> str:
    value = _value(env, name).rstrip("/") or "/"
    if not PATH.match(value):
        raise RenderError(f"{name} must be an absolute path of letters, digits and ._/+@-, not {value!r}.")
    return value


def _host_port(item: str, name: str) -> tuple[str, str]:
    match = re.match(r"^(?:\[(?P<v6>[^\]]+)\]|(?P<host>[^:]+)):(?P<port>[0-9]{1,5})$", item)
    if not match:
        raise RenderError(f"{name}: {item!r} is not host:port (an IPv6 address goes in brackets: [::1]:8000).")
    return _host(match["v6"] or match["host"], name), match["port"]


def _lua_string(value: str) -> str:
    if any(ord(char) < 32 for char in value):
        raise RenderError("REDIS_URL: the password holds a control character.")
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _redis(env: dict[str, str]) -> dict[str, str]:
    url = urlsplit(_value(env, "REDIS_URL"))
    if url.scheme != "redis" or not url.hostname:
        raise RenderError(
            "REDIS_URL must be redis://host:port/db: nginx's page-cache client speaks neither TLS nor sockets."
        )
    db = url.path.strip("/") or "0"
    if not db.isdigit():
        raise RenderError(f"REDIS_URL: the database must be a number, not {db!r}.")
    password = unquote(url.password) if url.password else None
    return {
        "REDIS_HOST": _host(url.hostname, "REDIS_URL"),
        "REDIS_PORT": str(url.port or 6379),
        "REDIS_DB": db,
        "REDIS_PASSWORD": _lua_string(password) if password else "nil",
    }


def _server_name(env: dict[str, str]) -> str:
    host = urlsplit(_value(env, "SITE_URL")).hostname
    if not host:
        raise RenderError("SITE_URL must be the site's address, like https://news.example.")
    return _host(host, "SITE_URL")


def _edge_prefix(env: dict[str, str]) -> str:
    prefix = _value(env, "CACHE_KEY_PREFIX")
    if not re.match(r"^[A-Za-z0-9._:-]+$", prefix):
        raise RenderError(f"CACHE_KEY_PREFIX must be letters, digits and ._:-, not {prefix!r}.")
    return prefix + EDGE_SUFFIX


def _readership_prefix(env: dict[str, str]) -> str:
    prefix = _value(env, "READERSHIP_REDIS_PREFIX")
    if not re.match(r"^[A-Za-z0-9._:-]+$", prefix):
        raise RenderError(f"READERSHIP_REDIS_PREFIX must be letters, digits and ._:-, not {prefix!r}.")
    return prefix


def _upstream(env: dict[str, str]) -> str:
    value = _value(env, "NGINX_UPSTREAM")
    if value.startswith("unix:/"):
        if not PATH.match(value.removeprefix("unix:")):
            raise RenderError(f"NGINX_UPSTREAM: {value!r} is not a socket path.")
        return value
    host, port = _host_port(value, "NGINX_UPSTREAM")
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


SCALARS = {
    "NEWSDESK_APP_DIR": lambda env: _path(env, "NEWSDESK_APP_DIR"),
    "MEDIA_ROOT": lambda env: _path(env, "MEDIA_ROOT"),
    "NGINX_TLS_CERTIFICATE": lambda env: _path(env, "NGINX_TLS_CERTIFICATE"),
    "NGINX_TLS_CERTIFICATE_KEY": lambda env: _path(env, "NGINX_TLS_CERTIFICATE_KEY"),
    "NGINX_UPSTREAM": _upstream,
    "SERVER_NAME": _server_name,
    "EDGE_PREFIX": _edge_prefix,
    "READERSHIP_PREFIX": _readership_prefix,
    "REDIS_HOST": lambda env: _redis(env)["REDIS_HOST"],
    "REDIS_PORT": lambda env: _redis(env)["REDIS_PORT"],
    "REDIS_DB": lambda env: _redis(env)["REDIS_DB"],
    "REDIS_PASSWORD": lambda env: _redis(env)["REDIS_PASSWORD"],
}


def _backends(env: dict[str, str]) -> list[dict[str, str]]:
    items = []
    for number, item in enumerate(_list(env, "VARNISH_BACKENDS"), start=1):
        host, port = _host_port(item, "VARNISH_BACKENDS")
        items.append({"N": str(number), "HOST": host, "PORT": port})
    return items


def _purgers(env: dict[str, str]) -> list[dict[str, str]]:
    items = []
    for item in _list(env, "VARNISH_PURGERS"):
        address, _, bits = item.partition("/")
        if bits and not (bits.isdigit() and int(bits) <= 128):
            raise RenderError(f"VARNISH_PURGERS: {item!r} has a bad network size.")
        entry = f'"{_host(address, "VARNISH_PURGERS")}"'
        items.append({"ACL_ENTRY": f"{entry}/{bits}" if bits else entry})
    return items


def _list(env: dict[str, str], name: str) -> list[str]:
    items = [item.strip() for item in _value(env, name).split(",") if item.strip()]
    if not items:
        raise RenderError(f"{name} is empty: name at least one.")
    return items


LISTS = {"VARNISH_BACKENDS": _backends, "VARNISH_PURGERS": _purgers}


def _fill(line: str, values: dict[str, str], where: str) -> str:
    def replace(match: re.Match) -> str:
        if match[1] not in values:
            raise RenderError(f"{where}: unknown variable ${{{match[1]}}}.")
        return values[match[1]]

    return PLACEHOLDER.sub(replace, line)


def render(template: str, env: dict[str, str]) -> str:
    """Return the template with its variables and repeated lines filled in from `env`."""
    scalars = {name: provide(env) for name, provide in SCALARS.items() if "${" + name + "}" in template}
    out = []
    for number, line in enumerate(template.splitlines(), start=1):
        repeat = REPEAT.match(line)
        if repeat:
            if repeat["list"] not in LISTS:
                raise RenderError(f"line {number}: no list named {repeat['list']}.")
            out.extend(
                _fill(repeat["line"], {**scalars, **item}, f"line {number}") for item in LISTS[repeat["list"]](env)
            )
        else:
            out.append(_fill(line, scalars, f"line {number}"))
    return "\n".join(out) + "\n"


def warnings(template: str, env: dict[str, str]) -> list[str]:
    """Return what the rendered file will trip over on this machine, though it is written."""
    if "${NEWSDESK_APP_DIR}" not in template:
        return []
    module = Path(_path(env, "NEWSDESK_APP_DIR")) / "deploy" / "nginx" / "pagecache.lua"
    if module.is_file():
        return []
    return [f"warning: {module} is not on this machine; nginx refuses to start or reload until it is there."]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("template", type=Path, help="deploy/nginx/newsdesk.conf or deploy/varnish/newsdesk.vcl")
    parser.add_argument("--env", type=Path, help="read the values from this KEY=value file, not the environment")
    args = parser.parse_args(argv)
    try:
        env = read_env_file(args.env) if args.env else dict(os.environ)
        template = args.template.read_text()
        sys.stdout.write(render(template, env))
        for warning in warnings(template, env):
            sys.stderr.write(f"{args.template}: {warning}\n")
    except (RenderError, OSError) as error:
        sys.stderr.write(f"{args.template}: {error}\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
