"""The DPO's forms for requests from data subjects: the shape of the input only. Who may use
them is decided by the access module, what they do by the services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accord.core.references import REFERENCE_MAX_LENGTH
from accord.people.subject_access import ExportFormat

REASON_MAX_LENGTH = 500


class PersonLookupForm(forms.Form):
    reference = forms.CharField(
        label=_("Case reference"),
        max_length=REFERENCE_MAX_LENGTH,
        help_text=_("The reference of one of their cases, e.g. SV-K7QX2MB."),
        error_messages={"required": _("Enter a case reference.")},
    )

    def clean_reference(self) -> str:
        return self.cleaned_data["reference"].strip().upper()


class SubjectAccessForm(forms.Form):
    reason = forms.CharField(
        label=_("Which request does this export answer?"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "E.g. “Subject-access request by letter received 3 March, our ref. DP-12”. "
            "Kept in the audit log."
        ),
        error_messages={"required": _("Say which request this export answers.")},
    )
    file_format = forms.ChoiceField(
        label=_("Format"),
        choices=[
            (ExportFormat.PDF.value, _("PDF, to read or print")),
            (
                ExportFormat.JSON.value,
                _("JSON, machine-readable (for a transfer to another service)"),
            ),
        ],
        initial=ExportFormat.PDF.value,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a format.")},
    )


class ErasureForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is this record erased?"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "The legal ground and the request, e.g. “Art. 17 request of 3 March, our ref. DP-12”. "
            "Kept in the audit log; nothing else about the person is."
        ),
        error_messages={"required": _("Say why the record is erased.")},
    )
    confirm = forms.BooleanField(
        label=_(
            "I understand that the record, its cases and everything in them are deleted for good."
        ),
        error_messages={"required": _("Tick the box to confirm the erasure.")},
    )
