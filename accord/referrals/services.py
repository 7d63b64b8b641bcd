"""Writes to referrals and team notices. Callers have checked the right with the access module
(accord/referrals/access.py); each service validates, saves and audits in one transaction, so
a refused change leaves nothing behind.

A referral is sent under the cooperation protocol in force (accord.directory.selectors
`protocol_flow_for`): what leaves the sender is a snapshot of exactly the categories the
protocol lets flow, on her consent or a recorded override. Every change sends the version it
read (optimistic locking).
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.access.fields import FIELD_CLASSES, FieldClass
from accord.access.policy import case_workers
from accord.accounts.models import Service, Team, User
from accord.audit.context import Actor
from accord.audit.services import audit_event_record
from accord.cases.models import Case, CaseKind
from accord.cases.services import case_intake
from accord.core.locking import lock_for_update
from accord.core.references import new_reference
from accord.core.validation import not_in_future
from accord.directory.models import DirectoryEntry, ProtocolFlow
from accord.directory.selectors import protocol_flow_for, why_no_protocol
from accord.people.models import Consent, ConsentGiver, ConsentScope
from accord.people.selectors import valid_consent, why_no_consent
from accord.referrals.deadlines import add_working_days
from accord.referrals.models import (
    OPEN_STATUSES,
    REASON_MAX,
    DeclineReason,
    Notification,
    NotificationKind,
    NotificationRead,
    Referral,
    ReferralStatus,
)
from accord.referrals.selectors import receiver_match
from accord.referrals.transitions import ACCEPT, CLOSE, DECLINE, SEND, TRANSITIONS, WITHDRAW

#
# A referral is drafted from a case, then sent: only under a protocol in force that day and on
# her valid consent (or an override for a serious risk to life, with a reason, flagged for the
# DPO). What is sent is a snapshot of exactly the categories the protocol lets flow: the
# receiver reads that, never the sender's case. Every transition sends the version it read;
# every one that concerns the other side puts a line in that side's team inbox and mails the
# bare fact to its members after the transaction has committed.

# Which field of hers or of the case goes with which category (accord.access.fields), in the
# order the receiver reads them. Location is never sent, whatever the flow says: the receiver
# would have to reveal it (re-authentication, a reason, an audit event on its side) and a
# snapshot cannot be revealed later without holding the address all along. The receiver asks
# her, or the sender reveals it on the phone. Administrative fields (the sender's reference,
# key worker, dates) stay with the sender: the referral carries its own reference.
PERSON_FIELDS: dict[str, list[str]] = {
    category: [
        name
        for name, field_class in FIELD_CLASSES["people.person"].items()
        if field_class == category
    ]
    for category in (FieldClass.IDENTITY, FieldClass.CONTACT)
}
RISK_FIELDS = ["risk_level", "conference_criteria"]
# His programme status, from his programme case (FieldClass.PROGRAMME_STATUS).
PROGRAMME_STATUS_FIELDS = ["status", "opened_on", "closed_on", "closure_reason"]
SUMMARY_FIELD = "summary"
# The categories a payload may ever hold (location deliberately not among them).
SENDABLE = (
    FieldClass.IDENTITY,
    FieldClass.CONTACT,
    FieldClass.DISCLOSURE,
    FieldClass.RISK,
    FieldClass.PROGRAMME_STATUS,
)


def _json(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def referral_payload(
    referral: Referral, *, categories: Iterable[str], case: Case | None = None
) -> dict[str, dict[str, Any]]:
    """What the referral sends of `case` (by default its own) under a flow of `categories`:
    by category, field name to value, only the categories allowed and only fields that hold
    something. The draft page shows this very dict before anything leaves."""
    case = case if case is not None else referral.from_case
    allowed = [category for category in SENDABLE if category in set(categories)]
    payload: dict[str, dict[str, Any]] = {}
    for category in allowed:
        values: dict[str, Any] = {}
        if category in PERSON_FIELDS and case is not None:
            values = {name: getattr(case.person, name) for name in PERSON_FIELDS[category]}
        elif category == FieldClass.RISK and case is not None and case.is_survivor_side:
            values = {name: getattr(case, name) for name in RISK_FIELDS}
        elif (
            category == FieldClass.PROGRAMME_STATUS
            and case is not None
            and case.kind == CaseKind.PERPETRATOR_PROGRAMME
        ):
            values = {name: getattr(case, name) for name in PROGRAMME_STATUS_FIELDS}
        elif category == FieldClass.DISCLOSURE:
            values = {SUMMARY_FIELD: referral.summary}
        kept = {name: _json(value) for name, value in values.items() if value not in (None, "", [])}
        if kept:
            payload[str(category)] = kept
    return payload


def _sender_organisation_id(referral: Referral) -> int:
    return referral.from_team.service.organisation_id


def _receiver_teams(referral: Referral) -> list[Team]:
    return list(Team.objects.filter(service_id=referral.to_service_id).order_by("pk"))


def _mail_fact(team_ids: list[int], subject: str, message: str) -> None:
    """After the commit: the fact only, to the members who work the teams' cases. Never a name:
    the subject and the body are built from the reference and the organisations."""
    for team in Team.objects.filter(pk__in=team_ids).select_related("service"):
        recipients = sorted(
            {address for address in case_workers(team).values_list("email", flat=True) if address}
        )
        if recipients:
            send_mail(subject, message, None, recipients, fail_silently=False)


def _notify(referral: Referral, teams: list[Team], kind: NotificationKind) -> None:
    if not teams:
        return
    for team in teams:
        notification = Notification(team=team, kind=kind, referral=referral)
        notification.full_clean()
        notification.save()
    subject = notification_text(kind, referral)
    message = "\n\n".join(
        [subject, _("Sign in to Accord to read it. This message holds no personal data.")]
    )
    team_ids = [team.pk for team in teams]
    transaction.on_commit(lambda: _mail_fact(team_ids, subject, message))


PROGRAMME_NOTICE_KINDS = frozenset(
    {
        NotificationKind.PROGRAMME_DROPPED_OUT,
        NotificationKind.PROGRAMME_EXCLUDED,
        NotificationKind.PROGRAMME_BREACH,
        NotificationKind.PROGRAMME_ABSENCES,
        NotificationKind.PROGRAMME_COMPLETED,
        NotificationKind.PROGRAMME_TRANSFERRED,
    }
)


def _programme_notice(kind: str, reference: str) -> str:
    """A notice about her case after his programme status changed: her case's reference, never
    his, never a name."""
    texts = {
        NotificationKind.PROGRAMME_DROPPED_OUT: _(
            "Case %(reference)s: the man in her household dropped out of his programme. A risk "
            "review is due."
        ),
        NotificationKind.PROGRAMME_EXCLUDED: _(
            "Case %(reference)s: the man in her household was excluded from his programme. A risk "
            "review is due."
        ),
        NotificationKind.PROGRAMME_BREACH: _(
            "Case %(reference)s: the man in her household is under breach review on his programme. "
            "A risk review is due."
        ),
        NotificationKind.PROGRAMME_ABSENCES: _(
            "Case %(reference)s: the man in her household has missed too many programme sessions "
            "and is under breach review. A risk review is due."
        ),
        NotificationKind.PROGRAMME_COMPLETED: _(
            "Case %(reference)s: the man in her household completed his programme. A risk review "
            "is due."
        ),
        NotificationKind.PROGRAMME_TRANSFERRED: _(
            "Case %(reference)s: the man in her household was transferred to another programme. A "
            "risk review is due."
        ),
    }
    return texts[NotificationKind(kind)] % {"reference": reference}


def case_notify(*, case: Case, kind: NotificationKind) -> Notification:
    """A notice about one of the team's own cases in its inbox, and the fact by e-mail after
    the commit (the case's reference only). The caller's transaction holds it."""
    if kind not in PROGRAMME_NOTICE_KINDS:
        raise ValueError(f"{kind} is not a notice about a case")
    notification = Notification(team=case.team, kind=kind, case=case)
    notification.full_clean()
    notification.save()
    subject = notification_message(notification)
    message = "\n\n".join(
        [subject, _("Sign in to Accord to read it. This message holds no personal data.")]
    )
    team_ids = [case.team_id]
    transaction.on_commit(lambda: _mail_fact(team_ids, subject, message))
    return notification


def notification_message(notification: Notification) -> str:
    """The words of a notification, whichever it is about."""
    if notification.referral_id is None:
        return _programme_notice(notification.kind, notification.case.reference)
    return notification_text(notification.kind, notification.referral)


def notification_text(kind: str, referral: Referral) -> str:
    """The words of a notification and of its e-mail: the reference and the organisations,
    never anything about the person."""
    names = {
        "reference": referral.reference,
        "from": referral.from_team.service.organisation.name,
        "to": referral.to_service.organisation.name,
        "service": referral.to_service.name,
    }
    texts = {
        NotificationKind.NEW_REFERRAL: _(
            "A new referral %(reference)s from %(from)s is waiting for your team."
        ),
        NotificationKind.ACCEPTED: _("%(to)s accepted referral %(reference)s."),
        NotificationKind.DECLINED: _("%(to)s declined referral %(reference)s."),
        NotificationKind.OVERDUE: _(
            "Referral %(reference)s from %(from)s to %(service)s (%(to)s) has not been answered "
            "in time."
        ),
        NotificationKind.WITHDRAWN: _("%(from)s withdrew referral %(reference)s."),
        NotificationKind.CLOSED: _("Referral %(reference)s between %(from)s and %(to)s is closed."),
        NotificationKind.CONSENT_WITHDRAWN: _(
            "Consent to referral %(reference)s from %(from)s has been withdrawn: stop using what "
            "was shared and talk to your data-protection officer."
        ),
    }
    return texts[NotificationKind(kind)] % names


def _audit_referral(
    actor: Actor, action: str, referral: Referral, organisation_id: int, reason: str = ""
) -> None:
    audit_event_record(
        actor=actor,
        action=action,
        obj=referral,
        subject_organisation_id=organisation_id,
        reason=reason,
    )


def _check_accepts(to_service: Service, case_kind: str) -> None:
    entry = DirectoryEntry.objects.filter(service=to_service).first()
    if entry is None or case_kind not in entry.accepted_case_kinds:
        kind = dict(CaseKind.choices).get(case_kind, case_kind)
        raise ValidationError(
            {
                "to_service": _(
                    "%(service)s does not take referrals for a case of the kind “%(kind)s”."
                )
                % {"service": to_service.name, "kind": kind}
            }
        )


def _check_no_duplicate(referral: Referral) -> None:
    if referral.from_case_id is None:
        return
    others = Referral.objects.filter(
        from_case_id=referral.from_case_id,
        to_service_id=referral.to_service_id,
        status__in=OPEN_STATUSES,
    ).exclude(pk=referral.pk)
    existing = others.first()
    if existing is not None:
        raise ValidationError(
            {
                "to_service": _(
                    "This case already has an open referral to %(service)s (%(reference)s)."
                )
                % {"service": referral.to_service.name, "reference": existing.reference}
            }
        )


def _clean_text(value: str, field: str) -> str:
    value = value.strip()
    if len(value) > REASON_MAX:
        raise ValidationError({field: _("Keep this to %(max)d characters.") % {"max": REASON_MAX}})
    return value


@transaction.atomic
def referral_draft(
    *,
    actor: Actor,
    case: Case,
    to_service: Service,
    case_kind: str | None = None,
    summary: str = "",
) -> Referral:
    """A draft referral of `case` to `to_service`; nothing leaves until it is sent. The caller
    has checked that the actor works the case (`CaseAccess.may_work`)."""
    case_kind = case_kind or case.kind
    _check_accepts(to_service, case_kind)
    referral = Referral(
        reference=new_reference("RF"),
        from_team=case.team,
        from_case=case,
        to_service=to_service,
        case_kind=case_kind,
        summary=_clean_text(summary, "summary") or None,
        created_by=actor.user,
    )
    _check_no_duplicate(referral)
    referral.full_clean()
    referral.save()
    _audit_referral(actor, "referral.drafted", referral, case.team.service.organisation_id)
    return referral


def _locked(referral: Referral, expected_version: int, statuses: Iterable[str]) -> Referral:
    """The referral, locked, at the version the actor read and in a state `statuses` allows
    (a transition's `from_states`, accord/referrals/transitions.py)."""
    current = lock_for_update(referral, expected_version=expected_version)
    if current.status not in statuses:
        raise ValidationError(
            _("This referral is %(status)s: that cannot be done any more.")
            % {"status": current.get_status_display().lower()}
        )
    return current


def _bump_referral(referral: Referral) -> None:
    referral.version += 1
    referral.full_clean()
    referral.save()


def consent_for(referral: Referral, case: Case, today: datetime.date) -> Consent | None:
    """Her consent to be referred to the receiving organisation, or to this kind of service."""
    service = referral.to_service
    return valid_consent(
        case.person,
        scope=ConsentScope.REFERRAL_TO_ORGANISATION,
        on=today,
        organisation=service.organisation,
    ) or valid_consent(
        case.person,
        scope=ConsentScope.REFERRAL_TO_SERVICE_KIND,
        on=today,
        service_kind=service.kind,
    )


def _send(
    *,
    actor: Actor,
    referral: Referral,
    flow: ProtocolFlow,
    payload: dict[str, dict[str, Any]],
    consent: Consent | None,
    override_reason: str,
) -> Referral:
    today = timezone.localdate()
    referral.status = ReferralStatus.SENT
    referral.protocol = flow.protocol
    referral.categories = [str(c) for c in SENDABLE if c in set(flow.categories)]
    referral.payload = payload
    referral.consent = consent
    referral.override = consent is None and referral.consent_stated_on is None
    referral.override_reason = override_reason if referral.override else None
    referral.due_on = add_working_days(today, flow.protocol.response_working_days)
    referral.sent_by = actor.user
    referral.sent_at = timezone.now()
    _bump_referral(referral)
    sender = _sender_organisation_id(referral)
    if referral.override:
        # Flagged for the DPO by its action; the reason stays encrypted on the referral.
        _audit_referral(actor, "referral.sent_without_consent", referral, sender, "override")
    _audit_referral(actor, TRANSITIONS[SEND].audit, referral, sender, ",".join(referral.categories))
    # The receiving organisation's DPO sees that something about a person arrived.
    _audit_referral(actor, "referral.received", referral, referral.to_service.organisation_id)
    _notify(referral, _receiver_teams(referral), NotificationKind.NEW_REFERRAL)
    return referral


@dataclass(frozen=True)
class SendCheck:
    """What sending a draft today would do, or why it cannot: the draft's page shows exactly
    what `referral_send` then enforces. `problems` by field; a missing consent alone may be
    overridden (serious risk to life), so it is `no_consent`, not a problem."""

    flow: ProtocolFlow | None
    consent: Consent | None
    problems: dict[str, str]
    no_consent: str

    @property
    def sendable(self) -> bool:
        return not self.problems and self.consent is not None


def referral_send_check(referral: Referral, case: Case, today: datetime.date) -> SendCheck:
    problems: dict[str, str] = {}
    for check in (
        lambda: _check_accepts(referral.to_service, referral.case_kind),
        lambda: _check_no_duplicate(referral),
    ):
        try:
            check()
        except ValidationError as error:
            problems.update({field: " ".join(m) for field, m in error.message_dict.items()})
    sender = referral.from_team.service.organisation
    receiver = referral.to_service.organisation
    flow = protocol_flow_for(sender, receiver, on=today)
    if flow is None:
        problems[NON_FIELD_ERRORS] = why_no_protocol(sender, receiver, on=today)
    elif referral.summary and FieldClass.DISCLOSURE not in flow.categories:
        problems["summary"] = (
            why_no_protocol(sender, receiver, on=today, categories=[FieldClass.DISCLOSURE])
            + " "
            + _("Take out why you make this referral: edit the draft and leave it empty.")
        )
    consent = consent_for(referral, case, today)
    no_consent = ""
    if consent is None:
        no_consent = why_no_consent(
            case.person,
            scope=ConsentScope.REFERRAL_TO_ORGANISATION,
            on=today,
            organisation=receiver,
        )
    return SendCheck(flow=flow, consent=consent, problems=problems, no_consent=no_consent)


@transaction.atomic
def referral_send(
    *, actor: Actor, referral: Referral, expected_version: int, override_reason: str = ""
) -> Referral:
    """Send a draft. Refused, with a sentence saying why and nothing sent, unless
    (`referral_send_check`): it is still a draft; the service takes this kind of case; the
    case has no other open referral there; a protocol in force today lets data flow from the
    sender's organisation to the receiver's (and a disclosure, if the draft says why); her
    consent holds today, or `override_reason` says why she is at serious risk to life (the
    view asks for re-authentication first)."""
    current = _locked(referral, expected_version, TRANSITIONS[SEND].from_states)
    case = current.from_case
    assert case is not None  # drafts are made from a case; API referrals are sent at once
    check = referral_send_check(current, case, timezone.localdate())
    if check.problems:
        raise ValidationError(check.problems)
    assert check.flow is not None
    override_reason = _clean_text(override_reason, "override_reason")
    if check.consent is None and not override_reason:
        raise ValidationError(
            {
                "consent": check.no_consent
                + " "
                + _(
                    "Record her consent first, or, if she is at serious risk to life, send "
                    "without it and say why."
                )
            }
        )
    payload = referral_payload(current, categories=check.flow.categories, case=case)
    return _send(
        actor=actor,
        referral=current,
        flow=check.flow,
        payload=payload,
        consent=check.consent,
        override_reason=override_reason,
    )


@transaction.atomic
def referral_draft_update(
    *, actor: Actor, referral: Referral, expected_version: int, summary: str
) -> Referral:
    """Change why the draft is made (e.g. take it out where the protocol lets no disclosure
    flow). Only a draft: what was sent stays as it was sent."""
    current = _locked(referral, expected_version, TRANSITIONS[SEND].from_states)
    current.summary = _clean_text(summary, "summary") or None
    _bump_referral(current)
    _audit_referral(
        actor, "referral.draft_updated", current, current.from_team.service.organisation_id
    )
    return current


@transaction.atomic
def referral_inbound(
    *,
    actor: Actor,
    from_team: Team,
    to_service: Service,
    case_kind: str,
    person: dict[str, Any],
    risk_level: str = "",
    summary: str = "",
    consent_stated_on: datetime.date | None = None,
    override_reason: str = "",
) -> Referral:
    """A referral from a statutory agency's system (police, probation), made and sent at once:
    `person` holds only fields of categories the flow from its organisation allows (anything
    else is refused, not dropped), and the agency states since when it holds her consent, or
    why it refers without it."""
    if not person.get("given_name"):
        raise ValidationError({"person": _("Give at least her given name.")})
    referral = Referral(
        reference=new_reference("RF"),
        from_team=from_team,
        to_service=to_service,
        case_kind=case_kind,
        summary=_clean_text(summary, "summary") or None,
        consent_stated_on=consent_stated_on,
        created_by=actor.user,
    )
    if case_kind not in CaseKind.values:
        raise ValidationError({"case_kind": _("Choose a kind of case.")})
    _check_accepts(to_service, case_kind)
    today = timezone.localdate()
    not_in_future(consent_stated_on, "consent_stated_on")
    override_reason = _clean_text(override_reason, "override_reason")
    if consent_stated_on is None and not override_reason:
        raise ValidationError(
            {
                "consent_stated_on": _(
                    "Say since when you hold her consent, or why you refer her without it "
                    "(serious risk to life)."
                )
            }
        )
    sender = from_team.service.organisation
    receiver = to_service.organisation
    flow = protocol_flow_for(sender, receiver, on=today)
    if flow is None:
        raise ValidationError(why_no_protocol(sender, receiver, on=today))
    sent: dict[str, dict[str, Any]] = {}
    refused = []
    for name, value in person.items():
        category = FIELD_CLASSES["people.person"].get(name)
        if category not in PERSON_FIELDS or category not in flow.categories:
            refused.append(name)
            continue
        if value not in (None, "", []):
            sent.setdefault(str(category), {})[name] = _json(value)
    if risk_level:
        if FieldClass.RISK not in flow.categories:
            refused.append("risk_level")
        else:
            sent[str(FieldClass.RISK)] = {"risk_level": risk_level}
    if summary and FieldClass.DISCLOSURE not in flow.categories:
        refused.append("summary")
    elif summary:
        sent[str(FieldClass.DISCLOSURE)] = {SUMMARY_FIELD: summary.strip()}
    if refused:
        raise ValidationError(
            {
                "person": _(
                    "The protocol in force does not let these flow to %(to)s: %(fields)s. "
                    "Nothing was sent."
                )
                % {"to": receiver.name, "fields": ", ".join(sorted(refused))}
            }
        )
    if FieldClass.IDENTITY not in flow.categories:
        raise ValidationError(why_no_protocol(sender, receiver, on=today, categories=["identity"]))
    referral.full_clean()
    referral.save()
    _audit_referral(actor, "referral.drafted", referral, sender.pk)
    # In SENDABLE order, as a referral from a case.
    ordered = {str(c): sent[str(c)] for c in SENDABLE if str(c) in sent}
    return _send(
        actor=actor,
        referral=referral,
        flow=flow,
        payload=ordered,
        consent=None,
        override_reason=override_reason,
    )


def _person_fields(referral: Referral) -> dict[str, Any]:
    """Her new record at the receiver, from what was sent: identity and contact only. Without
    her name (a flow with no identity) she is recorded under the referral's reference until the
    receiver meets her."""
    payload = referral.payload or {}
    fields: dict[str, Any] = {}
    for category in (FieldClass.IDENTITY, FieldClass.CONTACT):
        fields.update(payload.get(str(category), {}))
    if "date_of_birth" in fields:
        fields["date_of_birth"] = datetime.date.fromisoformat(fields["date_of_birth"])
    fields.setdefault("given_name", referral.reference)
    return fields


@transaction.atomic
def referral_accept(
    *,
    actor: Actor,
    referral: Referral,
    expected_version: int,
    team: Team,
    key_worker: User | None = None,
    on_existing_record: bool = False,
) -> Referral:
    """The receiver accepts and opens its own case, from what was sent: on a new record of her
    in its own organisation, or, with `on_existing_record`, on the record it already holds of
    her (`selectors.receiver_match`: the exact blind-index match), so that her household is
    not split. The caller has checked that the actor may open cases in `team`
    (`may_open_case`)."""
    current = _locked(referral, expected_version, TRANSITIONS[ACCEPT].from_states)
    if team.service_id != current.to_service_id:
        raise ValidationError({"team": _("Choose a team of the service the referral was sent to.")})
    existing = receiver_match(current) if on_existing_record else None
    if on_existing_record and existing is None:
        raise ValidationError(
            {"on_existing_record": _("Your organisation holds no record that matches exactly.")}
        )
    case = case_intake(
        actor=actor,
        kind=CaseKind(current.case_kind),
        team=team,
        person=existing,
        person_fields=None if existing is not None else _person_fields(current),
        key_worker=key_worker,
    )
    risk = (current.payload or {}).get(str(FieldClass.RISK), {})
    current.status = ReferralStatus.ACCEPTED
    current.receiver_case = case
    current.responded_by = actor.user
    current.responded_at = timezone.now()
    _bump_referral(current)
    _audit_referral(
        actor,
        TRANSITIONS[ACCEPT].audit,
        current,
        current.to_service.organisation_id,
        case.reference,
    )
    if risk.get("risk_level"):
        # The level the sender assessed is shown on the new case until the receiver assesses
        # her itself; the sender's answers never travel.
        Case.objects.filter(pk=case.pk).update(risk_level=risk["risk_level"])
    _notify(current, [current.from_team], NotificationKind.ACCEPTED)
    return current


@transaction.atomic
def referral_decline(
    *, actor: Actor, referral: Referral, expected_version: int, reason: str, note: str = ""
) -> Referral:
    """The receiver declines: the payload goes, so the receiver keeps nothing of hers."""
    current = _locked(referral, expected_version, TRANSITIONS[DECLINE].from_states)
    if reason not in DeclineReason.values:
        raise ValidationError({"reason": _("Choose why the referral is declined.")})
    note = _clean_text(note, "note")
    if reason == DeclineReason.OTHER and not note:
        raise ValidationError({"note": _("Say why, in a few words.")})
    current.status = ReferralStatus.DECLINED
    current.decline_reason = reason
    current.decline_note = note or None
    current.payload = None
    current.responded_by = actor.user
    current.responded_at = timezone.now()
    _bump_referral(current)
    _audit_referral(
        actor, TRANSITIONS[DECLINE].audit, current, current.to_service.organisation_id, reason
    )
    _notify(current, [current.from_team], NotificationKind.DECLINED)
    return current


@transaction.atomic
def referral_withdraw(*, actor: Actor, referral: Referral, expected_version: int) -> Referral:
    """The sender takes back a draft or an unanswered referral; the receiver keeps nothing."""
    current = _locked(referral, expected_version, TRANSITIONS[WITHDRAW].from_states)
    was_sent = current.status == ReferralStatus.SENT
    _withdraw(current)
    _audit_referral(actor, TRANSITIONS[WITHDRAW].audit, current, _sender_organisation_id(current))
    if was_sent:
        _notify(current, _receiver_teams(current), NotificationKind.WITHDRAWN)
    return current


def _withdraw(referral: Referral) -> None:
    referral.status = ReferralStatus.WITHDRAWN
    referral.payload = None
    referral.closed_at = timezone.now()
    _bump_referral(referral)


@transaction.atomic
def referral_close(
    *, actor: Actor, referral: Referral, expected_version: int, by_sender: bool
) -> Referral:
    """Either side ends an accepted referral; the receiver works on in its own case. The
    payload goes: neither side needs the snapshot any more."""
    current = _locked(referral, expected_version, TRANSITIONS[CLOSE].from_states)
    current.status = ReferralStatus.CLOSED
    current.payload = None
    current.closed_by = actor.user
    current.closed_at = timezone.now()
    _bump_referral(current)
    _audit_referral(actor, TRANSITIONS[CLOSE].audit, current, _sender_organisation_id(current))
    other = _receiver_teams(current) if by_sender else [current.from_team]
    _notify(current, other, NotificationKind.CLOSED)
    return current


@transaction.atomic
def referral_overdue_notify(*, actor: Actor, today: datetime.date) -> int:
    """Tell both sides, once, of every referral still unanswered after its last day. Run
    daily (`manage.py referrals_overdue`). Returns how many referrals were late."""
    late = list(
        Referral.objects.select_for_update()
        .filter(status=ReferralStatus.SENT, due_on__lt=today, overdue_notified_at__isnull=True)
        .select_related("from_team__service__organisation", "to_service__organisation")
        .order_by("pk")
    )
    for referral in late:
        referral.overdue_notified_at = timezone.now()
        referral.save(update_fields=["overdue_notified_at"])
        _audit_referral(actor, "referral.overdue", referral, _sender_organisation_id(referral))
        _notify(
            referral,
            [referral.from_team, *_receiver_teams(referral)],
            NotificationKind.OVERDUE,
        )
    return len(late)


def _shared_on(consent: Consent) -> Q:
    """The referrals that rested on this consent: those sent on it, and, for a child's own
    assent, those sent on the caregiver's consent to the same thing (sending needed both, and
    the referral keeps the caregiver's)."""
    on_it = Q(consent=consent)
    if consent.given_by != ConsentGiver.CHILD_ASSENT:
        return on_it
    return on_it | Q(
        consent__person_id=consent.person_id,
        consent__given_by=ConsentGiver.CAREGIVER,
        consent__scope=consent.scope,
        consent__organisation_id=consent.organisation_id,
        consent__service_kind=consent.service_kind,
    )


@transaction.atomic
def referrals_consent_withdrawn(*, actor: Actor, consent: Consent) -> int:
    """Registered in `accord.people.consent_hooks.on_withdrawal` (ReferralsConfig.ready), so
    run in `consent_withdraw`'s transaction: every referral that rested on this consent is
    told, and reads "consent withdrawn" on both sides from now on. One still unanswered is
    withdrawn (the receiver keeps nothing); one already accepted is the receiver's own case
    now, so its team is told to stop using what was shared and to see its DPO. New sends are
    refused by `valid_consent` itself. Returns how many were told."""
    shared = list(
        Referral.objects.select_for_update()
        .filter(
            _shared_on(consent),
            status__in=[ReferralStatus.SENT, ReferralStatus.ACCEPTED, ReferralStatus.CLOSED],
        )
        .select_related("from_team__service__organisation", "to_service__organisation")
        .order_by("pk")
    )
    for referral in shared:
        if referral.consent_withdrawn_at is None:
            referral.consent_withdrawn_at = consent.withdrawn_at
            referral.consent_withdrawn_by_giver = consent.given_by
        if referral.status == ReferralStatus.SENT:
            _withdraw(referral)
        else:
            referral.save(update_fields=["consent_withdrawn_at", "consent_withdrawn_by_giver"])
        _audit_referral(
            actor,
            "referral.consent_withdrawn",
            referral,
            referral.to_service.organisation_id,
        )
        _notify(referral, _receiver_teams(referral), NotificationKind.CONSENT_WITHDRAWN)
    return len(shared)


@transaction.atomic
def referral_viewed(*, actor: Actor, referral: Referral) -> None:
    """Reading what was sent of her is a read of her record (docs/product.md §4.5)."""
    _audit_referral(actor, "referral.viewed", referral, _sender_organisation_id(referral))


@transaction.atomic
def notification_mark_read(*, actor: Actor, notification: Notification) -> Notification:
    """Read by this reader (her colleagues' inboxes are their own); marking it again changes
    nothing. The caller reached the notice through the access module."""
    NotificationRead.objects.get_or_create(notification=notification, user=actor.user)
    return notification


@transaction.atomic
def notifications_mark_all_read(*, actor: Actor, notifications: QuerySet[Notification]) -> int:
    """Mark every notice of `notifications` (the reader's inbox, or one kind of it) read by
    this reader, in one statement; returns how many were unread."""
    unread = list(notifications.exclude(reads__user=actor.user).values_list("pk", flat=True))
    NotificationRead.objects.bulk_create(
        [NotificationRead(notification_id=pk, user=actor.user) for pk in unread],
        ignore_conflicts=True,
    )
    return len(unread)
