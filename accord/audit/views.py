"""The DPO's screens: who accessed a record, what a person did, and CSV exports of both.

Anyone who is not a DPO gets 404 on every one of them, as if they did not exist.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accord.access.policy import Action, may
from accord.accounts.decorators import reauthenticate
from accord.audit.context import Actor
from accord.audit.exports import audit_csv_lines
from accord.audit.forms import RecordEventsForm, UserEventsForm
from accord.audit.models import AuditEvent
from accord.audit.selectors import (
    audit_events_about_record,
    audit_events_by_user,
    audit_rows,
    audit_subject_user_choices,
)
from accord.audit.services import audit_log_export

PAGE_SIZE = 50

View = Callable[..., HttpResponse]


def audit_reader_required(view: View) -> View:
    """404 for anyone who may not read the audit log, before anything else is asked of them
    (a re-authentication prompt would give away that the page exists)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not may(request.user, Action.READ_AUDIT):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


@require_GET
@login_required
@audit_reader_required
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "audit/index.html",
        {
            "record_form": RecordEventsForm(),
            "user_form": UserEventsForm(users=audit_subject_user_choices(user=request.user)),
        },
    )


@require_GET
@login_required
@audit_reader_required
def record_events(request: HttpRequest) -> HttpResponse:
    form = RecordEventsForm(request.GET)
    context: dict[str, Any] = {"form": form}
    if form.is_valid():
        events = audit_events_about_record(user=request.user, **form.cleaned_data)
        context |= _page_context(request, events)
    return render(request, "audit/record_events.html", context)


@require_GET
@login_required
@audit_reader_required
def user_events(request: HttpRequest) -> HttpResponse:
    form = UserEventsForm(request.GET, users=audit_subject_user_choices(user=request.user))
    context: dict[str, Any] = {"form": form}
    if form.is_valid():
        events = audit_events_by_user(
            user=request.user,
            subject=form.cleaned_data["user"],
            start=form.cleaned_data["start"],
            end=form.cleaned_data["end"],
        )
        context |= _page_context(request, events)
    return render(request, "audit/user_events.html", context)


@require_GET
@login_required
@audit_reader_required
@reauthenticate
def record_events_export(request: HttpRequest) -> HttpResponse:
    form = RecordEventsForm(request.GET)
    if not form.is_valid():
        return render(request, "audit/record_events.html", {"form": form}, status=400)
    data = form.cleaned_data
    events = audit_events_about_record(user=request.user, **data)
    audit_log_export(
        actor=Actor.from_request(request),
        query=f"record object_type={data['object_type']} object_id={data['object_id']}",
    )
    return _csv_response(events)


@require_GET
@login_required
@audit_reader_required
@reauthenticate
def user_events_export(request: HttpRequest) -> HttpResponse:
    form = UserEventsForm(request.GET, users=audit_subject_user_choices(user=request.user))
    if not form.is_valid():
        return render(request, "audit/user_events.html", {"form": form}, status=400)
    data = form.cleaned_data
    events = audit_events_by_user(
        user=request.user, subject=data["user"], start=data["start"], end=data["end"]
    )
    audit_log_export(
        actor=Actor.from_request(request),
        query=f"user actor_id={data['user'].pk} from={data['start']} to={data['end']}",
    )
    return _csv_response(events)


def _page_context(request: HttpRequest, events: QuerySet[AuditEvent]) -> dict[str, Any]:
    # get_page turns a missing, malformed or too-large page number into a real page, never an
    # error page.
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return {"page": page, "rows": audit_rows(user=request.user, events=page.object_list)}


def _csv_response(events: QuerySet[AuditEvent]) -> StreamingHttpResponse:
    # The file name carries a date only, never whose or which record's events it holds.
    filename = f"audit-{timezone.localdate():%Y-%m-%d}.csv"
    return StreamingHttpResponse(
        audit_csv_lines(events),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
