"""Empowerment pages (/empowerment/): her profile over time, her plan and her mentorship on her
survivor-side case, and the aggregate report. Thin: access, a form, one service call, render."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accord.access.policy import case_access, get_visible_or_404, visible_to
from accord.audit.context import Actor
from accord.audit.services import audit_event_record
from accord.cases.models import Case
from accord.core.locking import StaleVersion
from accord.core.versioned import add_errors
from accord.empowerment import paths, selectors, services
from accord.empowerment.access import survivor_side_cases
from accord.empowerment.forms import (
    GoalForm,
    GoalProgressForm,
    MeetingForm,
    MentorshipForm,
    ProfileSnapshotForm,
)
from accord.empowerment.models import GoalStatus, Mentorship, PlanGoal
from accord.programmes.models import Enrolment, Programme, ProgrammeKind


def _page(
    request: HttpRequest,
    case: Case,
    *,
    forms: dict[str, Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    forms = forms or {}
    return render(
        request,
        "empowerment/case.html",
        {
            "case": case,
            "work": selectors.case_empowerment(case),
            "goal_form": forms.get("goal") or GoalForm(),
            "mentorship_form": forms.get("mentorship") or MentorshipForm(),
            "statuses": GoalStatus.choices,
            "enrolments": visible_to(request.user, Enrolment)
            .filter(case=case, programme__kind=ProgrammeKind.EMPOWERMENT_PATH)
            .select_related("programme", "group"),
            "paths": paths.paths_of(request.user).filter(service=case.team.service),
        },
        status=status,
    )


@require_GET
@login_required
def case_page(request: HttpRequest, reference: str) -> HttpResponse:
    case = selectors.case_for_work_or_404(request.user, reference)
    audit_event_record(
        actor=Actor.from_request(request),
        action="empowerment.viewed",
        obj=case,
        subject_organisation_id=case.team.service.organisation_id,
    )
    return _page(request, case)


@require_http_methods(["GET", "POST"])
@login_required
def profile_new(request: HttpRequest, reference: str) -> HttpResponse:
    case = selectors.case_for_work_or_404(request.user, reference)
    form = ProfileSnapshotForm(request.POST or None, initial={"taken_on": timezone.localdate()})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.profile_snapshot_record(
                    actor=Actor.from_request(request),
                    case=case,
                    occasion=form.cleaned_data["occasion"],
                    taken_on=form.cleaned_data["taken_on"],
                    answers=form.answers(),
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("Her profile is recorded."))
                return redirect("empowerment:case", reference=case.reference)
        status = 400
    return render(
        request, "empowerment/profile_form.html", {"case": case, "form": form}, status=status
    )


@require_POST
@login_required
def goal_add(request: HttpRequest, reference: str) -> HttpResponse:
    case = selectors.case_for_work_or_404(request.user, reference)
    form = GoalForm(request.POST)
    if form.is_valid():
        try:
            services.plan_goal_add(
                actor=Actor.from_request(request), case=case, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The goal is added to her plan."))
            return redirect("empowerment:case", reference=case.reference)
    return _page(request, case, forms={"goal": form}, status=400)


def _work_or_404(request: HttpRequest, case: Case) -> None:
    if not case_access(request.user, case).may_work:
        raise Http404


@require_POST
@login_required
def goal_progress(request: HttpRequest, pk: int) -> HttpResponse:
    goal = get_visible_or_404(request.user, PlanGoal, pk=pk)
    case = goal.case
    _work_or_404(request, case)
    form = GoalProgressForm(request.POST)
    if form.is_valid():
        try:
            services.plan_goal_progress(
                actor=Actor.from_request(request),
                goal=goal,
                expected_version=form.cleaned_data["version"],
                status=form.cleaned_data["status"],
                progress=form.cleaned_data["progress"],
            )
        except StaleVersion:
            messages.error(
                request, _("Changed by someone else since you opened it: look again and retry.")
            )
            return _page(request, case, status=409)
        except ValidationError:
            return _page(request, case, status=400)
        messages.success(request, _("Progress is saved."))
        return redirect("empowerment:case", reference=case.reference)
    return _page(request, case, status=400)


@require_POST
@login_required
def mentorship_start(request: HttpRequest, reference: str) -> HttpResponse:
    case = selectors.case_for_work_or_404(request.user, reference)
    form = MentorshipForm(request.POST)
    if form.is_valid():
        try:
            services.mentorship_start(
                actor=Actor.from_request(request), case=case, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The mentorship is recorded."))
            return redirect("empowerment:case", reference=case.reference)
    return _page(request, case, forms={"mentorship": form}, status=400)


@require_POST
@login_required
def mentorship_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship = get_visible_or_404(request.user, Mentorship, pk=pk)
    case = mentorship.case
    _work_or_404(request, case)
    form = MeetingForm(request.POST)
    if form.is_valid():
        try:
            services.mentorship_meeting_add(
                actor=Actor.from_request(request), mentorship=mentorship, **form.cleaned_data
            )
        except ValidationError as error:
            for errors in getattr(error, "message_dict", {"": error.messages}).values():
                for message in errors:
                    messages.error(request, message)
            return _page(request, case, status=400)
        messages.success(request, _("The meeting is recorded."))
        return redirect("empowerment:case", reference=case.reference)
    return _page(request, case, status=400)


def _may_report(request: HttpRequest) -> None:
    if not survivor_side_cases(request.user).exists():
        raise Http404


@require_GET
@login_required
def report(request: HttpRequest) -> HttpResponse:
    _may_report(request)
    return render(
        request,
        "empowerment/report.html",
        {"aggregate": selectors.profile_aggregate(request.user)},
    )


# The columns of the national-statistics export: one observation per row, SDMX-like, with the
# confidentiality flag ("C") where a small count is suppressed.
CSV_COLUMNS = [
    "TIME_PERIOD",
    "INDICATOR",
    "CATEGORY",
    "OCCASION",
    "OBS_VALUE",
    "OBS_STATUS",
    "UNIT_BASE",
]


@require_GET
@login_required
def report_csv(request: HttpRequest) -> HttpResponse:
    _may_report(request)
    aggregate = selectors.profile_aggregate(request.user)
    audit_event_record(
        actor=Actor.from_request(request), action="profile_aggregate.exported", reason="csv"
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="socio-economic-profile.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    period = timezone.localdate().year
    for row in aggregate.rows:
        for occasion, share in (("ENTRY", row.entry), ("FOLLOW_UP", row.follow_up)):
            writer.writerow(
                [
                    period,
                    row.question.key.upper(),
                    row.value.upper(),
                    occasion,
                    "" if share.cell.suppressed else share.cell.value,
                    share.cell.flag or "A",
                    aggregate.base if aggregate.women.value is not None else "",
                ]
            )
    return response


@require_POST
@login_required
def path_join(request: HttpRequest, reference: str) -> HttpResponse:
    case = selectors.case_for_work_or_404(request.user, reference)
    path = get_visible_or_404(
        request.user,
        Programme,
        pk=request.POST.get("path", ""),
        kind=ProgrammeKind.EMPOWERMENT_PATH,
        service=case.team.service,
    )
    try:
        paths.path_join(actor=Actor.from_request(request), path=path, case=case)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return _page(request, case, status=400)
    messages.success(request, _("She is on the path."))
    return redirect("empowerment:case", reference=case.reference)


@require_GET
@login_required
def path_list(request: HttpRequest) -> HttpResponse:
    """The trainer's paths: their modules, groups and the women on them she reaches."""
    found = list(paths.paths_of(request.user))
    women = paths.path_enrolments(request.user, found)
    return render(
        request,
        "empowerment/paths.html",
        {"paths": [(path, women[path.pk]) for path in found]},
    )
