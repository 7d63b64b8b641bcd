"""Programmes, their groups and sessions, who is enrolled and who attended (the engine), and
what a perpetrator programme adds to it: partner contact, safety information without a source,
compliance reports (see docs/decisions/0010-safety-information-without-a-source.md).

The engine (Programme, ProgrammeModule, Group, Session, Enrolment, EnrolmentStatusChange,
Attendance) knows nothing about partners or courts: an empowerment path for women runs on it
as a programme of kind EMPOWERMENT_PATH, its participants enrolled on their own cases.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accord.accounts.models import Service, Team
from accord.cases.models import Case, CaseKind, Task
from accord.core.fields import EncryptedTextField
from accord.core.models import EncryptedModel
from accord.directory.models import Protocol
from accord.people.models import Consent

TEXT_MAX = 4000

# --- the engine -----------------------------------------------------------------------------------


class ProgrammeKind(models.TextChoices):
    BEHAVIOUR_CHANGE_GROUP = "behaviour_change_group", _("Behaviour change: group")
    BEHAVIOUR_CHANGE_ONE_TO_ONE = "behaviour_change_one_to_one", _("Behaviour change: one-to-one")
    BEHAVIOUR_CHANGE_MIXED = "behaviour_change_mixed", _("Behaviour change: group and one-to-one")
    EMPOWERMENT_PATH = "empowerment_path", _("Empowerment path")


# Programmes for men who use violence: mandated routes, partner contact, compliance reports.
PERPETRATOR_KINDS = frozenset(
    {
        ProgrammeKind.BEHAVIOUR_CHANGE_GROUP,
        ProgrammeKind.BEHAVIOUR_CHANGE_ONE_TO_ONE,
        ProgrammeKind.BEHAVIOUR_CHANGE_MIXED,
    }
)

# The cases each kind of programme enrols: his programme case, or her own survivor-side case.
CASE_KINDS_BY_PROGRAMME_KIND = {
    ProgrammeKind.BEHAVIOUR_CHANGE_GROUP: frozenset({CaseKind.PERPETRATOR_PROGRAMME}),
    ProgrammeKind.BEHAVIOUR_CHANGE_ONE_TO_ONE: frozenset({CaseKind.PERPETRATOR_PROGRAMME}),
    ProgrammeKind.BEHAVIOUR_CHANGE_MIXED: frozenset({CaseKind.PERPETRATOR_PROGRAMME}),
    ProgrammeKind.EMPOWERMENT_PATH: frozenset(
        {CaseKind.SURVIVOR_SUPPORT, CaseKind.PARTNER_SUPPORT}
    ),
}


class Programme(models.Model):
    """A programme as data: what it is, its plan of sessions, and its rules (attendance,
    absences, partner contact). Edited in the admin by its organisation's admin; `version`
    counts the changes (optimistic locking, accord.core.locking)."""

    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="programmes", verbose_name=_("service")
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=ProgrammeKind.choices)
    description = models.TextField(_("description"), blank=True)
    minimum_attendance_percent = models.PositiveSmallIntegerField(
        _("minimum attendance (%)"),
        default=80,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    absence_limit = models.PositiveSmallIntegerField(
        _("unacceptable absences before a breach review"),
        default=3,
        validators=[MinValueValidator(1)],
        help_text=_("At this many unacceptable absences the enrolment moves to breach review."),
    )
    partner_contact_interval_days = models.PositiveSmallIntegerField(
        _("partner contact every (days)"), default=28, validators=[MinValueValidator(1)]
    )
    partner_contact_months_after = models.PositiveSmallIntegerField(
        _("partner contact continues after the programme (months)"), default=3
    )
    follow_up_months = models.JSONField(
        _("follow-up contacts (months after the end)"),
        default=list,
        blank=True,
        help_text=_("For example [6, 24]: six months and two years after the programme."),
    )
    active = models.BooleanField(_("taking enrolments"), default=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ProgrammeKind.values), name="programme_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_perpetrator_programme(self) -> bool:
        return self.kind in PERPETRATOR_KINDS

    @property
    def case_kinds(self) -> frozenset[str]:
        return CASE_KINDS_BY_PROGRAMME_KIND[ProgrammeKind(self.kind)]


class SessionKind(models.TextChoices):
    GROUP = "group", _("Group session")
    CATCH_UP = "catch_up", _("Catch-up session")
    ONE_TO_ONE = "one_to_one", _("One-to-one session")


class ProgrammeModule(models.Model):
    """One step of the session plan, in order: e.g. two intake sessions with a social worker,
    then twenty-two group sessions with a psychologist."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="modules", verbose_name=_("programme")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=200)
    sessions = models.PositiveSmallIntegerField(
        _("sessions"), default=1, validators=[MinValueValidator(1)]
    )
    session_kind = models.CharField(
        _("session kind"), max_length=16, choices=SessionKind.choices, default=SessionKind.GROUP
    )
    led_by = models.CharField(_("led by"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("programme module")
        verbose_name_plural = _("programme modules")
        ordering = ["programme", "position"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "position"], name="module_position"),
        ]

    def __str__(self) -> str:
        return f"{self.programme} · {self.position}. {self.title}"


