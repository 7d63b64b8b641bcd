"""The field-level rule table (docs/access-control.md, "Which fields a reachable user sees").

Each record kind lists, for every way a user can reach a record of that kind (a *relation*),
what she may see of each *field class*. `docs/access-control.md` shows these tables; a test
fails when the document and this module disagree (`manage.py access_table` prints them).
A new record kind adds its rows here; it never brings a mechanism of its own.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class FieldClass(models.TextChoices):
    ADMINISTRATIVE = "administrative", _("administrative (reference, status, key worker, dates)")
    IDENTITY = "identity", _("identity (name, date of birth, languages…)")
    CONTACT = "contact", _("contact (phone, e-mail, safe times to call)")
    LOCATION = "location", _("location (real address, shelter)")
    DISCLOSURE = "disclosure", _("disclosure (her account, notes, incident narratives)")
    RISK = "risk", _("risk (level, flags, assessments)")
    PROGRAMME_STATUS = "programme_status", _("programme status (enrolment, attendance, outcome)")


class Grant(StrEnum):
    """How a field class may be read. Only ALLOW is read freely; every other grant routes
    through an explicit, audited path or a condition checked by the record kind's code."""

    ALLOW = "allow"
    DENY = "deny"
    # Shown only on an explicit reveal: re-authentication, a reason, an audit event.
    REVEAL = "reveal"
    # Readable on an explicit, audited request (e.g. the DPO preparing a subject-access export).
    ON_REQUEST = "on_request"
    # Readable when the condition in the rule's note holds (e.g. the protocol allows it).
    CONDITIONAL = "conditional"


GRANT_SYMBOLS = {
    Grant.ALLOW: "✔",
    Grant.DENY: "✘",
    Grant.REVEAL: "reveal only",
    Grant.ON_REQUEST: "✔ on request, audited",
    Grant.CONDITIONAL: "",
}


@dataclass(frozen=True)
class Rule:
    grant: Grant
    condition: str = ""

    def __str__(self) -> str:
        if self.grant is Grant.CONDITIONAL:
            return self.condition
        symbol = GRANT_SYMBOLS[self.grant]
        return f"{symbol} ({self.condition})" if self.condition else symbol


ALLOW = Rule(Grant.ALLOW)
DENY = Rule(Grant.DENY)
REVEAL = Rule(Grant.REVEAL)
ON_REQUEST = Rule(Grant.ON_REQUEST)


def conditional(condition: str) -> Rule:
    return Rule(Grant.CONDITIONAL, condition)


class RecordKind(StrEnum):
    PERSON_AT_RISK = "person_at_risk"
    PERSON_USING_VIOLENCE = "person_using_violence"
    SERVICE = "service"


class Relation(StrEnum):
    # How a user reaches a survivor's, a partner's or a child's record.
    OWNING_TEAM = "owning_team"
    PARTNER_SUPPORT = "partner_support"
    PERPETRATOR_SIDE = "perpetrator_side"
    REFERRAL = "referral"
    CONFERENCE = "conference"
    DPO = "dpo"
    ANALYST_ADMIN = "analyst_admin"
    # The community mentor who accompanies her to an appointment (accord.community).
    ACCOMPANYING_MENTOR = "accompanying_mentor"
    # How a user reaches the record of the man who uses violence.
    PROGRAMME_TEAM = "programme_team"
    SURVIVOR_SIDE_OF_HOUSEHOLD = "survivor_side_of_household"
    # A facilitator of his programme group who is not on his case's team (accord.programmes).
    GROUP_FACILITATOR = "group_facilitator"
    # The partner-support worker on the case of his (ex)partner (accord.programmes).
    PARTNER_SUPPORT_OF_HIS_PARTNER = "partner_support_of_his_partner"
    # How a user reaches a service's own record.
    SERVICE_STAFF = "service_staff"
    ANYONE_SIGNED_IN = "anyone_signed_in"


