"""The shape of safety-plan input: lengths, choices, dates. accord.safety.services checks again
and raises ValidationError with the rules (sections, owners, the review date's limits)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accord.people.forms import DateInput
from accord.safety.models import AGENCY_MAX, ITEM_TEXT_MAX, ItemOwner, ItemStatus, PlanSection


class VersionedForm(forms.Form):
    # The plan's version the user read: a change made since is shown, not overwritten.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)


def _text_field() -> forms.CharField:
    return forms.CharField(
        label=_("What"),
        max_length=ITEM_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: “Keep a charged phone and the refuge number in her coat.”"),
    )


def _owner_field() -> forms.ChoiceField:
    return forms.ChoiceField(label=_("Who does it"), choices=ItemOwner.choices)


def _agency_field() -> forms.CharField:
    return forms.CharField(
        label=_("Agency"),
        max_length=AGENCY_MAX,
        required=False,
        help_text=_("Only when another agency does it, e.g. “Police DA Unit”."),
    )


class ItemAddForm(forms.Form):
    section = forms.ChoiceField(label=_("Section"))
    text = _text_field()
    owner = _owner_field()
    agency = _agency_field()

    def __init__(self, *args: Any, sections: list[PlanSection], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The sections the page has already loaded: no query of its own, before or after.
        self.sections = {str(section.pk): section for section in sections}
        self.fields["section"].choices = [("", "---------")] + [
            (key, section.shown_title) for key, section in self.sections.items()
        ]

    def clean_section(self) -> PlanSection:
        return self.sections[self.cleaned_data["section"]]


class ItemEditForm(VersionedForm):
    text = _text_field()
    owner = _owner_field()
    agency = _agency_field()
    status = forms.ChoiceField(label=_("Status"), choices=ItemStatus.choices)


class ItemStatusForm(VersionedForm):
    status = forms.ChoiceField(label=_("Status"), choices=ItemStatus.choices)


class ItemRemoveForm(VersionedForm):
    pass


class ReviewForm(VersionedForm):
    review_on = forms.DateField(label=_("Review by"), widget=DateInput())
