"""Tenancy: organisation → service → team → membership → user (docs/product.md §3)."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from accord.core.fields import EncryptedTextField
from accord.core.models import EncryptedModel

country_code_validator = RegexValidator(
    r"^[A-Z]{2}$", _("Use the two-letter ISO 3166 country code, e.g. ES.")
)


def language_codes() -> list[tuple[str, str]]:
    return [(code, name) for code, name in settings.LANGUAGES]


class User(AbstractUser):
    is_service_account = models.BooleanField(
        _("service account"),
        default=False,
        help_text=_(
            "A machine client (e.g. a police system) that signs in with an API token only."
        ),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


# Bounds of a retention period: at least a year, and a century is already far past any law's.
RETENTION_YEARS_MIN = 1
RETENTION_YEARS_MAX = 100


class RetentionAction(models.TextChoices):
    """What happens to a person's record once all her cases have been closed long enough."""

    ANONYMISE = "anonymise", _("Anonymise (keep counts for statistics)")
    DELETE = "delete", _("Delete")


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    country = models.CharField(_("country"), max_length=2, validators=[country_code_validator])
    languages = models.JSONField(
        _("working languages"),
        default=list,
        blank=True,
        help_text=_("Language codes, e.g. es, en."),
    )
    default_language = models.CharField(
        _("default language"), max_length=8, choices=language_codes, default="en"
    )
    # Retention policy (accord.people.retention): how long a person's record stays after her
    # last case closed, and what happens to it then.
    retention_years = models.PositiveSmallIntegerField(
        _("keep closed records for (years)"),
        default=6,
        validators=[MinValueValidator(RETENTION_YEARS_MIN), MaxValueValidator(RETENTION_YEARS_MAX)],
        help_text=_(
            "A person's record is anonymised or deleted once all her cases have been closed for "
            "longer than this."
        ),
    )
    retention_action = models.CharField(
        _("after the retention period"),
        max_length=16,
        choices=RetentionAction.choices,
        default=RetentionAction.ANONYMISE,
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    retention_years__gte=RETENTION_YEARS_MIN,
                    retention_years__lte=RETENTION_YEARS_MAX,
                ),
                name="organisation_retention_years_range",
            ),
            models.CheckConstraint(
                condition=models.Q(retention_action__in=RetentionAction.values),
                name="organisation_retention_action_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ServiceKind(models.TextChoices):
    SURVIVOR_SUPPORT = "survivor_support", _("Survivor support")
    PARTNER_SUPPORT = "partner_support", _("Partner support")
    PERPETRATOR_PROGRAMME = "perpetrator_programme", _("Perpetrator programme")
    POLICE = "police", _("Police")
    PROBATION = "probation", _("Probation")
    CHILDRENS_SERVICES = "childrens_services", _("Children's services")
    SOCIAL_SERVICES = "social_services", _("Social services")
    HEALTH = "health", _("Health")
    HOUSING = "housing", _("Housing")
    COMMUNITY = "community", _("Community")
    NETWORK_HUB = "network_hub", _("Network hub")


class Service(EncryptedModel):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="services",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=ServiceKind.choices)
    public_phone = models.CharField(
        _("public phone"),
        max_length=40,
        blank=True,
        help_text=_("A helpline number that may be published."),
    )
    # Field class "location" (accord.access.fields): shown only on an explicit, audited reveal.
    confidential_address = EncryptedTextField(
        _("confidential address"),
        blank=True,
        null=True,
        help_text=_(
            "Where the service really is, e.g. a refuge. Encrypted, never published, shown only "
            "to the service's own staff on an audited reveal."
        ),
    )

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["organisation__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="service_unique_name"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"


class Team(models.Model):
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="teams", verbose_name=_("service")
    )
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["service__organisation__name", "service__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["service", "name"], name="team_unique_name"),
        ]

    def __str__(self) -> str:
        return f"{self.name} · {self.service.name}"


class Role(models.TextChoices):
    CASEWORKER = "caseworker", _("Caseworker")
    MANAGER = "manager", _("Manager")
    FACILITATOR = "facilitator", _("Facilitator")
    COORDINATOR = "coordinator", _("Conference coordinator")
    MENTOR = "mentor", _("Community mentor")
    DPO = "dpo", _("Data-protection officer")
    ANALYST = "analyst", _("Analyst")
    ADMIN = "admin", _("Organisation admin")


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("team")
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "team", "role"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}, {self.team}"