RELATION_LABELS = {
    Relation.OWNING_TEAM: "owning survivor-side team",
    Relation.PARTNER_SUPPORT: "partner-support worker (her case)",
    Relation.PERPETRATOR_SIDE: "programme / probation staff (his case in the same household)",
    Relation.REFERRAL: "via accepted referral",
    Relation.CONFERENCE: "risk conference member",
    Relation.DPO: "DPO",
    Relation.ANALYST_ADMIN: "analyst / admin",
    Relation.ACCOMPANYING_MENTOR: "community mentor accompanying her",
    Relation.PROGRAMME_TEAM: "owning programme / probation team",
    Relation.SURVIVOR_SIDE_OF_HOUSEHOLD: "survivor-side team of anyone in his household",
    Relation.GROUP_FACILITATOR: "facilitator of his group",
    Relation.PARTNER_SUPPORT_OF_HIS_PARTNER: "partner-support worker of his partner",
    Relation.SERVICE_STAFF: "member of one of the service's teams",
    Relation.ANYONE_SIGNED_IN: "anyone else signed in",
}

# Columns of the table that no code produces yet: a record is never reached this way today (the
# document marks them "planned"). A relation leaves this set when the code that produces it lands.
PLANNED_RELATIONS = frozenset(
    {
        Relation.PERPETRATOR_SIDE,
        Relation.REFERRAL,
        Relation.ANALYST_ADMIN,
    }
)


def relation_label(relation: Relation) -> str:
    label = RELATION_LABELS[relation]
    return f"{label} (planned)" if relation in PLANNED_RELATIONS else label


RECORD_KIND_TITLES = {
    RecordKind.PERSON_AT_RISK: "A survivor's (or a partner's, or a child's) record",
    RecordKind.PERSON_USING_VIOLENCE: (
        "The record of the man who uses violence (his programme case)"
    ),
    RecordKind.SERVICE: "A service (its confidential address, e.g. a shelter's)",
}

