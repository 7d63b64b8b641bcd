"""Programme pages (/programmes/): programmes and groups, the session register, his enrolment,
her partner-contact page and the partner-support worker's schedule, compliance reports.

Thin: access (accord.programmes.access through the selectors), a form, one service call, a
render. A record the user may not reach answers 404, as a missing one; so does a write by
someone who reaches it but may not work it. Every form works as a plain POST; the register is
enhanced with htmx (the whole register answers in place).
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accord.access.fields import Relation
from accord.access.policy import access_case, case_access, worked_teams
from accord.accounts.models import ServiceKind
from accord.audit.context import Actor
from accord.core.locking import StaleVersion
from accord.core.pdf import PdfUnavailable
from accord.core.versioned import add_errors
from accord.programmes import partner_contact, selectors, services
from accord.programmes.access import (
    EnrolmentAccess,
    enrolment_access,
    may_run_group,
    may_run_programme,
    may_run_session,
)
from accord.programmes.compliance import (
    compliance_report_make,
    compliance_report_print,
    compliance_report_viewed,
    report_view,
)
from accord.programmes.forms import (
    ATTENDANCE_CHOICES,
    AssessForm,
    CancelForm,
    ChannelsForm,
    ContactForm,
    EnrolForm,
    GroupForm,
    GroupSetForm,
    IndividualSessionForm,
    MoveForm,
    ReportForm,
    ResponseForm,
    SafetyInformationForm,
    UnderstandingForm,
    register_field_names,
)
from accord.programmes.models import Enrolment, PartnerLink, Session

CONFLICT = gettext_lazy(
    "Someone changed this since you opened it: here it is as it is now. Nothing was saved."
)


# --- programmes and groups ------------------------------------------------------------------------


@require_GET
@login_required
def programme_list(request: HttpRequest) -> HttpResponse:
    """The reader's way in: the programmes she runs, her partner contacts if she supports
    partners, the reports her team received. Nobody else's programmes, groups or men."""
    teams = worked_teams(request.user)
    return render(
        request,
        "programmes/programme_list.html",
        {
            "programmes": selectors.programmes_run_by(request.user),
            "supports_partners": teams.filter(service__kind=ServiceKind.PARTNER_SUPPORT).exists(),
            "receives_reports": selectors.reports_received(request.user),
        },
    )


@require_GET
@login_required
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    programme = selectors.programme_or_404(request.user, pk)
    page = selectors.programme_page(request.user, programme)
    may_start_group = may_run_programme(request.user, programme)
    if not page.groups and not may_start_group:
        raise Http404
    return render(
        request,
        "programmes/programme_detail.html",
        {"page": page, "may_start_group": may_start_group},
    )


