"""Suite-wide test set-up: the suite's clock, browser-test gating and a plain notice when they could not run."""

import datetime as dt
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time

import pytest
import redis
import time_machine

CHROMIUM = os.environ.get("NEWSDESK_CHROMIUM", "/usr/bin/chromium")
NGINX_LUA = "/usr/lib/nginx/modules/ngx_http_lua_module.so"
NGINX_BROTLI = "/usr/lib/nginx/modules/ngx_http_brotli_filter_module.so"
VARNISH_XKEY = "/usr/lib/*/varnish/vmods/libvmod_xkey.so"
_deselected_browser_tests: list[str] = []
_deselected_edge_tests: list[str] = []


CLOCK_HELP = (
    "run the whole suite with the clock moved: an ISO date or date-time (UTC), or 'leap' for the first 29 February "
    "at least 400 days from now. Also NEWSDESK_TEST_CLOCK. A test that passes only on today's date fails here."
)
_session_clock: list = []


def pytest_addoption(parser):
    parser.addoption("--clock", default=os.environ.get("NEWSDESK_TEST_CLOCK", ""), help=CLOCK_HELP)


def clock_destination(value: str, now: dt.datetime) -> dt.datetime | None:
    """Return where `--clock` moves the suite's clock, keeping the time of day unless the value names one."""
    value = value.strip()
    if not value:
        return None
    if value == "leap":
        day = now.date() + dt.timedelta(days=400)
        while not (day.month == 2 and day.day == 29):
            day += dt.timedelta(days=1)
        return dt.datetime.combine(day, now.timetz())
    try:
        moved = dt.datetime.fromisoformat(value)
    except ValueError:
        raise pytest.UsageError(f"--clock={value!r}: {CLOCK_HELP}") from None
    if len(value) <= 10:  # a bare date: that day, at the current time of day
        moved = dt.datetime.combine(moved.date(), now.timetz())
    return moved if moved.tzinfo else moved.replace(tzinfo=dt.UTC)


def pytest_configure(config):
    """Move the clock for the whole run when asked; tests that travel themselves still nest inside it."""
    destination = clock_destination(config.getoption("--clock"), dt.datetime.now(dt.UTC))
    if destination is not None:
        traveller = time_machine.travel(destination, tick=True)
        traveller.start()
        _session_clock.append(traveller)


def pytest_unconfigure(config):
    while _session_clock:
        _session_clock.pop().stop()


def pytest_report_header(config):
    if _session_clock:
        return f"clock moved for the whole run: it started at {dt.datetime.now(dt.UTC).isoformat()}"
    return None


def chromium_available() -> bool:
    return os.path.exists(CHROMIUM) or shutil.which("chromium") is not None


def edge_available() -> bool:
    """Say whether nginx (with its Lua and Brotli modules), Varnish (with xkey) and redis-server are installed."""
    nginx = shutil.which("nginx") and os.path.exists(NGINX_LUA) and os.path.exists(NGINX_BROTLI)
    varnish = (shutil.which("varnishd") or os.path.exists("/usr/sbin/varnishd")) and glob.glob(VARNISH_XKEY)
    return bool(nginx and varnish and shutil.which("redis-server"))


def _deselect(config, items, marker: str, into: list[str]) -> None:
    kept = []
    for item in items:
        if item.get_closest_marker(marker):
            into.append(item.nodeid)
        else:
            kept.append(item)
    if into:
        config.hook.pytest_deselected(items=[i for i in items if i.nodeid in set(into)])
        items[:] = kept


def pytest_collection_modifyitems(config, items):
    """Run browser and nginx tests only where their programs exist; in CI a missing one is an error, not a pass."""
    if not chromium_available():
        if os.environ.get("CI"):
            raise pytest.UsageError(f"CI must run the browser tests, but Chromium is not installed at {CHROMIUM}.")
        _deselect(config, items, "browser", _deselected_browser_tests)
    if not edge_available():
        if os.environ.get("CI"):
            raise pytest.UsageError(
                "CI must run the nginx and Varnish tests, but nginx, its Lua or Brotli module, Varnish, its xkey "
                "module or redis-server is missing."
            )
        _deselect(config, items, "edge", _deselected_edge_tests)


def pytest_terminal_summary(terminalreporter):
    if _deselected_edge_tests:
        terminalreporter.write_sep("=", "nginx and Varnish tests did not run", yellow=True)
        terminalreporter.write_line(
            f"{len(_deselected_edge_tests)} tests of deploy/nginx and deploy/varnish did not run: they need nginx with "
            "its Lua and Brotli modules, Varnish with its xkey module and redis-server (Debian/Ubuntu: sudo apt-get "
            "install -y nginx libnginx-mod-http-lua libnginx-mod-http-brotli-filter varnish varnish-modules "
            "redis-server)."
        )
    if _deselected_browser_tests:
        terminalreporter.write_sep("=", "browser tests did not run", yellow=True)
        terminalreporter.write_line(
            f"{len(_deselected_browser_tests)} browser tests did not run: Chromium was not found at {CHROMIUM}."
        )
        terminalreporter.write_line("To run them, install Chromium (Debian/Ubuntu: sudo apt-get install -y chromium)")
        terminalreporter.write_line("or point NEWSDESK_CHROMIUM at a Chromium binary, then run `make test` again.")


CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    """A headless Debian Chromium driven by Playwright (Playwright's own browser download is not used)."""
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test body are still
    # synchronous and safe, so allow them.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium"), args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh browser tab with its own cookies."""
    context = browser.new_context()
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    # Leave the site before the test database goes away, whether the test passed or not: a page still open (the
    # admin's preview panel, a live blog) keeps calling the live server, which on SQLite shares this thread's
    # connection and would otherwise query it during the flush.
    try:
        tab.goto("about:blank", timeout=5_000)
    finally:
        context.close()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Start every test with an empty cache: cached pages, navigation and counters must not leak between tests."""
    from django.core.cache import caches

    for alias in caches:
        caches[alias].clear()
    yield


DATABASE_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback"}


@pytest.fixture(autouse=True)
def _email_through_the_outbox(request, settings):
    """Send a test's email the way the site does, through the outbox, wherever the test may use the database.

    Django's test set-up swaps EMAIL_BACKEND for its in-memory list; the outbox delivers into that same list
    (OUTBOX_DELIVERY_BACKEND in the test settings), so tests still read what was sent from mail.outbox.
    """
    from newsdesk.outbox import transport

    transport.resume()  # a mail server another test took down is not down here
    if request.node.get_closest_marker("django_db") or DATABASE_FIXTURES & set(request.fixturenames):
        settings.EMAIL_BACKEND = "newsdesk.outbox.backend.OutboxBackend"


@pytest.fixture
def redis_server():
    """A throwaway redis-server on a free loopback port; yield (its process, its URL)."""
    with socket.socket() as sock:  # a loopback port that nothing listens on now
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    workdir = tempfile.mkdtemp(prefix="newsdesk-test-redis-")
    proc = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        + ["--dir", workdir],
        stdout=subprocess.DEVNULL,
    )
    client = redis.Redis(port=port)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.exceptions.ConnectionError:
            time.sleep(0.05)
    try:
        yield proc, f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)
