"""Fixtures of the tests that start real processes: the static files collected as a release's."""

import os
import subprocess
import sys

import pytest

from .processes import ROOT


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory):
    """STATIC_ROOT as `manage.py collectstatic` leaves it under the production settings; collected once per run."""
    static_root = tmp_path_factory.mktemp("collected") / "static"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsdesk.settings.base",
        "SECRET_KEY": "collect-static-" + "k" * 40,
        "STATIC_ROOT": str(static_root),
        "NEWSDESK_VAR_DIR": str(static_root.parent),
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True, timeout=300
    )
    return static_root
