"""Risk-conference pages (/conferences/). Thin: access, a form, one service call, a render.

A conference, a meeting or a case that the reader may not reach answers 404, exactly as one
that does not exist. Refusals come back with the form's errors (400), a stale version with a
conflict message (409).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accord.access.policy import visible_to
from accord.accounts.decorators import reauthenticate
from accord.accounts.models import Team
from accord.audit.context import Actor
from accord.cases.selectors import case_and_access_or_404
from accord.conferences import printing, selectors, services
from accord.conferences.access import (
    MeetingAccess,
    conference_access,
    coordinating_teams,
    may_refer_from,
    may_set_up_conferences,
    may_transfer,
    may_withdraw,
    meeting_access,
)
from accord.conferences.forms import (
    ActionCloseForm,
    ActionForm,
    AttendanceForm,
    ConferenceCreateForm,
    ConferenceEditForm,
    EmergencyMeetingForm,
    MemberAddForm,
    MinuteForm,
    QuarterForm,
    ReasonForm,
    ReferForm,
    ReferOverrideForm,
    ResearchForm,
    TransferForm,
    VersionForm,
)
from accord.conferences.models import (
    OPEN_REFERRAL_STATUSES,
    Action,
    ActionStatus,
    Conference,
    ConferenceMember,
    ConferenceReferral,
    ConferenceReferralStatus,
    Meeting,
    MeetingStatus,
)
from accord.core.locking import StaleVersion
from accord.core.pdf import PdfUnavailable
from accord.core.versioned import add_errors, versioned_form_page

CONFLICT = gettext_lazy("Someone changed this since you opened it: check it and try again.")


def _member_teams(conference_id: int):
    return Team.objects.filter(
        pk__in=ConferenceMember.objects.filter(conference_id=conference_id).values("team_id")
    ).select_related("service")


def _meeting_url(meeting: Meeting) -> str:
    return reverse("conferences:meeting", args=[meeting.pk])


def _case_url(meeting: Meeting, referral: ConferenceReferral) -> str:
    return reverse("conferences:meeting_case", args=[meeting.pk, referral.reference])


@dataclass(frozen=True)
class Named:
    """A record without a reference of its own (a meeting, a conference) as the form page
    names it."""

    reference: str
    version: int


@dataclass(frozen=True)
class FormPage:
    """Where a refused form comes back: what it changes, its title and button, the way back."""

    record: Any
    title: str
    submit: str
    back: str


ConflictRows = Callable[[dict[str, Any], Any], list[tuple[str, str, str]]]


def _run(
    request: HttpRequest,
    make_form: Callable[[Any], Form],
    action: Callable[[dict[str, Any]], Any],
    *,
    done: str,
    page: FormPage,
    compare: ConflictRows | None = None,
) -> HttpResponse:
    """One write from a page: the form, the service, then back to the page with a message
    saying what happened. Refused (400): the form again with what she typed and why, nothing
    saved. Changed by someone else meanwhile (409): both versions side by side, her input kept
    in the form, now based on the stored version (accord/core/versioned.py)."""
    form = make_form(request.POST)
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except StaleVersion as stale:
            stored = stale.current
            rows = compare(form.cleaned_data, stored) if compare else []
            rows = rows or [
                (_("Version"), str(form.cleaned_data.get("version")), str(stored.version))
            ]
            form = make_form(_at_version(request, stored.version))
            form.is_valid()
            return _form_page(request, page, form, conflict=rows)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, done)
            return redirect(page.back)
    return _form_page(request, page, form, status=400)


def _at_version(request: HttpRequest, version: int):
    data = request.POST.copy()
    data["version"] = str(version)
    return data


def _form_page(
    request: HttpRequest,
    page: FormPage,
    form: Form,
    *,
    conflict: list[tuple[str, str, str]] | None = None,
    status: int = 200,
) -> HttpResponse:
    return versioned_form_page(
        request,
        page.record,
        title=page.title,
        form=form,
        submit=page.submit,
        back_url=page.back,
        back_text=_("Back"),
        conflict_text=_(
            "Someone saved this after you opened it, so your changes were not saved. Compare "
            "the two versions below. Your input is still in the form: send it again to replace "
            "the stored version, or go back to keep it."
        ),
        conflict=conflict,
        status=status,
    )


def _status_change(yours: Callable[[dict[str, Any]], str]) -> ConflictRows:
    """A change of status (withdrawn, closed, done…): the status she chose against the one
    stored now."""
    return lambda data, stored: [(_("Status"), str(yours(data)), stored.get_status_display())]


def _meeting_named(meeting: Meeting) -> Named:
    when = date_format(timezone.localtime(meeting.starts_at), "SHORT_DATETIME_FORMAT")
    return Named(reference=f"{meeting.conference} · {when}", version=meeting.version)


# --- conferences ----------------------------------------------------------------------------


@require_GET
@login_required
def conference_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "conferences/conference_list.html",
        {
            "conferences": selectors.my_conferences(request.user),
            "may_set_up": may_set_up_conferences(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def conference_create(request: HttpRequest) -> HttpResponse:
    """Set up a conference: a conference coordinator, run by one of her teams."""
    teams = coordinating_teams(request.user)
    if not teams.exists():
        raise Http404
    chairs = selectors.chair_choices(teams.values("pk"))
    page = FormPage(
        record=Named(reference=_("New risk conference"), version=0),
        title=_("Set up a risk conference"),
        submit=_("Set up the conference"),
        back=reverse("conferences:list"),
    )
    form = ConferenceCreateForm(request.POST or None, teams=teams, chairs=chairs)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            conference = services.conference_create(
                actor=Actor.from_request(request),
                name=data["name"],
                area=data["area"],
                team=data["team"],
                schedule=data["schedule"],
                first_meeting_at=data["first_meeting_at"],
                time_zone=data["time_zone"],
                chair=data["chair"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The conference is set up: now add its member agencies."))
            return redirect("conferences:conference", pk=conference.pk)
    status = 400 if request.method == "POST" else 200
    return _form_page(request, page, form, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def conference_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Its name, area, schedule and chair: the coordinating side."""
    conference = _coordinated_or_404(request, pk)
    chairs = selectors.chair_choices(selectors.conference_team_ids(conference))

    def make_form(data: Any) -> ConferenceEditForm:
        return ConferenceEditForm(data, chairs=chairs)

    page = _conference_page(conference, _("Change the conference"))
    if request.method == "GET":
        initial = {
            "name": conference.name,
            "area": conference.area,
            "schedule": conference.schedule,
            "first_meeting_at": timezone.localtime(conference.first_meeting_at).replace(
                tzinfo=None
            ),
            "time_zone": conference.time_zone,
            "chair": conference.chair_id,
            "version": conference.version,
        }
        return _form_page(request, page, ConferenceEditForm(initial=initial, chairs=chairs))
    return _run(
        request,
        make_form,
        lambda data: services.conference_update(
            actor=Actor.from_request(request),
            conference=conference,
            expected_version=data["version"],
            name=data["name"],
            area=data["area"],
            schedule=data["schedule"],
            first_meeting_at=data["first_meeting_at"],
            time_zone=data["time_zone"],
            chair=data["chair"],
        ),
        done=_("The conference is changed."),
        page=page,
        compare=_conference_change,
    )


