"""nginx's side of counting is kept in step with the app's: the same bot list, the same Redis script."""

import re

from django.core.management import call_command

from newsdesk.readership.management.commands.readership_bots import LUA_FILE, bots_lua
from newsdesk.readership.stores import COUNT_SCRIPT


def test_the_shipped_bot_list_is_the_installed_one(capsys):
    assert LUA_FILE.read_text() == bots_lua(), "run `manage.py readership_bots --write`"
    call_command("readership_bots")
    assert capsys.readouterr().out == bots_lua()


def test_nginx_counts_with_the_apps_redis_script():
    module = (LUA_FILE.parent / "readership.lua").read_text()
    shipped = re.search(r"local COUNT_SCRIPT = \[==\[(.*?)\]==\]", module, re.S).group(1)
    assert shipped == COUNT_SCRIPT
