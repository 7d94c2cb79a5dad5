"""deploy/env.example reads the same to systemd (EnvironmentFile=) and to a shell that sources it."""

import json
import re
import subprocess
import sys

from newsdesk.core.tests.test_settings_and_plumbing import ROOT

ENV_FILE = ROOT / "deploy" / "env.example"
ASSIGNMENT = re.compile(r"^([A-Z][A-Z0-9_]*)=(.*)$")
# Characters systemd and a shell read differently (expansion, escapes), even inside double quotes.
READ_DIFFERENTLY = re.compile(r"[$`\\]")
PROBE = (
    "import json; from django.conf import settings; "
    "print(json.dumps([settings.DEFAULT_FROM_EMAIL, settings.TIME_ZONE, settings.LANGUAGE_CODE, settings.SITE_URL]))"
)


def _as_systemd_reads(value: str) -> str:
    """Return the value of one assignment as systemd's EnvironmentFile= reads it (the subset env.example uses)."""
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value.strip()


def _assignments() -> dict[str, str]:
    found = {}
    for number, line in enumerate(ENV_FILE.read_text().splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        match = ASSIGNMENT.match(line)
        assert match, f"env.example line {number} is not NAME=value: {line!r}"
        name, raw = match.groups()
        assert not READ_DIFFERENTLY.search(raw), f"env.example line {number}: $, ` or \\ reads differently: {line!r}"
        found[name] = _as_systemd_reads(raw)
    return found


def _sourced(command: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - bash from the system, our own file
        ["/bin/bash", "-euc", f"set -a; . {ENV_FILE}; set +a; {command}"],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_shell_that_sources_env_example_sees_every_value_as_systemd_does():
    result = _sourced("env -0")
    assert (result.returncode, result.stderr) == (0, "")
    environment = dict(item.split("=", 1) for item in result.stdout.split("\0") if item)
    expected = _assignments()
    assert {name: environment.get(name) for name in expected} == expected
    assert expected["DEFAULT_FROM_EMAIL"] == "The Newsdesk Times <news@news.example>"
    assert (expected["TIME_ZONE"], expected["LANGUAGE_CODE"]) == ("Africa/Johannesburg", "en-za")


def test_the_production_settings_read_the_sourced_env_example():
    result = _sourced(f"exec {sys.executable} -c '{PROBE}'")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        "The Newsdesk Times <news@news.example>",
        "Africa/Johannesburg",
        "en-za",
        "https://news.example",
    ]


def test_a_newsroom_chooses_its_time_zone_and_language_in_the_environment():
    result = _sourced(f"TIME_ZONE=Europe/London LANGUAGE_CODE=en-gb exec {sys.executable} -c '{PROBE}'")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)[1:3] == ["Europe/London", "en-gb"]
