"""An email backend for the worker test: writes each message to a file, slowly, so that a
worker can be stopped in the middle of a batch."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from django.core.mail.backends.filebased import EmailBackend


class SlowFileBackend(EmailBackend):
    def send_messages(self, email_messages: Sequence[Any]) -> int:
        time.sleep(0.3)
        return super().send_messages(email_messages)
