"""The network layer: indicator definitions (reference data), the locality's period reports
(protected tables, prepared and approved by two people), and, on a hub, its members and the
tables they submitted. Nothing here is about a person: a report holds counts only."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accord.accounts.models import Organisation, country_code_validator


class Standard(models.TextChoices):
    EIGE = "eige", _("EIGE indicators on intimate partner violence (police and justice)")
    GBVIMS = "gbvims", _("GBVIMS core incident types")
    ISTANBUL = "istanbul_art_11", _("Istanbul Convention, Article 11 breakdowns")
    ACCORD = "accord", _("Accord's own indicators")


class Unit(models.TextChoices):
    PERSONS = "persons", _("persons")
    INCIDENTS = "incidents", _("incidents")
    REFERRALS = "referrals", _("referrals")


class Counting(models.TextChoices):
    """How a year's figure relates to its quarters' (what an attacker may add up)."""

    EVENTS = "events", _("Events: a year is the sum of its quarters")
    PERSONS = "persons", _("Persons counted once: a year is at most the sum of its quarters")
    STOCK = "stock", _("At the end of the period: a year is its last quarter")


class IndicatorDefinition(models.Model):
    """One version of an agreed indicator, loaded from a definitions file
    (accord/network/indicators/*.yaml, `manage.py load_indicators`). A changed definition is a
    new version; submissions name the version they were computed with."""

    slug = models.SlugField(_("identifier"), max_length=60)
    version = models.PositiveIntegerField(_("version"))
    label = models.JSONField(_("label"), help_text=_("The label in each language."))
    description = models.JSONField(_("description"), default=dict, blank=True)
    unit = models.CharField(_("unit"), max_length=16, choices=Unit.choices)
    counting = models.CharField(_("counting"), max_length=16, choices=Counting.choices)
    standard = models.CharField(_("standard"), max_length=24, choices=Standard.choices)
    reference = models.CharField(_("reference in the standard"), max_length=200, blank=True)
    dimensions = models.JSONField(_("disaggregations"), default=list, blank=True)
    available = models.BooleanField(
        _("computed here"),
        default=True,
        help_text=_("Unavailable: defined, but this installation does not hold the data yet."),
    )
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("indicator definition")
        verbose_name_plural = _("indicator definitions")
        ordering = ["slug", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "version"], name="indicator_unique_version"),
            models.CheckConstraint(
                condition=models.Q(unit__in=Unit.values), name="indicator_unit_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(standard__in=Standard.values), name="indicator_standard_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(counting__in=Counting.values), name="indicator_counting_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.slug} v{self.version}"

    @property
    def title(self) -> str:
        language = (translation.get_language() or "en").split("-")[0]
        return self.label.get(language) or self.label.get("en") or self.slug


class PartnershipModel(models.TextChoices):
    """How a member works with victim support (the patterns of WWP EN's members)."""

    COMBINED = "combined", _("Programme and victim support in one organisation")
    ESTABLISHED = "established", _("Established partnership with victim support")
    REFERRAL = "referral", _("Programme with referral to victim support")
    WOMENS_INITIATIVE = "womens_initiative", _("Programme started by a women's organisation")
    UMBRELLA = "umbrella", _("Umbrella organisation")


class Member(models.Model):
    """A member organisation in the hub's directory. Its page is kept by the admins of its
    organisation on the hub; its service account submits its tables."""

    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200, unique=True)
    country = models.CharField(_("country"), max_length=2, validators=[country_code_validator])
    city = models.CharField(_("city"), max_length=100, blank=True)
    services = models.JSONField(_("services"), default=list, blank=True)
    partnership_model = models.CharField(
        _("partnership model"), max_length=24, choices=PartnershipModel.choices
    )
    description = models.TextField(_("about"), max_length=2000, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    member_since = models.DateField(_("member since"))
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="network_members",
        verbose_name=_("kept by organisation"),
    )
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="network_member",
        verbose_name=_("submitting service account"),
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(partnership_model__in=PartnershipModel.values),
                name="member_partnership_model_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ReportStatus(models.TextChoices):
    PREPARED = "prepared", _("Prepared, waiting for approval")
    APPROVED = "approved", _("Approved, not yet received by the hub")
    SUBMITTED = "submitted", _("Received by the hub")
    SUPERSEDED = "superseded", _("Replaced by a newer preparation")


class Report(models.Model):
    """A period's protected tables at the locality, exactly as they are sent. Prepared by an
    analyst, approved by a second person, then sent; preparing the period again supersedes
    this one and keeps it as history."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    period = models.CharField(_("period"), max_length=7)
    status = models.CharField(
        _("status"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.PREPARED
    )
    tables = models.JSONField(_("tables"))
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    prepared_at = models.DateTimeField(_("prepared at"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("received by the hub at"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("sending attempts"), default=0)
    last_error = models.TextField(_("last sending error"), blank=True)
    receipt = models.JSONField(_("hub's receipt"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("period report")
        verbose_name_plural = _("period reports")
        ordering = ["-period", "-prepared_at"]
        indexes = [models.Index(fields=["period", "status"], name="report_period_status")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=ReportStatus.values), name="report_status_valid"
            ),
            models.CheckConstraint(
                condition=~models.Q(approved_by=models.F("prepared_by")),
                name="report_four_eyes",
            ),
        ]

    def __str__(self) -> str:
        return f"report {self.period} ({self.status})"


class Submission(models.Model):
    """One indicator table a member sent for a period, as the hub received it. A resubmission
    with different figures is a new revision; the earlier ones stay as history."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="submissions")
    period = models.CharField(_("period"), max_length=7)
    indicator = models.ForeignKey(
        IndicatorDefinition, on_delete=models.PROTECT, related_name="submissions"
    )
    cells = models.JSONField(_("cells"))
    digest = models.CharField(max_length=64)
    revision = models.PositiveIntegerField(_("revision"), default=1)
    current = models.BooleanField(_("current"), default=True)
    report_uid = models.UUIDField(_("locality's report"), null=True, blank=True)
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["member__name", "period", "indicator__slug", "-revision"]
        indexes = [
            models.Index(fields=["indicator", "period", "current"], name="submission_lookup"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "period", "indicator", "revision"],
                name="submission_unique_revision",
            ),
            models.UniqueConstraint(
                fields=["member", "period", "indicator"],
                condition=models.Q(current=True),
                name="submission_one_current",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.period} {self.indicator} r{self.revision}"


# --- the barometer -----------------------------------------------------------------------------


class ScoringScheme(models.Model):
    """One version of the barometer's scoring, loaded from a scoring file
    (accord/network/barometer/*.yaml): its measures, their targets, directions and weights. A
    changed scheme is a new version; a ranking names the version it was scored with."""

    slug = models.SlugField(_("identifier"), max_length=60)
    version = models.PositiveIntegerField(_("version"))
    label = models.JSONField(_("label"), help_text=_("The label in each language."))
    measures = models.JSONField(_("measures"))
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("scoring scheme")
        verbose_name_plural = _("scoring schemes")
        ordering = ["slug", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "version"], name="scoring_unique_version"),
        ]

    def __str__(self) -> str:
        return f"{self.slug} v{self.version}"

    @property
    def title(self) -> str:
        language = (translation.get_language() or "en").split("-")[0]
        return self.label.get(language) or self.label.get("en") or self.slug


class AreaKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    REGION = "region", _("Region")


class Area(models.Model):
    """A municipality or region the barometer ranks: a place with inhabitants, never a person."""

    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    country = models.CharField(_("country"), max_length=2, validators=[country_code_validator])
    kind = models.CharField(_("kind"), max_length=16, choices=AreaKind.choices)
    member = models.ForeignKey(
        Member,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="areas",
        verbose_name=_("member working there"),
    )

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["country", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=AreaKind.values), name="area_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class AreaReturn(models.Model):
    """An area's figures for a year, as the scoring scheme's measures ask for them (a count, a
    share as [achieved, required], or days), with its population that year. Recording the year
    again replaces the figures (optimistic locking)."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="returns")
    year = models.PositiveIntegerField(_("year"))
    population = models.PositiveIntegerField(_("inhabitants"))
    figures = models.JSONField(_("figures"))
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("area return")
        verbose_name_plural = _("area returns")
        ordering = ["area__name", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["area", "year"], name="area_return_one_a_year"),
            models.CheckConstraint(
                condition=models.Q(population__gt=0), name="area_return_has_inhabitants"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area} {self.year}"
