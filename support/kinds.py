"""The words of the support exchange: the five roles, the four areas and the kinds of help.

From the ESTEEM research (Munn-Giddings et al., Table 1) and Wilson's *Two Worlds*
(Fig 4.2). The research names are kept beside everyday words, because groups read these.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The five roles a practitioner can take with a group. Not exclusive, and they change."""

    RESOURCE_BUILDER = "resource_builder", _("Practical help (resource-builder)")
    CAPACITY_BUILDER = "capacity_builder", _("Skills and confidence (capacity-builder)")
    FACILITATOR = "facilitator", _("Help through a hard time (facilitator)")
    BRIDGE_BUILDER = "bridge_builder", _("Making connections (bridge-builder)")
    CO_EDUCATOR = "co_educator", _("Learning together (co-educator)")


ROLE_EXPLAINED = {
    Role.RESOURCE_BUILDER: _("Finds practical things the group needs, such as a room, storage or printing, and "
                             "gives advice on funding and on keeping records for funders."),
    Role.CAPACITY_BUILDER: _("Helps the people who run the group grow in confidence and skills: coaching, training, "
                             "or being a friendly outside voice who asks “had you thought about…?”"),
    Role.FACILITATOR: _("Helps the group through a difficult patch: a disagreement, a big change, or closing the "
                        "group well."),
    Role.BRIDGE_BUILDER: _("Puts the group in touch with people, services and other groups, tells others about it, "
                           "and helps its voice be heard."),
    Role.CO_EDUCATOR: _("Shares what they know and learns from members’ experience, and helps both sides be clear "
                        "about what a professional can and can’t do."),
}


def _role_choice_label(role) -> str:
    return f"{role.label}: {ROLE_EXPLAINED[role]}"


role_choice_label = lazy(_role_choice_label, str)


def explained_role_choices():
    """Role choices whose labels carry the plain-English explanation, for forms."""
    return [(role.value, role_choice_label(role)) for role in Role]


class Area(models.TextChoices):
    """The four areas of support (ESTEEM), in everyday words."""

    ORGANISATION = "organisation", _("Running the group: rooms, money and practical things")
    PEOPLE = "people", _("People, and how the group works together")
    KNOWLEDGE = "knowledge", _("Knowledge, speakers and training")
    CONNECTIONS = "connections", _("Getting known and being heard")


@dataclass(frozen=True)
class KindInfo:
    code: str
    area: str
    roles: tuple
    label: object
    is_room: bool = False
    # Help about the group's own subject: only someone who knows it is suggested.
    on_subject: bool = False


R, C, F, B, E = (Role.RESOURCE_BUILDER, Role.CAPACITY_BUILDER, Role.FACILITATOR, Role.BRIDGE_BUILDER,
                 Role.CO_EDUCATOR)
