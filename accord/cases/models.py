"""Cases and what happens in them: incidents, notes and contacts, tasks (docs/product.md §3)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from accord.accounts.models import Team
from accord.cases.risk_levels import ConferenceCriterion, RiskLevel
from accord.core.fields import EncryptedTextField
from accord.core.models import EncryptedModel
from accord.core.references import REFERENCE_MAX_LENGTH
from accord.people.models import Household, Person


class CaseKind(models.TextChoices):
    SURVIVOR_SUPPORT = "survivor_support", _("Survivor support")
    PARTNER_SUPPORT = "partner_support", _("Partner support")
    PERPETRATOR_PROGRAMME = "perpetrator_programme", _("Perpetrator programme")
    CHILD = "child", _("Child")


# The survivor side of the information barrier (docs/product.md §4.1).
SURVIVOR_SIDE_KINDS = frozenset(
    {CaseKind.SURVIVOR_SUPPORT, CaseKind.PARTNER_SUPPORT, CaseKind.CHILD}
)


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ON_HOLD = "on_hold", _("On hold")
    CLOSED = "closed", _("Closed")


class ClosureReason(models.TextChoices):
    SUPPORT_COMPLETED = "support_completed", _("Support completed")
    DISENGAGED = "disengaged", _("She/he stopped engaging")
    MOVED_AWAY = "moved_away", _("Moved away")
    TRANSFERRED = "transferred", _("Transferred to another service")
    PROGRAMME_COMPLETED = "programme_completed", _("Programme completed")
    DROPPED_OUT = "dropped_out", _("Dropped out")
    EXCLUDED = "excluded", _("Excluded")
    OTHER = "other", _("Other")


class Case(EncryptedModel):
    # Says nothing about the person: safe on a letter, a screen behind her, a phone call.
    reference = models.CharField(_("reference"), max_length=REFERENCE_MAX_LENGTH, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=CaseKind.choices)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="cases")
    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, null=True, blank=True, related_name="cases"
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="cases", verbose_name=_("owning team")
    )
    key_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="key_cases",
        verbose_name=_("key worker"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    closure_reason = models.CharField(
        _("closure reason"), max_length=32, choices=ClosureReason.choices, blank=True
    )
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    # Kept by the risk services from the latest completed assessments (accord/risk/).
    risk_level = models.CharField(
        _("risk level"), max_length=16, choices=RiskLevel.choices, blank=True
    )
    risk_review_on = models.DateField(_("next risk review"), null=True, blank=True)
    # Why the case meets the criteria for referral to a risk conference (high risk, professional
    # judgement, escalation); empty when it does not. The conference work reads and clears it.
    conference_criteria = models.JSONField(
        _("risk conference criteria met"), default=list, blank=True
    )
    # The red flags of the current assessments (accord/risk/triggers.py), each as its label in
    # every language of the site, so that the case page prints them without reading the
    # assessments and their instruments.
    risk_flags = models.JSONField(_("red flags"), default=list, blank=True)
    # What the man named his (ex)partner on his programme case: all the programme ever sees of her.
    partner_first_name_as_given = EncryptedTextField(
        _("partner's first name, as he gave it"), blank=True, null=True
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            models.Index(fields=["team", "status", "opened_on"], name="case_team_status"),
            models.Index(fields=["key_worker", "status", "opened_on"], name="case_worker_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="closed", closed_on__isnull=False) | ~Q(status="closed"),
                name="case_closed_has_date",
            ),
            models.CheckConstraint(
                condition=Q(status="closed") | Q(closure_reason=""),
                name="case_reason_only_when_closed",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def risk_flag_labels(self) -> list[str]:
        """The red flags in the reader's language (else as the instrument wrote them)."""
        language = (get_language() or "en").split("-")[0]
        return [labels.get(language) or labels.get("en", "") for labels in self.risk_flags]

    @property
    def is_survivor_side(self) -> bool:
        return self.kind in SURVIVOR_SIDE_KINDS

    @property
    def conference_criteria_labels(self) -> list[str]:
        return [str(ConferenceCriterion(value).label) for value in self.conference_criteria]


class ViolenceForm(models.TextChoices):
    PHYSICAL = "physical", _("Physical")
    SEXUAL = "sexual", _("Sexual")
    PSYCHOLOGICAL = "psychological", _("Psychological")
    ECONOMIC = "economic", _("Economic")
    COERCIVE_CONTROL = "coercive_control", _("Coercive control")
    STALKING = "stalking", _("Stalking")
    DIGITAL = "digital", _("Digital")
    HONOUR_BASED = "honour_based", _("“Honour”-based")
    FORCED_MARRIAGE = "forced_marriage", _("Forced marriage")
    FGM = "fgm", _("Female genital mutilation")


class GbvimsType(models.TextChoices):
    """GBVIMS core types, in the standard elimination order (first that applies wins)."""

    RAPE = "rape", _("Rape")
    SEXUAL_ASSAULT = "sexual_assault", _("Sexual assault")
    PHYSICAL_ASSAULT = "physical_assault", _("Physical assault")
    FORCED_MARRIAGE = "forced_marriage", _("Forced marriage")
    DENIAL_OF_RESOURCES = "denial_of_resources", _("Denial of resources, opportunities or services")
    PSYCHOLOGICAL = "psychological", _("Psychological / emotional abuse")


