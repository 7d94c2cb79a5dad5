"""deploy/render.py: the nginx and Varnish files an operator writes from the templates and the site's environment."""

import re
import subprocess
import sys

from .processes import ROOT
from .test_deploy_settings import _run

RENDER = ROOT / "deploy" / "render.py"
VCL = ROOT / "deploy" / "varnish" / "newsdesk.vcl"
NGINX = ROOT / "deploy" / "nginx" / "newsdesk.conf"
UNFILLED = re.compile(r"\$\{[A-Z]")
SITE = {"SITE_URL": "https://news.example", "REDIS_URL": "redis://cache.internal:6379/0"}


def render(template, tmp_path, **values) -> subprocess.CompletedProcess:
    """Run the script as the deployment guide does: with the site's environment file."""
    env_file = tmp_path / "env"
    env_file.write_text("# /etc/newsdesk/env\n" + "".join(f"{name}={value}\n" for name, value in values.items()))
    return subprocess.run(
        [sys.executable, str(RENDER), "--env", str(env_file), str(template)],
        capture_output=True,
        text=True,
        timeout=30,
        env={"PATH": "/usr/bin:/bin"},
    )


def lines_with(text: str, start: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip().startswith(start)]


def test_the_vcl_has_a_backend_per_app_server_in_one_director_and_the_purgers_in_the_acl(tmp_path):
    result = render(
        VCL,
        tmp_path,
        VARNISH_BACKENDS="10.0.0.11:8000, app-2.internal:8000,[fd00::3]:8001",
        VARNISH_PURGERS="10.0.0.0/24,fd00::/64,127.0.0.1",
    )
    assert (result.returncode, result.stderr) == (0, "")
    vcl = result.stdout
    assert lines_with(vcl, "backend app") == [
        f'backend app{n} {{ .host = "{host}"; .port = "{port}"; .connect_timeout = 2s; .first_byte_timeout = 30s; '
        ".probe = app_health; }"
        for n, host, port in ((1, "10.0.0.11", "8000"), (2, "app-2.internal", "8000"), (3, "fd00::3", "8001"))
    ]
    assert lines_with(vcl, "app_servers.add_backend") == [f"app_servers.add_backend(app{n});" for n in (1, 2, 3)]
    acl = vcl[vcl.index("acl purgers {") : vcl.index("}", vcl.index("acl purgers {"))]
    assert acl.split("\n")[1:-1] == ['    "10.0.0.0"/24;', '    "fd00::"/64;', '    "127.0.0.1";']
    assert "set req.backend_hint = app_servers.backend();" in vcl
    assert UNFILLED.search(vcl) is None and "# one per" not in vcl


def test_without_values_the_vcl_serves_one_app_server_on_this_machine(tmp_path):
    vcl = render(VCL, tmp_path).stdout
    assert lines_with(vcl, "app_servers.add_backend") == ["app_servers.add_backend(app1);"]
    assert '.host = "127.0.0.1"; .port = "8000";' in vcl
    assert lines_with(vcl, '"127.0.0.1";') + lines_with(vcl, '"::1";') == ['"127.0.0.1";', '"::1";']


def test_a_value_that_would_break_the_file_stops_the_script_and_writes_nothing(tmp_path):
    for name, value, message in (
        (
            "VARNISH_BACKENDS",
            "10.0.0.11",
            "VARNISH_BACKENDS: '10.0.0.11' is not host:port (an IPv6 address goes in brackets: [::1]:8000).",
        ),
        (
            "VARNISH_PURGERS",
            '10.0.0.1"; } sub vcl_recv { "x',
            "VARNISH_PURGERS: '10.0.0.1\"; } sub vcl_recv { \"x' is not a host name or an IP address.",
        ),
        ("VARNISH_PURGERS", "10.0.0.0/200", "VARNISH_PURGERS: '10.0.0.0/200' has a bad network size."),
    ):
        result = render(VCL, tmp_path, **{name: value})
        assert (result.returncode, result.stdout, result.stderr) == (1, "", f"{VCL}: {message}\n")


