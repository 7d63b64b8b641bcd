"""The DPO's answers to data subjects: finding a person by case reference, the subject-access
export and erasure.

Anyone but the DPO of the organisation holding the person gets 404, before any
re-authentication prompt (a prompt would give away that the record exists). The pages show the
person's case references and statuses only, never her name: the name is in the export, whose
reading is audited.
"""

import secrets
import time
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accord.accounts.decorators import reauthenticate
from accord.audit.context import Actor
from accord.audit.forms import RecordsPeriodForm, first_of_month
from accord.audit.selectors import audit_events_about, audit_rows
from accord.core.pdf import PdfUnavailable
from accord.people import dpo_registry
from accord.people.access import (
    data_protection_people,
    get_person_for_data_protection_or_404,
    may_erase_person,
    may_export_person,
    may_handle_subject_requests,
)
from accord.people.dpo_forms import ErasureForm, PersonLookupForm, SubjectAccessForm
from accord.people.models import Person
from accord.people.retention import person_erase
from accord.people.subject_access import (
    ExportFormat,
    person_records_query,
    person_subject_access_export,
)


@require_GET
@login_required
def lookup(request: HttpRequest) -> HttpResponse:
    if not may_handle_subject_requests(request.user):
        raise Http404
    form = PersonLookupForm(request.GET or None)
    context: dict[str, Any] = {"form": form}
    if form.is_valid():
        person = (
            dpo_registry.her_cases()
            .with_reference(data_protection_people(request.user), form.cleaned_data["reference"])
            .first()
        )
        if person is not None:
            then = "people:access_log" if request.GET.get("then") == "access_log" else None
            return redirect(then or "people:subject_access", uid=person.uid)
        # The same answer for "no such case" and "a case of another organisation".
        context["not_found"] = True
    return render(request, "people/dpo/lookup.html", context)


# After a re-authentication allauth replays the parked POST inside its own request: a file sent
# back then downloads, but the browser stays on "Confirm access" with an empty password box.
# So a replayed export is parked in the session for one download from the export's own page.
READY_SESSION_KEY = "subject_access_ready"
ACCESS_LOG_PAGE_SIZE = 50
# The parked export stands for the re-authentication just made: it keeps as long as one does.
READY_SECONDS = 300


@require_http_methods(["GET", "POST"])
@login_required
def subject_access(request: HttpRequest, uid: str) -> HttpResponse:
    person = get_person_for_data_protection_or_404(request.user, uid)
    if not may_export_person(request.user, person):
        raise Http404
    if request.method == "POST":
        return _subject_access_export(request, person=person)
    ready = request.session.get(READY_SESSION_KEY) or {}
    return _subject_access_page(
        request,
        person=person,
        form=SubjectAccessForm(),
        ready=ready.get("token") if ready.get("person") == str(person.uid) else None,
    )


def _subject_access_page(
    request: HttpRequest,
    *,
    person: Person,
    form: SubjectAccessForm,
    status: int = 200,
    ready: str | None = None,
) -> HttpResponse:
    return render(
        request,
        "people/dpo/subject_access.html",
        {
            "person": person,
            "cases": dpo_registry.her_cases().listed(person),
            "form": form,
            "ready": ready,
        },
        status=status,
    )


def _replayed(request: HttpRequest) -> bool:
    """Run by allauth's re-authentication page rather than by the request to this one."""
    match = request.resolver_match
    return match is not None and match.view_name != "people:subject_access"


def _export_response(request: HttpRequest, form: SubjectAccessForm, person: Person) -> HttpResponse:
    try:
        exported = person_subject_access_export(
            actor=Actor.from_request(request),
            person=person,
            reason=form.cleaned_data["reason"],
            file_format=ExportFormat(form.cleaned_data["file_format"]),
        )
    except PdfUnavailable:
        form.add_error(
            "file_format",
            _("PDF cannot be made on this server (a system library is missing); choose JSON."),
        )
        return _subject_access_page(request, person=person, form=form, status=503)
    return HttpResponse(
        exported.content,
        content_type=exported.content_type,
        headers={"Content-Disposition": f'attachment; filename="{exported.filename}"'},
    )


