"""Plain SMTP for newsletters, with a hand-over point: the moment a message is about to count as delivered.

SMTP has no two-phase commit: after the final "." of DATA the server has the message, and a worker that dies
before it records that will, on resume, send it again. This backend narrows that window to nothing. It sends the
whole message but the final ".", calls the connection's `handover` (the sender commits the row as sent there),
and only then sends ".". A worker killed before the commit leaves the server with an unfinished DATA, which SMTP
servers discard when the connection drops, and the row unsent: the resume sends it once. A worker killed after
the commit but before "." reaches the server loses that one message (the row says sent): the one window left is a
single socket write per connection, and it errs towards at most once, never a duplicate.
"""

from __future__ import annotations

import re
import smtplib
import socket
from collections.abc import Callable

from django.core.mail.backends.smtp import EmailBackend

_LEADING_DOT = re.compile(rb"(?m)^\.")


class _Handover:
    handover: Callable[[], None] | None = None

    def _get_socket(self, host, port, timeout):
        sock = super()._get_socket(host, port, timeout)
        # The final "." goes in a write of its own after the body: without this, Nagle's algorithm holds it until
        # the server's delayed ACK of the body (about 40 ms per email).
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock

    def data(self, msg):
        self.putcmd("data")
        code, reply = self.getreply()
        if code != 354:
            raise smtplib.SMTPDataError(code, reply)
        if isinstance(msg, str):
            msg = msg.encode("utf-8")
        quoted = _LEADING_DOT.sub(b"..", msg)
        if not quoted.endswith(b"\r\n"):
            quoted += b"\r\n"
        self.send(quoted)
        if self.handover is not None:
            self.handover()  # raises to abandon the message: the "." is never sent, the caller drops the connection
        self.send(b".\r\n")
        return self.getreply()


class HandoverSMTP(_Handover, smtplib.SMTP):
    pass


class HandoverSMTPSSL(_Handover, smtplib.SMTP_SSL):
    pass


class HandoverEmailBackend(EmailBackend):
    """Django's SMTP backend (EMAIL_HOST, EMAIL_PORT, ... settings) whose connection calls `handover` before "."."""

    supports_handover = True

    @property
    def connection_class(self):
        return HandoverSMTPSSL if self.use_ssl else HandoverSMTP

    def set_handover(self, callback: Callable[[], None] | None) -> None:
        self.connection.handover = callback

    def abandon(self) -> None:
        """Drop the connection without a word (mid-DATA, so the server discards the unfinished message)."""
        if self.connection is not None:
            try:
                self.connection.close()
            finally:
                self.connection = None