def _conference_change(data: dict[str, Any], stored: Conference) -> list[tuple[str, str, str]]:
    return [
        (_("Name"), data["name"], stored.name),
        (_("Area"), data["area"], stored.area),
        (_("Schedule (recurrence rule)"), data["schedule"], stored.schedule),
    ]


@require_POST
@login_required
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    conference = _coordinated_or_404(request, pk)
    choices = selectors.representative_choices(conference)
    return _run(
        request,
        lambda data: MemberAddForm(data, memberships=choices),
        lambda data: services.conference_member_add(
            actor=Actor.from_request(request),
            conference=conference,
            team=data["membership"].team,
            representative=data["membership"].user,
        ),
        done=_("The agency is a member of the conference."),
        page=_conference_page(conference, _("Add a member agency")),
    )


@require_POST
@login_required
def member_remove(request: HttpRequest, pk: int, member_id: int) -> HttpResponse:
    conference = _coordinated_or_404(request, pk)
    member = selectors.member_or_404(conference, member_id)
    return _run(
        request,
        Form,
        lambda data: services.conference_member_remove(
            actor=Actor.from_request(request), member=member
        ),
        done=_("The agency is no longer a member of the conference."),
        page=_conference_page(conference, _("Remove the member agency")),
    )


@require_GET
@login_required
def conference_detail(request: HttpRequest, pk: int) -> HttpResponse:
    conference = selectors.conference_or_404(request.user, pk)
    access = conference_access(request.user, conference)
    members = selectors.conference_members(conference)
    return render(
        request,
        "conferences/conference_detail.html",
        {
            "conference": conference,
            "access": access,
            "members": members,
            "meetings": selectors.meetings_of(conference)[:12],
            "received": selectors.received(request.user, conference) if access.coordinator else [],
            "emergency_form": EmergencyMeetingForm(),
            "member_form": (
                MemberAddForm(memberships=selectors.representative_choices(conference))
                if access.coordinator
                else None
            ),
            "upcoming": services.scheduled_times(conference, after=timezone.now(), count=3),
        },
    )


