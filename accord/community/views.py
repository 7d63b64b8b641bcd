"""The community mentors' pages (/community/). Thin: access (`access.py`), a form, one service
call, a render. A record the reader does not reach answers 404, as one that does not exist."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accord.access.policy import case_access, get_visible_or_404, memberships_of
from accord.accounts.models import Service, ServiceKind, Team
from accord.audit.context import Actor
from accord.cases.models import Case
from accord.community import selectors, services
from accord.community.access import (
    COMMUNITY_ROLES,
    access_accompaniment,
    is_mentor,
    may_report,
    mentor_team,
    mentors_for,
)
from accord.community.forms import (
    AccompanimentForm,
    CaseAccompanimentForm,
    CommunityReferralForm,
    CoordinationMeetingForm,
    EarlyContactForm,
    MentorProfileForm,
)
from accord.community.models import EarlyContact, MentorProfile
from accord.core.locking import StaleVersion
from accord.core.versioned import add_errors


def _mentor_or_404(request: HttpRequest) -> None:
    if not is_mentor(request.user):
        raise Http404


def _referral_services(request: HttpRequest) -> QuerySet[Service]:
    own = mentor_team(request.user)
    services_ = Service.objects.filter(kind=ServiceKind.SURVIVOR_SUPPORT).select_related(
        "organisation"
    )
    if own is not None:
        services_ = services_.exclude(organisation_id=own.service.organisation_id)
    return services_.order_by("organisation__name", "name")


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    mentor = is_mentor(request.user)
    return render(
        request,
        "community/home.html",
        {
            "mentor": mentor,
            "contacts": list(selectors.my_contacts(request.user)[:20]) if mentor else [],
            "accompaniments": list(selectors.my_accompaniments(request.user)[:20])
            if mentor
            else [],
            "may_report": may_report(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def profile(request: HttpRequest) -> HttpResponse:
    _mentor_or_404(request)
    stored = MentorProfile.objects.filter(user=request.user).first()
    initial = {}
    if stored is not None:
        initial = {
            "version": stored.version,
            "languages": ", ".join(stored.languages),
            "communities": ", ".join(stored.communities),
            "training": stored.training,
            "availability": stored.availability,
        }
    form = MentorProfileForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.mentor_profile_save(
                    actor=Actor.from_request(request),
                    mentor=request.user,
                    expected_version=data["version"],
                    languages=data["languages"],
                    communities=data["communities"],
                    training=data["training"],
                    availability=data["availability"],
                )
            except StaleVersion:
                form.add_error(None, _("Changed by someone else since you opened it."))
                status = 409
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("Your profile is saved."))
                return redirect("community:home")
        if status == 200:
            status = 400
    return render(
        request,
        "community/form.html",
        {"form": form, "title": _("Your mentor profile"), "submit": _("Save")},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@login_required
def contact_new(request: HttpRequest) -> HttpResponse:
    _mentor_or_404(request)
    team = mentor_team(request.user)
    form = EarlyContactForm(request.POST or None, initial={"contacted_on": timezone.localdate()})
    if request.method == "POST":
        if form.is_valid() and team is not None:
            data = form.cleaned_data
            try:
                contact = services.early_contact_record(
                    actor=Actor.from_request(request),
                    mentor=request.user,
                    team=team,
                    **data,
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The early contact is recorded."))
                return redirect("community:contact", pk=contact.pk)
        return render(request, "community/contact_new.html", {"form": form}, status=400)
    return render(request, "community/contact_new.html", {"form": form})


def _contact_page(
    request: HttpRequest,
    contact: EarlyContact,
    *,
    accompaniment_form: AccompanimentForm | None = None,
    referral_form: CommunityReferralForm | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "community/contact.html",
        {
            "contact": contact,
            "accompaniments": contact.accompaniments.order_by("-appointment_on"),
            "accompaniment_form": accompaniment_form
            or AccompanimentForm(initial={"language": contact.language}),
            "referral_form": referral_form
            or CommunityReferralForm(services=_referral_services(request)),
        },
        status=status,
    )


@require_GET
@login_required
def contact(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_visible_or_404(request.user, EarlyContact, pk=pk)
    return _contact_page(request, found)


@require_POST
@login_required
def contact_accompaniment(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_visible_or_404(request.user, EarlyContact, pk=pk)
    form = AccompanimentForm(request.POST)
    if form.is_valid():
        try:
            services.accompaniment_record(
                actor=Actor.from_request(request),
                mentor=request.user,
                early_contact=found,
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The accompaniment is recorded."))
            return redirect("community:contact", pk=found.pk)
    return _contact_page(request, found, accompaniment_form=form, status=400)


@require_POST
@login_required
def contact_refer(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_visible_or_404(request.user, EarlyContact, pk=pk)
    form = CommunityReferralForm(request.POST, services=_referral_services(request))
    if form.is_valid():
        try:
            referral = services.community_referral_send(
                actor=Actor.from_request(request), contact=found, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("Referral %(reference)s is sent.") % {"reference": referral.reference},
            )
            return redirect("community:contact", pk=found.pk)
    return _contact_page(request, found, referral_form=form, status=400)


@require_GET
@login_required
def accompaniment(request: HttpRequest, pk: int) -> HttpResponse:
    access = access_accompaniment(request.user, pk)
    found = access.accompaniment
    if found.case is not None:
        # Her first name and her case's reference: a read of her record.
        services.accompaniment_viewed(actor=Actor.from_request(request), accompaniment=found)
    return render(
        request,
        "community/accompaniment.html",
        {"accompaniment": found, "shows_first_name": access.shows_first_name},
    )


def _case_or_404(request: HttpRequest, reference: str) -> Case:
    case = get_visible_or_404(request.user, Case, reference=reference)
    if not case_access(request.user, case).may_work:
        raise Http404
    return case


@require_http_methods(["GET", "POST"])
@login_required
def case_accompaniments(request: HttpRequest, reference: str) -> HttpResponse:
    """A case worker asks a mentor to accompany the woman of her case."""
    case = _case_or_404(request, reference)
    form = CaseAccompanimentForm(request.POST or None, mentors=mentors_for(request.user))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                services.accompaniment_record(actor=Actor.from_request(request), case=case, **data)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The accompaniment is recorded."))
                return redirect("community:case_accompaniments", reference=case.reference)
        status = 400
    return render(
        request,
        "community/case_accompaniments.html",
        {
            "case": case,
            "form": form,
            "accompaniments": selectors.case_accompaniments(request.user, case.pk),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@login_required
def meetings(request: HttpRequest) -> HttpResponse:
    if not may_report(request.user):
        raise Http404
    form = CoordinationMeetingForm(request.POST or None)
    status = 200
    if request.method == "POST":
        team = mentor_team(request.user) or _first_community_team(request)
        if form.is_valid():
            try:
                services.coordination_meeting_record(
                    actor=Actor.from_request(request), team=team, **form.cleaned_data
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The meeting is recorded."))
                return redirect("community:meetings")
        status = 400
    return render(
        request,
        "community/meetings.html",
        {"form": form, "meetings": selectors.meetings(request.user)[:50]},
        status=status,
    )


def _first_community_team(request: HttpRequest) -> Team:
    membership = (
        memberships_of(request.user)
        .filter(role__in=COMMUNITY_ROLES)
        .select_related("team__service")
        .order_by("pk")
        .first()
    )
    if membership is None:
        raise Http404
    return membership.team


@require_GET
@login_required
def report(request: HttpRequest) -> HttpResponse:
    if not may_report(request.user):
        raise Http404
    since = timezone.localdate() - datetime.timedelta(days=365)
    return render(
        request,
        "community/report.html",
        {"report": selectors.contacts_report(request.user, since=since)},
    )