_F = FieldClass
RULES: dict[RecordKind, dict[FieldClass, dict[Relation, Rule]]] = {
    RecordKind.PERSON_AT_RISK: {
        _F.ADMINISTRATIVE: {
            Relation.OWNING_TEAM: ALLOW,
            Relation.PARTNER_SUPPORT: ALLOW,
            Relation.PERPETRATOR_SIDE: DENY,
            Relation.REFERRAL: ALLOW,
            Relation.CONFERENCE: ALLOW,
            Relation.DPO: ALLOW,
            Relation.ANALYST_ADMIN: DENY,
            Relation.ACCOMPANYING_MENTOR: conditional("case reference only"),
        },
        _F.IDENTITY: {
            Relation.OWNING_TEAM: ALLOW,
            Relation.PARTNER_SUPPORT: ALLOW,
            Relation.PERPETRATOR_SIDE: conditional("first name only, if he named her"),
            Relation.REFERRAL: conditional("if protocol allows"),
            Relation.CONFERENCE: ALLOW,
            Relation.DPO: ON_REQUEST,
            Relation.ANALYST_ADMIN: DENY,
            Relation.ACCOMPANYING_MENTOR: conditional("first name only"),
        },
        _F.CONTACT: {
            Relation.OWNING_TEAM: ALLOW,
            Relation.PARTNER_SUPPORT: ALLOW,
            Relation.PERPETRATOR_SIDE: Rule(Grant.DENY, "never"),
            Relation.REFERRAL: conditional("if protocol allows"),
            Relation.CONFERENCE: DENY,
            Relation.DPO: ON_REQUEST,
            Relation.ANALYST_ADMIN: DENY,
            Relation.ACCOMPANYING_MENTOR: DENY,
        },
        _F.LOCATION: {
            Relation.OWNING_TEAM: REVEAL,
            Relation.PARTNER_SUPPORT: REVEAL,
            Relation.PERPETRATOR_SIDE: Rule(Grant.DENY, "never"),
            Relation.REFERRAL: conditional("✘ unless protocol allows *and* reveal"),
            Relation.CONFERENCE: DENY,
            Relation.DPO: REVEAL,
            Relation.ANALYST_ADMIN: DENY,
            Relation.ACCOMPANYING_MENTOR: Rule(Grant.DENY, "never"),
        },
        _F.DISCLOSURE: {
            Relation.OWNING_TEAM: ALLOW,
            Relation.PARTNER_SUPPORT: conditional("✔ own notes"),
            Relation.PERPETRATOR_SIDE: Rule(Grant.DENY, "never"),
            Relation.REFERRAL: conditional("if protocol allows"),
            Relation.CONFERENCE: conditional("research summary only"),
            Relation.DPO: ON_REQUEST,
            Relation.ANALYST_ADMIN: DENY,
            Relation.ACCOMPANYING_MENTOR: DENY,
        },
        _F.RISK: {
            Relation.OWNING_TEAM: ALLOW,
            Relation.PARTNER_SUPPORT: ALLOW,
            Relation.PERPETRATOR_SIDE: conditional("only as a safety-information item"),
            Relation.REFERRAL: conditional("if protocol allows"),
            Relation.CONFERENCE: conditional("level + summary"),
            Relation.DPO: ALLOW,
            Relation.ANALYST_ADMIN: conditional("aggregates only"),
            Relation.ACCOMPANYING_MENTOR: DENY,
        },
    },
    RecordKind.PERSON_USING_VIOLENCE: {
        _F.ADMINISTRATIVE: {
            Relation.PROGRAMME_TEAM: ALLOW,
            Relation.SURVIVOR_SIDE_OF_HOUSEHOLD: DENY,
            Relation.GROUP_FACILITATOR: ALLOW,
            Relation.PARTNER_SUPPORT_OF_HIS_PARTNER: DENY,
            Relation.DPO: ALLOW,
            Relation.ANALYST_ADMIN: DENY,
        },
        _F.IDENTITY: {
            Relation.PROGRAMME_TEAM: ALLOW,
            Relation.SURVIVOR_SIDE_OF_HOUSEHOLD: conditional("her service's own record of him"),
            Relation.GROUP_FACILITATOR: ALLOW,
            Relation.PARTNER_SUPPORT_OF_HIS_PARTNER: conditional("her service's own record of him"),
            Relation.DPO: ON_REQUEST,
            Relation.ANALYST_ADMIN: DENY,
        },
        _F.CONTACT: {
            Relation.PROGRAMME_TEAM: ALLOW,
            Relation.SURVIVOR_SIDE_OF_HOUSEHOLD: DENY,
            Relation.GROUP_FACILITATOR: DENY,
            Relation.PARTNER_SUPPORT_OF_HIS_PARTNER: DENY,
            Relation.DPO: ON_REQUEST,
            Relation.ANALYST_ADMIN: DENY,
        },
        _F.LOCATION: {
            Relation.PROGRAMME_TEAM: REVEAL,
            Relation.SURVIVOR_SIDE_OF_HOUSEHOLD: DENY,
            Relation.GROUP_FACILITATOR: DENY,
            Relation.PARTNER_SUPPORT_OF_HIS_PARTNER: DENY,
            Relation.DPO: REVEAL,
            Relation.ANALYST_ADMIN: DENY,
        },
        _F.DISCLOSURE: {
            Relation.PROGRAMME_TEAM: ALLOW,
            Relation.SURVIVOR_SIDE_OF_HOUSEHOLD: DENY,
            Relation.GROUP_FACILITATOR: conditional("attendance notes only"),
            Relation.PARTNER_SUPPORT_OF_HIS_PARTNER: DENY,
            Relation.DPO: ON_REQUEST,
            Relation.ANALYST_ADMIN: DENY,
        },
        _F.RISK: {
            Relation.PROGRAMME_TEAM: ALLOW,
            Relation.SURVIVOR_SIDE_OF_HOUSEHOLD: DENY,
            Relation.GROUP_FACILITATOR: DENY,
            Relation.PARTNER_SUPPORT_OF_HIS_PARTNER: DENY,
            Relation.DPO: ALLOW,
            Relation.ANALYST_ADMIN: conditional("aggregates only"),
        },
        _F.PROGRAMME_STATUS: {
            Relation.PROGRAMME_TEAM: ALLOW,
            Relation.SURVIVOR_SIDE_OF_HOUSEHOLD: ALLOW,
            Relation.GROUP_FACILITATOR: ALLOW,
            Relation.PARTNER_SUPPORT_OF_HIS_PARTNER: ALLOW,
            Relation.DPO: ALLOW,
            Relation.ANALYST_ADMIN: DENY,
        },
    },
    RecordKind.SERVICE: {
        _F.ADMINISTRATIVE: {
            Relation.SERVICE_STAFF: ALLOW,
            Relation.ANYONE_SIGNED_IN: ALLOW,
        },
        _F.CONTACT: {
            Relation.SERVICE_STAFF: ALLOW,
            Relation.ANYONE_SIGNED_IN: conditional("✔ the public helpline number only"),
        },
        _F.LOCATION: {
            Relation.SERVICE_STAFF: REVEAL,
            Relation.ANYONE_SIGNED_IN: Rule(Grant.DENY, "never"),
        },
    },
}


