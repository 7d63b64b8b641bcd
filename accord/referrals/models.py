"""Referrals between services and team notices (docs/product.md §3 "Referral", §4.4).

A referral is sent under the cooperation protocol in force between the two organisations
(accord.directory.models.Protocol) and carries only the categories that protocol lets flow.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accord.access.fields import FieldClass
from accord.accounts.models import Service, Team
from accord.cases.models import CaseKind
from accord.core.fields import EncryptedJSONField, EncryptedTextField
from accord.core.models import EncryptedModel
from accord.directory.models import Protocol
from accord.people.models import ConsentGiver

REASON_MAX = 2000


class ReferralStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# A referral in one of these holds its place: a second one of the same case to the same service
# is a duplicate.
OPEN_STATUSES = (ReferralStatus.DRAFT, ReferralStatus.SENT, ReferralStatus.ACCEPTED)


class DeclineReason(models.TextChoices):
    OUTSIDE_CRITERIA = "outside_criteria", _("Outside the service's criteria")
    NO_CAPACITY = "no_capacity", _("No capacity at present")
    OUT_OF_AREA = "out_of_area", _("Outside the area covered")
    PERSON_DECLINED = "person_declined", _("The person did not want the service")
    ALREADY_KNOWN = "already_known", _("Already supported here")
    OTHER = "other", _("Other (see the note)")


class Referral(EncryptedModel):
    """A referral from a team to a service. What leaves the sender is `payload`, a snapshot of
    exactly the categories the protocol in force allowed on the day it was sent (`categories`);
    the receiver never reads the sender's case itself. The payload is cleared (None) when the
    referral is declined, withdrawn or closed: the receiver then holds nothing of the sender's,
    only its own case if it accepted."""

    # Says nothing about the person (accord.core.references).
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    from_team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="referrals_sent", verbose_name=_("from team")
    )
    # Empty for a referral that came in through the API from a statutory agency's system.
    # Erasing her case erases what was referred from it (accord.people.retention.CASE_RECORDS).
    from_case = models.ForeignKey(
        "cases.Case",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="referrals_sent",
        verbose_name=_("from case"),
    )
    to_service = models.ForeignKey(
        Service,
        on_delete=models.PROTECT,
        related_name="referrals_received",
        verbose_name=_("to service"),
    )
    case_kind = models.CharField(_("kind of case to open"), max_length=32, choices=CaseKind.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=ReferralStatus.choices, default=ReferralStatus.DRAFT
    )
    # Why she is referred, in the sender's words: a disclosure, sent only if the flow allows it.
    summary = EncryptedTextField(
        _("why the referral"), max_length=REASON_MAX, blank=True, null=True
    )
    protocol = models.ForeignKey(
        Protocol,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("protocol"),
    )
    categories = models.JSONField(_("data categories sent"), default=list, blank=True)
    payload = EncryptedJSONField(_("what was sent"), null=True, blank=True)
    # Her consent it was sent on. Erasing her record erases her referrals with her cases; the
    # link only clears so that the order of that deletion never matters.
    consent = models.ForeignKey(
        "people.Consent",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("consent"),
    )
    # An inbound referral's sender states that it holds her consent, and since when.
    consent_stated_on = models.DateField(
        _("consent held by the sender since"), null=True, blank=True
    )
    # Set when a consent it was sent on (for a child: the caregiver's consent or the child's
    # own assent) is withdrawn, so that both sides read it on the referral from then on.
    consent_withdrawn_at = models.DateTimeField(_("consent withdrawn at"), null=True, blank=True)
    consent_withdrawn_by_giver = models.CharField(
        _("whose consent was withdrawn"),
        max_length=16,
        choices=ConsentGiver.choices,
        blank=True,
    )
    override = models.BooleanField(_("sent without consent (serious risk to life)"), default=False)
    override_reason = EncryptedTextField(
        _("why without consent"), max_length=REASON_MAX, blank=True, null=True
    )
    due_on = models.DateField(_("answer due by"), null=True, blank=True)
    decline_reason = models.CharField(
        _("why declined"), max_length=32, choices=DeclineReason.choices, blank=True
    )
    decline_note = EncryptedTextField(
        _("note on the decline"), max_length=REASON_MAX, blank=True, null=True
    )
    # The receiver's own case, opened on acceptance; it stays the receiver's if the sender's
    # record is erased (and the other way round).
    receiver_case = models.ForeignKey(
        "cases.Case",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrals_received",
        verbose_name=_("receiver's case"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # Set once the daily run has told both sides that the answer is late: it tells them once.
    overdue_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["to_service", "status"], name="referral_to_status"),
            models.Index(fields=["from_team", "status"], name="referral_from_status"),
            models.Index(fields=["status", "due_on"], name="referral_status_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=ReferralStatus.values), name="referral_status_valid"
            ),
            # One open referral of a case to a service.
            models.UniqueConstraint(
                fields=["from_case", "to_service"],
                condition=models.Q(status__in=OPEN_STATUSES),
                name="referral_one_open_per_case_and_service",
            ),
            # Sent means: under a protocol, with a deadline, on consent or an override.
            models.CheckConstraint(
                condition=models.Q(status=ReferralStatus.DRAFT)
                | models.Q(protocol__isnull=False, due_on__isnull=False, sent_at__isnull=False)
                | models.Q(status=ReferralStatus.WITHDRAWN, sent_at__isnull=True),
                name="referral_sent_has_protocol",
            ),
            models.CheckConstraint(
                condition=models.Q(override=False) | models.Q(override_reason__isnull=False),
                name="referral_override_has_reason",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=ReferralStatus.DECLINED) | ~models.Q(decline_reason=""),
                name="referral_declined_has_reason",
            ),
            # Nothing of the sender's stays with a referral that is over.
            models.CheckConstraint(
                condition=~models.Q(
                    status__in=[
                        ReferralStatus.DECLINED,
                        ReferralStatus.WITHDRAWN,
                        ReferralStatus.CLOSED,
                    ]
                )
                | models.Q(payload__isnull=True),
                name="referral_over_holds_no_payload",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def is_overdue_on(self, day: datetime.date) -> bool:
        """Still unanswered after its last day."""
        return self.status == ReferralStatus.SENT and self.due_on is not None and self.due_on < day

    @property
    def category_labels(self) -> list[str]:
        labels = dict(FieldClass.choices)
        return [str(labels.get(category, category)) for category in self.categories]


class NotificationKind(models.TextChoices):
    NEW_REFERRAL = "new_referral", _("New referral")
    ACCEPTED = "accepted", _("Referral accepted")
    DECLINED = "declined", _("Referral declined")
    OVERDUE = "overdue", _("Referral overdue")
    WITHDRAWN = "withdrawn", _("Referral withdrawn")
    CLOSED = "closed", _("Referral closed")
    CONSENT_WITHDRAWN = "consent_withdrawn", _("Consent withdrawn")
    # His programme status changed (accord.programmes): for the teams of her cases.
    PROGRAMME_DROPPED_OUT = "programme_dropped_out", _("Programme: he dropped out")
    PROGRAMME_EXCLUDED = "programme_excluded", _("Programme: he was excluded")
    PROGRAMME_BREACH = "programme_breach", _("Programme: breach review")
    PROGRAMME_ABSENCES = "programme_absences", _("Programme: unacceptable absences")
    PROGRAMME_COMPLETED = "programme_completed", _("Programme: he completed it")
    PROGRAMME_TRANSFERRED = "programme_transferred", _("Programme: he was transferred")


class Notification(models.Model):
    """One line in a team's inbox. It says what happened to which referral, by its reference
    and organisations, or that the programme status of the man in the household of one of the
    team's cases changed, by the case's reference; never anything about the person: the same
    words go out by e-mail."""

    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("team")
    )
    kind = models.CharField(_("kind"), max_length=32, choices=NotificationKind.choices)
    referral = models.ForeignKey(
        Referral,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("referral"),
    )
    # The team's own case a programme-status notice is about (her case, never his).
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("case"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["team", "created_at"], name="notification_team_time")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=NotificationKind.values), name="notification_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(referral__isnull=False, case__isnull=True)
                | models.Q(referral__isnull=True, case__isnull=False),
                name="notification_about_one_thing",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.referral_id or self.case_id}"


class NotificationRead(models.Model):
    """That one reader has read one notice: read and unread are each worker's own, since a
    colleague's having read it says nothing of whether she has."""

    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, related_name="reads", verbose_name=_("notification")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    read_at = models.DateTimeField(_("read at"), auto_now_add=True)

    class Meta:
        verbose_name = _("notification read")
        verbose_name_plural = _("notifications read")
        constraints = [
            models.UniqueConstraint(fields=["notification", "user"], name="notification_read_once"),
        ]

    def __str__(self) -> str:
        return f"{self.notification_id} · {self.user_id}"