class Group(models.Model):
    """A cohort: two facilitators, a room, a recurring schedule (an RFC 5545 rule read with
    python-dateutil, in the group's own time zone), and a waitlist (its waiting enrolments)."""

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="groups", verbose_name=_("programme")
    )
    name = models.CharField(_("name"), max_length=100)
    lead_facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("facilitator"),
    )
    co_facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("co-facilitator"),
    )
    room = models.CharField(_("room"), max_length=100, blank=True)
    first_session_at = models.DateTimeField(_("first session"))
    time_zone = models.CharField(_("time zone"), max_length=64, default=settings.TIME_ZONE)
    schedule = models.CharField(
        _("schedule (RRULE)"),
        max_length=200,
        help_text=_("For example FREQ=WEEKLY;BYDAY=TU;COUNT=24"),
    )
    session_minutes = models.PositiveSmallIntegerField(
        _("session length (minutes)"), default=120, validators=[MinValueValidator(15)]
    )
    capacity = models.PositiveSmallIntegerField(
        _("places"), default=10, validators=[MinValueValidator(1)]
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        ordering = ["programme", "first_session_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(co_facilitator=models.F("lead_facilitator")),
                name="group_two_facilitators",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme} · {self.name}"

    @property
    def facilitator_ids(self) -> set[int]:
        return {pk for pk in (self.lead_facilitator_id, self.co_facilitator_id) if pk}


class CancellationReason(models.TextChoices):
    FACILITATOR_UNAVAILABLE = "facilitator_unavailable", _("Facilitator unavailable")
    ROOM_UNAVAILABLE = "room_unavailable", _("Room unavailable")
    HOLIDAY = "holiday", _("Public holiday")
    OTHER = "other", _("Other")


class Session(models.Model):
    """One meeting: of the whole group, a catch-up for one participant of it, or one-to-one.
    A catch-up or one-to-one session names its participant (`enrolment`)."""

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("programme")
    )
    group = models.ForeignKey(
        Group,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("group"),
    )
    enrolment = models.ForeignKey(
        "Enrolment",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="individual_sessions",
        verbose_name=_("participant"),
    )
    kind = models.CharField(
        _("kind"), max_length=16, choices=SessionKind.choices, default=SessionKind.GROUP
    )
    number = models.PositiveSmallIntegerField(_("number"))
    module = models.ForeignKey(
        ProgrammeModule,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("module"),
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    room = models.CharField(_("room"), max_length=100, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancellation_reason = models.CharField(
        _("why cancelled"), max_length=32, choices=CancellationReason.choices, blank=True
    )

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["group", "starts_at"], name="session_group_time"),
            models.Index(fields=["starts_at"], name="session_time"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(kind=SessionKind.GROUP, group__isnull=False, enrolment__isnull=True)
                | (~Q(kind=SessionKind.GROUP) & Q(enrolment__isnull=False)),
                name="session_group_or_participant",
            ),
            models.CheckConstraint(
                condition=Q(cancelled_at__isnull=True, cancellation_reason="")
                | Q(cancelled_at__isnull=False) & ~Q(cancellation_reason=""),
                name="session_cancellation_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme} · {self.get_kind_display()} {self.number}"

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None


class Route(models.TextChoices):
    COURT_ORDER = "court_order", _("Court order")
    PROBATION_LICENCE = "probation_licence", _("Probation licence condition")
    FAMILY_COURT = "family_court", _("Family court direction")
    CHILDRENS_SERVICES = "childrens_services", _("Children's services direction")
    VOLUNTARY = "voluntary", _("Voluntary / self-referral")


class Suitability(models.TextChoices):
    NOT_ASSESSED = "not_assessed", _("Not assessed yet")
    SUITABLE = "suitable", _("Suitable")
    SUITABLE_WITH_CONDITIONS = "suitable_with_conditions", _("Suitable, with conditions")
    NOT_SUITABLE = "not_suitable", _("Not suitable")


class EnrolmentStatus(models.TextChoices):
    REFERRED = "referred", _("Referred")
    ASSESSED = "assessed", _("Assessed")
    WAITING = "waiting", _("Waiting for a place")
    ON_PROGRAMME = "on_programme", _("On the programme")
    COMPLETED = "completed", _("Completed")
    DROPPED_OUT = "dropped_out", _("Dropped out")
    EXCLUDED = "excluded", _("Excluded")
    TRANSFERRED = "transferred", _("Transferred")
    BREACH = "breach", _("Breach review (non-attendance)")
    RETURNED_TO_COURT = "returned_to_court", _("Returned to court")
    DEFERRED = "deferred", _("Deferred")


class Enrolment(EncryptedModel):
    """A participant on a programme, through one of her or his cases. Its status moves only
    along the table in accord.programmes.transitions, each move kept in `history`."""

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("programme")
    )
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="enrolments", verbose_name=_("case")
    )
    group = models.ForeignKey(
        Group,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enrolments",
        verbose_name=_("group"),
    )
    status = models.CharField(
        _("status"),
        max_length=32,
        choices=EnrolmentStatus.choices,
        default=EnrolmentStatus.REFERRED,
    )
    status_changed_at = models.DateTimeField(_("status since"))
    referred_on = models.DateField(_("referred on"))
    route = models.CharField(_("route"), max_length=32, choices=Route.choices)
    # Mandated: the mandating team (probation, the court's liaison) receives compliance reports.
    mandated = models.BooleanField(_("mandated"), default=False)
    mandating_team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("mandating team"),
    )
    suitability = models.CharField(
        _("suitability"),
        max_length=32,
        choices=Suitability.choices,
        default=Suitability.NOT_ASSESSED,
    )
    suitability_notes = EncryptedTextField(
        _("suitability assessment"), max_length=TEXT_MAX, blank=True, null=True
    )
    # The signed statement of understanding (information sharing included), kept as his consent.
    statement_of_understanding = models.ForeignKey(
        Consent,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("statement of understanding"),
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    # Empty when Accord made it (the demo, a system's referral).
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["-referred_on", "pk"]
        indexes = [models.Index(fields=["group", "status"], name="enrolment_group_status")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=EnrolmentStatus.values), name="enrolment_status_known"
            ),
            models.CheckConstraint(
                condition=Q(mandated=False) | Q(mandating_team__isnull=False),
                name="enrolment_mandated_names_team",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme} · {self.case}"


