"""Delivery backends that fail, standing in for a mail server that is down."""

from django.core.mail.backends.base import BaseEmailBackend


class RefusingBackend(BaseEmailBackend):
    """Connects, then refuses every message."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("[Errno 111] Connection refused")


class EchoingBackend(BaseEmailBackend):
    """Refuses every message, quoting the end of its body back the way a chatty server might."""

    def send_messages(self, email_messages):
        raise RuntimeError(f"550 rejected: {email_messages[0].body.splitlines()[-1]}")
