"""The demo's bulletins and a subscriber to them, so that the news page, the staff's
bulletins page and the digest job have something to show a newcomer."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from .models import Bulletin, Subscription

DEMO_BULLETINS = [
    {"title": "Autumn news from the self-help team",
     "body": "We have moved to the ground floor of the Council for Voluntary Service on Station Street, with "
             "step-free access and a hearing loop in the meeting room.\n\n"
             "Meet the groups fair: twenty groups will be at the Central Library on the first Saturday of next "
             "month, from 10 until 2. Come and talk to people who have been there.\n\n"
             "Groups looking for members: the Derby Twins and Multiples Club has room for new families, and a "
             "new carers’ group in Beeston would like to hear from anyone caring for a parent.\n\n"
             "Groups looking for coordinators: the Nottingham Tinnitus Self-Help Group is looking for someone "
             "to share the running of its monthly meeting. The team will help you start.",
     "days_ago": 12},
    {"title": "Winter news (a draft)",
     "body": "Training day for new coordinators in January: running a meeting, keeping it safe, and looking "
             "after yourself. Places are free.",
     "days_ago": None},
]
DEMO_SUBSCRIBER = "news.reader@example.org"


def add_demo_bulletins() -> int:
    made = 0
    staff = get_user_model().objects.filter(email="staff@example.org").first()
    now = timezone.now()
    for item in DEMO_BULLETINS:
        published = now - datetime.timedelta(days=item["days_ago"]) if item["days_ago"] is not None else None
        _bulletin, new = Bulletin.objects.get_or_create(title=item["title"], defaults={
            "body": item["body"], "written_by": staff, "published_at": published,
            "created_at": published or now})
        made += int(new)
    # A confirmed subscriber (an address that receives nothing: example.org) whose monthly
    # digest falls due soon after the demo is loaded.
    _subscription, new = Subscription.objects.get_or_create(
        email=DEMO_SUBSCRIBER, kind=Subscription.Kind.BULLETIN,
        defaults={"frequency": Subscription.Frequency.WEEKLY, "confirmed_at": now - datetime.timedelta(days=6),
                  "miles": 10})
    return made + int(new)