def _coordinated_or_404(request: HttpRequest, pk: int) -> Conference:
    conference = selectors.conference_or_404(request.user, pk)
    if not conference_access(request.user, conference).coordinator:
        raise Http404
    return conference


@require_POST
@login_required
def meeting_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    conference = _coordinated_or_404(request, pk)
    return _run(
        request,
        Form,
        lambda data: services.meeting_schedule_next(
            actor=Actor.from_request(request), conference=conference
        ),
        done=_("The next meeting is scheduled."),
        page=_conference_page(conference, _("Schedule the next meeting")),
    )


@require_POST
@login_required
def meeting_emergency(request: HttpRequest, pk: int) -> HttpResponse:
    conference = _coordinated_or_404(request, pk)
    return _run(
        request,
        EmergencyMeetingForm,
        lambda data: services.meeting_emergency(
            actor=Actor.from_request(request), conference=conference, starts_at=data["starts_at"]
        ),
        done=_("Emergency meeting called."),
        page=_conference_page(conference, _("Call an emergency meeting")),
    )


def _conference_page(conference: Conference, title: str) -> FormPage:
    return FormPage(
        record=Named(reference=conference.name, version=conference.version),
        title=title,
        submit=title,
        back=reverse("conferences:conference", args=[conference.pk]),
    )


# --- meetings -------------------------------------------------------------------------------


def _meeting(request: HttpRequest, pk: int) -> MeetingAccess:
    return meeting_access(request.user, selectors.meeting_or_404(request.user, pk))


@require_GET
@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    access = _meeting(request, pk)
    meeting = access.meeting
    context: dict[str, Any] = {"meeting": meeting, "access": access}
    if access.reads_cases:
        teams = _member_teams(meeting.conference_id)
        context |= {
            "agenda": selectors.agenda(request.user, meeting),
            "open_actions": selectors.open_actions_before(request.user, meeting),
            "close_form": ActionCloseForm(),
            "attendance": meeting.attendance.select_related("team__service"),
            "attendance_form": AttendanceForm(teams=teams),
        }
    return render(request, "conferences/meeting.html", context)


@require_POST
@login_required
def confidentiality_accept(request: HttpRequest, pk: int) -> HttpResponse:
    access = _meeting(request, pk)
    if not access.conference.member:
        raise Http404
    return _run(
        request,
        Form,
        lambda data: services.confidentiality_accept(
            actor=Actor.from_request(request), meeting=access.meeting
        ),
        done=_("Thank you: the case list is open to you for this meeting."),
        page=_meeting_page(access.meeting, _("I accept the confidentiality statement")),
    )


def _meeting_page(meeting: Meeting, title: str, submit: str = "") -> FormPage:
    return FormPage(
        record=_meeting_named(meeting),
        title=title,
        submit=submit or title,
        back=_meeting_url(meeting),
    )


def _running(request: HttpRequest, pk: int) -> MeetingAccess:
    access = _meeting(request, pk)
    if not access.coordinator:
        raise Http404
    return access


@require_POST
@login_required
def agenda_build(request: HttpRequest, pk: int) -> HttpResponse:
    access = _running(request, pk)
    return _run(
        request,
        Form,
        lambda data: services.agenda_build(
            actor=Actor.from_request(request), meeting=access.meeting
        ),
        done=_("The referrals received are on the agenda."),
        page=_meeting_page(access.meeting, _("Put the referrals received on the agenda")),
    )


