"""Who may do what with subscriptions: decided here.

- Anyone, signed in or not, may read how to start a group and ask to join the interest
  list (/start-a-group/), limited per visitor (accounts.limits.SUBSCRIPTIONS_FROM_ADDRESS).
- Whoever holds an emailed link may use it, without signing in: the confirmation link
  (one use, SUBSCRIPTION_CONFIRM_DAYS) and the unsubscribe link (for ever, one click).
  The link is the permission; any other token is the same refusal page.
- Anyone may read the team's published bulletins (/news/), subscribe to them there (the
  same limits), and read the new groups' feed. A bulletin not yet published is not found.
- Staff alone write, change, preview and publish bulletins (/staff/bulletins/); anyone
  else signed in is forbidden (403), and a visitor signed out is sent to sign in.
- Nobody reads subscribers' addresses on the site: staff see counts in insight
  (insights/data.py `interest_list`) and on the bulletins page, and the admin does not
  list subscriptions.
"""

from django.shortcuts import get_object_or_404

from directory.permissions import is_staff, require_staff

from .models import Bulletin
from .services import find_to_confirm, find_to_unsubscribe

__all__ = ["bulletin_to_change", "find_to_confirm", "find_to_unsubscribe", "is_staff", "require_staff"]


def bulletin_to_change(request, pk) -> Bulletin:
    """The bulletin, for staff (403 for anyone else, before looking it up)."""
    require_staff(request)
    return get_object_or_404(Bulletin, pk=pk)
