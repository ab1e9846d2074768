"""Who may do what with subscriptions: decided here.

- Anyone, signed in or not, may read how to start a group and ask to join the interest
  list (/start-a-group/), limited per visitor (accounts.limits.SUBSCRIPTIONS_FROM_ADDRESS).
- Whoever holds an emailed link may use it, without signing in: the confirmation link
  (one use, SUBSCRIPTION_CONFIRM_DAYS) and the unsubscribe link (for ever, one click).
  The link is the permission; any other token is the same refusal page.
- Nobody reads subscribers' addresses on the site: staff see counts in insight
  (insights/data.py `interest_list`), and the admin does not list subscriptions.
"""

from .services import find_to_confirm, find_to_unsubscribe

__all__ = ["find_to_confirm", "find_to_unsubscribe"]
