"""Core stands on delivery only: no feature app (news, comments, polls, ...) and not the outbox."""

from pathlib import Path

from newsdesk.delivery.tests.test_layers import newsdesk_imports

APP = Path(__file__).resolve().parents[1]
BELOW_CORE = ("newsdesk.core", "newsdesk.delivery")


def test_core_imports_only_itself_and_delivery():
    found = newsdesk_imports(APP)
    above = {
        module: sorted(name for name in names if not name.startswith(BELOW_CORE)) for module, names in found.items()
    }
    assert {module: names for module, names in above.items() if names} == {}
