"""Plain SMTP for newsletters, with a hand-over point: the moment a message is about to count as delivered.

SMTP has no two-phase commit: after the final "." of DATA the server has the message, and a worker that dies
before it records that will, on resume, send it again. This backend narrows that window to nothing. It sends the
whole message but the final ".", calls the connection's `handover` (the sender commits the row as sent there),
and only then sends ".". A worker killed before the commit leaves the server with an unfinished DATA, which SMTP
servers discard when the connection drops, and the row unsent: the resume sends it once. A worker killed after
the commit but before "." reaches the server would lose that one message; on a plain connection its witness
(witness.py) holds a copy of the socket and sends the "." itself. Over TLS the witness cannot, and that one
message per killed connection is lost (at most once, never a duplicate).
"""

from __future__ import annotations

import re
import smtplib
import socket
from collections.abc import Callable
from email.utils import parseaddr

from django.conf import settings
from django.core.mail.backends.smtp import EmailBackend
from django.core.mail.message import sanitize_address

from .render import WireMessage, dot_stuffed
from .witness import Witness, witness

# A member's address as a mail command may carry it as it is: ASCII, no spaces, no brackets or line breaks.
_PLAIN_ADDRESS = re.compile(r"[!-~]+@[!-~]+")
_UNSAFE = re.compile(r"[<>()\[\]\\,;:\"]")


def _checked_address(address: str) -> str:
    """Return the bare address for a mail command, through Django's full check (encoding, IDNA, line breaks)."""
    return parseaddr(sanitize_address(address, settings.DEFAULT_CHARSET))[1]


def _plain_address(address: str) -> str:
    """Return a member's address for RCPT TO, through Django's full check unless it is plainly safe as it is."""
    if _PLAIN_ADDRESS.fullmatch(address) and not _UNSAFE.search(address):
        return address
    return _checked_address(address)


class _Handover:
    handover: Callable[[], None] | None = None

    def _get_socket(self, host, port, timeout):
        sock = super()._get_socket(host, port, timeout)
        # The final "." goes in a write of its own after the body: without this, Nagle's algorithm holds it until
        # the server's delayed ACK of the body (about 40 ms per email).
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock

    def data(self, msg, *, stuffed: bool = False):
        self.putcmd("data")
        code, reply = self.getreply()
        if code != 354:
            raise smtplib.SMTPDataError(code, reply)
        if isinstance(msg, str):
            msg = msg.encode("utf-8")
        quoted = msg if stuffed else dot_stuffed(msg)
        if not quoted.endswith(b"\r\n"):
            quoted += b"\r\n"
        self.send(quoted)
        if self.handover is not None:
            self.handover()  # raises to abandon the message: the "." is never sent, the caller drops the connection
        self.send(b".\r\n")
        return self.getreply()

    def send_wire(self, from_addr: str, to_addr: str, data: bytes) -> None:
        """Send one message already in wire form (dot-stuffed) to one address: MAIL, RCPT, DATA, as `sendmail` does.

        `sendmail` parses both addresses again for every message (`quoteaddr`), a large share of a message's CPU
        here; the backend hands over addresses it has checked, so they go out as they are. Refusals raise what
        `sendmail` raises (SMTPSenderRefused, SMTPRecipientsRefused, SMTPDataError), after an RSET."""
        self.ehlo_or_helo_if_needed()
        self.putcmd("mail", f"FROM:<{from_addr}>")
        code, reply = self.getreply()
        if code != 250:
            self._rset_after_refusal()
            raise smtplib.SMTPSenderRefused(code, reply, from_addr)
        self.putcmd("rcpt", f"TO:<{to_addr}>")
        code, reply = self.getreply()
        if code not in (250, 251):
            self._rset_after_refusal()
            raise smtplib.SMTPRecipientsRefused({to_addr: (code, reply)})
        code, reply = self.data(data, stuffed=True)
        if code != 250:
            self._rset_after_refusal()
            raise smtplib.SMTPDataError(code, reply)

    def _rset_after_refusal(self) -> None:
        if self.sock is not None:
            self.rset()


class HandoverSMTP(_Handover, smtplib.SMTP):
    pass


class HandoverSMTPSSL(_Handover, smtplib.SMTP_SSL):
    pass


class HandoverEmailBackend(EmailBackend):
    """Django's SMTP backend (EMAIL_HOST, EMAIL_PORT, ... settings) whose connection calls `handover` before "."."""

    supports_handover = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._senders: dict[str, str] = {}
        self._witness: Witness | None = None  # the open connection's witness; none over TLS

    @property
    def connection_class(self):
        return HandoverSMTPSSL if self.use_ssl else HandoverSMTP

    def _send(self, email_message) -> bool:
        """Send one message; a message already in wire form goes out without Django's parsing of its addresses."""
        if not isinstance(email_message, WireMessage):
            return super()._send(email_message)
        self.connection.send_wire(
            self._from_address(email_message.from_email), _plain_address(email_message.to[0]), email_message.data
        )
        return True

    def _from_address(self, address: str) -> str:
        if address not in self._senders:
            self._senders[address] = _checked_address(address)
        return self._senders[address]

    def open(self) -> bool | None:
        opened = super().open()
        # A plain connection gets a witness (witness.py), which finishes or drops the message in flight if this
        # process is killed; over TLS it could not write to the connection, so it is not asked.
        if opened and not (self.use_tls or self.use_ssl):
            self._witness = witness()
            self._witness.attach(self.connection.sock)
        return opened

    def set_handover(self, callback: Callable[[], None] | None, *, delivery_id: int = 0, claim_token: str = "") -> None:
        """Call `callback` before each message's final "."; `delivery_id` and its claim are the message in flight."""
        self.connection.handover = callback
        if self._witness is not None:
            self._witness.in_flight(delivery_id, claim_token)

    def close(self) -> None:
        super().close()
        self._release_witness()

    def abandon(self, *, finish: bool = False) -> None:
        """Drop the connection mid-message. With `finish` (the caller found the message committed as sent), send its
        "." first; otherwise the server discards the unfinished DATA when the connection drops."""
        if self.connection is None:
            return
        try:
            if finish:
                self.connection.send(b".\r\n")
                self.connection.getreply()
        except (OSError, smtplib.SMTPException):
            pass
        finally:
            sock = self.connection.sock
            if sock is not None:
                try:
                    sock.shutdown(socket.SHUT_RDWR)  # the witness's copy of the socket must not keep it open
                except OSError:
                    pass
            try:
                self.connection.close()
            finally:
                self.connection = None
                self._release_witness()

    def _release_witness(self) -> None:
        if self._witness is not None:
            self._witness.detach()
            self._witness = None