class EnrolmentStatusChange(EncryptedModel):
    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="history", verbose_name=_("enrolment")
    )
    from_status = models.CharField(
        _("from"), max_length=32, choices=EnrolmentStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=32, choices=EnrolmentStatus.choices)
    reason = EncryptedTextField(_("why"), max_length=TEXT_MAX, blank=True, null=True)
    # Empty when Accord itself moved it (his Nth unacceptable absence).
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(_("when"))

    class Meta:
        verbose_name = _("enrolment status change")
        verbose_name_plural = _("enrolment status changes")
        ordering = ["enrolment", "changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.enrolment_id}: {self.from_status} → {self.to_status}"


class AttendanceCode(models.TextChoices):
    ATTENDED_COMPLIED = "attended_complied", _("Attended and complied")
    ATTENDED_NOT_COMPLIED = "attended_not_complied", _("Attended but failed to comply")
    ACCEPTABLE_ABSENCE = "acceptable_absence", _("Acceptable absence")
    UNACCEPTABLE_ABSENCE = "unacceptable_absence", _("Unacceptable absence")
    LATE = "late", _("Late")
    DID_NOT_ENGAGE = "did_not_engage", _("Did not engage")


# The codes that say he was there: none of them can be recorded for a session still to come.
PRESENT_CODES = frozenset(
    {
        AttendanceCode.ATTENDED_COMPLIED,
        AttendanceCode.ATTENDED_NOT_COMPLIED,
        AttendanceCode.LATE,
        AttendanceCode.DID_NOT_ENGAGE,
    }
)
# What counts towards the minimum attendance.
ATTENDED_CODES = frozenset(
    {AttendanceCode.ATTENDED_COMPLIED, AttendanceCode.ATTENDED_NOT_COMPLIED, AttendanceCode.LATE}
)


class Attendance(EncryptedModel):
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("session")
    )
    enrolment = models.ForeignKey(
        Enrolment,
        on_delete=models.CASCADE,
        related_name="attendances",
        verbose_name=_("participant"),
    )
    code = models.CharField(_("attendance"), max_length=32, choices=AttendanceCode.choices)
    absence_reason = EncryptedTextField(
        _("reason for the absence"), max_length=500, blank=True, null=True
    )
    # On the participant's side only: never in a report, never across the barrier.
    notes = EncryptedTextField(_("notes"), max_length=TEXT_MAX, blank=True, null=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"))
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        indexes = [models.Index(fields=["enrolment", "code"], name="attendance_enrolment_code")]
        constraints = [
            models.UniqueConstraint(fields=["session", "enrolment"], name="attendance_once"),
            models.CheckConstraint(
                condition=Q(code__in=AttendanceCode.values), name="attendance_code_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session} · {self.get_code_display()}"


# --- perpetrator programmes: partner contact ------------------------------------------------------


class ContactChannel(models.TextChoices):
    PHONE = "phone", _("Phone call")
    TEXT = "text", _("Text message")
    EMAIL = "email", _("E-mail")
    IN_PERSON = "in_person", _("In person")
    LETTER = "letter", _("Letter")


class ContactOutcome(models.TextChoices):
    SPOKE = "spoke", _("Spoke with her")
    ACCEPTED_SUPPORT = "accepted_support", _("Spoke; she accepted support")
    DECLINED_SUPPORT = "declined_support", _("Spoke; she declined support")
    NO_ANSWER = "no_answer", _("No answer")
    MESSAGE_LEFT = "message_left", _("Safe message left")
    NOT_SAFE = "not_safe", _("Not safe to talk; ended")


# An attempt that reached her: the schedule counts from the latest of these.
REACHED_OUTCOMES = frozenset(
    {ContactOutcome.SPOKE, ContactOutcome.ACCEPTED_SUPPORT, ContactOutcome.DECLINED_SUPPORT}
)


class PartnerLink(models.Model):
    """Her side only: which partner-support case follows which enrolment of his. The programme
    never reaches it (accord.programmes.access).

    Her partner contact is her record: erasing his (his case and enrolment go) empties
    `enrolment` and keeps the link, her safe channels and every contact with her."""

    enrolment = models.ForeignKey(
        Enrolment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("enrolment"),
    )
    partner_case = models.ForeignKey(
        Case,
        on_delete=models.CASCADE,
        related_name="partner_links",
        verbose_name=_("partner-support case"),
    )
    offer_task = models.ForeignKey(
        Task, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The channels she said are safe; a contact on any other is refused.
    safe_channels = models.JSONField(_("safe channels"), default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("partner contact link")
        verbose_name_plural = _("partner contact links")
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "partner_case"], name="partner_link_once"),
        ]

    def __str__(self) -> str:
        return f"{self.partner_case} ← {self.enrolment_id}"


class PartnerContact(EncryptedModel):
    link = models.ForeignKey(
        PartnerLink, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("partner")
    )
    at = models.DateTimeField(_("when"))
    channel = models.CharField(_("channel"), max_length=16, choices=ContactChannel.choices)
    outcome = models.CharField(_("outcome"), max_length=32, choices=ContactOutcome.choices)
    within_safe_times = models.BooleanField(_("within her safe times"), default=False)
    notes = EncryptedTextField(_("notes"), max_length=TEXT_MAX, blank=True, null=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("partner contact")
        verbose_name_plural = _("partner contacts")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.link_id} · {self.get_channel_display()} · {self.get_outcome_display()}"


# --- perpetrator programmes: safety information without a source ----------------------------------


class ConcernCategory(models.TextChoices):
    THREATS = "threats", _("Threats or intimidation")
    CONTACT_BREACH = "contact_breach", _("Contact against an order or agreement")
    CHILDREN = "children", _("Concerns about the children")
    CONTROLLING = "controlling", _("Controlling behaviour")
    ESCALATION = "escalation", _("Escalation")
    SUBSTANCES = "substances", _("Alcohol or drugs")
    OTHER = "other", _("Other")


class Urgency(models.TextChoices):
    ROUTINE = "routine", _("Routine: for the next session")
    SOON = "soon", _("Soon: before the next session")
    URGENT = "urgent", _("Urgent: act now")


class SafetyInformation(EncryptedModel):
    """What the programme reads: a concern about him in the partner-support service's words,
    and the day it was released. Nothing here points to her: no case, contact, author or time of
    writing (those are in SafetyInformationSource, on her side)."""

    enrolment = models.ForeignKey(
        Enrolment,
        on_delete=models.CASCADE,
        related_name="safety_information",
        verbose_name=_("enrolment"),
    )
    category = models.CharField(_("concern"), max_length=32, choices=ConcernCategory.choices)
    urgency = models.CharField(_("urgency"), max_length=16, choices=Urgency.choices)
    text = EncryptedTextField(_("in the partner-support service's words"), max_length=TEXT_MAX)
    released_on = models.DateField(_("released on"), null=True, blank=True)
    response = EncryptedTextField(
        _("what the programme did"), max_length=TEXT_MAX, blank=True, null=True
    )
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    responded_on = models.DateField(_("responded on"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("safety information")
        verbose_name_plural = _("safety information")
        # Never by creation: the order of rows is not to line up with her contacts.
        ordering = ["-released_on", "uid"]

    def __str__(self) -> str:
        return f"{_('safety information')} {self.uid}"


class SafetyInformationSource(models.Model):
    """Her side only: where an item came from and when it may be released."""

    item = models.OneToOneField(SafetyInformation, on_delete=models.CASCADE, related_name="source")
    link = models.ForeignKey(PartnerLink, on_delete=models.CASCADE, related_name="+")
    contact = models.ForeignKey(
        PartnerContact, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField()
    release_after = models.DateTimeField()

    class Meta:
        verbose_name = _("safety information source")
        verbose_name_plural = _("safety information sources")
        indexes = [models.Index(fields=["release_after"], name="safety_source_release")]

    def __str__(self) -> str:
        return f"{_('source')} {self.pk}"


# --- perpetrator programmes: compliance reports ---------------------------------------------------


class ComplianceReport(EncryptedModel):
    """A report to the mandating team for a period: attendance codes and status, nothing else
    (accord.programmes.compliance builds `content` from those rows only)."""

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    enrolment = models.ForeignKey(
        Enrolment,
        on_delete=models.CASCADE,
        related_name="compliance_reports",
        verbose_name=_("enrolment"),
    )
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    to_team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="+", verbose_name=_("delivered to")
    )
    protocol = models.ForeignKey(
        Protocol, on_delete=models.PROTECT, related_name="+", verbose_name=_("under the protocol")
    )
    content = models.JSONField(_("content"), default=dict)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    made_at = models.DateTimeField(_("made at"))

    class Meta:
        verbose_name = _("compliance report")
        verbose_name_plural = _("compliance reports")
        ordering = ["-made_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="compliance_period_order",
            ),
        ]

    def __str__(self) -> str:
        return self.reference
