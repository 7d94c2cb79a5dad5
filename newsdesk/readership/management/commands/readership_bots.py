"""Write deploy/nginx/readership_bots.lua: the known-bot patterns of the crawler-user-agents list, for nginx."""

from importlib.metadata import version
from pathlib import Path

from crawleruseragents import CRAWLER_USER_AGENTS_DATA
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

LUA_FILE = Path(settings.BASE_DIR) / "deploy" / "nginx" / "readership_bots.lua"
CHUNK = 100  # patterns per regular expression, as the Python package compiles them in chunks too


def bots_lua() -> str:
    """Return the Lua module: is_bot(user_agent) with the same patterns the app's counting.is_bot reads."""
    patterns = [item["pattern"] for item in CRAWLER_USER_AGENTS_DATA]
    chunks = ["|".join(patterns[i : i + CHUNK]) for i in range(0, len(patterns), CHUNK)]
    for chunk in chunks:
        if "]==]" in chunk:
            raise CommandError("A pattern holds ]==], which would end the Lua string; quote it differently.")
    lines = [
        f"-- Known bots' user agents: crawler-user-agents {version('crawler-user-agents')}, the list the app reads.",
        "-- Written by `manage.py readership_bots --write`; a test fails when it differs from the installed list.",
        "local M = {}",
        "local CHUNKS = {",
        *(f"    [==[{chunk}]==]," for chunk in chunks),
        "}",
        "",
        "function M.is_bot(user_agent)",
        "    for _, pattern in ipairs(CHUNKS) do",
        '        if ngx.re.find(user_agent, pattern, "jo") then',
        "            return true",
        "        end",
        "    end",
        "    return false",
        "end",
        "",
        "return M",
    ]
    return "\n".join(lines) + "\n"


class Command(BaseCommand):
    help = "Print (or --write) deploy/nginx/readership_bots.lua from the installed crawler-user-agents list."

    def add_arguments(self, parser):
        parser.add_argument("--write", action="store_true", help=f"Write {LUA_FILE} instead of printing it.")

    def handle(self, *args, write: bool = False, **options):
        text = bots_lua()
        if write:
            LUA_FILE.write_text(text)
            self.stdout.write(f"Wrote {LUA_FILE}.")
        else:
            self.stdout.write(text, ending="")
