"""Safety plans (docs/product.md §3): an organisation's template of sections, and for a
survivor-side case one plan of items, each owned by her, her caseworker or another agency, with
every version kept (who, when, what)."""

import functools

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accord.accounts.models import Organisation
from accord.cases.models import Case
from accord.core.fields import EncryptedJSONField, EncryptedTextField
from accord.core.models import EncryptedModel

ITEM_TEXT_MAX = 2000
AGENCY_MAX = 200


# The template an organisation starts with, in this order. The titles are stored in the
# organisation's default language, and its admin may rename, reorder, switch off or add
# sections; a title left as it was is printed in the reader's language (`shown_title`).
DEFAULT_SECTIONS: list[tuple[str, Promise]] = [
    ("during-an-incident", _("During an incident")),
    ("preparing-to-leave", _("Preparing to leave")),
    ("at-home", _("At home")),
    ("protection-order", _("With a protection order")),
    ("work-and-public", _("At work and in public")),
    ("digital-safety", _("Digital safety")),
    ("children", _("Children")),
    ("pets", _("Pets")),
    ("emotional-support", _("Emotional support")),
    ("documents-and-items", _("Documents and items to take")),
    ("emergency-contacts", _("Emergency contacts")),
]


@functools.cache
def _default_titles(key: str) -> frozenset[str]:
    """A default section's title in every language of the site."""
    title = dict(DEFAULT_SECTIONS)[key]
    titles = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            titles.add(str(title))
    return frozenset(titles)


class PlanSection(models.Model):
    """One heading of the organisation's safety-plan template, edited in the admin. A section
    in use is switched off (`active`), never deleted: old plans and versions still name it."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="plan_sections"
    )
    key = models.SlugField(_("key"), max_length=40)
    title = models.CharField(_("title"), max_length=120)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive sections take no new items.")
    )

    class Meta:
        verbose_name = _("safety-plan section")
        verbose_name_plural = _("safety-plan sections")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "key"], name="plan_section_key"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def shown_title(self) -> str:
        """The default template's headings in the reader's language; a heading the
        organisation renamed or added as it wrote it."""
        if self.key in dict(DEFAULT_SECTIONS) and self.title in _default_titles(self.key):
            return str(dict(DEFAULT_SECTIONS)[self.key])
        return self.title


class SafetyPlan(models.Model):
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="safety_plan")
    review_on = models.DateField(_("review by"))
    # Optimistic locking (accord.core.locking) and the number of the latest SafetyPlanVersion.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("safety plan")
        verbose_name_plural = _("safety plans")

    def __str__(self) -> str:
        return f"{self.case} · {_('safety plan')}"


class ItemOwner(models.TextChoices):
    HER = "her", _("She does this")
    CASEWORKER = "caseworker", _("Her caseworker")
    OTHER_AGENCY = "other_agency", _("Another agency")


class ItemStatus(models.TextChoices):
    TO_DO = "to_do", _("To do")
    IN_PLACE = "in_place", _("In place")
    NO_LONGER_NEEDED = "no_longer_needed", _("No longer needed")


class SafetyPlanItem(EncryptedModel):
    plan = models.ForeignKey(SafetyPlan, on_delete=models.CASCADE, related_name="items")
    section = models.ForeignKey(PlanSection, on_delete=models.PROTECT, related_name="+")
    # Free text names places and people ("her sister's flat", "the school gate"): encrypted.
    text = EncryptedTextField(_("what"), max_length=ITEM_TEXT_MAX)
    owner = models.CharField(_("who does it"), max_length=16, choices=ItemOwner.choices)
    agency = models.CharField(_("agency"), max_length=AGENCY_MAX, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ItemStatus.choices, default=ItemStatus.TO_DO
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("safety-plan item")
        verbose_name_plural = _("safety-plan items")
        indexes = [models.Index(fields=["plan", "section", "position"], name="plan_item_order")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(owner="other_agency") | models.Q(agency=""),
                name="plan_item_agency_only_for_agency",
            ),
        ]

    def __str__(self) -> str:
        # Never the text: this shows in the admin and in error pages.
        return f"{_('safety-plan item')} {self.pk}"


class PlanChange(models.TextChoices):
    STARTED = "started", _("Plan started")
    ITEM_ADDED = "item_added", _("Item added")
    ITEM_CHANGED = "item_changed", _("Item changed")
    ITEM_REMOVED = "item_removed", _("Item removed")
    REVIEW_SET = "review_set", _("Review date set")


class SafetyPlanVersion(EncryptedModel):
    """The plan as it stood after one change: the items and the review date, as a snapshot, so
    that what a plan said on a given day can be shown even after items were removed."""

    plan = models.ForeignKey(SafetyPlan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    # What kind of change made this version (plain: it says nothing about her).
    change = models.CharField(_("change"), max_length=32, choices=PlanChange.choices)
    snapshot = EncryptedJSONField(_("the plan at this version"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("safety-plan version")
        verbose_name_plural = _("safety-plan versions")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_number"),
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} v{self.number}"