@require_POST
@login_required
def attendance_record(request: HttpRequest, pk: int) -> HttpResponse:
    access = _running(request, pk)
    meeting = access.meeting
    teams = _member_teams(meeting.conference_id)
    return _run(
        request,
        lambda data: AttendanceForm(data, teams=teams),
        lambda data: services.attendance_record(
            actor=Actor.from_request(request),
            meeting=meeting,
            team=data["team"],
            status=data["status"],
        ),
        done=_("Attendance recorded."),
        page=_meeting_page(meeting, _("Record attendance")),
    )


@require_POST
@login_required
def meeting_close(request: HttpRequest, pk: int) -> HttpResponse:
    access = _running(request, pk)
    return _run(
        request,
        VersionForm,
        lambda data: services.meeting_close(
            actor=Actor.from_request(request),
            meeting=access.meeting,
            expected_version=data["version"],
        ),
        done=_("Meeting closed. Its minutes and actions stand as agreed."),
        page=_meeting_page(access.meeting, _("Close the meeting")),
        compare=_status_change(lambda data: MeetingStatus.CLOSED.label),
    )


@require_POST
@login_required
def action_close(request: HttpRequest, pk: int, action_id: int) -> HttpResponse:
    access = _running(request, pk)
    try:
        action = visible_to(request.user, Action).get(pk=action_id)
    except (Action.DoesNotExist, ValueError) as missing:
        raise Http404 from missing
    return _run(
        request,
        ActionCloseForm,
        lambda data: services.action_close(
            actor=Actor.from_request(request),
            action=action,
            expected_version=data["version"],
            status=data["status"],
            meeting=access.meeting,
        ),
        done=_("Action closed."),
        page=_meeting_page(access.meeting, _("Close the action")),
        compare=_status_change(lambda data: ActionStatus(data["status"]).label),
    )


# --- one case at a meeting ------------------------------------------------------------------


def _case(request: HttpRequest, pk: int, reference: str) -> tuple[MeetingAccess, Any]:
    access = _meeting(request, pk)
    if not access.reads_cases:
        raise Http404
    referral = selectors.referral_on_meeting_or_404(request.user, access.meeting, reference)
    return access, referral


@require_GET
@login_required
def meeting_case(request: HttpRequest, pk: int, reference: str) -> HttpResponse:
    access, referral = _case(request, pk, reference)
    view = selectors.case_at_meeting(request.user, referral)
    services.conference_page_viewed(
        actor=Actor.from_request(request), referral=referral, what="case_viewed"
    )
    teams = _member_teams(referral.conference_id)
    own = [r for r in view.research if r.team_id in access.conference.member_team_ids]
    research_form = None
    if access.may_research:
        initial = {}
        if own:
            initial = {
                "version": own[0].version,
                "summary": own[0].summary,
                "involvement": own[0].involvement,
                "risks_known": own[0].risks_known,
                "views_and_wishes": own[0].views_and_wishes,
            }
        research_form = ResearchForm(initial=initial)
    minute_form = None
    if access.may_run:
        minute = view.minute
        minute_form = MinuteForm(
            teams=teams,
            initial={
                "version": minute.version if minute else None,
                "text": minute.text if minute else "",
                "distribution": list(minute.distribution.all()) if minute else list(teams),
            },
        )
    return render(
        request,
        "conferences/meeting_case.html",
        {
            "meeting": access.meeting,
            "access": access,
            "referral": referral,
            "identity": selectors.identity_rows(referral),
            "view": view,
            "research_form": research_form,
            "minute_form": minute_form,
            "action_form": ActionForm(teams=teams) if access.may_run else None,
        },
    )


@require_POST
@login_required
def research_save(request: HttpRequest, pk: int, reference: str) -> HttpResponse:
    access, referral = _case(request, pk, reference)
    if not access.may_research:
        raise Http404
    team = selectors.research_team(access)
    return _run(
        request,
        ResearchForm,
        lambda data: services.research_save(
            actor=Actor.from_request(request),
            referral=referral,
            team=team,
            summary=data["summary"],
            involvement=data["involvement"],
            risks_known=data["risks_known"],
            views_and_wishes=data["views_and_wishes"],
            expected_version=data["version"],
        ),
        done=_("Your agency's research is saved."),
        page=_case_page(access.meeting, referral, _("Your agency's research")),
        compare=_text_rows(ResearchForm, RESEARCH_FIELDS),
    )


