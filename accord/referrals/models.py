"""The service directory and cooperation protocols (DESIGN.md §3, "Cooperation protocol").

A directory entry says what a service offers and how to reach it; it holds no person data and
never the service's confidential address (that stays on accounts.Service, encrypted).

A protocol is the written agreement between organisations that referrals follow: which data
categories (accord.access.fields.FieldClass) may flow in which direction, from when to when,
signed by whom. Only `draft` and `active` are stored; whether an active protocol is in force on
a given day is computed from its dates (`state_on`), so it expires by itself at the end of its
last valid day without any job running.
"""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from accord.access.fields import FieldClass
from accord.accounts.models import Organisation, Service, Team
from accord.cases.models import CaseKind
from accord.core.fields import EncryptedJSONField, EncryptedTextField
from accord.core.models import EncryptedModel

TITLE_MAX = 200
TEXT_MAX = 2000
# The signed document: a PDF of at most this many bytes (a scanned, signed agreement).
DOCUMENT_MAX_BYTES = 5 * 1024 * 1024
DOCUMENT_CONTENT_TYPE = "application/pdf"
# Every PDF starts with this header (ISO 32000-1, 7.5.2); checked instead of trusting the
# browser's content type or the file name.
PDF_MAGIC = b"%PDF-"


class Offer(models.TextChoices):
    SHELTER = "shelter", _("Shelter")
    HELPLINE_24_7 = "helpline_24_7", _("24/7 helpline")
    COUNSELLING = "counselling", _("Counselling")
    LEGAL = "legal", _("Legal advice")
    PROGRAMME_FOR_MEN = "programme_for_men", _("Programme for men")
    CHILDRENS_THERAPY = "childrens_therapy", _("Children's therapy")
    EMPOWERMENT = "empowerment", _("Empowerment")
    INTERPRETING = "interpreting", _("Interpreting")
    OUTREACH = "outreach", _("Outreach")
    HOUSING_SUPPORT = "housing_support", _("Housing support")
    ADVOCACY = "advocacy", _("Advocacy")


class DirectoryEntry(models.Model):
    """What a service offers, for other agencies looking for where to refer."""

    service = models.OneToOneField(
        Service,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="directory_entry",
        verbose_name=_("service"),
    )
    offers = models.JSONField(_("offers"), default=list, blank=True)
    languages = models.JSONField(
        _("languages"), default=list, blank=True, help_text=_("Language codes, e.g. es, en.")
    )
    accessibility = models.TextField(
        _("accessibility"),
        max_length=TEXT_MAX,
        blank=True,
        help_text=_("Step-free access, hearing loop, sign language…"),
    )
    catchment = models.CharField(
        _("catchment"), max_length=200, blank=True, help_text=_("The area the service covers.")
    )
    how_to_refer = models.TextField(_("how to refer"), max_length=TEXT_MAX, blank=True)
    accepts_self_referrals = models.BooleanField(_("accepts self-referrals"), default=False)
    # Which kinds of case (accord.cases.models.CaseKind) a referral to this service may open
    # there: the later referral work offers only these on acceptance.
    accepted_case_kinds = models.JSONField(
        _("case kinds a referral may open"), default=list, blank=True
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )

    class Meta:
        verbose_name = _("directory entry")
        verbose_name_plural = _("directory entries")

    def __str__(self) -> str:
        return str(self.service)

    @property
    def offer_labels(self) -> list[str]:
        labels = dict(Offer.choices)
        return [str(labels.get(offer, offer)) for offer in self.offers]


class ProtocolStatus(models.TextChoices):
    """What is stored. Expiry is not stored: see ProtocolState."""

    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")


class ProtocolState(models.TextChoices):
    """A protocol's state on a given day (Protocol.state_on)."""

    DRAFT = "draft", _("Draft")
    NOT_YET_VALID = "not_yet_valid", _("Not yet valid")
    ACTIVE = "active", _("Active")
    EXPIRED = "expired", _("Expired")