class ProtectionOrder(models.TextChoices):
    NONE = "none", _("None")
    APPLIED = "applied", _("Applied for")
    IN_FORCE = "in_force", _("In force")
    BREACHED = "breached", _("Breached")
    EXPIRED = "expired", _("Expired")


class IncidentSource(models.TextChoices):
    SURVIVOR = "survivor", _("Survivor")
    POLICE = "police", _("Police")
    OTHER_AGENCY = "other_agency", _("Other agency")


class Incident(EncryptedModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="incidents")
    occurred_on = models.DateField(_("date"), null=True, blank=True)
    date_is_approximate = models.BooleanField(_("the date is approximate"), default=False)
    forms = models.JSONField(_("forms of violence"), default=list)
    penetration = models.BooleanField(
        _("penetration (for the GBVIMS classification of sexual violence)"), default=False
    )
    gbvims_type = models.CharField(_("GBVIMS type"), max_length=32, choices=GbvimsType.choices)
    injuries = models.BooleanField(_("injuries"), default=False)
    weapons = models.BooleanField(_("weapon used or threatened"), default=False)
    # A red flag of the risk checklists: the strongest single predictor of homicide.
    strangulation = models.BooleanField(
        _("non-fatal strangulation, choking or suffocation"), default=False
    )
    children_present = models.BooleanField(_("children present"), default=False)
    police_called = models.BooleanField(_("police called"), default=False)
    protection_order = models.CharField(
        _("protection order"),
        max_length=16,
        choices=ProtectionOrder.choices,
        default=ProtectionOrder.NONE,
    )
    source = models.CharField(_("source"), max_length=16, choices=IncidentSource.choices)
    # Disclosure: her account of what happened.
    narrative = EncryptedTextField(_("what happened"), blank=True, null=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        indexes = [models.Index(fields=["case", "occurred_on"], name="incident_case_date")]

    def __str__(self) -> str:
        return f"{self.case} · {self.get_gbvims_type_display()}"


class ContactType(models.TextChoices):
    PHONE = "phone", _("Phone")
    VISIT = "visit", _("Visit")
    GROUP = "group", _("Group")
    LETTER = "letter", _("Letter")
    NOTE = "note", _("File note")


class NoteVisibility(models.TextChoices):
    # What she told us: the survivor side only, never across the barrier.
    DISCLOSURE = "disclosure", _("Disclosure (survivor side only)")
    # Practical case administration (an appointment, a letter sent).
    ADMINISTRATIVE = "administrative", _("Administrative")


class Note(EncryptedModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    contact_type = models.CharField(_("contact"), max_length=16, choices=ContactType.choices)
    visibility = models.CharField(
        _("visibility"),
        max_length=16,
        choices=NoteVisibility.choices,
        default=NoteVisibility.DISCLOSURE,
    )
    text = EncryptedTextField(_("note"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(_("time"))

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        indexes = [models.Index(fields=["case", "written_at"], name="note_case_time")]

    def __str__(self) -> str:
        return f"{self.case} · {self.get_contact_type_display()}"


class Occasion(models.TextChoices):
    """Why a risk assessment (or a reassessment) is due: practice asks for one at every change.
    Here rather than in risk because a review task Accord sets is titled by it too."""

    FIRST = "first", _("First assessment")
    NEW_INCIDENT = "new_incident", _("New incident")
    SEPARATION = "separation", _("Separation")
    PROGRAMME_DROPOUT = "programme_dropout", _("His dropout from a programme")
    RELEASE_FROM_CUSTODY = "release_from_custody", _("Release from custody")
    SCHEDULED = "scheduled", _("Scheduled review")
    OTHER_CHANGE = "other_change", _("Other change of circumstances")


class TaskPurpose(models.TextChoices):
    GENERAL = "", _("General")
    # A risk (re)assessment falls due: completing one closes these tasks.
    RISK_REVIEW = "risk_review", _("Risk review")


class Task(EncryptedModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    purpose = models.CharField(
        _("purpose"), max_length=16, choices=TaskPurpose.choices, default="", blank=True
    )
    # A task title can name someone ("call her sister"): encrypted like a note.
    title = EncryptedTextField(_("task"))
    # Set on a risk review Accord set: its title is then printed in the reader's language.
    occasion = models.CharField(
        _("occasion"), max_length=32, choices=Occasion.choices, blank=True, default=""
    )
    due_on = models.DateField(_("due"))
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="tasks",
        verbose_name=_("assigned to"),
    )
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    # Empty when Accord itself set the task (a risk review after his dropout).
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        indexes = [
            models.Index(fields=["assignee", "done_at", "due_on"], name="task_assignee_due"),
            models.Index(fields=["case", "due_on"], name="task_case_due"),
        ]

    def __str__(self) -> str:
        return f"{self.case} · {self.due_on}"

    @property
    def shown_title(self) -> str:
        """The title to print: a review Accord set reads in the reader's language ("Risk
        review: New incident" in Greek for a Greek reader), whoever's language it was set in."""
        if self.purpose == TaskPurpose.RISK_REVIEW and self.occasion:
            return gettext("Risk review: %(occasion)s") % {
                "occasion": Occasion(self.occasion).label
            }
        return self.title
