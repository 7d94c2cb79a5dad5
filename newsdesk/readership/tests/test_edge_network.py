"""The reader's network as deploy/nginx/readership.lua reads it, in a real nginx, against the app's reading.

The reader hash is HMAC(salt, network | user agent | site); the edge tests show nginx and the app agree on the whole
hash for an IPv4 reader on loopback. A reader on IPv6 reaches nginx in production, so the /48 text (with Python's
"::" compression) must agree byte for byte too, or one reader would count twice a day."""

import urllib.parse
import urllib.request

import pytest

from deploy.harness import nginx_lua
from newsdesk.readership.counting import ip_network

pytestmark = pytest.mark.edge

ADDRESSES = [
    "196.25.1.7",
    "41.0.0.255",
    "::ffff:196.25.1.7",
    "::1",
    "::",
    "2001:db8::1",
    "2001:0db8:0000:0000:0000:0000:0000:0001",
    "2C0F:F4C0:1:2::3",
    "2c0f:f4c0:0:2::3",
    "2c0f:0:0:ffff::3",
    "0:0:1::",
    "1::",
    "a:b:c:d:e:f:1:2",
    "fe80::1:2:3:4",
    "2001:db8:85a3::8a2e:370:7334",
    "not an address",
    "",
]


@pytest.fixture(scope="module")
def edge():
    location = """    location = /network {
      content_by_lua_block { ngx.print(require("readership").network(ngx.unescape_uri(ngx.var.arg_ip or ""))) }
    }"""
    with nginx_lua(location) as url:
        yield url


@pytest.mark.parametrize("address", ADDRESSES)
def test_nginx_reads_the_network_as_the_app_does(edge, address):
    query = urllib.parse.urlencode({"ip": address})
    with urllib.request.urlopen(f"{edge}/network?{query}", timeout=10) as response:
        assert response.read().decode() == ip_network(address)
