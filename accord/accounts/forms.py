from allauth.core import context
from allauth.mfa.base import forms as allauth_mfa_forms
from axes.handlers.proxy import AxesProxyHandler
from django import forms
from django.utils.translation import gettext_lazy as _


class RevealForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you need the address now?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "State the ground (e.g. arranging an admission), not the woman's story. "
            "Your reason is kept in the audit log."
        ),
    )


class AuthenticateForm(allauth_mfa_forms.AuthenticateForm):
    """The second-factor step, under the same lockout as the password (user + address).

    allauth limits code guessing per minute only; a wrong code here counts as a failed sign-in
    for django-axes, and a locked account is refused before any code is checked.
    """

    def clean_code(self) -> str:
        credentials = {"username": self.user.get_username()}
        request = context.request
        if AxesProxyHandler.is_locked(request, credentials):
            raise forms.ValidationError(
                _("Too many unsuccessful attempts. Wait an hour or ask your admin to unlock you.")
            )
        try:
            return super().clean_code()
        except forms.ValidationError:
            AxesProxyHandler.user_login_failed(
                sender=type(self), credentials=credentials, request=request
            )
            raise
