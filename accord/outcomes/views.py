"""Outcome pages (/outcomes/). On his programme case: his time points and his answers. On her
survivor-side case: the paired view (his report beside hers, gaps flagged), her answers, and a
one-time link for her. Her self-completion page (/outcomes/q/<token>/) needs no account: the
link is the authority, and it leaves as little trace as the browser allows."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accord.access.policy import case_access, visible_to
from accord.audit.context import Actor
from accord.cases.models import Case, CaseKind
from accord.core.versioned import add_errors
from accord.outcomes import definition, selectors, services
from accord.outcomes.forms import AnswersForm, LinkForm, ScheduleForm, WorkerAnswersForm
from accord.outcomes.models import OutcomeResponse, OutcomeSchedule


def _case(request: HttpRequest, reference: str) -> Case:
    case = selectors.case_for_work_or_404(request.user, reference)
    if not case_access(request.user, case).may_work:
        raise Http404
    return case


def _schedule_of(request: HttpRequest, case: Case) -> OutcomeSchedule | None:
    return selectors.schedule_of(request.user, case)


def _page(request: HttpRequest, case: Case, *, status: int = 200, **forms: object) -> HttpResponse:
    access = case_access(request.user, case)
    schedule = _schedule_of(request, case)
    his_side = case.kind == CaseKind.PERPETRATOR_PROGRAMME
    context: dict[str, object] = {
        "case": case,
        "his_side": his_side,
        "schedule": schedule,
        "time_points": [
            (point, definition.due_on(schedule.start_on, point))
            for point in definition.time_points()
        ]
        if schedule is not None
        else [],
        "answers_form": forms.get("answers_form")
        or WorkerAnswersForm(
            spec=definition.instrument(),
            language=get_language() or "en",
            initial={"answered_on": timezone.localdate()},
        ),
    }
    if his_side:
        context["responses"] = (
            visible_to(request.user, OutcomeResponse).filter(case=case).order_by("answered_on")
        )
        context["schedule_form"] = forms.get("schedule_form") or ScheduleForm(
            initial={"start_on": selectors.programme_start(request.user, case)}
        )
    else:
        context["paired"] = selectors.paired_view(request.user, access)
        context["link_form"] = forms.get("link_form") or LinkForm(
            channels=services.channels_for(case)
        )
        context["link_url"] = forms.get("link_url")
    return render(request, "outcomes/case.html", context, status=status)


@require_GET
@login_required
def case_page(request: HttpRequest, reference: str) -> HttpResponse:
    case = _case(request, reference)
    services.outcomes_viewed(actor=Actor.from_request(request), case=case)
    return _page(request, case)


@require_POST
@login_required
def schedule_start(request: HttpRequest, reference: str) -> HttpResponse:
    case = _case(request, reference)
    form = ScheduleForm(request.POST)
    if form.is_valid():
        try:
            services.outcome_schedule_start(
                actor=Actor.from_request(request), case=case, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Outcome measurement has started."))
            return redirect("outcomes:case", reference=case.reference)
    return _page(request, case, status=400, schedule_form=form)


@require_POST
@login_required
def answers_record(request: HttpRequest, reference: str) -> HttpResponse:
    case = _case(request, reference)
    schedule = _schedule_of(request, case)
    form = WorkerAnswersForm(
        request.POST, spec=definition.instrument(), language=get_language() or "en"
    )
    if schedule is None:
        raise Http404
    if form.is_valid():
        try:
            services.outcome_response_record(
                actor=Actor.from_request(request),
                case=case,
                schedule=schedule,
                time_point=form.cleaned_data["time_point"],
                answered_on=form.cleaned_data["answered_on"],
                answers=form.answers(),
            )
        except ValidationError as error:
            form.add_answer_errors(getattr(error, "message_dict", {"": error.messages}))
        else:
            messages.success(request, _("The answers are recorded."))
            return redirect("outcomes:case", reference=case.reference)
    return _page(request, case, status=400, answers_form=form)


@require_POST
@login_required
def link_send(request: HttpRequest, reference: str) -> HttpResponse:
    case = _case(request, reference)
    schedule = _schedule_of(request, case)
    if schedule is None or case.kind == CaseKind.PERPETRATOR_PROGRAMME:
        raise Http404
    form = LinkForm(request.POST, channels=services.channels_for(case))
    if form.is_valid():
        try:
            url = services.link_create(
                actor=Actor.from_request(request),
                case=case,
                schedule=schedule,
                time_point=form.cleaned_data["time_point"],
                channel=form.cleaned_data["channel"],
                build_url=lambda token: request.build_absolute_uri(
                    reverse("outcomes:self_complete", args=[token])
                ),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            if form.cleaned_data["channel"] == "email":
                messages.success(request, _("The link is sent. It works once, for seven days."))
                return redirect("outcomes:case", reference=case.reference)
            # Shown once, to pass on by phone or text: it is not stored anywhere.
            return _page(request, case, link_url=url)
    return _page(request, case, status=400, link_form=form)


# --- her self-completion, through the link ---------------------------------------------------


def _no_trace(response: HttpResponse) -> HttpResponse:
    response["Referrer-Policy"] = "no-referrer"
    response["Cache-Control"] = "no-store, no-cache, must-revalidate, private, max-age=0"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _gone(request: HttpRequest) -> HttpResponse:
    """One plain page whatever the reason (unknown, used, expired): it reveals nothing."""
    return _no_trace(render(request, "outcomes/link_gone.html", status=404))


# The link itself authorises the answer (single use, unguessable, hashed at rest); a CSRF
# cookie would be one more trace on her device, and there is no session to ride on.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def self_complete(request: HttpRequest, token: str) -> HttpResponse:
    link = services.link_usable(token)
    if link is None:
        return _gone(request)
    spec = definition.instrument()
    language = get_language() or "en"
    form = AnswersForm(request.POST or None, spec=spec, language=language)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                response = services.link_complete(token=token, answers=form.answers())
            except ValidationError as error:
                form.add_answer_errors(getattr(error, "message_dict", {"": error.messages}))
            else:
                if response is None:
                    return _gone(request)
                return _no_trace(redirect("outcomes:self_complete_done"))
        status = 400
    return _no_trace(
        render(
            request,
            "outcomes/self_complete.html",
            {"form": form, "description": spec.text("description", language)},
            status=status,
        )
    )


@require_GET
def self_complete_done(request: HttpRequest) -> HttpResponse:
    return _no_trace(render(request, "outcomes/self_complete_done.html"))


@require_GET
@login_required
def report(request: HttpRequest) -> HttpResponse:
    return render(
        request, "outcomes/report.html", {"cells": selectors.outcome_report(request.user)}
    )
