"""Who may do what with the finder on partners' websites: decided here.

- Anyone may use the finder of an active partner (/embed/<key>/), but only inside a page of
  that partner's website (the browser enforces its `frame-ancestors`) or opened on its own.
  An unknown key, or a partner switched off, is "not found".
- Intermediary staff (directory.permissions.require_staff; signed-out visitors are sent
  to sign in by `login_required`) register partners in the admin (the "Intermediary staff" permission
  group), and read each one's snippet to copy and print its QR card (/staff/embeds/).
"""

from django.shortcuts import get_object_or_404

from .models import Partner


def active_partner(key) -> Partner:
    return get_object_or_404(Partner.objects.active().prefetch_related("subjects"), key=key)

