"""Sending a notification: one way for every app to email someone."""

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string

from lib.text import one_line


def notify(to, template: str, context: dict, headers: dict | None = None) -> int:
    """Email `templates/emails/<template>-subject.txt` and `-body.txt` to each address in `to`.

    Each address gets a message of its own, so nobody sees who else was told. The messages
    go through EMAIL_BACKEND, which is the outbox: rows written on the default database
    connection, inside the caller's transaction, so a step that rolls back sends nothing.
    The context gets `site_name`. `headers` go on every message as they are (the outbox
    keeps them): a subscription's `List-Unsubscribe`, for example. Returns how many
    messages were queued.
    """
    addresses = list(dict.fromkeys(address for address in to if address))
    if not addresses:
        return 0
    context = {"site_name": settings.SITE_NAME, **context}
    # A subject is one line: a line break (a template's, or a name's stored before names
    # refused them) would make it an invalid header, and every email about that group fail.
    subject = one_line(render_to_string(f"emails/{template}-subject.txt", context))
    body = render_to_string(f"emails/{template}-body.txt", context)
    messages = [EmailMessage(subject, body, to=[address], headers=dict(headers or {})) for address in addresses]
    return get_connection().send_messages(messages)
