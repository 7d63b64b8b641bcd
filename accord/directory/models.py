"""The service directory and cooperation protocols (docs/product.md §3, "Cooperation protocol").

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
from accord.accounts.models import Organisation, Service
from accord.core.fields import EncryptedTextField
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
        # The tables kept their names when the models left referrals (docs/decisions/0085).
        db_table = "referrals_directoryentry"
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
        # The tables kept their names when the models left referrals (docs/decisions/0085).
        db_table = "referrals_protocol"
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
        # The tables kept their names when the models left referrals (docs/decisions/0085).
        db_table = "referrals_protocolparty"
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
        # The tables kept their names when the models left referrals (docs/decisions/0085).
        db_table = "referrals_protocolflow"
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
