import pytest

from newsdesk.polls.selectors import forget_poll_settings


@pytest.fixture(autouse=True)
def _fresh_poll_settings():
    """Each test reads its own site's poll settings, not a copy kept from an earlier test's database."""
    forget_poll_settings()
    yield
    forget_poll_settings()
