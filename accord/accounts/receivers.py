"""Audit events for what allauth does on our users' behalf (sign-in, sign-out, password and
second-factor changes). allauth offers signals as its only hook for these flows; the receivers
record, they decide nothing."""

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from django.contrib.auth import signals as auth_signals
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.http import HttpRequest

from accord.audit.context import Actor
from accord.audit.services import audit_event_record


def _record(action: str, request: HttpRequest | None, user: AbstractBaseUser | None) -> None:
    if user is None or user.pk is None:
        return
    address = Actor.from_request(request).client_address if request is not None else None
    with transaction.atomic():
        audit_event_record(
            actor=Actor.for_user(user, client_address=address), action=action, obj=user
        )


def signed_in(request: HttpRequest, user: AbstractBaseUser, **kwargs: object) -> None:
    _record("user.signed_in", request, user)


def signed_out(request: HttpRequest, user: AbstractBaseUser | None, **kwargs: object) -> None:
    _record("user.signed_out", request, user)


def password_changed(request: HttpRequest, user: AbstractBaseUser, **kwargs: object) -> None:
    _record("user.password_changed", request, user)


def password_reset(request: HttpRequest, user: AbstractBaseUser, **kwargs: object) -> None:
    _record("user.password_reset", request, user)


def email_changed(request: HttpRequest, user: AbstractBaseUser, **kwargs: object) -> None:
    _record("user.email_changed", request, user)


def authenticator_added(request: HttpRequest, user: AbstractBaseUser, **kwargs: object) -> None:
    _record("user.authenticator_added", request, user)


def authenticator_reset(request: HttpRequest, user: AbstractBaseUser, **kwargs: object) -> None:
    _record("user.recovery_codes_regenerated", request, user)


def connect() -> None:
    account_signals.user_logged_in.connect(signed_in, dispatch_uid="accord-audit-signed-in")
    auth_signals.user_logged_out.connect(signed_out, dispatch_uid="accord-audit-signed-out")
    account_signals.password_changed.connect(password_changed, dispatch_uid="accord-audit-pw")
    account_signals.password_reset.connect(password_reset, dispatch_uid="accord-audit-pw-reset")
    account_signals.email_changed.connect(email_changed, dispatch_uid="accord-audit-email")
    mfa_signals.authenticator_added.connect(authenticator_added, dispatch_uid="accord-audit-mfa")
    mfa_signals.authenticator_reset.connect(authenticator_reset, dispatch_uid="accord-audit-rc")
