"""Who may read insight: the intermediary's staff, and nobody else.

Everyone else signed in (coordinators, practitioners) gets "forbidden"; signed-out
visitors are sent to sign in (the views use `login_required`). Insight shows counts,
never contents: no reflection, no introduction and no anonymous reply is ever named.
"""

from directory.permissions import require_staff

__all__ = ["require_staff"]