class Protocol(EncryptedModel):
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    status = models.CharField(
        _("status"), max_length=16, choices=ProtocolStatus.choices, default=ProtocolStatus.DRAFT
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(
        _("valid to"),
        null=True,
        blank=True,
        help_text=_("The last day the protocol is in force; empty while it runs on."),
    )
    response_working_days = models.PositiveSmallIntegerField(
        _("days to answer a referral (working days)"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    # The signed agreement, base64 of the PDF's bytes, encrypted at rest like any disclosure:
    # it names the signatories and may describe local arrangements.
    document = EncryptedTextField(_("signed document"), null=True, blank=True)
    document_name = models.CharField(_("document file name"), max_length=200, blank=True)
    document_content_type = models.CharField(_("document content type"), max_length=100, blank=True)
    # Optimistic locking (accord.core.locking): every write sends the version it read.
    version = models.PositiveIntegerField(default=1, editable=False)
    # Empty when the platform drafted it (the demo, a command).
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("cooperation protocol")
        verbose_name_plural = _("cooperation protocols")
        ordering = ["title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=ProtocolStatus.values),
                name="protocol_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_from__isnull=False, valid_to__gte=models.F("valid_from")),
                name="protocol_valid_to_after_from",
            ),
            # Nothing is active without a start date.
            models.CheckConstraint(
                condition=~models.Q(status=ProtocolStatus.ACTIVE)
                | models.Q(valid_from__isnull=False),
                name="protocol_active_has_valid_from",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def state_on(self, day: datetime.date) -> ProtocolState:
        """Draft, not yet valid, active or expired on `day`. `valid_to` is the last day in
        force: from the next day on (midnight, local time) the protocol is expired."""
        if self.status == ProtocolStatus.DRAFT or self.valid_from is None:
            return ProtocolState.DRAFT
        if day < self.valid_from:
            return ProtocolState.NOT_YET_VALID
        if self.valid_to is not None and self.valid_to < day:
            return ProtocolState.EXPIRED
        return ProtocolState.ACTIVE

    @property
    def has_document(self) -> bool:
        # The name is set with the document: no need to decrypt the document to know.
        return bool(self.document_name)


class ProtocolParty(models.Model):
    protocol = models.ForeignKey(
        Protocol, on_delete=models.CASCADE, related_name="parties", verbose_name=_("protocol")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="protocol_parties",
        verbose_name=_("organisation"),
    )
    signatory_name = models.CharField(_("signatory"), max_length=200, blank=True)
    signatory_role = models.CharField(_("signatory's role"), max_length=200, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("protocol party")
        verbose_name_plural = _("protocol parties")
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["protocol", "organisation"], name="protocol_party_unique"
            ),
            # Signed means: by someone named, on a day.
            models.CheckConstraint(
                condition=models.Q(signed_on__isnull=True) | ~models.Q(signatory_name=""),
                name="protocol_party_signed_by_someone",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.protocol}"

    @property
    def signed(self) -> bool:
        return self.signed_on is not None


class ProtocolFlow(models.Model):
    """What may flow in one direction: FieldClass values (identity, contact, location,
    disclosure, risk, programme status…). No row for a direction means nothing flows."""

    protocol = models.ForeignKey(
        Protocol, on_delete=models.CASCADE, related_name="flows", verbose_name=_("protocol")
    )
    from_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("from")
    )
    to_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("to")
    )
    categories = models.JSONField(_("data categories"), default=list)

    class Meta:
        verbose_name = _("protocol data flow")
        verbose_name_plural = _("protocol data flows")
        ordering = ["from_organisation__name", "to_organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["protocol", "from_organisation", "to_organisation"],
                name="protocol_flow_unique_direction",
            ),
            models.CheckConstraint(
                condition=~models.Q(from_organisation=models.F("to_organisation")),
                name="protocol_flow_between_two",
            ),
        ]
        indexes = [
            models.Index(
                fields=["from_organisation", "to_organisation"], name="protocol_flow_direction"
            )
        ]

    def __str__(self) -> str:
        return f"{self.from_organisation} → {self.to_organisation}"

    @property
    def category_labels(self) -> list[str]:
        labels = dict(FieldClass.choices)
        return [str(labels.get(category, category)) for category in self.categories]


# --- referrals (DESIGN.md §3 "Referral", §4.4) --------------------------------------------------

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
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["team", "read_at", "created_at"], name="notification_inbox")
        ]
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
