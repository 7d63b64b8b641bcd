"""Risk pages of a case: its history (table and chart), one assessment (answer, save a draft,
complete), the comparison of two, and "her circumstances changed".

Thin: the case through the case selectors, the access module's risk rule, a form, one service
call, a render. Anyone who may not read the case's risk class gets a 404, as for a missing page;
anyone who may not work the case, a 404 on every write.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accord.access.policy import CaseAccess
from accord.audit.context import Actor
from accord.cases.models import Case, CaseStatus
from accord.cases.selectors import case_and_access_or_404
from accord.core.locking import StaleVersion
from accord.core.versioned import add_errors
from accord.risk import selectors, services
from accord.risk.chart import cached_history_svg
from accord.risk.forms import (
    ANSWER_PREFIX,
    AssessmentForm,
    AssessmentStartForm,
    CircumstancesForm,
    answer_blocks,
)
from accord.risk.models import Assessment, Occasion
from accord.risk.scoring import score


def _case_for_risk(
    request: HttpRequest, reference: str, *, work: bool = False
) -> tuple[Case, CaseAccess]:
    case, access = case_and_access_or_404(request.user, reference)
    if not (access.may_assess_risk() if work else access.reads_risk()):
        raise Http404
    return case, access


def _to_overview(case: Case) -> HttpResponse:
    return redirect(reverse("risk:overview", args=[case.reference]))


@require_GET
@login_required
def overview(request: HttpRequest, reference: str) -> HttpResponse:
    case, access = _case_for_risk(request, reference)
    services.risk_viewed(actor=Actor.from_request(request), case=case)
    assessments = selectors.case_assessments(case)
    may_start = access.may_work and case.status != CaseStatus.CLOSED
    instruments = selectors.instruments_for(case) if may_start else []
    return render(
        request,
        "risk/overview.html",
        {
            "case": case,
            "access": access,
            "assessments": assessments,
            "has_chart": bool(selectors.completed_in_order(assessments)),
            "today": timezone.localdate(),
            "start_form": AssessmentStartForm(instruments=instruments) if instruments else None,
            "circumstances_form": CircumstancesForm() if may_start else None,
        },
    )


@require_GET
@login_required
@csp_override({"default-src": ["'none'"], "style-src": ["'unsafe-inline'"]})
def chart(request: HttpRequest, reference: str) -> HttpResponse:
    # Matplotlib's SVG styles its shapes inline; the override allows that in this image alone,
    # which carries no script and loads nothing.
    case, _access = _case_for_risk(request, reference)
    completed = selectors.completed_in_order(selectors.case_assessments(case))
    if not completed:
        raise Http404
    return HttpResponse(
        cached_history_svg(completed, request.LANGUAGE_CODE), content_type="image/svg+xml"
    )


@require_POST
@login_required
def start(request: HttpRequest, reference: str) -> HttpResponse:
    case, access = _case_for_risk(request, reference, work=True)
    form = AssessmentStartForm(request.POST, instruments=selectors.instruments_for(case))
    if form.is_valid():
        try:
            assessment = services.assessment_start(
                actor=Actor.from_request(request),
                case=case,
                instrument=form.cleaned_data["instrument"],
                occasion=Occasion(form.cleaned_data["occasion"]),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            return redirect(reverse("risk:assessment", args=[case.reference, assessment.uid]))
    messages.error(request, _("Choose a form and an occasion to start an assessment."))
    return _to_overview(case)


def _assessment_page(
    request: HttpRequest,
    case: Case,
    access: CaseAccess,
    assessment: Assessment,
    form: AssessmentForm | None = None,
    *,
    conflict: list[tuple[str, str, str]] | None = None,
    status: int = 200,
) -> HttpResponse:
    language = request.LANGUAGE_CODE
    spec = assessment.instrument.spec
    editable = access.may_work and not assessment.is_complete
    context = {
        "case": case,
        "assessment": assessment,
        "title": spec.text("title", language),
        "editable": editable,
        "flags": [spec.text(f"flags.{key}", language) for key in assessment.flags],
        "conflict": conflict,
    }
    if editable:
        form = form or AssessmentForm(
            initial={
                "version": assessment.version,
                **{ANSWER_PREFIX + key: value for key, value in assessment.answers.items()},
            },
            spec=spec,
            language=language,
        )
        # Which follow-up modules the answers so far open (the user's input when re-shown).
        answers = form.answers() if form.is_bound else assessment.answers
        context["form"] = form
        context["blocks"] = answer_blocks(form, language, score(spec, answers).opened_modules)
    else:
        context["answered"] = selectors.answered(assessment, language)
    return render(request, "risk/assessment.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def assessment(request: HttpRequest, reference: str, uid: str) -> HttpResponse:
    case, access = _case_for_risk(request, reference, work=request.method == "POST")
    found = selectors.case_assessment_or_404(case, uid)
    actor = Actor.from_request(request)
    if request.method == "GET":
        services.assessment_viewed(actor=actor, assessment=found)
        return _assessment_page(request, case, access, found)
    spec = found.instrument.spec
    form = AssessmentForm(request.POST, spec=spec, language=request.LANGUAGE_CODE)
    if not form.is_valid():
        return _assessment_page(request, case, access, found, form, status=400)
    completing = "complete" in request.POST
    try:
        if completing:
            saved = services.assessment_complete(
                actor=actor,
                assessment=found,
                expected_version=form.cleaned_data["version"],
                answers=form.answers(),
                judgement_level=form.cleaned_data["judgement_level"] or None,
                judgement_reason=form.cleaned_data["judgement_reason"],
            )
        else:
            saved = services.assessment_save(
                actor=actor,
                assessment=found,
                expected_version=form.cleaned_data["version"],
                answers=form.answers(),
            )
    except StaleVersion as stale:
        return _conflict(request, case, access, stale.current, form)
    except ValidationError as error:
        add_errors(form, error)
        if found.is_complete:
            # The page shows the result, not the form and its errors: say why nothing changed.
            messages.error(request, " ".join(error.messages))
        return _assessment_page(request, case, access, found, form, status=400)
    if completing:
        messages.success(
            request,
            _("Assessment complete: %(level)s.") % {"level": saved.get_level_display()},
        )
    else:
        messages.success(request, _("Draft saved. You can come back to it."))
    return redirect(reverse("risk:assessment", args=[case.reference, saved.uid]))


def _conflict(
    request: HttpRequest, case: Case, access: CaseAccess, current: Assessment, form: AssessmentForm
) -> HttpResponse:
    """Someone saved this assessment since it was opened: both versions of every answer that
    differs, and the user's input kept in the form, now based on the stored version."""
    language = request.LANGUAGE_CODE
    mine = form.answers()
    differences = [
        (
            current.instrument.spec.text(f"items.{item.key}", language),
            selectors.answer_text(current, item.key, language),
            str(mine.get(item.key, "")),
        )
        for item in current.instrument.spec.items()
        if current.answers.get(item.key) != mine.get(item.key)
    ]
    if current.is_complete:
        messages.error(request, _("Someone completed this assessment since you opened it."))
        return _assessment_page(request, case, access, current, conflict=differences, status=409)
    data = request.POST.copy()
    data["version"] = str(current.version)
    rebound = AssessmentForm(data, spec=current.instrument.spec, language=language)
    rebound.is_valid()
    return _assessment_page(
        request, case, access, current, rebound, conflict=differences, status=409
    )