RESEARCH_FIELDS = ("summary", "involvement", "risks_known", "views_and_wishes")


def _case_page(meeting: Meeting, referral: ConferenceReferral, title: str) -> FormPage:
    return FormPage(
        record=referral, title=title, submit=_("Save"), back=_case_url(meeting, referral)
    )


def _text_rows(form_class: type[Form], names: tuple[str, ...]) -> ConflictRows:
    """Each text field as she typed it against the stored one."""
    return lambda data, stored: [
        (str(form_class.base_fields[name].label), data[name] or "", getattr(stored, name) or "")
        for name in names
    ]


def _minute_rows(data: dict[str, Any], stored: Any) -> list[tuple[str, str, str]]:
    def names(teams: Any) -> str:
        return ", ".join(sorted(str(team) for team in teams))

    return _text_rows(MinuteForm, ("text",))(data, stored) + [
        (
            str(MinuteForm.base_fields["distribution"].label),
            names(data["distribution"]),
            names(stored.distribution.all()),
        )
    ]


@require_POST
@login_required
def minute_save(request: HttpRequest, pk: int, reference: str) -> HttpResponse:
    access, referral = _case(request, pk, reference)
    if not access.coordinator:
        raise Http404
    teams = _member_teams(referral.conference_id)
    return _run(
        request,
        lambda data: MinuteForm(data, teams=teams),
        lambda data: services.minute_save(
            actor=Actor.from_request(request),
            referral=referral,
            text=data["text"],
            distribution=list(data["distribution"]),
            expected_version=data["version"],
        ),
        done=_("Minute saved."),
        page=_case_page(access.meeting, referral, _("The minute")),
        compare=_minute_rows,
    )


@require_POST
@login_required
def action_add(request: HttpRequest, pk: int, reference: str) -> HttpResponse:
    access, referral = _case(request, pk, reference)
    if not access.coordinator:
        raise Http404
    teams = _member_teams(referral.conference_id)
    return _run(
        request,
        lambda data: ActionForm(data, teams=teams),
        lambda data: services.action_add(
            actor=Actor.from_request(request),
            referral=referral,
            team=data["team"],
            owner=data["owner"],
            what=data["what"],
            due_on=data["due_on"],
        ),
        done=_("Action agreed."),
        page=_case_page(access.meeting, referral, _("Agree an action")),
    )


# --- referral from a case -------------------------------------------------------------------


def _refer_page(request: HttpRequest, case, form: Form, override_form: Form, status: int = 200):
    return render(
        request,
        "conferences/refer.html",
        {"case": case, "form": form, "override_form": override_form},
        status=status,
    )


def _referable(request: HttpRequest, reference: str):
    case, _access = case_and_access_or_404(request.user, reference)
    if not may_refer_from(request.user, case):
        raise Http404
    return case


