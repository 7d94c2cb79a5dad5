"""Delivery backends for tests: a mail server that fails on cue, one that is slow and counts what it took."""

import threading
import time

from django.core.mail.backends.locmem import EmailBackend as LocmemBackend

failures: list[BaseException] = []  # raised one by one by the next deliveries, before any succeeds
taken: list[str] = []  # Message-IDs the slow server took, in order
_taken_lock = threading.Lock()


class FailingOnCue(LocmemBackend):
    """Raise the next error queued in `failures`; with none left, deliver into mail.outbox."""

    def send_messages(self, messages):
        if failures:
            raise failures.pop(0)
        return super().send_messages(messages)


class SlowCounting(LocmemBackend):
    """Take a while over each message (so concurrent runs overlap) and note its Message-ID."""

    def send_messages(self, messages):
        for message in messages:
            time.sleep(0.02)
            with _taken_lock:
                taken.append(message.extra_headers["Message-ID"])
        return len(messages)
