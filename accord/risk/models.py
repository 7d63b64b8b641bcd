"""Risk instruments (loaded from data files) and the assessments answered with them."""

from functools import cached_property

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accord.accounts.models import Organisation
from accord.cases.models import Case, Occasion
from accord.cases.risk_levels import RiskLevel
from accord.core.fields import EncryptedJSONField, EncryptedTextField
from accord.core.models import EncryptedModel
from accord.risk.definition import Instrument as Definition
from accord.risk.loader import from_data


class Instrument(models.Model):
    """One version of an instrument file, validated and stored as data. Versions are never
    edited: a changed file is loaded as a new version, so every assessment keeps the wording
    it was answered with."""

    # Empty for the instruments Accord ships; an organisation's own (e.g. a licensed official
    # checklist) is available to its services only.
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="instruments",
        verbose_name=_("organisation"),
    )
    slug = models.SlugField(_("slug"), max_length=64)
    version = models.CharField(_("version"), max_length=32)
    title = models.CharField(_("title"), max_length=200)
    definition = models.JSONField(_("definition"))
    # The file as loaded, for the record of what was approved.
    source = models.TextField(_("source file"))
    active = models.BooleanField(_("offered for new assessments"), default=True)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    loaded_at = models.DateTimeField(_("loaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("risk instrument")
        verbose_name_plural = _("risk instruments")
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "version"],
                condition=Q(organisation__isnull=True),
                name="instrument_shipped_version_unique",
            ),
            models.UniqueConstraint(
                fields=["organisation", "slug", "version"],
                condition=Q(organisation__isnull=False),
                name="instrument_own_version_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.version})"

    @cached_property
    def spec(self) -> Definition:
        return from_data(self.definition)

    @property
    def shown_title(self) -> str:
        """Its title in the reader's language, from the file's own translations."""
        return self.spec.text("title", translation.get_language() or settings.LANGUAGE_CODE)


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    COMPLETE = "complete", _("Complete")


class Assessment(EncryptedModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assessments")
    instrument = models.ForeignKey(
        Instrument, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("form")
    )
    occasion = models.CharField(
        _("occasion"), max_length=32, choices=Occasion.choices, default=Occasion.FIRST
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=AssessmentStatus.choices,
        default=AssessmentStatus.DRAFT,
    )
    # Her answers are what she disclosed: encrypted like a note.
    answers = EncryptedJSONField(_("answers"), default=dict, blank=True)
    assessed_on = models.DateField(_("assessed on"))
    score = models.PositiveIntegerField(_("score"), null=True, blank=True)
    computed_level = models.CharField(
        _("level from the answers"), max_length=16, choices=RiskLevel.choices, blank=True
    )
    judgement_level = models.CharField(
        _("level by professional judgement"), max_length=16, choices=RiskLevel.choices, blank=True
    )
    judgement_reason = EncryptedTextField(_("reason for the judgement"), blank=True, null=True)
    level = models.CharField(_("level"), max_length=16, choices=RiskLevel.choices, blank=True)
    flags = models.JSONField(_("red flags"), default=list, blank=True)
    next_review_on = models.DateField(_("next review"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("risk assessment")
        verbose_name_plural = _("risk assessments")
        indexes = [models.Index(fields=["case", "assessed_on"], name="assessment_case_date")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | ~Q(level="") & Q(completed_at__isnull=False),
                name="assessment_complete_has_level",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} · {self.instrument.title} · {self.assessed_on}"

    @property
    def is_complete(self) -> bool:
        return self.status == AssessmentStatus.COMPLETE
