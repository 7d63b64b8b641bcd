"""Outcome questionnaires at time points (the WWP EN outcome work, the IMPACT toolkit): has the
violence stopped? He answers on his programme case; each (ex)partner answers on her own
survivor-side case, with her partner-support worker or by herself through a one-time link. Her
answers never leave her side of the barrier (`access.py`)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accord.cases.models import Case
from accord.core.fields import EncryptedJSONField
from accord.core.models import EncryptedModel


class Respondent(models.TextChoices):
    HIM = "him", _("He (the programme participant)")
    HER = "her", _("She (his partner or ex-partner)")


class OutcomeSchedule(models.Model):
    """The time points of one man's outcome measurement, counted from `start_on` (his enrolment
    in the programme; until then the day his programme case opened)."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="outcome_schedule")
    instrument_slug = models.SlugField(_("questionnaire"), max_length=64)
    start_on = models.DateField(_("counted from"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("outcome schedule")
        verbose_name_plural = _("outcome schedules")

    def __str__(self) -> str:
        return f"{self.case} · {self.start_on}"


class OutcomeResponse(EncryptedModel):
    """One respondent's answers at one time point, on the respondent's own case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="outcome_responses")
    # Her answers stay on her case if his record is erased.
    schedule = models.ForeignKey(
        OutcomeSchedule, on_delete=models.SET_NULL, null=True, related_name="responses"
    )
    time_point = models.CharField(_("time point"), max_length=32)
    respondent = models.CharField(_("respondent"), max_length=8, choices=Respondent.choices)
    instrument_version = models.CharField(_("questionnaire version"), max_length=32)
    # What each answered: a disclosure, encrypted like a note.
    answers = EncryptedJSONField(_("answers"), default=dict)
    # Score per construct (the instrument's sections), for the paired view and the report.
    scores = EncryptedJSONField(_("scores"), default=dict)
    answered_on = models.DateField(_("answered on"))
    # Empty when she answered herself through a one-time link.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    self_completed = models.BooleanField(_("answered by herself"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("outcome answers")
        verbose_name_plural = _("outcome answers")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "schedule", "time_point"], name="outcome_one_per_time_point"
            )
        ]

    def __str__(self) -> str:
        return f"{self.case} · {self.time_point}"


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail (only the link is sent)")
    PHONE = "phone", _("Read out or sent by text by her worker")


class SelfCompletionLink(models.Model):
    """A one-time link through which she answers by herself. Only the SHA-256 of its token is
    kept: the link itself exists once, in the e-mail or on her worker's screen."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="self_completion_links")
    schedule = models.ForeignKey(
        OutcomeSchedule, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    time_point = models.CharField(_("time point"), max_length=32)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    channel = models.CharField(_("sent by"), max_length=8, choices=Channel.choices)
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("self-completion link")
        verbose_name_plural = _("self-completion links")

    def __str__(self) -> str:
        return f"{self.case} · {self.time_point}"
