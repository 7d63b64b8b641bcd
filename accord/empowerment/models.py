"""Economic empowerment (WE GO!): socio-economic profile snapshots, an individual empowerment
plan with goals and progress, and mentorship. All of it lives on her survivor-side case and is
read as a disclosure: the survivor side only (`access.py`)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accord.cases.models import Case
from accord.core.fields import EncryptedJSONField, EncryptedTextField
from accord.core.models import EncryptedModel

TEXT_MAX = 2000


class Occasion(models.TextChoices):
    ENTRY = "entry", _("Entry")
    EXIT = "exit", _("Exit")
    FOLLOW_UP = "follow_up", _("Follow-up")


class ProfileSnapshot(EncryptedModel):
    """Her answers to the standard question set (`questions.QUESTIONS`) on one day."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="profile_snapshots")
    occasion = models.CharField(_("occasion"), max_length=16, choices=Occasion.choices)
    taken_on = models.DateField(_("date"))
    # What she told us about her money and her home: encrypted like a disclosure.
    answers = EncryptedJSONField(_("answers"), default=dict)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("socio-economic profile")
        verbose_name_plural = _("socio-economic profiles")
        indexes = [models.Index(fields=["case", "taken_on"], name="profile_case_date")]

    def __str__(self) -> str:
        return f"{self.case} · {self.get_occasion_display()} · {self.taken_on}"


class GoalArea(models.TextChoices):
    WORK = "work", _("Work and job search")
    EDUCATION = "education", _("Education and training")
    MONEY = "money", _("Money and financial independence")
    HOUSING = "housing", _("Housing")
    CHILDCARE = "childcare", _("Childcare")
    BUSINESS = "business", _("Starting a business")
    WELLBEING = "wellbeing", _("Self-esteem and wellbeing")
    RIGHTS = "rights", _("Rights and legal matters")


class GoalStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    ACHIEVED = "achieved", _("Achieved")
    SET_ASIDE = "set_aside", _("Set aside")


class PlanGoal(EncryptedModel):
    """One goal of her individual empowerment plan, in her words, and how far she has come."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="empowerment_goals")
    area = models.CharField(_("area"), max_length=16, choices=GoalArea.choices)
    goal = EncryptedTextField(_("goal"))
    status = models.CharField(
        _("status"), max_length=16, choices=GoalStatus.choices, default=GoalStatus.NOT_STARTED
    )
    progress = EncryptedTextField(_("progress"), blank=True, null=True)
    target_on = models.DateField(_("by when"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("empowerment goal")
        verbose_name_plural = _("empowerment goals")

    def __str__(self) -> str:
        return f"{self.case} · {self.get_area_display()}"


class Mentorship(EncryptedModel):
    """A mentor (a volunteer or a professional from outside the team) guiding her towards work
    or a project of her own."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="mentorships")
    mentor_name = EncryptedTextField(_("mentor"))
    started_on = models.DateField(_("started on"))
    goals = EncryptedTextField(_("what the mentorship is for"), blank=True, null=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("mentorship")
        verbose_name_plural = _("mentorships")

    def __str__(self) -> str:
        return f"{self.case} · {self.started_on}"


class MentorshipMeeting(EncryptedModel):
    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="meetings")
    met_on = models.DateField(_("date"))
    notes = EncryptedTextField(_("what was worked on"), blank=True, null=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("mentorship meeting")
        verbose_name_plural = _("mentorship meetings")

    def __str__(self) -> str:
        return f"{self.mentorship} · {self.met_on}"
