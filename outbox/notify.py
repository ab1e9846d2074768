"""Sending a notification: one way for every app to email someone."""

import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.functional import Promise, lazy

from lib.text import one_line
from lib.urls import readdress


def notify(to, template: str, context: dict, headers: dict | None = None, language: str | None = None) -> int:
    """Email `templates/emails/<template>-subject.txt` and `-body.txt` to each address in `to`.

    Each address gets a message of its own, so nobody sees who else was told. The messages
    go through EMAIL_BACKEND, which is the outbox: rows written on the default database
    connection, inside the caller's transaction, so a step that rolls back sends nothing.
    The context gets `site_name`. `headers` go on every message as they are (the outbox
    keeps them): a subscription's `List-Unsubscribe`, for example. Returns how many
    messages were queued.

    Each message is written in its reader's language, never in the language of whoever
    caused it (a Welsh visitor's request reaches an English-speaking coordinator in
    English): `language` when the caller knows it (a subscriber's, chosen on the public
    pages), otherwise the language an account holder chose (`accounts.User.language`) where
    it covers signed-in pages (Welsh does; the community languages cover the public journey
    only), otherwise the site's own.

    So every word of it must be worded while it is written: the templates do that for what
    they say themselves, and for what they show of the objects in the context (a choice's
    label, a date through a filter). Words a caller puts together (a sentence, a choice's
    label, a date, a contact's lines) go in the context as `later(lambda: ...)`, never as a
    finished string, which would be in the language of whoever caused the email:

        email_coordinators(group, "support-notice", {
            "subject": later(lambda: _("Someone can help")),
            "message": later(lambda: _("%(name)s says they can help with: %(kind)s.")
                             % {"name": user, "kind": request.get_kind_display()}), ...})
    """
    addresses = list(dict.fromkeys(address for address in to if address))
    if not addresses:
        return 0
    context = {"site_name": settings.SITE_NAME, **context}
    chosen = dict.fromkeys(addresses, language) if language else _account_languages(addresses)
    written = {}  # language → (subject, body): each language written once
    messages = []
    for address in addresses:
        code = chosen.get(address) or settings.LANGUAGE_CODE
        if code not in written:
            with translation.override(code):
                # A subject is one line: a line break (a template's, or a name's stored
                # before names refused them) would make it an invalid header, and every
                # email about that group fail.
                written[code] = (one_line(render_to_string(f"emails/{template}-subject.txt", context)),
                                 _links_in(render_to_string(f"emails/{template}-body.txt", context), code))
        subject, body = written[code]
        messages.append(EmailMessage(subject, body, to=[address], headers=dict(headers or {})))
    return get_connection().send_messages(messages)


def later(words, *args) -> Promise:
    """Text for an email's context that `words(*args)` makes each time the email is written
    (in each reader's language, see `notify`), rather than now, in the language of whoever
    caused it. It behaves as a string wherever it is shown: `{{ x }}`, inside
    `{% blocktranslate %}`, and as a value in another `later`'s `%` formatting. Join strings
    inside `words`, not outside (`later(...) + "..."` would word it now)."""
    return lazy(words, str)(*args)


def _links_in(body: str, code: str) -> str:
    """The site's links in `body` at their addresses in the reader's language: a link made
    while someone acted on the Welsh pages leads an English reader to the English page."""
    site = re.escape(settings.SITE_URL.rstrip("/"))
    return re.sub(site + r"/[^\s<>\"']*", lambda link: readdress(link.group(0), code), body)


def _account_languages(addresses) -> dict[str, str]:
    offered = {code for code, _name in settings.LANGUAGES}
    return {email: code for email, code in get_user_model().objects.filter(email__in=addresses).exclude(
        language="").values_list("email", "language")
        if code in offered and code not in settings.PUBLIC_ONLY_LANGUAGES}