def test_nginx_gets_the_release_the_site_and_the_apps_own_redis_and_key_prefix(tmp_path):
    result = render(
        NGINX,
        tmp_path,
        SITE_URL="https://news.example",
        REDIS_URL="redis://:s%22cret@cache.internal:6380/2",
        CACHE_KEY_PREFIX="times",
        MEDIA_ROOT="/srv/newsdesk/media/",
        NGINX_UPSTREAM="10.0.0.5:6081",
    )
    assert result.returncode == 0, result.stderr
    conf = result.stdout
    assert lines_with(conf, "lua_package_path") == ['lua_package_path "/srv/newsdesk/app/deploy/nginx/?.lua;;";']
    assert lines_with(conf, "server_name") == ["server_name news.example;"] * 2
    # Three times: the pages, readership's beacons, and premium bodies for the sessions the app vouched for.
    assert lines_with(conf, "host = ") == ['host = "cache.internal", port = 6380, db = 2, password = "s\\"cret",'] * 3
    assert 'prefix = "times:edge:"' in conf
    assert 'prefix = "newsdesk:readership:"' in conf
    assert lines_with(conf, "alias") == ["alias /srv/newsdesk/media/;"]
    assert lines_with(conf, "server 10.0.0.5") == ["server 10.0.0.5:6081;"]
    assert lines_with(conf, "ssl_certificate") == [
        "ssl_certificate     /etc/ssl/newsdesk/fullchain.pem;",
        "ssl_certificate_key /etc/ssl/newsdesk/privkey.pem;",
    ]
    assert UNFILLED.search(conf) is None


def test_nginx_needs_the_site_and_its_redis(tmp_path):
    result = render(NGINX, tmp_path, SITE_URL="https://news.example")
    assert (result.returncode, result.stdout) == (1, "")
    assert (
        result.stderr
        == f"{NGINX}: REDIS_URL is not set: the template needs it (see deploy/render.py for what it means).\n"
    )
    result = render(NGINX, tmp_path, SITE_URL="https://news.example", REDIS_URL="rediss://cache.internal:6379/0")
    assert result.stderr == (
        f"{NGINX}: REDIS_URL must be redis://host:port/db: nginx's page-cache client speaks neither TLS nor sockets.\n"
    )


def test_the_key_prefix_nginx_reads_is_the_one_the_app_writes(tmp_path):
    probe = "import json, django; django.setup(); from django.conf import settings; "
    probe += "print(json.dumps(settings.NEWSDESK_EDGE_CACHE_PREFIX))"
    written = _run(probe, env={"CACHE_KEY_PREFIX": "times"})
    conf = render(NGINX, tmp_path, **SITE, CACHE_KEY_PREFIX="times").stdout
    assert f'prefix = "{written}"' in conf


def test_nginx_loads_the_page_cache_module_from_where_the_services_run_the_release(tmp_path):
    units = sorted((ROOT / "deploy" / "systemd").glob("*.service"))
    assert len(units) == 3
    for unit in units:
        assert "WorkingDirectory=/srv/newsdesk/app\n" in unit.read_text(), unit.name
    conf = render(NGINX, tmp_path, **SITE).stdout
    assert lines_with(conf, "lua_package_path") == ['lua_package_path "/srv/newsdesk/app/deploy/nginx/?.lua;;";']
    assert (ROOT / "deploy" / "nginx" / "pagecache.lua").is_file()  # the same place inside the release


def test_rendering_for_a_machine_without_the_release_warns_that_nginx_will_not_start(tmp_path):
    result = render(NGINX, tmp_path, **SITE, NEWSDESK_APP_DIR=str(tmp_path / "nowhere"))
    assert result.returncode == 0
    module = tmp_path / "nowhere" / "deploy" / "nginx" / "pagecache.lua"
    assert result.stderr == (
        f"{NGINX}: warning: {module} is not on this machine; nginx refuses to start or reload until it is there.\n"
    )
    assert render(NGINX, tmp_path, **SITE, NEWSDESK_APP_DIR=str(ROOT)).stderr == ""
