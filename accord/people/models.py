"""People and households (DESIGN.md §3). Every field that says who a person is, how to reach
her or where she is, is encrypted at rest; the access module decides who reads which."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accord.accounts.models import Organisation
from accord.core.fields import EncryptedDateField, EncryptedJSONField, EncryptedTextField
from accord.core.models import EncryptedModel


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
    reference = models.CharField(_("reference"), max_length=20, unique=True)
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
