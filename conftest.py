"""Suite-wide test set-up: browser-test gating and a plain notice when they could not run."""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("NEWSDESK_CHROMIUM", "/usr/bin/chromium")
_deselected_browser_tests: list[str] = []


def chromium_available() -> bool:
    return os.path.exists(CHROMIUM) or shutil.which("chromium") is not None


def pytest_collection_modifyitems(config, items):
    """Run browser tests only where Chromium exists; in CI a missing Chromium is an error, not a pass."""
    if chromium_available():
        return
    if os.environ.get("CI"):
        raise pytest.UsageError(
            f"CI must run the browser tests, but Chromium is not installed at {CHROMIUM}."
        )
    kept = []
    for item in items:
        if item.get_closest_marker("browser"):
            _deselected_browser_tests.append(item.nodeid)
        else:
            kept.append(item)
    if _deselected_browser_tests:
        config.hook.pytest_deselected(items=[i for i in items if i.nodeid in set(_deselected_browser_tests)])
        items[:] = kept


def pytest_terminal_summary(terminalreporter):
    if _deselected_browser_tests:
        terminalreporter.write_sep("=", "browser tests did not run", yellow=True)
        terminalreporter.write_line(
            f"{len(_deselected_browser_tests)} browser tests did not run: Chromium was not found at {CHROMIUM}."
        )
        terminalreporter.write_line(
            "To run them, install Chromium (Debian/Ubuntu: sudo apt-get install -y chromium)"
        )
        terminalreporter.write_line(
            "or point NEWSDESK_CHROMIUM at a Chromium binary, then run `make test` again."
        )
