"""The language someone is reading the site in, for what is sent to them later."""

from django.conf import settings
from django.utils import translation


def reading_language() -> str:
    """The language of the page being read now, if it is one the site offers and not its
    own ("" for the site's own): kept with what someone asks for (a subscription), so the
    emails that follow are in it (outbox.notify)."""
    code = translation.get_language()
    return code if code != settings.LANGUAGE_CODE and code in dict(settings.LANGUAGES) else ""
