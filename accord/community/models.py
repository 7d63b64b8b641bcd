"""Community mentors (CommunityLinkage): migrant women trained to identify violence early in
their communities, accompany women to services and link community networks with professionals.

An early contact is anonymous by design: no name, no contact details, no free text — only what a
report needs (when, which community, which language, the concern, what was offered, whether a
referral followed). A woman is named only when she agrees to be referred, and then through the
referral engine (accord/referrals), on a case of the mentor's own team.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accord.accounts.models import Organisation, Team
from accord.cases.models import Case
from accord.referrals.models import Referral

LABEL_MAX = 80


class Concern(models.TextChoices):
    PHYSICAL = "physical", _("Physical violence")
    PSYCHOLOGICAL = "psychological", _("Psychological violence or threats")
    SEXUAL = "sexual", _("Sexual violence")
    ECONOMIC = "economic", _("Economic control")
    COERCIVE_CONTROL = "coercive_control", _("Control of her life (isolation, papers, phone)")
    FORCED_MARRIAGE = "forced_marriage", _("Forced marriage")
    FGM = "fgm", _("Female genital mutilation")
    INFORMATION = "information", _("Wants information only")
    OTHER = "other", _("Other concern")


class Offer(models.TextChoices):
    LISTENING = "listening", _("Listening and emotional support")
    INFORMATION = "information", _("Information on rights and services")
    SAFETY = "safety", _("Talk about safety")
    ACCOMPANIMENT = "accompaniment", _("Accompaniment to a service")
    REFERRAL = "referral", _("Referral to a service")
    INTERPRETING = "interpreting", _("Help with language")


class Destination(models.TextChoices):
    SUPPORT_SERVICE = "support_service", _("Women's support service")
    HEALTH = "health", _("Health service")
    POLICE = "police", _("Police")
    COURT = "court", _("Court or lawyer")
    SOCIAL_SERVICES = "social_services", _("Social services")
    HOUSING = "housing", _("Housing office")
    EMPLOYMENT = "employment", _("Employment or training service")
    OTHER = "other", _("Other service")


class MentorProfile(models.Model):
    """What a mentor offers: her languages and communities, the training she received and when
    she is available. About the mentor, not about any woman."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentor_profile"
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)
    communities = models.JSONField(_("communities"), default=list, blank=True)
    training = models.TextField(_("training received"), blank=True, max_length=2000)
    availability = models.CharField(_("availability"), max_length=200, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("mentor profile")
        verbose_name_plural = _("mentor profiles")

    def __str__(self) -> str:
        return str(self.user)


class EarlyContact(models.Model):
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="early_contacts"
    )
    # The team she works in: the report counts a service's contacts.
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="early_contacts")
    contacted_on = models.DateField(_("date"))
    community = models.CharField(_("community"), max_length=LABEL_MAX)
    language = models.CharField(_("language spoken"), max_length=LABEL_MAX)
    concern = models.CharField(_("concern"), max_length=32, choices=Concern.choices)
    offered = models.JSONField(_("what was offered"), default=list, blank=True)
    referral_followed = models.BooleanField(_("a referral followed"), default=False)
    # Set when she agreed to be referred and the referral was sent (accord/referrals).
    # Goes with the referral (and so with her case, when her record is erased).
    referral = models.OneToOneField(
        Referral, on_delete=models.CASCADE, null=True, blank=True, related_name="early_contact"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("early contact")
        verbose_name_plural = _("early contacts")
        indexes = [models.Index(fields=["mentor", "contacted_on"], name="early_contact_mentor")]

    def __str__(self) -> str:
        return f"{self.contacted_on} · {self.get_concern_display()}"


class Accompaniment(models.Model):
    """A mentor goes with a woman to an appointment: a woman of one of her early contacts (still
    anonymous), or a woman whose case worker asked for a mentor (the case)."""

    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="accompaniments"
    )
    early_contact = models.ForeignKey(
        EarlyContact,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="accompaniments",
    )
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, null=True, blank=True, related_name="accompaniments"
    )
    appointment_on = models.DateField(_("appointment date"))
    destination = models.CharField(_("where to"), max_length=32, choices=Destination.choices)
    language = models.CharField(_("language"), max_length=LABEL_MAX, blank=True)
    interpreted = models.BooleanField(_("the mentor helped with language"), default=False)
    took_place = models.BooleanField(_("it took place"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("accompaniment")
        verbose_name_plural = _("accompaniments")
        constraints = [
            models.CheckConstraint(
                condition=Q(early_contact__isnull=True, case__isnull=False)
                | Q(early_contact__isnull=False, case__isnull=True),
                name="accompaniment_contact_or_case",
            )
        ]
        indexes = [models.Index(fields=["mentor", "appointment_on"], name="accompaniment_mentor")]

    def __str__(self) -> str:
        return f"{self.appointment_on} · {self.get_destination_display()}"


class CoordinationMeeting(models.Model):
    """Services and community networks meeting to agree how they work together. Holds no person
    data: the form says so, and there is no field for a name."""

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="coordination_meetings")
    held_on = models.DateField(_("date"))
    title = models.CharField(_("subject"), max_length=160)
    organisations = models.ManyToManyField(
        Organisation, related_name="coordination_meetings", verbose_name=_("services present")
    )
    networks = models.CharField(_("community networks present"), max_length=300, blank=True)
    agreed = models.TextField(_("what was agreed"), max_length=4000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("coordination meeting")
        verbose_name_plural = _("coordination meetings")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return self.title
