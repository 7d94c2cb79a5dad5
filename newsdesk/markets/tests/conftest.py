import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with no cached panel and no rate-limit counts."""
    cache.clear()
    yield
    cache.clear()
