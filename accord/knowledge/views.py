"""The knowledge exchange's pages, under /knowledge/.

Thin: access (`access.py`), a form, one service call, a render. A survey, an answer or an entry
the reader may not reach answers 404, exactly as one that does not exist. A refused write comes
back with the form's errors (400), a stale one with a conflict (409).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accord.access.policy import get_visible_or_404, visible_to
from accord.accounts.models import Organisation
from accord.audit.context import Actor
from accord.core.locking import StaleVersion
from accord.core.pdf import PdfUnavailable
from accord.core.versioned import add_errors
from accord.knowledge import selectors, services
from accord.knowledge.access import (
    hubs_to_run_surveys_for,
    may_answer_for,
    may_code,
    may_edit_entry,
    may_run_event,
    may_run_survey,
    may_select_entries,
    may_translate_entry,
)
from accord.knowledge.chart import cached_question_svg
from accord.knowledge.forms import (
    ActivityForm,
    AssessmentForm,
    AttendanceForm,
    CategoryForm,
    CodingForm,
    CompendiumSearchForm,
    PracticeEntryForm,
    RegistrationForm,
    SurveyAnswerForm,
    SurveyFileForm,
    TranslationForm,
    coding_prefix,
    initial_answers,
)
from accord.knowledge.glossary import export_turtle
from accord.knowledge.ical import calendar_feed, occurrences
from accord.knowledge.members import represented_organisation_ids
from accord.knowledge.models import (
    Answer,
    Assessment,
    Campaign,
    EntryStatus,
    Event,
    PracticeEntry,
    Question,
    QuestionKind,
    Registration,
    Survey,
    SurveyStatus,
)
from accord.knowledge.reports import report_csv, report_pdf
from accord.knowledge.surveyfile import SurveyFileError, read_survey_file
from accord.knowledge.xlsform import SUFFIXES as XLSFORM_SUFFIXES
from accord.knowledge.xlsform import read_xlsform_bytes, xlsform_csv

# --- surveys ------------------------------------------------------------------------------------


@require_GET
@login_required
def survey_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "knowledge/survey_list.html",
        {
            "surveys": selectors.surveys_for(request.user),
            "may_upload": bool(hubs_to_run_surveys_for(request.user)),
        },
    )


@require_GET
@login_required
def survey_detail(request: HttpRequest, key: str) -> HttpResponse:
    survey = selectors.survey_or_404(request.user, key)
    answering = list(_answerable(request, survey).order_by("name"))
    return render(
        request,
        "knowledge/survey_detail.html",
        {
            "survey": survey,
            "questions": selectors.questions_of(survey),
            "answering": answering,
            "may_code": may_code(request.user, survey),
            "may_run": may_run_survey(request.user, survey),
        },
    )


def _answerable(request: HttpRequest, survey: Survey) -> QuerySet[Organisation]:
    """The organisations she may answer this survey for (none unless it is open)."""
    return Organisation.objects.filter(pk__in=may_answer_for(request.user, survey))


@require_http_methods(["GET", "POST"])
@login_required
def survey_answer(request: HttpRequest, key: str, organisation_id: int) -> HttpResponse:
    """A member organisation's answers: its representatives only, while the survey is open."""
    survey = selectors.survey_or_404(request.user, key)
    organisation = get_object_or_404(_answerable(request, survey), pk=organisation_id)
    questions = selectors.questions_of(survey)
    response = selectors.own_response(survey, organisation.pk)
    conflict = False
    if request.method == "POST":
        form = SurveyAnswerForm(request.POST, questions=questions)
        if form.is_valid():
            try:
                services.response_submit(
                    actor=Actor.from_request(request),
                    survey=survey,
                    organisation=organisation,
                    answers=form.answers(),
                    expected_version=form.cleaned_data["version"],
                )
            except StaleVersion:
                conflict = True
                form.add_error(
                    None,
                    _(
                        "Someone else from your organisation saved these answers since you "
                        "opened them. Your answers are below: check them against the saved ones "
                        "and save again."
                    ),
                )
                response = selectors.own_response(survey, organisation.pk)
                form.data = form.data.copy()
                form.data["version"] = str(response.version) if response else ""
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("Your answers are saved. Thank you."))
                return redirect("knowledge:survey", key=survey.key)
    else:
        initial = initial_answers(list(response.answers.all())) if response else {}
        initial["version"] = response.version if response else None
        form = SurveyAnswerForm(initial=initial, questions=questions)
    status = 409 if conflict else (400 if form.errors else 200)
    return render(
        request,
        "knowledge/survey_answer.html",
        {"survey": survey, "organisation": organisation, "form": form},
        status=status,
    )


