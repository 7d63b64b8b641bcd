"""Multi-agency risk conferences (MARAC-style): the conference and its member agencies, its
meetings, the cases referred to it, what each agency brings, the minutes and the actions.

A member agency never reaches the referring agency's case: it reads the referral, a snapshot of
what the rule table's "risk conference member" column allows (identity, risk level and summary,
never contact or location), and only while the case is on the agenda of an open meeting
(accord/conferences/access.py).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accord.accounts.models import Team
from accord.cases.risk_levels import ConferenceCriterion, RiskLevel
from accord.core.fields import EncryptedJSONField, EncryptedTextField
from accord.core.models import EncryptedModel

TEXT_MAX = 4000
REASON_MAX = 2000


class Conference(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    area = models.CharField(_("area"), max_length=200)
    # The team that runs it: its members with the coordinator role build the agenda.
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="+", verbose_name=_("coordinating team")
    )
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("chair"),
    )
    # An RFC 5545 recurrence rule (python-dateutil), e.g. "FREQ=MONTHLY;BYDAY=+2TU".
    schedule = models.CharField(_("schedule (recurrence rule)"), max_length=200)
    first_meeting_at = models.DateTimeField(_("first meeting"))
    time_zone = models.CharField(_("time zone"), max_length=64, default="Europe/London")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("risk conference")
        verbose_name_plural = _("risk conferences")

    def __str__(self) -> str:
        return self.name


class ConferenceMember(models.Model):
    """A member agency: one of its teams, with the person who represents it."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="members")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+")
    representative = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("representative"),
    )

    class Meta:
        verbose_name = _("member agency")
        verbose_name_plural = _("member agencies")
        constraints = [
            models.UniqueConstraint(fields=["conference", "team"], name="conference_member_once")
        ]

    def __str__(self) -> str:
        return f"{self.conference} · {self.team}"