@require_http_methods(["GET", "POST"])
@login_required
def group_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Start a group of the programme: its facilitators, room and schedule; every session of
    the schedule is laid out at once."""
    programme = selectors.programme_or_404(request.user, pk)
    if not may_run_programme(request.user, programme):
        raise Http404
    form = GroupForm(request.POST or None, workers=selectors.programme_workers(programme))
    if request.method == "POST" and form.is_valid():
        try:
            group = services.group_create(
                actor=Actor.from_request(request), programme=programme, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Group started."))
            return redirect("programmes:group", pk=group.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "programmes/group_create.html",
        {"programme": programme, "form": form},
        status=status,
    )


@require_GET
@login_required
def group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    group = selectors.group_or_404(request.user, pk)
    return render(
        request,
        "programmes/group_detail.html",
        {
            "page": selectors.group_page(group),
            "now": timezone.now(),
            "may_run": may_run_group(request.user, group),
            "cancel_form": CancelForm(),
        },
    )


@require_POST
@login_required
def session_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_or_404(request.user, pk)
    if not may_run_session(request.user, session):
        raise Http404
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            services.session_cancel(
                actor=Actor.from_request(request),
                session=session,
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, _("Session cancelled."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, _("Say why the session is cancelled."))
    if session.group_id is None:
        return redirect("programmes:enrolment", uid=session.enrolment.uid)
    return redirect("programmes:group", pk=session.group_id)


# --- the register ---------------------------------------------------------------------------------


def _register_page(
    request: HttpRequest,
    session: Session,
    rows: list[selectors.RegisterRow],
    *,
    status: int = 200,
    problem: str = "",
    saved: str = "",
    posted: dict[str, str] | None = None,
) -> HttpResponse:
    lines = []
    for row in rows:
        code, reason, notes, version = register_field_names(row.enrolment.pk)
        stored = row.attendance
        lines.append(
            {
                "row": row,
                "names": {"code": code, "reason": reason, "notes": notes, "version": version},
                "code": (posted or {}).get(code, stored.code if stored else ""),
                "reason": (posted or {}).get(
                    reason, (stored.absence_reason or "") if stored else ""
                ),
                "notes": (posted or {}).get(notes, (stored.notes or "") if stored else ""),
                "version": stored.version if stored else "",
            }
        )
    context = {
        "session": session,
        "lines": lines,
        "choices": ATTENDANCE_CHOICES,
        "problem": problem,
        "saved": saved,
    }
    template = "programmes/register.html"
    if request.htmx:
        template += "#register"
    return render(request, template, context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def register(request: HttpRequest, pk: int) -> HttpResponse:
    """The whole session on one screen: every man's code, a reason for an acceptable absence,
    notes on his side. Saved all at once, or not at all."""
    session = selectors.session_or_404(request.user, pk)
    if not may_run_session(request.user, session):
        raise Http404
    rows = selectors.register_rows(session)
    if request.method == "GET":
        services.register_viewed(actor=Actor.from_request(request), session=session)
        return _register_page(request, session, rows)
    lines = []
    for row in rows:
        code, reason, notes, version = register_field_names(row.enrolment.pk)
        version_value = request.POST.get(version, "")
        lines.append(
            services.RegisterLine(
                enrolment=row.enrolment,
                code=request.POST.get(code, ""),
                absence_reason=request.POST.get(reason, ""),
                notes=request.POST.get(notes, ""),
                attendance=row.attendance,
                expected_version=int(version_value) if version_value.isdigit() else None,
            )
        )
    try:
        saved = services.register_save(
            actor=Actor.from_request(request), session=session, lines=lines
        )
    except StaleVersion:
        return _register_page(
            request, session, selectors.register_rows(session), status=409, problem=str(CONFLICT)
        )
    except services.RegisterErrors as refused:
        for row in rows:
            error = refused.by_enrolment.get(row.enrolment.pk)
            if error is not None:
                row.error = " ".join(error.messages)
        # 200 for htmx (it swaps only successful answers); the message says nothing was saved.
        return _register_page(
            request,
            session,
            rows,
            status=200 if request.htmx else 400,
            problem=str(refused.message),
            posted=request.POST.dict(),
        )
    text = _("Register saved (%(count)s lines).") % {"count": saved}
    if request.htmx:
        return _register_page(request, session, selectors.register_rows(session), saved=text)
    messages.success(request, text)
    return redirect("programmes:register", pk=session.pk)


# --- his enrolment --------------------------------------------------------------------------------


def _enrolment_page(
    request: HttpRequest, enrolment: Enrolment, *, status: int = 200, **extra: Any
) -> HttpResponse:
    page = selectors.enrolment_page(request.user, enrolment)
    services.enrolment_viewed(actor=Actor.from_request(request), enrolment=enrolment)
    context = {
        "enrolment": enrolment,
        "page": page,
        "move_form": MoveForm(initial={"version": enrolment.version}, moves=page.moves),
        "group_form": GroupSetForm(
            initial={"version": enrolment.version},
            groups=selectors.placeable_groups(request.user, enrolment),
        ),
        "report_form": ReportForm(),
        "session_form": IndividualSessionForm(),
        "response_form": ResponseForm(),
        "assess_form": AssessForm(initial={"version": enrolment.version}),
        "understanding_form": UnderstandingForm(
            initial={"version": enrolment.version, "given_on": timezone.localdate()}
        ),
        **extra,
    }
    return render(request, "programmes/enrolment_detail.html", context, status=status)


def _workable(request: HttpRequest, uid: str) -> tuple[Enrolment, EnrolmentAccess]:
    enrolment = selectors.enrolment_or_404(request.user, uid)
    access = enrolment_access(request.user, enrolment)
    if not access.may_work:
        raise Http404
    return enrolment, access


@require_GET
@login_required
def enrolment_detail(request: HttpRequest, uid: str) -> HttpResponse:
    return _enrolment_page(request, selectors.enrolment_or_404(request.user, uid))


@require_http_methods(["GET", "POST"])
@login_required
def enrol(request: HttpRequest, reference: str) -> HttpResponse:
    """Enrol the person of a case the user works on one of her service's programmes."""
    case, access = access_case(request.user, reference, related=("team__service", "person"))
    if not access.may_work:
        raise Http404
    form = EnrolForm(
        request.POST or None,
        programmes=selectors.programmes_offered(request.user, case),
        teams=selectors.mandating_teams(),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            enrolment = services.enrolment_create(
                actor=Actor.from_request(request),
                programme=data["programme"],
                case=case,
                route=data["route"],
                mandated=data["mandated"],
                mandating_team=data["mandating_team"],
                referred_on=data["referred_on"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Enrolled."))
            return redirect("programmes:enrolment", uid=enrolment.uid)
    status = 400 if request.method == "POST" else 200
    return render(request, "programmes/enrol.html", {"case": case, "form": form}, status=status)


def _enrolment_action(
    request: HttpRequest,
    enrolment: Enrolment,
    form: Form,
    form_name: str,
    save: Callable[[dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    """One change on his enrolment page: the form, the service call, and on a refusal the page
    again with the form's errors (400) or the record as it is now (409)."""
    if not form.is_valid():
        return _enrolment_page(request, enrolment, status=400, **{form_name: form})
    try:
        save(form.cleaned_data)
    except StaleVersion as stale:
        return _enrolment_page(request, stale.current, status=409, problem=str(CONFLICT))
    except ValidationError as error:
        add_errors(form, error)
        return _enrolment_page(request, enrolment, status=400, **{form_name: form})
    messages.success(request, done)
    return redirect("programmes:enrolment", uid=enrolment.uid)


@require_POST
@login_required
def enrolment_move(request: HttpRequest, uid: str) -> HttpResponse:
    enrolment, _access = _workable(request, uid)
    page_moves = selectors.enrolment_page(request.user, enrolment).moves
    # A status the table does not offer from here is refused in the form's words.
    form = MoveForm(request.POST, moves=page_moves)
    return _enrolment_action(
        request,
        enrolment,
        form,
        "move_form",
        lambda data: services.enrolment_move(
            actor=Actor.from_request(request),
            enrolment=enrolment,
            expected_version=data["version"],
            to_status=data["to_status"],
            reason=data["reason"],
        ),
        _("Status changed."),
    )


@require_POST
@login_required
def enrolment_group(request: HttpRequest, uid: str) -> HttpResponse:
    enrolment, _access = _workable(request, uid)
    form = GroupSetForm(request.POST, groups=selectors.placeable_groups(request.user, enrolment))
    return _enrolment_action(
        request,
        enrolment,
        form,
        "group_form",
        lambda data: services.enrolment_group_set(
            actor=Actor.from_request(request),
            enrolment=enrolment,
            expected_version=data["version"],
            group=data["group"],
        ),
        _("Group set."),
    )


@require_POST
@login_required
def enrolment_assess(request: HttpRequest, uid: str) -> HttpResponse:
    """The outcome of his suitability assessment."""
    enrolment, _access = _workable(request, uid)
    return _enrolment_action(
        request,
        enrolment,
        AssessForm(request.POST),
        "assess_form",
        lambda data: services.enrolment_assess(
            actor=Actor.from_request(request),
            enrolment=enrolment,
            expected_version=data["version"],
            suitability=data["suitability"],
            notes=data["notes"],
        ),
        _("Assessment recorded."),
    )


@require_POST
@login_required
def enrolment_understanding(request: HttpRequest, uid: str) -> HttpResponse:
    """His signed statement of understanding (information sharing included), as his consent."""
    enrolment, _access = _workable(request, uid)
    return _enrolment_action(
        request,
        enrolment,
        UnderstandingForm(request.POST),
        "understanding_form",
        lambda data: services.enrolment_understanding_record(
            actor=Actor.from_request(request),
            enrolment=enrolment,
            expected_version=data["version"],
            given_on=data["given_on"],
            method=data["method"],
            witness_name=data["witness_name"],
        ),
        _("Statement of understanding recorded."),
    )


@require_POST
@login_required
def session_individual_add(request: HttpRequest, uid: str) -> HttpResponse:
    """A catch-up for a group session he missed, or a one-to-one session, for him alone."""
    enrolment, _access = _workable(request, uid)
    return _enrolment_action(
        request,
        enrolment,
        IndividualSessionForm(request.POST),
        "session_form",
        lambda data: services.session_individual_add(
            actor=Actor.from_request(request), enrolment=enrolment, **data
        ),
        _("Session added."),
    )


@require_POST
@login_required
def safety_response(request: HttpRequest, uid: str) -> HttpResponse:
    item = selectors.safety_item_or_404(request.user, uid)
    enrolment, _access = _workable(request, str(item.enrolment.uid))
    form = ResponseForm(request.POST)
    if not form.is_valid():
        return _enrolment_page(request, enrolment, status=400, response_form=form)
    try:
        partner_contact.safety_information_respond(
            actor=Actor.from_request(request),
            item=item,
            expected_version=form.cleaned_data["version"],
            response=form.cleaned_data["response"],
        )
    except StaleVersion:
        return _enrolment_page(request, enrolment, status=409, problem=str(CONFLICT))
    except ValidationError as error:
        add_errors(form, error)
        return _enrolment_page(request, enrolment, status=400, response_form=form)
    messages.success(request, _("Response saved."))
    return redirect("programmes:enrolment", uid=enrolment.uid)


# --- compliance reports ---------------------------------------------------------------------------


@require_POST
@login_required
def report_make(request: HttpRequest, uid: str) -> HttpResponse:
    enrolment, _access = _workable(request, uid)
    form = ReportForm(request.POST)
    if not form.is_valid():
        return _enrolment_page(request, enrolment, status=400, report_form=form)
    try:
        report = compliance_report_make(
            actor=Actor.from_request(request),
            enrolment=enrolment,
            start=form.cleaned_data["start"],
            end=form.cleaned_data["end"],
        )
    except ValidationError as error:
        add_errors(form, error)
        return _enrolment_page(request, enrolment, status=400, report_form=form)
    messages.success(request, _("Report made and delivered to the mandating team."))
    return redirect("programmes:report", reference=report.reference)


@require_GET
@login_required
def report_detail(request: HttpRequest, reference: str) -> HttpResponse:
    report = selectors.report_or_404(request.user, reference)
    compliance_report_viewed(actor=Actor.from_request(request), report=report)
    return render(request, "programmes/report_detail.html", report_view(report))


@require_GET
@login_required
def report_pdf(request: HttpRequest, reference: str) -> HttpResponse:
    report = selectors.report_or_404(request.user, reference)
    try:
        printed = compliance_report_print(actor=Actor.from_request(request), report=report)
    except PdfUnavailable:
        messages.error(request, _("PDFs cannot be made on this server at the moment."))
        return redirect("programmes:report", reference=reference)
    response = HttpResponse(printed.content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{printed.filename}"'
    return response


@require_GET
@login_required
def reports_received(request: HttpRequest) -> HttpResponse:
    if not worked_teams(request.user).exists():
        raise Http404
    return render(
        request,
        "programmes/reports_received.html",
        {"reports": selectors.reports_received(request.user)},
    )


# --- her side: partner contact --------------------------------------------------------------------


def _partner_page(
    request: HttpRequest, link: PartnerLink, *, status: int = 200, **extra: Any
) -> HttpResponse:
    partner_contact.partner_panel_viewed(actor=Actor.from_request(request), link=link)
    context = {
        "link": link,
        "row": selectors.PartnerRow(link=link, due=partner_contact.next_contacts(link)),
        "contacts": selectors.contacts_of(link),
        "items": selectors.safety_items_written(request.user, link),
        "statuses": selectors.her_side_programme_status(
            case_access(request.user, link.partner_case)
        ),
        "safe_times": link.partner_case.person.safe_contact_times or "",
        "contact_form": ContactForm(
            initial={"at": timezone.localtime().replace(second=0, microsecond=0)}
        ),
        "channels_form": ChannelsForm(initial={"channels": link.safe_channels}),
        "item_form": SafetyInformationForm(),
        **extra,
    }
    return render(request, "programmes/partner_detail.html", context, status=status)


def _partner_link(request: HttpRequest, pk: int) -> PartnerLink:
    """Her partner link, if the user works her case; otherwise a 404."""
    link = selectors.partner_link_or_404(request.user, pk)
    if case_access(request.user, link.partner_case).relation is not Relation.PARTNER_SUPPORT:
        raise Http404
    return link


@require_GET
@login_required
def partner_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _partner_page(request, _partner_link(request, pk))


@require_POST
@login_required
def partner_contact_add(request: HttpRequest, pk: int) -> HttpResponse:
    link = _partner_link(request, pk)
    form = ContactForm(request.POST)
    if form.is_valid():
        try:
            partner_contact.partner_contact_record(
                actor=Actor.from_request(request), link=link, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Contact recorded."))
            return redirect("programmes:partner", pk=link.pk)
    return _partner_page(request, link, status=400, contact_form=form)


@require_POST
@login_required
def partner_channels(request: HttpRequest, pk: int) -> HttpResponse:
    link = _partner_link(request, pk)
    form = ChannelsForm(request.POST)
    if form.is_valid():
        try:
            partner_contact.partner_channels_set(
                actor=Actor.from_request(request), link=link, channels=form.cleaned_data["channels"]
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Safe channels saved."))
            return redirect("programmes:partner", pk=link.pk)
    return _partner_page(request, link, status=400, channels_form=form)


@require_POST
@login_required
def safety_information_add(request: HttpRequest, pk: int) -> HttpResponse:
    link = _partner_link(request, pk)
    form = SafetyInformationForm(request.POST)
    if form.is_valid():
        try:
            partner_contact.safety_information_record(
                actor=Actor.from_request(request), link=link, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Safety information saved. The programme will see it, without its source, "
                    "after the release delay."
                ),
            )
            return redirect("programmes:partner", pk=link.pk)
    return _partner_page(request, link, status=400, item_form=form)


@require_GET
@login_required
def partner_schedule(request: HttpRequest) -> HttpResponse:
    rows = selectors.partner_schedule(request.user)
    if (
        not rows
        and not worked_teams(request.user)
        .filter(service__kind=ServiceKind.PARTNER_SUPPORT)
        .exists()
    ):
        raise Http404
    return render(
        request,
        "programmes/partner_schedule.html",
        {"rows": rows, "today": timezone.localdate()},
    )