def _make(request: HttpRequest, case, form: ReferForm, override_form: Form) -> HttpResponse:
    if form.is_valid():
        data = form.cleaned_data
        try:
            referral = services.conference_referral_make(
                actor=Actor.from_request(request),
                conference=data["conference"],
                case=case,
                risk_summary=data["risk_summary"],
                judgement_reason=data["judgement_reason"],
                override_reason=data.get("override_reason", ""),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Referred to the conference."))
            return redirect("conferences:referral", referral.reference)
    return _refer_page(request, case, form, override_form, status=400)


@require_http_methods(["GET", "POST"])
@login_required
def refer(request: HttpRequest, case_reference: str) -> HttpResponse:
    case = _referable(request, case_reference)
    conferences = selectors.referable_conferences()
    form = ReferForm(request.POST or None, conferences=conferences)
    override_form = ReferOverrideForm(request.POST or None, conferences=conferences)
    if request.method == "POST":
        return _make(request, case, form, override_form)
    return _refer_page(request, case, form, ReferOverrideForm(conferences=conferences))


@require_POST
@login_required
@reauthenticate
def refer_override(request: HttpRequest, case_reference: str) -> HttpResponse:
    """Shared without her consent, where the law allows: a fresh re-authentication, a written
    reason, and an audit event the DPO sees."""
    case = _referable(request, case_reference)
    conferences = selectors.referable_conferences()
    form = ReferOverrideForm(request.POST, conferences=conferences)
    return _make(request, case, form, form)


@require_GET
@login_required
def referral_detail(request: HttpRequest, reference: str) -> HttpResponse:
    referral = selectors.referral_or_404(request.user, reference)
    services.conference_page_viewed(
        actor=Actor.from_request(request), referral=referral, what="referral_viewed"
    )
    coordinator = conference_access(request.user, referral.conference).coordinator
    is_open = referral.status in OPEN_REFERRAL_STATUSES and may_withdraw(request.user, referral)
    others = selectors.referable_conferences().exclude(pk=referral.conference_id)
    return render(
        request,
        "conferences/referral.html",
        {
            "referral": referral,
            "withdraw_form": ReasonForm(initial={"version": referral.version}) if is_open else None,
            "transfer_form": (
                TransferForm(conferences=others, initial={"version": referral.version})
                if is_open and coordinator
                else None
            ),
        },
    )


@require_POST
@login_required
def referral_withdraw(request: HttpRequest, reference: str) -> HttpResponse:
    referral = selectors.referral_or_404(request.user, reference)
    if not may_withdraw(request.user, referral):
        raise Http404
    return _run(
        request,
        ReasonForm,
        lambda data: services.conference_referral_withdraw(
            actor=Actor.from_request(request),
            referral=referral,
            expected_version=data["version"],
            reason=data["reason"],
        ),
        done=_("Referral withdrawn."),
        page=_referral_page(referral, _("Withdraw the referral")),
        compare=_status_change(lambda data: ConferenceReferralStatus.WITHDRAWN.label),
    )


def _referral_page(referral: ConferenceReferral, title: str) -> FormPage:
    return FormPage(
        record=referral,
        title=title,
        submit=title,
        back=reverse("conferences:referral", args=[referral.reference]),
    )


@require_POST
@login_required
def referral_transfer(request: HttpRequest, reference: str) -> HttpResponse:
    referral = selectors.referral_or_404(request.user, reference)
    if not may_transfer(request.user, referral):
        raise Http404
    others = selectors.referable_conferences().exclude(pk=referral.conference_id)
    return _run(
        request,
        lambda data: TransferForm(data, conferences=others),
        lambda data: services.conference_referral_transfer(
            actor=Actor.from_request(request),
            referral=referral,
            expected_version=data["version"],
            to_conference=data["to_conference"],
            reason=data["reason"],
        ),
        done=_("Referral transferred."),
        page=_referral_page(referral, _("Transfer the referral")),
        compare=_status_change(lambda data: ConferenceReferralStatus.TRANSFERRED.label),
    )


# --- tracker, dataset, printouts ------------------------------------------------------------


@require_GET
@login_required
def tracker(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "conferences/tracker.html",
        {"agencies": selectors.overdue_by_agency(request.user), "today": timezone.localdate()},
    )


@require_GET
@login_required
def dataset(request: HttpRequest, pk: int) -> HttpResponse:
    conference = _coordinated_or_404(request, pk)
    today = timezone.localdate()
    form = QuarterForm(request.GET or {"year": today.year, "quarter": (today.month - 1) // 3 + 1})
    found = None
    if form.is_valid():
        found = selectors.quarterly_dataset(
            conference, year=form.cleaned_data["year"], quarter=form.cleaned_data["quarter"]
        )
    return render(
        request,
        "conferences/dataset.html",
        {"conference": conference, "form": form, "dataset": found},
        status=200 if found else 400,
    )


def _pdf(request: HttpRequest, pk: int, make: Callable) -> HttpResponse:
    access = _meeting(request, pk)
    if not access.reads_cases:
        raise Http404
    try:
        printed = make(actor=Actor.from_request(request), user=request.user, meeting=access.meeting)
    except PdfUnavailable:
        messages.error(
            request, _("The PDF cannot be made on this server (a system library is missing).")
        )
        return redirect(_meeting_url(access.meeting))
    response = HttpResponse(printed.content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, printed.filename)
    return response


@require_GET
@login_required
def agenda_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _pdf(request, pk, printing.agenda_pack_print)


@require_GET
@login_required
def minutes_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _pdf(request, pk, printing.minutes_print)