class MeetingKind(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    EMERGENCY = "emergency", _("Emergency")


class MeetingStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Meeting(models.Model):
    conference = models.ForeignKey(Conference, on_delete=models.PROTECT, related_name="meetings")
    starts_at = models.DateTimeField(_("starts at"))
    kind = models.CharField(
        _("kind"), max_length=16, choices=MeetingKind.choices, default=MeetingKind.SCHEDULED
    )
    status = models.CharField(
        _("status"), max_length=16, choices=MeetingStatus.choices, default=MeetingStatus.OPEN
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [models.Index(fields=["conference", "starts_at"], name="meeting_conf_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="closed", closed_at__isnull=False) | Q(status="open"),
                name="meeting_closed_has_time",
            )
        ]

    def __str__(self) -> str:
        return f"{self.conference} · {self.starts_at:%Y-%m-%d}"


class ConfidentialityAcceptance(models.Model):
    """One attendee accepted the confidentiality statement for one meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="acceptances")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    accepted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("confidentiality statement accepted")
        verbose_name_plural = _("confidentiality statements accepted")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="confidentiality_once")
        ]

    def __str__(self) -> str:
        return f"{self.meeting} · {self.user_id}"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    APOLOGIES = "apologies", _("Apologies")
    INFORMATION_ONLY = "information_only", _("Information only")


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("attendance"), max_length=20, choices=AttendanceStatus.choices)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "team"], name="meeting_attendance_once")
        ]

    def __str__(self) -> str:
        return f"{self.meeting} · {self.team}"


# The three criteria the risk picture computes (accord.cases.risk_levels) and the fourth, which
# belongs to the conference: she was referred within the repeat window before.
REPEAT = "repeat"


def criterion_label(value: str) -> str:
    if value == REPEAT:
        return str(_("Repeat referral"))
    return str(ConferenceCriterion(value).label)


def risk_level_label(value: str) -> str:
    return str(RiskLevel(value).label) if value else ""


class ConferenceReferralStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    LISTED = "listed", _("On the agenda")
    HEARD = "heard", _("Heard")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    TRANSFERRED = "transferred", _("Transferred out")


OPEN_REFERRAL_STATUSES = (ConferenceReferralStatus.RECEIVED, ConferenceReferralStatus.LISTED)


class ConferenceReferral(EncryptedModel):
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    conference = models.ForeignKey(Conference, on_delete=models.PROTECT, related_name="referrals")
    # Goes with her case (erasure, retention: accord.people.retention.CASE_RECORDS).
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="conference_referrals"
    )
    referring_team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="+", verbose_name=_("referring agency")
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("listed for"),
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ConferenceReferralStatus.choices,
        default=ConferenceReferralStatus.RECEIVED,
    )
    criteria = models.JSONField(_("criteria"), default=list)
    judgement_reason = EncryptedTextField(
        _("why, in your professional judgement"), blank=True, null=True, max_length=REASON_MAX
    )
    # Keyed hash of her identity for this purpose only (accord.conferences.services): another
    # agency's referral of the same woman matches without either learning the other's record.
    identity_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    is_repeat = models.BooleanField(_("repeat"), default=False)
    # The snapshot a member reads: what the rule table allows the conference, nothing else.
    shared = EncryptedJSONField(_("what is shared"), default=dict)
    risk_level = models.CharField(_("risk level"), max_length=16, blank=True)
    risk_summary = EncryptedTextField(_("risk summary"), blank=True, null=True, max_length=TEXT_MAX)
    children_in_household = models.PositiveSmallIntegerField(_("children in the household"))
    consent = models.ForeignKey(
        "people.Consent", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    shared_without_consent = models.BooleanField(_("shared without consent"), default=False)
    override_reason = EncryptedTextField(
        _("why without her consent"), blank=True, null=True, max_length=REASON_MAX
    )
    transferred_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    referred_at = models.DateTimeField(_("referred at"))
    closing_reason = EncryptedTextField(
        _("why withdrawn or transferred"), blank=True, null=True, max_length=REASON_MAX
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("conference referral")
        verbose_name_plural = _("conference referrals")
        indexes = [
            models.Index(fields=["conference", "status"], name="confref_conf_status"),
            models.Index(fields=["identity_index", "referred_at"], name="confref_identity"),
            models.Index(fields=["meeting", "status"], name="confref_meeting"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(shared_without_consent=False) | Q(consent__isnull=True),
                name="confref_override_has_no_consent",
            )
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def criteria_labels(self) -> list[str]:
        return [criterion_label(value) for value in self.criteria]

    @property
    def risk_level_label(self) -> str:
        return risk_level_label(self.risk_level)


class Research(EncryptedModel):
    """What one member agency holds on one case before the meeting."""

    referral = models.ForeignKey(
        ConferenceReferral, on_delete=models.CASCADE, related_name="research"
    )
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+")
    summary = EncryptedTextField(_("what we hold"), max_length=TEXT_MAX)
    involvement = EncryptedTextField(
        _("our involvement"), blank=True, null=True, max_length=TEXT_MAX
    )
    risks_known = EncryptedTextField(
        _("risks we know of"), blank=True, null=True, max_length=TEXT_MAX
    )
    # Recorded by her advocate (a survivor-support member) only.
    views_and_wishes = EncryptedTextField(
        _("her views and wishes"), blank=True, null=True, max_length=TEXT_MAX
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("research")
        verbose_name_plural = _("research")
        constraints = [
            models.UniqueConstraint(fields=["referral", "team"], name="research_once_per_team")
        ]

    def __str__(self) -> str:
        return f"{self.referral} · {self.team}"


class Minute(EncryptedModel):
    """The minute of one case at one meeting, for the teams on its distribution only."""

    referral = models.OneToOneField(
        ConferenceReferral, on_delete=models.CASCADE, related_name="minute"
    )
    text = EncryptedTextField(_("minute"), max_length=TEXT_MAX)
    distribution = models.ManyToManyField(Team, related_name="+", verbose_name=_("distribution"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("minute")
        verbose_name_plural = _("minutes")

    def __str__(self) -> str:
        return f"{self.referral}"


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    NOT_DONE_CHANGED = "not_done_changed", _("Not done — circumstances changed")
    NOT_DONE_NO_ACTION = "not_done_no_action", _("Not done — the agency did not act")


class Action(EncryptedModel):
    """A SMART action agreed at a meeting for one case: which agency, who, what, by when."""

    referral = models.ForeignKey(
        ConferenceReferral, on_delete=models.CASCADE, related_name="actions"
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )
    owner = EncryptedTextField(_("owner"), max_length=200)
    what = EncryptedTextField(_("what"), max_length=TEXT_MAX)
    due_on = models.DateField(_("due"))
    status = models.CharField(
        _("status"), max_length=24, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    closed_at_meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="closed_actions"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        indexes = [models.Index(fields=["team", "status", "due_on"], name="action_team_due")]

    def __str__(self) -> str:
        return f"{self.referral} · {self.due_on}"
