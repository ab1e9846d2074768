"""The mental well-being checklist and the Five Ways to Wellbeing, for a group's own reflection.

The checklist is the National Mental Health Development Unit's (2011), as Seebohm et al.
used it to look at what self-help groups contribute (Table 2 of "The contribution of
self-help/mutual aid groups to mental well-being"): three headings, each with items at
an individual and a community level. The Five Ways are the New Economics Foundation's
(Aked et al. 2008). Each item keeps the checklist's own name, with a hint in everyday
words. Keys are stored with each reflection, so never rename one.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Item:
    key: str
    label: str
    hint: str


@dataclass(frozen=True)
class Heading:
    key: str
    title: str
    individual: tuple[Item, ...]
    community: tuple[Item, ...]

    @property
    def items(self) -> tuple[Item, ...]:
        return self.individual + self.community


class Answer:
    STRONG = "strong"
    SOME = "some"
    NOT_FOR_US = "not_for_us"
    NOT_SURE = "not_sure"

    CHOICES = [
        (STRONG, _("Strong")),
        (SOME, _("Some")),
        (NOT_FOR_US, _("Not for us")),
        (NOT_SURE, _("Not sure")),
    ]
    LABELS = dict(CHOICES)


CHECKLIST = (
    Heading("control", _("Enhancing control"), individual=(
        Item("sense_of_control", _("A sense of control"),
             _("Members feel more in charge of their lives.")),
        Item("belief_in_capabilities", _("Belief in own capabilities and self-determination"),
             _("Members feel they can do things and make their own choices.")),
        Item("knowledge_skills", _("Knowledge, skills and resources to make healthy choices"),
             _("Members learn what helps and how to get it.")),
        Item("independence", _("Maintaining independence"),
             _("Members manage their own lives for longer.")),
    ), community=(
        Item("self_help_provision", _("Self-help provision"),
             _("The group itself: people helping each other.")),
        Item("influence_decisions", _("Opportunities to influence decisions"),
             _("Members can have a say in decisions that affect them.")),
        Item("being_heard", _("Opportunities for expressing views and being heard"),
             _("Members’ views are listened to, in the group and beyond it.")),
        Item("workplace_control", _("Workplace job control"),
             _("Members have more say over their work.")),
        Item("collective_action", _("Collective organisation and action"),
             _("Members act together, for example by campaigning.")),
        Item("financial_control", _("Resources for financial control and capability"),
             _("Members get help with money matters.")),
    )),
    Heading("resilience", _("Increasing resilience and community assets"), individual=(
        Item("emotional_wellbeing", _("Emotional well-being"),
             _("Members feel uplifted, hopeful, less alone.")),
        Item("understand_function", _("Ability to understand, think clearly and function socially"),
             _("Members make sense of their situation and get on with others.")),
        Item("beliefs_values", _("Have beliefs and values"),
             _("Members hold on to what matters to them.")),
        Item("learning", _("Learning and development"),
             _("Members learn from each other and grow.")),
        Item("healthy_lifestyle", _("Healthy lifestyle"),
             _("Members look after their health.")),
    ), community=(
        Item("trust_safety", _("Trust and safety"),
             _("The group is a safe place where people trust each other.")),
        Item("social_networks", _("Social networks and relationships"),
             _("Members make friends and keep in touch.")),
        Item("emotional_support", _("Emotional support"),
             _("Members support each other through hard times.")),
        Item("shared_spaces", _("Shared public spaces"),
             _("The group has, or helps keep, places where people can meet.")),
        Item("local_economy", _("Sustainable local economy"),
             _("The group supports local life, for example by using local places and services.")),
        Item("arts_creativity", _("Arts and creativity"),
             _("Members make, write, sing or create together.")),
    )),
    Heading("participation", _("Facilitating participation and inclusion"), individual=(
        Item("valued_role", _("Having a valued role"),
             _("Members have something to give, and it is valued.")),
        Item("belonging", _("Sense of belonging"),
             _("Members feel they belong.")),
        Item("feeling_involved", _("Feeling involved"),
             _("Members take part in what the group does.")),
    ), community=(
        Item("bring_together", _("Activities that bring people together"),
             _("Meetings, outings and events.")),
        Item("practical_support", _("Practical support"),
             _("Lifts, help with forms, lending things.")),
        Item("ways_to_get_involved", _("Ways to get involved"),
             _("There are different ways to take part, big and small.")),
        Item("accessible_services", _("Accessible and acceptable services"),
             _("Members find and use services that suit them.")),
        Item("cost_of_participating", _("Cost of participating"),
             _("Taking part costs members little or nothing.")),
        Item("conflict_resolution", _("Conflict resolution"),
             _("Disagreements are sorted out well.")),
        Item("cohesive_communities", _("Cohesive communities"),
             _("The group brings different people together.")),
    )),
)

FIVE_WAYS = (
    Item("connect", _("Connect"), _("With the people around you.")),
    Item("be_active", _("Be active"), _("Walking, moving, getting out.")),
    Item("take_notice", _("Take notice"), _("Noticing the world and how you feel.")),
    Item("keep_learning", _("Keep learning"), _("Trying something new.")),
    Item("give", _("Give"), _("Doing something for someone else.")),
)

ALL_ITEMS = tuple(item for heading in CHECKLIST for item in heading.items) + FIVE_WAYS
ITEMS_BY_KEY = {item.key: item for item in ALL_ITEMS}
