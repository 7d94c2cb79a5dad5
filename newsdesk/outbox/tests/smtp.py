"""Mail servers on 127.0.0.1 for tests: one that takes every message, one that accepts and never answers.

The standard library no longer has an SMTP server (smtpd left in Python 3.12) and aiosmtpd is not a dependency,
so the sink speaks the few commands Django's SMTP backend sends.
"""

import email
import socket
import socketserver
import threading
from email.message import Message


def free_port() -> int:
    """Return a local port nothing listens on (connecting to it is refused)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _SinkHandler(socketserver.StreamRequestHandler):
    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self) -> None:
        self.reply("220 sink ready")
        data: list[bytes] | None = None
        while line := self.rfile.readline():
            if data is not None:
                if line in (b".\r\n", b".\n"):
                    self.server.received.append(email.message_from_bytes(b"".join(data)))
                    data = None
                    self.reply("250 queued")
                else:
                    data.append(line[1:] if line.startswith(b"..") else line)
                continue
            verb = line[:4].upper()
            if verb == b"DATA":
                data = []
                self.reply("354 end with a dot")
            elif verb == b"QUIT":
                self.reply("221 bye")
                return
            elif verb in (b"EHLO", b"HELO", b"MAIL", b"RCPT", b"RSET", b"NOOP"):
                self.reply("250 ok")
            else:
                self.reply("502 not implemented")


class SmtpSink(socketserver.ThreadingTCPServer):
    """An SMTP server that accepts every message and keeps it in `received`."""

    allow_reuse_address = True
    daemon_threads = True

    def __init__(self, port: int = 0):
        super().__init__(("127.0.0.1", port), _SinkHandler)
        self.port = self.server_address[1]
        self.received: list[Message] = []

    def __enter__(self) -> "SmtpSink":
        threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.shutdown()
        self.server_close()


class SilentSmtp:
    """A server that accepts connections and never says a word, like a relay stuck behind a firewall."""

    def __init__(self, port: int = 0):
        self._listener = socket.create_server(("127.0.0.1", port))
        self.port = self._listener.getsockname()[1]
        self._held: list[socket.socket] = []
        self._stop = threading.Event()

    def _accept(self) -> None:
        self._listener.settimeout(0.05)
        while not self._stop.is_set():
            try:
                connection, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self._held.append(connection)  # held open, never read from or written to

    def __enter__(self) -> "SilentSmtp":
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(timeout=5)  # out of accept(), so the port is free once this returns
        for connection in self._held:
            connection.close()
        self._listener.close()
