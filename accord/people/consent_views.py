"""Consent pages, under a case: /cases/<reference>/consent/.

Thin on purpose: access (the access module), a form, one service call, a render. The consents
shown are those of the case's person. Who reads them and who records or withdraws them is
`CaseAccess.reads_records(Consent)` and `may_write_records(Consent)`; anyone else gets 404,
exactly as for a missing case, and so does a write by a reader who may not record (the DPO).
Every form works as a plain POST; with htmx the record and withdraw forms answer with the
page's body, in place.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accord.access.policy import CaseAccess
from accord.audit.context import Actor
from accord.core.versioned import add_errors
from accord.people import selectors, services
from accord.people.consent_forms import ConsentRecordForm, ConsentWithdrawForm
from accord.people.models import Consent, ConsentAnswer

CONSENTS_TEMPLATE = "people/consents.html"


def _recordable(request: HttpRequest, reference: str) -> CaseAccess:
    access = selectors.consent_case_or_404(request.user, reference)
    if not access.may_write_records(Consent):
        raise Http404
    return access


def _context(access: CaseAccess, **extra: Any) -> dict[str, Any]:
    case = access.case
    context: dict[str, Any] = {
        "case": case,
        "access": access,
        "lines": selectors.person_consents(case.person),
        "may_record": access.may_write_records(Consent),
    }
    if context["may_record"]:
        context["record_form"] = ConsentRecordForm()
        context["withdraw_form"] = ConsentWithdrawForm()
    context.update(extra)
    return context


def _page(
    request: HttpRequest, access: CaseAccess, *, status: int = 200, **extra: Any
) -> HttpResponse:
    """The whole page; every rendering of her consents is an audited read (docs/product.md §4.5)."""
    services.consents_viewed(
        actor=Actor.from_request(request), person=access.case.person, case=access.case
    )
    return render(request, CONSENTS_TEMPLATE, _context(access, **extra), status=status)


def _body(request: HttpRequest, access: CaseAccess, **extra: Any) -> HttpResponse:
    """The page's body alone, for htmx, fresh from the database after a change. It shows only
    what the worker just wrote or what she saw a moment ago, so it is not audited again."""
    return render(request, f"{CONSENTS_TEMPLATE}#consent_body", _context(access, **extra))


def _url(access: CaseAccess, anchor: str = "") -> str:
    url = reverse("consent:list", args=[access.case.reference])
    return f"{url}#{anchor}" if anchor else url


@require_GET
@login_required
def consents(request: HttpRequest, reference: str) -> HttpResponse:
    return _page(request, selectors.consent_case_or_404(request.user, reference))


@require_POST
@login_required
def consent_record(request: HttpRequest, reference: str) -> HttpResponse:
    access = _recordable(request, reference)
    case = access.case
    form = ConsentRecordForm(request.POST)
    if form.is_valid():
        try:
            services.consent_record(
                actor=Actor.from_request(request),
                person=case.person,
                case=case,
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_errors(form, error)
    refused = form.is_valid() and form.cleaned_data["answer"] == ConsentAnswer.REFUSED
    saved = _("Refusal recorded. Nothing is shared on it.") if refused else _("Consent recorded.")
    if request.htmx:
        if form.errors:
            return _body(request, access, record_form=form)
        return _body(request, access, saved=saved)
    if form.errors:
        return _page(request, access, status=400, record_form=form)
    messages.success(request, saved)
    return redirect(_url(access))


@require_POST
@login_required
def consent_withdraw(request: HttpRequest, reference: str, uid: str) -> HttpResponse:
    access = _recordable(request, reference)
    consent = selectors.consent_of_person_or_404(access.case.person, uid)
    form = ConsentWithdrawForm(request.POST)
    problem = ""
    if form.is_valid():
        try:
            services.consent_withdraw(
                actor=Actor.from_request(request), consent=consent, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            problem = " ".join(error.messages)
    else:
        problem = " ".join(message for errors in form.errors.values() for message in errors)
    saved = _("Consent withdrawn. Nothing more is shared on it from now on.")
    if request.htmx:
        # 200 even for a problem: htmx swaps only successful answers; the message says it.
        return _body(request, access, problem=problem, saved="" if problem else saved)
    if problem:
        return _page(request, access, status=400, problem=problem)
    messages.success(request, saved)
    return redirect(_url(access, f"consent-{consent.uid}"))
