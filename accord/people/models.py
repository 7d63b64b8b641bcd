"""People and households (docs/product.md §3). Every field that says who a person is, how to reach
her or where she is, is encrypted at rest; the access module decides who reads which."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accord.accounts.models import Organisation, ServiceKind
from accord.core.fields import EncryptedDateField, EncryptedJSONField, EncryptedTextField
from accord.core.models import EncryptedModel
from accord.core.references import REFERENCE_MAX_LENGTH


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    NON_BINARY = "non_binary", _("Non-binary")
    OTHER = "other", _("Other")
    NOT_STATED = "not_stated", _("Not stated")


class Person(EncryptedModel):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="people",
        verbose_name=_("recorded by organisation"),
    )
    # identity
    given_name = EncryptedTextField(_("given name"))
    family_name = EncryptedTextField(_("family name"), blank=True, null=True)
    aliases = EncryptedJSONField(_("other names"), default=list, blank=True)
    date_of_birth = EncryptedDateField(_("date of birth"), blank=True, null=True)
    gender = EncryptedTextField(_("gender"), blank=True, null=True, choices=Gender.choices)
    languages = EncryptedJSONField(_("languages"), default=list, blank=True)
    nationality = EncryptedTextField(_("nationality"), blank=True, null=True)
    residence_status = EncryptedTextField(_("migrant / residence status"), blank=True, null=True)
    disability = EncryptedTextField(_("disability"), blank=True, null=True)
    interpreter_needed = EncryptedJSONField(_("interpreter needed"), default=False, blank=True)
    # contact
    phone = EncryptedTextField(_("phone"), blank=True, null=True)
    email = EncryptedTextField(_("e-mail"), blank=True, null=True)
    safe_contact_times = EncryptedTextField(_("safe times to call"), blank=True, null=True)
    # location: the substitute address is for letters; the real one is shown only on a reveal.
    substitute_address = EncryptedTextField(_("substitute address"), blank=True, null=True)
    real_address = EncryptedTextField(_("real address"), blank=True, null=True)
    # Keyed hash of the normalised name and date of birth, for exact "is she known?" lookups.
    name_dob_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Set when the retention policy emptied the record (accord.people.retention): the row stays
    # for statistics, with nothing left that says who she is.
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        # Never a name: __str__ reaches logs, the admin and error pages.
        return f"person {self.uid}"


class Relationship(models.TextChoices):
    SURVIVOR = "survivor", _("Survivor")
    CHILD = "child", _("Child")
    PERSON_USING_VIOLENCE = "person_using_violence", _("Person using violence")
    NEW_PARTNER = "new_partner", _("His new partner")
    OTHER_ADULT = "other_adult", _("Other adult")


class Household(models.Model):
    # A reference that says nothing about the people in it.
    reference = models.CharField(_("reference"), max_length=REFERENCE_MAX_LENGTH, unique=True)
    created_by_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    members = models.ManyToManyField(Person, through="HouseholdMember", related_name="households")

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")

    def __str__(self) -> str:
        return self.reference


class HouseholdMember(models.Model):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="household_memberships"
    )
    relationship = models.CharField(_("relationship"), max_length=32, choices=Relationship.choices)
    added_at = models.DateTimeField(auto_now_add=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("household member")
        verbose_name_plural = _("household members")
        constraints = [
            models.UniqueConstraint(fields=["household", "person"], name="household_member_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.household} · {self.get_relationship_display()}"


# --- consent (docs/product.md §3, §4.4) -----------------------------------------------------

CONSENT_NAME_MAX = 200
CONSENT_NOTE_MAX = 2000


class ConsentScope(models.TextChoices):
    REFERRAL_TO_ORGANISATION = "referral_to_organisation", _("Referral to an organisation")
    REFERRAL_TO_SERVICE_KIND = "referral_to_service_kind", _("Referral to a kind of service")
    CONFERENCE_SHARING = "conference_sharing", _("Sharing with a risk conference")
    PARTNER_CONTACT = "partner_contact", _("Partner contact")
    STATISTICS = "statistics", _("Inclusion in statistics")


class ConsentMethod(models.TextChoices):
    WRITTEN = "written", _("Written")
    VERBAL_WITNESSED = "verbal_witnessed", _("Verbal, with a witness")


class ConsentAnswer(models.TextChoices):
    """What the person said when asked. A refusal is kept as a fact of its own: the network's
    indicators leave out anyone who refused inclusion in statistics, and nothing is ever
    shared on a refusal."""

    GIVEN = "given", _("Given")
    REFUSED = "refused", _("Refused")


class ConsentGiver(models.TextChoices):
    PERSON = "person", _("The person, for themselves")
    CAREGIVER = "caregiver", _("A caregiver, on the child's behalf")
    CHILD_ASSENT = "child_assent", _("The child's own assent")


class Consent(EncryptedModel):
    """One consent as it was given: for what, by whom, how, from when until when. It is never
    changed afterwards, only withdrawn (withdrawn_at); a new consent is a new row. Whether it
    lets something be shared on a given day is answered by accord.people.selectors.valid_consent.
    """

    # Her consents go with her record when it is erased (accord.people.retention).
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    scope = models.CharField(_("for what"), max_length=32, choices=ConsentScope.choices)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    service_kind = models.CharField(
        _("kind of service"), max_length=32, choices=ServiceKind.choices, blank=True
    )
    given_by = models.CharField(_("given by"), max_length=16, choices=ConsentGiver.choices)
    answer = models.CharField(
        _("answer"), max_length=8, choices=ConsentAnswer.choices, default=ConsentAnswer.GIVEN
    )
    # Names of people around her: encrypted like hers.
    caregiver_name = EncryptedTextField(
        _("caregiver"), max_length=CONSENT_NAME_MAX, blank=True, null=True
    )
    method = models.CharField(_("how"), max_length=20, choices=ConsentMethod.choices)
    witness_name = EncryptedTextField(
        _("witness"), max_length=CONSENT_NAME_MAX, blank=True, null=True
    )
    given_on = models.DateField(_("given on"))
    # The last day on which the consent holds; none: until withdrawn.
    expires_on = models.DateField(_("valid until"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    # The case the worker recorded it from; the consent is the person's and outlives the case.
    recorded_on_case = models.ForeignKey(
        "cases.Case",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded on case"),
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("withdrawal recorded by"),
    )
    withdrawal_note = EncryptedTextField(
        _("withdrawal note"), max_length=CONSENT_NOTE_MAX, blank=True, null=True
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        indexes = [models.Index(fields=["person", "scope"], name="consent_person_scope")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(scope__in=ConsentScope.values),
                name="consent_scope_known",
            ),
            models.CheckConstraint(
                condition=models.Q(given_by__in=ConsentGiver.values),
                name="consent_given_by_known",
            ),
            models.CheckConstraint(
                condition=models.Q(method__in=ConsentMethod.values),
                name="consent_method_known",
            ),
            # A refusal holds no period and is not withdrawn: a later consent is a new row.
            models.CheckConstraint(
                condition=models.Q(answer=ConsentAnswer.GIVEN)
                | models.Q(
                    answer=ConsentAnswer.REFUSED,
                    expires_on__isnull=True,
                    withdrawn_at__isnull=True,
                ),
                name="consent_answer_known",
            ),
            # An organisation is named for a referral to an organisation, and only then.
            models.CheckConstraint(
                condition=(
                    models.Q(
                        scope=ConsentScope.REFERRAL_TO_ORGANISATION, organisation__isnull=False
                    )
                    | (
                        ~models.Q(scope=ConsentScope.REFERRAL_TO_ORGANISATION)
                        & models.Q(organisation__isnull=True)
                    )
                ),
                name="consent_organisation_only_for_its_scope",
            ),
            # Likewise a kind of service for a referral to a kind of service.
            models.CheckConstraint(
                condition=(
                    (
                        models.Q(scope=ConsentScope.REFERRAL_TO_SERVICE_KIND)
                        & models.Q(service_kind__in=ServiceKind.values)
                    )
                    | (
                        ~models.Q(scope=ConsentScope.REFERRAL_TO_SERVICE_KIND)
                        & models.Q(service_kind="")
                    )
                ),
                name="consent_service_kind_only_for_its_scope",
            ),
            models.CheckConstraint(
                condition=models.Q(expires_on__isnull=True)
                | models.Q(expires_on__gt=models.F("given_on")),
                name="consent_expires_after_given",
            ),
            # A withdrawal says when and who, together.
            models.CheckConstraint(
                condition=models.Q(withdrawn_at__isnull=True, withdrawn_by__isnull=True)
                | models.Q(withdrawn_at__isnull=False, withdrawn_by__isnull=False),
                name="consent_withdrawal_complete",
            ),
        ]

    def __str__(self) -> str:
        # Never a name: this shows in the admin and in error pages.
        return f"{_('consent')} {self.uid}"
