from typing import TYPE_CHECKING

from allauth.mfa.utils import is_mfa_enabled
from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

if TYPE_CHECKING:
    from rest_framework.views import APIView


class IsVerifiedUser(BasePermission):
    """A service account with its token, or a person who signed in with a second factor."""

    message = _("Sign in with two-factor authentication, or use a service-account token.")

    def has_permission(self, request: Request, view: "APIView") -> bool:
        user = request.user
        if not (user and user.is_authenticated and user.is_active):
            return False
        if user.is_service_account:
            return request.auth is not None
        return is_mfa_enabled(user)


class IsVerifiedStaff(IsVerifiedUser):
    message = _("The API documentation is for signed-in staff only.")

    def has_permission(self, request: Request, view: "APIView") -> bool:
        return super().has_permission(request, view) and request.user.is_staff


class IsVerifiedPerson(IsVerifiedUser):
    """Casework is for people who signed in with a second factor: a service account's token
    reaches no person's record (docs/product.md §4.7)."""

    message = _("Casework is open to people who signed in with two-factor authentication only.")

    def has_permission(self, request: Request, view: "APIView") -> bool:
        return super().has_permission(request, view) and not request.user.is_service_account