# Which class each field of a record belongs to. A field missing here is never shown.
FIELD_CLASSES: dict[str, dict[str, FieldClass]] = {
    "people.person": {
        "given_name": _F.IDENTITY,
        "family_name": _F.IDENTITY,
        "aliases": _F.IDENTITY,
        "date_of_birth": _F.IDENTITY,
        "gender": _F.IDENTITY,
        "languages": _F.IDENTITY,
        "nationality": _F.IDENTITY,
        "residence_status": _F.IDENTITY,
        "disability": _F.IDENTITY,
        "interpreter_needed": _F.IDENTITY,
        "phone": _F.CONTACT,
        "email": _F.CONTACT,
        "safe_contact_times": _F.CONTACT,
        "substitute_address": _F.CONTACT,
        "real_address": _F.LOCATION,
    },
    "cases.case": {
        "reference": _F.ADMINISTRATIVE,
        "kind": _F.ADMINISTRATIVE,
        "status": _F.ADMINISTRATIVE,
        "key_worker": _F.ADMINISTRATIVE,
        "team": _F.ADMINISTRATIVE,
        "opened_on": _F.ADMINISTRATIVE,
        "closed_on": _F.ADMINISTRATIVE,
        "closure_reason": _F.ADMINISTRATIVE,
        "risk_level": _F.RISK,
        "risk_review_on": _F.RISK,
        "conference_criteria": _F.RISK,
        "partner_first_name_as_given": _F.IDENTITY,
    },
    "cases.incident": {"*": _F.DISCLOSURE},
    "cases.task": {"*": _F.ADMINISTRATIVE},
    "risk.assessment": {"*": _F.RISK},
}


def field_class_of(label_lower: str, field_name: str) -> FieldClass | None:
    classes = FIELD_CLASSES.get(label_lower, {})
    return classes.get(field_name) or classes.get("*")


def rule_for(kind: RecordKind, field_class: FieldClass, relation: Relation | None) -> Rule:
    """The rule for one cell; a relation the table does not list is denied."""
    if relation is None:
        return DENY
    return RULES[kind].get(field_class, {}).get(relation, DENY)


def render_markdown() -> str:
    """The tables as they appear in docs/access-control.md."""
    sections = []
    for kind, rows in RULES.items():
        relations = list(dict.fromkeys(r for cells in rows.values() for r in cells))
        lines = [
            f"### {RECORD_KIND_TITLES[kind]}",
            "",
            "| field class | " + " | ".join(relation_label(r) for r in relations) + " |",
            "|---" * (len(relations) + 1) + "|",
        ]
        for field_class, cells in rows.items():
            values = [str(cells.get(r, DENY)) for r in relations]
            lines.append(f"| {field_class.label} | " + " | ".join(values) + " |")
        sections.append("\n".join(lines))
    return "\n\n".join(sections) + "\n"
