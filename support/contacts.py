"""How the two sides of something agreed reach each other: a practitioner's work phone and
email from their profile, and the group's chosen contact (its public details until its
coordinators choose). Shown to the other side only, and only once something is agreed:
an active arrangement, a visit the group said yes to, a fixed talk. Staff don't see them."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from .models import GroupSupportContact


@dataclass(frozen=True)
class Contact:
    name: str
    phone: str = ""
    email: str = ""

    @property
    def has_details(self) -> bool:
        return bool(self.phone or self.email)

    def as_text(self) -> str:
        """The lines an email adds once something is agreed."""
        lines = [_("How to reach %(name)s:") % {"name": self.name}]
        if self.phone:
            lines.append(_("Phone: %(phone)s") % {"phone": self.phone})
        if self.email:
            lines.append(_("Email: %(email)s") % {"email": self.email})
        if not self.has_details:
            lines.append(_("They haven’t given a phone number or email yet: write through the hub."))
        return "\n".join(lines)


def of_group(group) -> Contact:
    chosen = GroupSupportContact.objects.filter(group=group).first()
    if chosen and (chosen.phone or chosen.email):
        name = f"{chosen.name}, {group.name}" if chosen.name else group.name
        return Contact(name, chosen.phone, chosen.email)
    return Contact(group.name, group.phone, group.email)


def of_practitioner(user) -> Contact:
    profile = getattr(user, "support_profile", None)
    team = getattr(user, "team", None)
    name = f"{user}, {team.agency.name}" if team and team.agency_id else str(user)
    if profile is None:
        return Contact(name)
    return Contact(name, profile.contact_phone, profile.contact_email)


def for_side(side: str, group, practitioner) -> Contact | None:
    """The other side's contact, for someone on `side` of something agreed; None for staff."""
    if side == "group":
        return of_practitioner(practitioner) if practitioner else None
    if side == "practitioner":
        return of_group(group)
    return None