@require_POST
@login_required
def survey_status(request: HttpRequest, key: str) -> HttpResponse:
    survey = selectors.survey_or_404(request.user, key)
    if not may_run_survey(request.user, survey):
        raise Http404
    wanted = request.POST.get("status")
    if wanted not in SurveyStatus.values:
        return HttpResponse(_("Unknown status."), status=400)
    try:
        services.survey_status_set(
            actor=Actor.from_request(request),
            survey=survey,
            status=SurveyStatus(wanted),
            deadline=None,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("knowledge:survey", key=survey.key)


# --- coding -------------------------------------------------------------------------------------


def _question_to_code(request: HttpRequest, key: str, question_key: str) -> tuple[Survey, Question]:
    survey = selectors.survey_to_code_or_404(request.user, key)
    question = get_object_or_404(survey.questions, key=question_key, kind=QuestionKind.OPEN)
    return survey, question


@require_GET
@login_required
def question_coding(request: HttpRequest, key: str, question_key: str) -> HttpResponse:
    survey, question = _question_to_code(request, key, question_key)
    return _coding_page(request, survey, question)


def _coding_page(
    request: HttpRequest,
    survey: Survey,
    question: Question,
    *,
    failed: tuple[int, Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    rows = []
    for answer in selectors.open_answers(request.user, question):
        first = [c.category_id for c in answer.codes.all() if c.slot == 1]
        second = [c.category_id for c in answer.codes.all() if c.slot == 2]
        if failed is not None and failed[0] == answer.pk:
            form = failed[1]
        else:
            form = CodingForm(
                question=question,
                initial={"codes": first, "slot": 1},
                prefix=coding_prefix(answer.pk),
            )
        rows.append({"answer": answer, "form": form, "first": first, "second": second})
    return render(
        request,
        "knowledge/coding.html",
        {
            "survey": survey,
            "question": question,
            "rows": rows,
            "category_form": CategoryForm(),
            "codebook": list(question.categories.order_by("position", "pk")),
        },
        status=status,
    )


@require_POST
@login_required
def answer_code(request: HttpRequest, key: str, question_key: str, answer_id: int) -> HttpResponse:
    survey, question = _question_to_code(request, key, question_key)
    answer = get_visible_or_404(request.user, Answer, pk=answer_id, question=question)
    form = CodingForm(request.POST, question=question, prefix=coding_prefix(answer.pk))
    if not form.is_valid():
        return _coding_page(request, survey, question, failed=(answer.pk, form), status=400)
    services.answer_code(
        actor=Actor.from_request(request),
        answer=answer,
        categories=form.cleaned_data["codes"],
        slot=form.cleaned_data["slot"],
    )
    organisation = answer.response.organisation
    messages.success(request, _("Codes saved for %(name)s.") % {"name": organisation})
    return redirect("knowledge:coding", key=survey.key, question_key=question.key)


@require_POST
@login_required
def category_add(request: HttpRequest, key: str, question_key: str) -> HttpResponse:
    survey, question = _question_to_code(request, key, question_key)
    form = CategoryForm(request.POST)
    if form.is_valid():
        try:
            services.category_add(
                actor=Actor.from_request(request), question=question, **form.cleaned_data
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Code added to the codebook."))
    else:
        messages.error(request, _("Give a code (letters, digits, - and _) and a label."))
    return redirect("knowledge:coding", key=survey.key, question_key=question.key)


# --- the report ---------------------------------------------------------------------------------


@require_GET
@login_required
def survey_report(request: HttpRequest, key: str) -> HttpResponse:
    survey = selectors.survey_to_code_or_404(request.user, key)
    return render(
        request,
        "knowledge/report.html",
        {"report": selectors.survey_report(survey)},
    )


@require_GET
@login_required
def report_chart(request: HttpRequest, key: str, question_key: str) -> HttpResponse:
    survey = selectors.survey_to_code_or_404(request.user, key)
    report = selectors.survey_report(survey)
    found = [q for q in report.questions if q.question.key == question_key]
    if not found or not found[0].categories:
        raise Http404
    return HttpResponse(
        cached_question_svg(found[0], request.LANGUAGE_CODE), content_type="image/svg+xml"
    )


@require_GET
@login_required
def survey_report_csv(request: HttpRequest, key: str) -> HttpResponse:
    survey = selectors.survey_to_code_or_404(request.user, key)
    content = report_csv(actor=Actor.from_request(request), report=selectors.survey_report(survey))
    return HttpResponse(
        content,
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{survey.key}.csv"'},
    )


@require_GET
@login_required
def survey_report_pdf(request: HttpRequest, key: str) -> HttpResponse:
    survey = selectors.survey_to_code_or_404(request.user, key)
    try:
        content = report_pdf(
            actor=Actor.from_request(request), report=selectors.survey_report(survey)
        )
    except PdfUnavailable:
        messages.error(
            request, _("The PDF cannot be made on this server (a system library is missing).")
        )
        return redirect("knowledge:report", key=survey.key)
    return HttpResponse(
        content,
        content_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{survey.key}.pdf"'},
    )


# --- the compendium -----------------------------------------------------------------------------


@require_GET
def compendium(request: HttpRequest) -> HttpResponse:
    """The published compendium: open to everyone, signed in or not (no person data in it)."""
    form = CompendiumSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    entries = selectors.compendium_search(
        request.user,
        query=filters.get("q", ""),
        pillar=filters.get("pillar", ""),
        country=filters.get("country", ""),
        tag=filters.get("tag", ""),
    )
    language = request.LANGUAGE_CODE
    rows = [(entry, *selectors.in_language(entry, language)) for entry in entries]
    return render(
        request,
        "knowledge/compendium.html",
        {
            "form": form,
            "rows": rows,
            "may_submit": bool(represented_organisation_ids(request.user)),
            "may_review": may_select_entries(request.user),
        },
    )


@require_GET
def practice_entry(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.practice_entry_or_404(request.user, pk)
    title, summary, language = selectors.in_language(entry, request.LANGUAGE_CODE)
    may_review = may_select_entries(request.user)
    return render(
        request,
        "knowledge/practice_entry.html",
        {
            "entry": entry,
            "title": title,
            "summary": summary,
            "language": language,
            "may_edit": may_edit_entry(request.user, entry),
            "translation_form": (
                TranslationForm() if may_translate_entry(request.user, entry) else None
            ),
            "may_review": may_review,
            "assessment_form": AssessmentForm() if may_review else None,
            "assessments": (
                list(visible_to(request.user, Assessment).filter(entry=entry)) if may_review else []
            ),
        },
    )


def _represented(request: HttpRequest) -> list[tuple[int, str]]:
    return list(
        Organisation.objects.filter(pk__in=represented_organisation_ids(request.user))
        .order_by("name")
        .values_list("pk", "name")
    )


@require_http_methods(["GET", "POST"])
@login_required
def practice_submit(request: HttpRequest) -> HttpResponse:
    organisations = _represented(request)
    if not organisations:
        raise Http404
    form = PracticeEntryForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            entry = services.practice_entry_submit(
                actor=Actor.from_request(request),
                organisation=Organisation.objects.get(pk=data["organisation"]),
                pillars=data["pillars"],
                tags=data["tags"],
                language=request.LANGUAGE_CODE,
                **{name: data[name] for name in services.ENTRY_FIELDS},
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Thank you: the hub will assess your entry."))
            return redirect("knowledge:practice", pk=entry.pk)
    return render(
        request,
        "knowledge/practice_form.html",
        {"form": form, "entry": None},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def practice_edit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.practice_entry_or_404(request.user, pk)
    if not may_edit_entry(request.user, entry):
        raise Http404
    organisations = [(entry.organisation_id, entry.organisation.name)]
    conflict = False
    if request.method == "POST":
        form = PracticeEntryForm(request.POST, organisations=organisations)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.practice_entry_update(
                    actor=Actor.from_request(request),
                    entry=entry,
                    expected_version=data["version"] or 0,
                    pillars=data["pillars"],
                    tags=data["tags"],
                    **{name: data[name] for name in services.ENTRY_FIELDS},
                )
            except StaleVersion:
                conflict = True
                form.add_error(None, _("Someone changed this entry since you opened it."))
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("Entry saved."))
                return redirect("knowledge:practice", pk=entry.pk)
    else:
        initial = {name: getattr(entry, name) for name in services.ENTRY_FIELDS}
        initial |= {
            "organisation": entry.organisation_id,
            "pillars": [pillar.value for pillar in entry.pillars],
            "tags": list(entry.tags.all()),
            "version": entry.version,
        }
        form = PracticeEntryForm(initial=initial, organisations=organisations)
    return render(
        request,
        "knowledge/practice_form.html",
        {"form": form, "entry": entry},
        status=409 if conflict else (400 if form.errors else 200),
    )


def _entry_to_review(request: HttpRequest, pk: int) -> PracticeEntry:
    if not may_select_entries(request.user):
        raise Http404
    return selectors.practice_entry_or_404(request.user, pk)


@require_POST
@login_required
def practice_assess(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry_to_review(request, pk)
    form = AssessmentForm(request.POST)
    if form.is_valid():
        services.practice_entry_assess(
            actor=Actor.from_request(request), entry=entry, scores=form.scores()
        )
        messages.success(request, _("Scores saved."))
    else:
        messages.error(request, _("Score every criterion."))
    return redirect("knowledge:practice", pk=entry.pk)


@require_POST
@login_required
def practice_decide(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry_to_review(request, pk)
    status = request.POST.get("status", "")
    if status not in EntryStatus.values:
        return HttpResponse(_("Unknown step."), status=400)
    try:
        services.practice_entry_decide(
            actor=Actor.from_request(request), entry=entry, status=EntryStatus(status)
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("knowledge:practice", pk=entry.pk)


@require_GET
@login_required
def practice_review(request: HttpRequest) -> HttpResponse:
    if not may_select_entries(request.user):
        raise Http404
    return render(
        request,
        "knowledge/practice_review.html",
        {"entries": selectors.entries_to_review(request.user)},
    )


# --- campaigns ----------------------------------------------------------------------------------


@require_GET
@login_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "knowledge/campaign_list.html",
        {"campaigns": visible_to(request.user, Campaign).order_by("-starts_on")},
    )


@require_http_methods(["GET", "POST"])
@login_required
def campaign_detail(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = selectors.campaign_or_404(request.user, slug)
    organisations = _represented(request)
    form = (
        ActivityForm(request.POST or None, organisations=organisations) if organisations else None
    )
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.campaign_activity_add(
                    actor=Actor.from_request(request),
                    campaign=campaign,
                    organisation=Organisation.objects.get(pk=data.pop("organisation")),
                    **data,
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("Activity added."))
                return redirect("knowledge:campaign", slug=campaign.slug)
    return render(
        request,
        "knowledge/campaign.html",
        {
            "campaign": campaign,
            "figures": selectors.campaign_figures(campaign),
            "activities": selectors.campaign_activities(campaign),
            "form": form,
        },
        status=400 if form is not None and form.errors else 200,
    )


# --- the glossary -------------------------------------------------------------------------------


@require_GET
def glossary(request: HttpRequest) -> HttpResponse:
    """The shared glossary: open to everyone (terms and definitions only)."""
    query = request.GET.get("q", "")[:200]
    return render(
        request,
        "knowledge/glossary.html",
        {"rows": selectors.glossary(request.user, request.LANGUAGE_CODE, query), "query": query},
    )


@require_GET
def glossary_skos(request: HttpRequest) -> HttpResponse:
    return HttpResponse(
        export_turtle(),
        content_type="text/turtle; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="glossary.ttl"'},
    )


# --- events -------------------------------------------------------------------------------------


@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    """The hub's programme: open to everyone, as its calendar feed."""
    return render(
        request,
        "knowledge/event_list.html",
        {"events": selectors.upcoming_events(request.user, timezone.now())},
    )


@require_http_methods(["GET", "POST"])
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_or_404(request.user, pk)
    organisations = _represented(request) if request.user.is_authenticated else []
    form = RegistrationForm(request.POST or None, organisations=organisations)
    if request.method == "POST":
        if not organisations:
            raise Http404
        if form.is_valid():
            try:
                services.registration_set(
                    actor=Actor.from_request(request),
                    event=event,
                    organisation=Organisation.objects.get(pk=form.cleaned_data["organisation"]),
                    participants=form.cleaned_data["participants"],
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("Your places are registered."))
                return redirect("knowledge:event", pk=event.pk)
    return render(
        request,
        "knowledge/event.html",
        {
            "event": event,
            "occurrences": occurrences(event),
            "registrations": (
                selectors.event_registrations(request.user, event)
                if request.user.is_authenticated
                else []
            ),
            "form": form if organisations else None,
            "may_run": may_run_event(request.user, event),
        },
        status=400 if form.errors else 200,
    )


@require_GET
def event_feed(request: HttpRequest) -> HttpResponse:
    events = list(visible_to(request.user, Event).order_by("starts_at", "pk"))
    return HttpResponse(calendar_feed(events), content_type="text/calendar; charset=utf-8")


@require_http_methods(["GET", "POST"])
@login_required
def survey_upload(request: HttpRequest) -> HttpResponse:
    """The hub defines a survey (or loads a past one) from a survey file."""
    hubs = list(
        Organisation.objects.filter(pk__in=hubs_to_run_surveys_for(request.user))
        .order_by("name")
        .values_list("pk", "name")
    )
    if not hubs:
        raise Http404
    form = SurveyFileForm(request.POST or None, request.FILES or None, hubs=hubs)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        suffix, content = form.cleaned_data["file"]
        try:
            if suffix in XLSFORM_SUFFIXES:
                data = read_xlsform_bytes(content, suffix)
            else:
                data = read_survey_file(_utf8(content))
            result = services.survey_import(
                actor=Actor.from_request(request),
                hub=Organisation.objects.get(pk=form.cleaned_data["hub"]),
                data=data,
            )
        except SurveyFileError as error:
            problems = error.errors
        except ValidationError as error:
            problems = error.messages
        else:
            for question_key, code in result.added_codes:
                messages.info(
                    request,
                    _("Code %(code)s added to the codebook of %(question)s.")
                    % {"code": code, "question": question_key},
                )
            messages.success(request, _("Survey loaded."))
            return redirect("knowledge:survey", key=result.survey.key)
    return render(
        request,
        "knowledge/survey_upload.html",
        {"form": form, "problems": problems},
        status=400 if (form.errors or problems) else 200,
    )


def _utf8(content: bytes) -> str:
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError as error:
        raise SurveyFileError([_("The file is not UTF-8 text.")]) from error


@require_GET
@login_required
def survey_xlsform(request: HttpRequest, key: str) -> HttpResponse:
    """The survey's definition as an XLSForm, for its hub's editors."""
    survey = selectors.survey_or_404(request.user, key)
    if not may_run_survey(request.user, survey):
        raise Http404
    return HttpResponse(
        xlsform_csv(survey),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{survey.key}-xlsform.csv"'},
    )


@require_POST
@login_required
def practice_translate(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.practice_entry_or_404(request.user, pk)
    if not may_translate_entry(request.user, entry):
        raise Http404
    form = TranslationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the language, a title and a summary."))
    else:
        try:
            services.practice_translation_set(
                actor=Actor.from_request(request), entry=entry, **form.cleaned_data
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Translation saved."))
    return redirect("knowledge:practice", pk=entry.pk)


@require_POST
@login_required
def attendance(request: HttpRequest, pk: int, registration_id: int) -> HttpResponse:
    event = selectors.event_or_404(request.user, pk)
    if not may_run_event(request.user, event):
        raise Http404
    registration = get_visible_or_404(request.user, Registration, pk=registration_id, event=event)
    form = AttendanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the number who attended."))
    else:
        try:
            services.attendance_record(
                actor=Actor.from_request(request),
                registration=registration,
                attended=form.cleaned_data["attended"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Attendance saved."))
    return redirect("knowledge:event", pk=event.pk)