@require_GET
@login_required
def compare(request: HttpRequest, reference: str) -> HttpResponse:
    case, _access = _case_for_risk(request, reference)
    first = selectors.case_assessment_or_404(case, request.GET.get("earlier"))
    second = selectors.case_assessment_or_404(case, request.GET.get("later"))
    if first.instrument.slug != second.instrument.slug:
        messages.error(request, _("Only two assessments with the same form can be compared."))
        return _to_overview(case)
    earlier, later = sorted((first, second), key=lambda a: (a.assessed_on, a.created_at))
    services.risk_viewed(actor=Actor.from_request(request), case=case)
    return render(
        request,
        "risk/compare.html",
        {
            "case": case,
            "earlier": earlier,
            "later": later,
            "rows": selectors.compare(earlier, later, request.LANGUAGE_CODE),
        },
    )


@require_POST
@login_required
def circumstances(request: HttpRequest, reference: str) -> HttpResponse:
    case, _access = _case_for_risk(request, reference, work=True)
    form = CircumstancesForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say what changed."))
        return _to_overview(case)
    try:
        task = services.reassessment_request(
            actor=Actor.from_request(request),
            case=case,
            occasion=Occasion(form.cleaned_data["occasion"]),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _to_overview(case)
    if task is None:
        messages.warning(request, _("Nobody in the team can take the review: add a key worker."))
    else:
        messages.success(
            request,
            _("A risk review is due by %(day)s.")
            % {"day": date_format(task.due_on, "DATE_FORMAT")},
        )
    return _to_overview(case)
