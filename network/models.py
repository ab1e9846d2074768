"""Groups writing to each other through the hub (issue 19, item 4: a network of groups).

A `Conversation` is between two groups, one for each pair: whoever writes first is
`from_group`. Each `Message` says which of the two groups wrote it and which of its
coordinators. Nobody's name or address is shown to the other group until `to_group` has
replied (`replied_at`): then each side sees who wrote for the other and their account's
address, to carry on by email if they like (network/permissions.py says who sees what).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.models import Group
from lib.text import MESSAGE, paragraphs


class ConversationQuerySet(models.QuerySet):
    def involving(self, group):
        """The group's conversations, whichever of the two started them."""
        return self.filter(Q(from_group=group) | Q(to_group=group))

    def between(self, one, other):
        return self.filter(Q(from_group=one, to_group=other) | Q(from_group=other, to_group=one))


class Conversation(models.Model):
    from_group = models.ForeignKey(Group, related_name="conversations_started", on_delete=models.CASCADE,
                                   verbose_name=_("from group"))
    to_group = models.ForeignKey(Group, related_name="conversations_received", on_delete=models.CASCADE,
                                 verbose_name=_("to group"))
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    last_message_at = models.DateTimeField(_("last message"), default=timezone.now, db_index=True)
    # When the group written to first answered: from then on both sides see who wrote and
    # their address. Never set back, so an address once shown stays shown.
    replied_at = models.DateTimeField(_("replied"), null=True, blank=True)

    objects = ConversationQuerySet.as_manager()

    class Meta:
        verbose_name = _("conversation between groups")
        verbose_name_plural = _("conversations between groups")
        ordering = ["-last_message_at", "-pk"]
        constraints = [models.CheckConstraint(condition=~Q(from_group=models.F("to_group")),
                                              name="conversation_between_two_groups")]

    def __str__(self):
        return f"{self.from_group} – {self.to_group}"

    def other_group(self, group) -> Group:
        return self.to_group if group.pk == self.from_group_id else self.from_group

    @property
    def shows_addresses(self) -> bool:
        return self.replied_at is not None


class Message(models.Model):
    conversation = models.ForeignKey(Conversation, related_name="messages", on_delete=models.CASCADE)
    group = models.ForeignKey(Group, related_name="+", on_delete=models.CASCADE, verbose_name=_("written for"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+",
                               on_delete=models.SET_NULL, verbose_name=_("written by"))
    body = models.TextField(_("message"), **paragraphs(MESSAGE))
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("message between groups")
        verbose_name_plural = _("messages between groups")
        ordering = ["sent_at", "pk"]

    def __str__(self):
        return f"{self.group} ({self.sent_at:%Y-%m-%d})"
