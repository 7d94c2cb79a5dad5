"""A witness to each sender's SMTP connection, so a sender killed between "sent" and the final "." loses nothing.

The hand-over (smtp.py) commits a row as sent just before the message's final "."; a sender killed in that
instant (SIGKILL, the OOM killer) leaves a row that says sent and a message the server drops. The witness is a
small process each sender starts once. It holds a duplicate of the sender's open SMTP socket (passed over a Unix
socket) and, in shared memory, the delivery the sender is on and its claim. When the sender dies, the kernel closes
the sender's descriptors but not the witness's, so the connection stays open: the witness asks the database
(`sending.delivery_settle`, under the row's lock) whether that delivery was committed as sent. If it was, the
witness sends the "." itself (harmless if the sender had: the server answers an unknown command), so the message
arrives; if not, it hands the row back and drops the connection, so the server discards the unfinished message and
the resume sends it. Either way each recipient gets exactly one email.

What it cannot do: finish a message on a TLS connection (it has no session keys: with EMAIL_USE_TLS the one
message window remains, see docs/newsletters.md), or anything if it is killed together with the sender.
"""

from __future__ import annotations

import mmap
import os
import signal
import socket
import struct
import subprocess
import sys
from pathlib import Path

SLOT = struct.Struct("=q32s")  # the delivery in flight (0: none), the claim token it was sent under
OPEN, DONE = b"open", b"done"
ROOT = Path(__file__).resolve().parents[2]


class Witness:
    """The sender's side: start the witness, tell it of each connection and of the message in flight."""

    def __init__(self):
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        memory_fd = os.memfd_create("newsdesk-newsletters-witness")
        os.ftruncate(memory_fd, SLOT.size)
        self.memory = mmap.mmap(memory_fd, SLOT.size)
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
        self.proc = subprocess.Popen(  # noqa: S603 - this interpreter, this module, two descriptor numbers
            [sys.executable, "-m", "newsdesk.newsletters.witness", str(theirs.fileno()), str(memory_fd)],
            pass_fds=(theirs.fileno(), memory_fd),
            env=env,
            stdin=subprocess.DEVNULL,
        )
        theirs.close()
        os.close(memory_fd)
        self.channel = ours
        self.pid = os.getpid()

    def alive(self) -> bool:
        return self.pid == os.getpid() and self.proc.poll() is None

    def attach(self, sock: socket.socket) -> None:
        """Give the witness the connection the sender is about to send on."""
        self.in_flight(0, "")
        socket.send_fds(self.channel, [OPEN], [sock.fileno()])

    def in_flight(self, delivery_id: int, claim_token: str) -> None:
        SLOT.pack_into(self.memory, 0, delivery_id, claim_token.encode())

    def detach(self) -> None:
        """The connection is finished (QUIT) or deliberately dropped: the witness lets go of it."""
        self.in_flight(0, "")
        self.channel.send(DONE)


_witness: Witness | None = None


def witness() -> Witness:
    """Return this process's witness, started on first use (and again after a fork or if it died)."""
    global _witness
    if _witness is None or not _witness.alive():
        _witness = Witness()
    return _witness


# -- the witness process ----------------------------------------------------------------------------------------


def _settle(sock: socket.socket, memory: mmap.mmap) -> None:
    """The sender died holding `sock`: finish the message it committed as sent, or drop it."""
    delivery_id, token = SLOT.unpack_from(memory, 0)
    token = token.rstrip(b"\0").decode()
    finish = False
    if delivery_id and token:
        import django

        django.setup()
        # Django and the app load only when a sender died mid-message: a witness otherwise waits with neither.
        from newsdesk.newsletters.sending import delivery_settle

        finish = delivery_settle(delivery_id=delivery_id, claim_token=token)
    try:
        if finish:
            sock.settimeout(10)
            sock.sendall(b".\r\nQUIT\r\n")
            sock.recv(4096)  # the server's answer to "." (or to nothing, if the sender's "." had gone)
        sock.shutdown(socket.SHUT_RDWR)  # unfinished DATA: the server discards the message
    except OSError:
        pass
    sock.close()


def main(channel_fd: int, memory_fd: int) -> None:
    # A graceful stop of the worker's process group must not take the witness before the sender.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    channel = socket.socket(fileno=channel_fd)
    memory = mmap.mmap(memory_fd, SLOT.size)
    held: socket.socket | None = None
    while True:
        message, fds, _flags, _addr = socket.recv_fds(channel, 16, 1)
        if held is not None and (fds or message == DONE):
            held.close()
            held = None
        if fds:
            held = socket.socket(fileno=fds[0])
        if not message:  # the sender is gone
            if held is not None:
                _settle(held, memory)
            return


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))
