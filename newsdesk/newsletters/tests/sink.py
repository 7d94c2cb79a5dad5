"""A local SMTP sink (aiosmtpd on loopback) that counts what it was handed, for tests and the benchmark."""

from __future__ import annotations

import socket
import threading
from collections import Counter
from email.parser import BytesHeaderParser

from aiosmtpd.controller import Controller
from django.test import override_settings


class CountingHandler:
    """Keep each accepted message's recipients, and (optionally) its headers."""

    def __init__(self, keep_headers: bool = True):
        self.keep_headers = keep_headers
        self.by_recipient: Counter[str] = Counter()
        self.headers: list = []
        self.contents: list[bytes] = []  # each message as the server got it, dots unstuffed
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        headers = BytesHeaderParser().parsebytes(envelope.original_content) if self.keep_headers else None
        with self.lock:
            for rcpt in envelope.rcpt_tos:
                self.by_recipient[rcpt.lower()] += 1
            if headers is not None:
                self.headers.append(headers)
                self.contents.append(envelope.original_content)
        return "250 Message accepted for delivery"

    @property
    def total(self) -> int:
        return sum(self.by_recipient.values())


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Sink:
    def __init__(self, keep_headers: bool = True):
        self.handler = CountingHandler(keep_headers=keep_headers)
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=_free_port(), data_size_limit=10_000_000)

    def __enter__(self) -> Sink:
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.controller.stop()

    @property
    def port(self) -> int:
        return self.controller.port


def smtp_to(sink: Sink, **settings) -> override_settings:
    """Settings that send newsletters over SMTP (the hand-over backend) to this sink."""
    return override_settings(
        NEWSLETTERS_EMAIL_BACKEND="newsdesk.newsletters.smtp.HandoverEmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=sink.port,
        **settings,
    )