CATALOGUE = [
    KindInfo("meeting_room", Area.ORGANISATION, (R,), _("A room to meet in"), is_room=True),
    KindInfo("storage", Area.ORGANISATION, (R,), _("Somewhere to keep the group’s things")),
    KindInfo("printing", Area.ORGANISATION, (R,), _("Photocopying or printing")),
    KindInfo("fundraising_place", Area.ORGANISATION, (R,), _("A place for a fund-raising event"), is_room=True),
    KindInfo("funding_help", Area.ORGANISATION, (R, C), _("Help applying for a grant or other funding")),
    KindInfo("starting_help", Area.ORGANISATION, (R, C), _("Help getting a new group going")),
    KindInfo("coaching", Area.PEOPLE, (C,), _("Someone to talk things over with the people who run the group")),
    KindInfo("mediation", Area.PEOPLE, (F,), _("Help sorting out a disagreement")),
    KindInfo("hard_times", Area.PEOPLE, (F, C), _("Help keeping the group going through a hard time")),
    KindInfo("closing_help", Area.PEOPLE, (F,), _("Help to close the group well")),
    KindInfo("speaker", Area.KNOWLEDGE, (E, B), _("A speaker on a topic"), on_subject=True),
    KindInfo("training_listening", Area.KNOWLEDGE, (C,), _("Training: listening skills")),
    KindInfo("training_confidentiality", Area.KNOWLEDGE, (C, E), _("Training: keeping things confidential")),
    KindInfo("training_bookkeeping", Area.KNOWLEDGE, (C, R), _("Training: keeping the group’s accounts")),
    KindInfo("training_running", Area.KNOWLEDGE, (C,), _("Training: running a group")),
    KindInfo("training_computers", Area.KNOWLEDGE, (C,), _("Training: computers and the internet")),
    KindInfo("training_english", Area.KNOWLEDGE, (C,), _("Training: English language")),
    KindInfo("noticeboard", Area.CONNECTIONS, (B, R), _("Space on a noticeboard")),
    KindInfo("getting_known", Area.CONNECTIONS, (B,), _("Help getting the group known locally")),
    KindInfo("service_links", Area.CONNECTIONS, (B,), _("Links with the NHS, the council and other services")),
    KindInfo("having_a_say", Area.CONNECTIONS, (B, E), _("Help having a say about local services")),
]
KINDS = {kind.code: kind for kind in CATALOGUE}
ROOM_KINDS = [kind.code for kind in CATALOGUE if kind.is_room]


class Kind(models.TextChoices):
    """Every kind of help, for model fields. Forms use `grouped_kind_choices()`."""

    MEETING_ROOM = "meeting_room", KINDS["meeting_room"].label
    STORAGE = "storage", KINDS["storage"].label
    PRINTING = "printing", KINDS["printing"].label
    FUNDRAISING_PLACE = "fundraising_place", KINDS["fundraising_place"].label
    FUNDING_HELP = "funding_help", KINDS["funding_help"].label
    STARTING_HELP = "starting_help", KINDS["starting_help"].label
    COACHING = "coaching", KINDS["coaching"].label
    MEDIATION = "mediation", KINDS["mediation"].label
    HARD_TIMES = "hard_times", KINDS["hard_times"].label
    CLOSING_HELP = "closing_help", KINDS["closing_help"].label
    SPEAKER = "speaker", KINDS["speaker"].label
    TRAINING_LISTENING = "training_listening", KINDS["training_listening"].label
    TRAINING_CONFIDENTIALITY = "training_confidentiality", KINDS["training_confidentiality"].label
    TRAINING_BOOKKEEPING = "training_bookkeeping", KINDS["training_bookkeeping"].label
    TRAINING_RUNNING = "training_running", KINDS["training_running"].label
    TRAINING_COMPUTERS = "training_computers", KINDS["training_computers"].label
    TRAINING_ENGLISH = "training_english", KINDS["training_english"].label
    NOTICEBOARD = "noticeboard", KINDS["noticeboard"].label
    GETTING_KNOWN = "getting_known", KINDS["getting_known"].label
    SERVICE_LINKS = "service_links", KINDS["service_links"].label
    HAVING_A_SAY = "having_a_say", KINDS["having_a_say"].label


def grouped_kind_choices(blank=None):
    """Kinds grouped under the four areas, for a select list with option groups."""
    groups = [(area.label, [(kind.code, kind.label) for kind in CATALOGUE if kind.area == area]) for area in Area]
    return ([("", blank)] if blank else []) + groups


def roles_for(kind: str) -> tuple:
    return KINDS[kind].roles if kind in KINDS else ()


def roles_taken(profile, kind: str) -> list[str]:
    """The roles a practitioner says they take; before they have said, the roles this kind
    of help needs."""
    return list(profile.roles) if profile else list(roles_for(kind))


def roles_offered(profile, kind: str) -> list[str]:
    """Of the roles a practitioner takes, those this kind of help needs; all they take when
    none of them fit."""
    taken = roles_taken(profile, kind)
    return [role for role in taken if role in roles_for(kind)] or taken


def is_room(kind: str) -> bool:
    return kind in ROOM_KINDS