# A POST without a fresh re-authentication is parked by allauth, which asks for the password or
# a TOTP code and then replays it, so the DPO does not fill the form in twice.
@reauthenticate
def _subject_access_export(request: HttpRequest, *, person: Person) -> HttpResponse:
    form = SubjectAccessForm(request.POST)
    if not form.is_valid():
        return _subject_access_page(request, person=person, form=form, status=400)
    if _replayed(request):
        request.session[READY_SESSION_KEY] = {
            "person": str(person.uid),
            "token": secrets.token_urlsafe(16),
            "at": time.time(),
            "reason": form.cleaned_data["reason"],
            "file_format": form.cleaned_data["file_format"],
        }
        messages.success(request, _("Access confirmed. Your export is ready to download."))
        return redirect("people:subject_access", uid=person.uid)
    return _export_response(request, form, person)


@require_POST
@login_required
def subject_access_download(request: HttpRequest, uid: str, token: str) -> HttpResponse:
    """The export parked after a re-authentication, once and within minutes of it: made (and
    audited) now."""
    person = get_person_for_data_protection_or_404(request.user, uid)
    if not may_export_person(request.user, person):
        raise Http404
    ready = request.session.get(READY_SESSION_KEY) or {}
    if (
        ready.get("person") != str(person.uid)
        or not secrets.compare_digest(str(ready.get("token", "")), token)
        or time.time() - float(ready.get("at", 0)) > READY_SECONDS
    ):
        raise Http404
    del request.session[READY_SESSION_KEY]
    form = SubjectAccessForm(
        {"reason": ready.get("reason", ""), "file_format": ready.get("file_format", "")}
    )
    if not form.is_valid():
        raise Http404
    return _export_response(request, form, person)


@require_GET
@login_required
def access_log(request: HttpRequest, uid: str) -> HttpResponse:
    """Who accessed her records, every kind together (her record, her cases and all in them),
    in a period: this month unless asked."""
    if not may_handle_subject_requests(request.user):
        raise Http404
    person = get_person_for_data_protection_or_404(request.user, uid)
    form = RecordsPeriodForm(request.GET or None)
    context: dict[str, Any] = {
        "person": person,
        "form": form,
        "cases": dpo_registry.her_cases().listed(person),
    }
    if not request.GET:
        form = RecordsPeriodForm(
            {"start": first_of_month().isoformat(), "end": timezone.localdate().isoformat()}
        )
    if form.is_valid():
        events = audit_events_about(
            user=request.user,
            about=person_records_query(person),
            start=form.cleaned_data["start"],
            end=form.cleaned_data["end"],
        )
        page = Paginator(events, ACCESS_LOG_PAGE_SIZE).get_page(request.GET.get("page"))
        context |= {
            "page": page,
            "rows": audit_rows(user=request.user, events=page.object_list),
            "start": form.cleaned_data["start"],
            "end": form.cleaned_data["end"],
        }
    return render(
        request, "people/dpo/access_log.html", context, status=200 if form.is_valid() else 400
    )


@require_http_methods(["GET", "POST"])
@login_required
def erase(request: HttpRequest, uid: str) -> HttpResponse:
    person = get_person_for_data_protection_or_404(request.user, uid)
    if not may_erase_person(request.user, person):
        raise Http404
    if request.method == "POST":
        return _erase(request, person=person)
    return _erase_page(request, person=person, form=ErasureForm())


def _erase_page(
    request: HttpRequest, *, person: Person, form: ErasureForm, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "people/dpo/erase.html",
        {"person": person, "cases": dpo_registry.her_cases().listed(person), "form": form},
        status=status,
    )


@reauthenticate
def _erase(request: HttpRequest, *, person: Person) -> HttpResponse:
    form = ErasureForm(request.POST)
    if not form.is_valid():
        return _erase_page(request, person=person, form=form, status=400)
    try:
        person_erase(
            actor=Actor.from_request(request), person=person, reason=form.cleaned_data["reason"]
        )
    except ValidationError as refused:
        for message in refused.messages:
            form.add_error(None, message)
        return _erase_page(request, person=person, form=form, status=400)
    messages.success(request, _("The record and all its cases have been erased."))
    return redirect("people:data_protection")
