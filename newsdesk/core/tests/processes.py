"""Helpers for tests that start the project's own server processes (the demo runner, the production app server)."""

import socket
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def free_port() -> int:
    """Return a loopback port that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
