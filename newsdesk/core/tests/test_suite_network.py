"""The suite reaches loopback only: an address outside this machine fails the test that asks for it."""

import socket

import pytest
from pytest_socket import SocketConnectBlockedError


def test_an_address_beyond_loopback_is_refused_before_anything_is_sent():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        with pytest.raises(SocketConnectBlockedError), pytest.warns(UserWarning, match="192.0.2.1"):
            sock.connect(("192.0.2.1", 443))  # TEST-NET-1: documentation only, never routed


def test_loopback_stays_open_for_the_servers_the_suite_starts():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        with socket.create_connection(server.getsockname(), timeout=2):
            pass
