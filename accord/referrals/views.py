"""The directory (/directory/) and cooperation protocols (/protocols/).

Thin: access (accord.access.policy), a form, one service call, a render. The directory is open
to everyone signed in and never shows a confidential address. A protocol is for the admins of
its parties: anyone else gets 404 for it, exactly as for one that does not exist. Every
protocol write is a plain POST from the protocol's page; on a refusal the page comes back with
the form's errors (400), on a stale version with what changed (409).
"""

import csv
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accord.access.policy import (
    ReferralAccess,
    case_access,
    case_workers,
    get_visible_or_404,
    may_edit_directory_entry,
    may_report_referrals,
    protocol_organisations,
    referral_access,
    teams_to_open_cases_in,
)
from accord.accounts.decorators import reauthenticate
from accord.audit.context import Actor
from accord.cases.models import Case
from accord.cases.views import add_errors
from accord.core.locking import StaleVersion
from accord.people.models import ConsentScope
from accord.people.selectors import why_no_consent
from accord.referrals import selectors, services
from accord.referrals.forms import (
    AcceptForm,
    ActivateForm,
    DeclineForm,
    DirectoryEntryForm,
    DocumentForm,
    EndForm,
    FlowForm,
    OverrideForm,
    PartyAddForm,
    PartySignForm,
    ProtocolCreateForm,
    ProtocolDatesForm,
    ReferralDraftForm,
    VersionForm,
)
from accord.referrals.models import (
    DOCUMENT_CONTENT_TYPE,
    DirectoryEntry,
    Protocol,
    ProtocolState,
    ProtocolStatus,
    Referral,
)

# --- the directory ------------------------------------------------------------------------------


@require_GET
@login_required
def directory(request: HttpRequest) -> HttpResponse:
    found = selectors.directory(request.user, request.GET)
    page = selectors.directory_page(request.user, request.GET, request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"filter_form": found.form, "page": page, "query": query.urlencode()}
    if request.htmx:
        return render(request, "referrals/directory.html#results", context)
    return render(request, "referrals/directory.html", context)


@require_GET
@login_required
def directory_service(request: HttpRequest, pk: int) -> HttpResponse:
    service = selectors.directory_service_or_404(request.user, pk)
    return render(
        request,
        "referrals/service.html",
        {
            "service": service,
            "entry": getattr(service, "directory_entry", None),
            "may_edit": may_edit_directory_entry(request.user, service),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def directory_entry_edit(request: HttpRequest, pk: int) -> HttpResponse:
    service = selectors.directory_service_or_404(request.user, pk)
    if not may_edit_directory_entry(request.user, service):
        raise Http404
    entry: DirectoryEntry | None = getattr(service, "directory_entry", None)
    if request.method == "POST":
        form = DirectoryEntryForm(request.POST)
        if form.is_valid():
            try:
                services.directory_entry_update(
                    actor=Actor.from_request(request), service=service, **form.cleaned_data
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("Directory entry saved."))
                return redirect("referrals:service", pk=service.pk)
    else:
        initial: dict[str, Any] = {}
        if entry is not None:
            initial = {
                "offers": entry.offers,
                "languages": ", ".join(entry.languages),
                "accessibility": entry.accessibility,
                "catchment": entry.catchment,
                "how_to_refer": entry.how_to_refer,
                "accepts_self_referrals": entry.accepts_self_referrals,
                "accepted_case_kinds": entry.accepted_case_kinds,
            }
        form = DirectoryEntryForm(initial=initial)
    return render(
        request,
        "referrals/entry_form.html",
        {"service": service, "form": form},
        status=400 if form.errors else 200,
    )


# --- protocols ----------------------------------------------------------------------------------


def _protocol_organisation_ids(request: HttpRequest) -> set[int]:
    """The organisations she manages protocols for; a page needs them to decide what to offer,
    and one query decides it for every party at once."""
    return set(protocol_organisations(request.user).values_list("pk", flat=True))


@require_GET
@login_required
def protocol_list(request: HttpRequest) -> HttpResponse:
    if not _protocol_organisation_ids(request):
        raise Http404
    today = timezone.localdate()
    protocols = list(selectors.protocols_for(request.user))
    return render(
        request,
        "referrals/protocol_list.html",
        {"rows": [(protocol, protocol.state_on(today)) for protocol in protocols]},
    )


@require_http_methods(["GET", "POST"])
@login_required
def protocol_create(request: HttpRequest) -> HttpResponse:
    organisations = protocol_organisations(request.user)
    if not organisations.exists():
        raise Http404
    form = ProtocolCreateForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            protocol = services.protocol_create(
                actor=Actor.from_request(request), **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Protocol drafted. Add the other parties next."))
            return redirect("referrals:protocol", uid=protocol.uid)
    return render(
        request,
        "referrals/protocol_create.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


def _manageable(request: HttpRequest, uid: object) -> tuple[Protocol, set[int]]:
    protocol = selectors.protocol_or_404(request.user, uid)
    mine = _protocol_organisation_ids(request)
    if not any(party.organisation_id in mine for party in protocol.parties.all()):
        raise Http404
    return protocol, mine


def _forms(protocol: Protocol, mine: set[int], **bound: Form) -> dict[str, Any]:
    """The forms the protocol's page offers her, unbound unless given."""
    if protocol.status == ProtocolStatus.ACTIVE:
        if "end" not in bound:
            bound["end"] = EndForm(initial={"version": protocol.version})
        return bound
    version = {"version": protocol.version}
    parties = selectors.protocol_organisation_choices(protocol)
    defaults: dict[str, Callable[[], Form]] = {
        "dates": lambda: ProtocolDatesForm(
            initial={
                **version,
                "valid_from": protocol.valid_from,
                "valid_to": protocol.valid_to,
                "response_working_days": protocol.response_working_days,
            }
        ),
        "party": lambda: PartyAddForm(
            initial=version,
            organisations=selectors.organisations_to_add(protocol),
        ),
        "flow": lambda: FlowForm(initial=version, organisations=parties),
        "document": lambda: DocumentForm(initial=version),
        "activate": lambda: ActivateForm(initial=version),
    }
    for name, make in defaults.items():
        bound.setdefault(name, make())
    sign = bound.pop("sign", None)
    sign_forms = {}
    for party in protocol.parties.all():
        if party.organisation_id in mine:
            if sign is not None and sign.prefix == f"party-{party.pk}":
                sign_forms[party.pk] = sign
            else:
                sign_forms[party.pk] = PartySignForm(
                    prefix=f"party-{party.pk}",
                    initial={
                        **version,
                        "signatory_name": party.signatory_name,
                        "signatory_role": party.signatory_role,
                        "signed_on": party.signed_on,
                    },
                )
    bound["sign"] = sign_forms
    return bound


def _protocol_page(
    request: HttpRequest,
    protocol: Protocol,
    mine: set[int],
    *,
    status: int = 200,
    problem: str = "",
    **bound: Form,
) -> HttpResponse:
    today = timezone.localdate()
    state = protocol.state_on(today)
    problems = []
    if protocol.status == ProtocolStatus.DRAFT:
        problems = services.activation_problems(protocol)
    return render(
        request,
        "referrals/protocol_detail.html",
        {
            "protocol": protocol,
            "state": state,
            "expired": state == ProtocolState.EXPIRED,
            "today": today,
            "directions": selectors.directions(protocol),
            "activation_problems": problems,
            "problem": problem,
            "forms": _forms(protocol, mine, **bound),
        },
        status=status,
    )


@require_GET
@login_required
def protocol_detail(request: HttpRequest, uid: object) -> HttpResponse:
    protocol, mine = _manageable(request, uid)
    return _protocol_page(request, protocol, mine)


def _write(
    request: HttpRequest,
    uid: object,
    name: str,
    make_form: Callable[[Protocol], Form],
    call: Callable[[Actor, Protocol, dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    """One protocol write: the form, the service, and the page again on a refusal."""
    protocol, mine = _manageable(request, uid)
    form = make_form(protocol)
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            call(Actor.from_request(request), protocol, data)
        except StaleVersion:
            problem = _(
                "Someone changed the protocol after you opened it, so your change was not "
                "saved. The page now shows the protocol as it is: make your change again."
            )
            fresh = selectors.protocol_or_404(request.user, uid)
            return _protocol_page(request, fresh, mine, status=409, problem=problem)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("referrals:protocol", uid=protocol.uid)
    return _protocol_page(request, protocol, mine, status=400, **{name: form})


@require_POST
@login_required
def protocol_dates(request: HttpRequest, uid: object) -> HttpResponse:
    return _write(
        request,
        uid,
        "dates",
        lambda protocol: ProtocolDatesForm(request.POST),
        lambda actor, protocol, data: services.protocol_dates_set(
            actor=actor, protocol=protocol, expected_version=data.pop("version"), **data
        ),
        _("Dates saved."),
    )


@require_POST
@login_required
def party_add(request: HttpRequest, uid: object) -> HttpResponse:
    return _write(
        request,
        uid,
        "party",
        lambda protocol: PartyAddForm(
            request.POST,
            organisations=selectors.organisations_to_add(protocol),
        ),
        lambda actor, protocol, data: services.protocol_party_add(
            actor=actor,
            protocol=protocol,
            expected_version=data["version"],
            organisation=data["organisation"],
        ),
        _("Party added. Its admin records its signature on this page."),
    )


@require_POST
@login_required
def party_sign(request: HttpRequest, uid: object, party_id: int) -> HttpResponse:
    protocol, mine = _manageable(request, uid)
    party = selectors.party_or_404(protocol, party_id)
    # Each party signs through its own admin: another party's admin cannot sign for it.
    if party.organisation_id not in mine:
        raise Http404
    return _write(
        request,
        uid,
        "sign",
        lambda protocol: PartySignForm(request.POST, prefix=f"party-{party.pk}"),
        lambda actor, protocol, data: services.protocol_party_sign(
            actor=actor,
            party=party,
            expected_version=data.pop("version"),
            **data,
        ),
        _("Signature recorded."),
    )


@require_POST
@login_required
def flow_set(request: HttpRequest, uid: object) -> HttpResponse:
    return _write(
        request,
        uid,
        "flow",
        lambda protocol: FlowForm(
            request.POST, organisations=selectors.protocol_organisation_choices(protocol)
        ),
        lambda actor, protocol, data: services.protocol_flow_set(
            actor=actor, protocol=protocol, expected_version=data.pop("version"), **data
        ),
        _("Data flow saved."),
    )


@require_POST
@login_required
def document_attach(request: HttpRequest, uid: object) -> HttpResponse:
    return _write(
        request,
        uid,
        "document",
        lambda protocol: DocumentForm(request.POST, request.FILES),
        lambda actor, protocol, data: services.protocol_document_attach(
            actor=actor,
            protocol=protocol,
            expected_version=data["version"],
            document=data["document"],
        ),
        _("Signed document attached."),
    )


@require_POST
@login_required
def activate(request: HttpRequest, uid: object) -> HttpResponse:
    return _write(
        request,
        uid,
        "activate",
        lambda protocol: ActivateForm(request.POST),
        lambda actor, protocol, data: services.protocol_activate(
            actor=actor, protocol=protocol, expected_version=data["version"]
        ),
        _("Protocol activated: referrals may now follow it."),
    )


@require_POST
@login_required
def end(request: HttpRequest, uid: object) -> HttpResponse:
    return _write(
        request,
        uid,
        "end",
        lambda protocol: EndForm(request.POST),
        lambda actor, protocol, data: services.protocol_end(
            actor=actor,
            protocol=protocol,
            expected_version=data["version"],
            valid_to=data["valid_to"],
        ),
        _("Last valid day set."),
    )


@require_GET
@login_required
def document(request: HttpRequest, uid: object) -> HttpResponse:
    protocol, _mine = _manageable(request, uid)
    if not protocol.has_document:
        raise Http404
    protocol = selectors.protocol_or_404(request.user, uid, with_document=True)
    content = services.protocol_document_downloaded(
        actor=Actor.from_request(request), protocol=protocol
    )
    # no-store comes from accord.core.middleware.SecurityHeadersMiddleware, as on every page.
    return HttpResponse(
        content,
        content_type=protocol.document_content_type or DOCUMENT_CONTENT_TYPE,
        headers={
            "Content-Disposition": content_disposition_header(
                as_attachment=True, filename=protocol.document_name
            )
        },
    )


# --- referrals ----------------------------------------------------------------------------------
#
# The sender drafts from a case (/referrals/from/<case>/), sees exactly what would be sent or
# why it cannot be, and sends; the receiver reads what was sent and accepts or declines. Every
# action is a plain POST from the referral's page; a refusal shows the page again with the
# reason (400), a stale version with the referral as it is now (409). Anyone who is neither
# side gets 404.

REFERRAL_TEMPLATE = "referrals/referral.html"
# The newest this many: an inbox or a list is for today's work; older ones are in the report.
INBOX_SIZE = 50
REFERRAL_LIST_SIZE = 100
CONFLICT_TEXT = gettext_lazy(
    "Someone changed this referral since you opened it. Here it is as it is now: check it and "
    "do it again if it still applies."
)


def _referral_url(referral: Referral) -> str:
    return reverse("referrals:referral", args=[referral.reference])


def _draft_preview(
    request: HttpRequest, referral: Referral, access: ReferralAccess
) -> dict[str, Any]:
    """For the sender of a draft: what would be sent today, or why it cannot be sent."""
    if not access.may_send or referral.from_case is None:
        return {}
    today = timezone.localdate()
    sender = referral.from_team.service.organisation
    receiver = referral.to_service.organisation
    flow = selectors.protocol_flow_for(sender, receiver, on=today)
    if flow is None:
        return {"blocked": selectors.why_no_protocol(sender, receiver, on=today)}
    # The sender's own case, through the access module like any case she opens.
    case = get_visible_or_404(request.user, Case, pk=referral.from_case_id)
    preview = services.referral_payload(referral, categories=flow.categories, case=case)
    consent = services.consent_for(referral, case, today)
    return {
        "preview": selectors.payload_view(preview),
        "flow": flow,
        "consent": consent,
        "no_consent": ""
        if consent is not None
        else why_no_consent(
            case.person,
            scope=ConsentScope.REFERRAL_TO_ORGANISATION,
            on=today,
            organisation=receiver,
        ),
    }


def _referral_page(
    request: HttpRequest,
    referral: Referral,
    access: ReferralAccess,
    *,
    status: int = 200,
    problem: str = "",
    **forms: Form,
) -> HttpResponse:
    today = timezone.localdate()
    payload = None
    if access.reads_payload():
        payload = selectors.payload_view(referral.payload)
        services.referral_viewed(actor=Actor.from_request(request), referral=referral)
    context: dict[str, Any] = {
        "referral": referral,
        "access": access,
        "payload": payload,
        "overdue": referral.is_overdue_on(today),
        "problem": problem,
        **_draft_preview(request, referral, access),
    }
    if access.may_answer:
        context["accept_form"] = forms.get("accept_form") or AcceptForm(
            initial={"version": referral.version}, teams=_accepting_teams(request, referral)
        )
        context["decline_form"] = forms.get("decline_form") or DeclineForm(
            initial={"version": referral.version}
        )
    if access.may_send:
        context["override_form"] = forms.get("override_form") or OverrideForm(
            initial={"version": referral.version}
        )
    return render(request, REFERRAL_TEMPLATE, context, status=status)


def _accepting_teams(request: HttpRequest, referral: Referral) -> Any:
    return (
        teams_to_open_cases_in(request.user)
        .filter(service_id=referral.to_service_id)
        .order_by("name", "pk")
    )


def _reached(request: HttpRequest, reference: str) -> tuple[Referral, ReferralAccess]:
    referral = selectors.referral_or_404(request.user, reference)
    return referral, referral_access(request.user, referral)


@require_http_methods(["GET", "POST"])
@login_required
def referral_new(request: HttpRequest, case_reference: str) -> HttpResponse:
    """Refer from a case: choose a service that takes this kind of case; a draft is made."""
    case = selectors.case_to_refer_or_404(request.user, case_reference)
    if not case_access(request.user, case).may_work:
        raise Http404
    choices = selectors.referable_services(case)
    form = ReferralDraftForm(request.POST or None, services=choices)
    if request.method == "POST" and form.is_valid():
        try:
            referral = services.referral_draft(
                actor=Actor.from_request(request),
                case=case,
                to_service=form.cleaned_data["to_service"],
                summary=form.cleaned_data["summary"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Draft saved: check what would be sent, then send it."))
            return redirect(_referral_url(referral))
    return render(
        request,
        "referrals/referral_new.html",
        {"case": case, "form": form, "has_choices": choices.exists()},
        status=400 if form.errors else 200,
    )


@require_GET
@login_required
def referral_detail(request: HttpRequest, reference: str) -> HttpResponse:
    referral, access = _reached(request, reference)
    return _referral_page(request, referral, access)


def _act(
    request: HttpRequest,
    reference: str,
    *,
    allowed: Callable[[ReferralAccess], bool],
    form_class: type[VersionForm],
    form_name: str,
    action: Callable[[Referral, dict[str, Any]], Referral],
    done: str,
    form_kwargs: Callable[[Referral], dict[str, Any]] | None = None,
) -> HttpResponse:
    """One transition: the side that may do it, its form, the service, then the page."""
    referral, access = _reached(request, reference)
    if not allowed(access):
        raise Http404
    form = form_class(request.POST, **(form_kwargs(referral) if form_kwargs else {}))
    if form.is_valid():
        try:
            action(referral, form.cleaned_data)
        except StaleVersion:
            fresh, access = _reached(request, reference)
            return _referral_page(request, fresh, access, status=409, problem=str(CONFLICT_TEXT))
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, done)
            return redirect(_referral_url(referral))
    problem = " ".join(str(e) for errors in form.errors.values() for e in errors)
    return _referral_page(
        request, referral, access, status=400, problem=problem, **{form_name: form}
    )


@require_POST
@login_required
def referral_send(request: HttpRequest, reference: str) -> HttpResponse:
    actor = Actor.from_request(request)
    return _act(
        request,
        reference,
        allowed=lambda access: access.may_send,
        form_class=VersionForm,
        form_name="send_form",
        action=lambda referral, data: services.referral_send(
            actor=actor, referral=referral, expected_version=data["version"]
        ),
        done=_("Referral sent."),
    )


@require_POST
@login_required
@reauthenticate
def referral_send_override(request: HttpRequest, reference: str) -> HttpResponse:
    """Send without her consent, for a serious risk to life: a fresh re-authentication, a
    written reason, and an audit event the DPO sees."""
    actor = Actor.from_request(request)
    return _act(
        request,
        reference,
        allowed=lambda access: access.may_send,
        form_class=OverrideForm,
        form_name="override_form",
        action=lambda referral, data: services.referral_send(
            actor=actor,
            referral=referral,
            expected_version=data["version"],
            override_reason=data["override_reason"],
        ),
        done=_("Referral sent without consent. Your data-protection officer is told."),
    )


@require_POST
@login_required
def referral_accept(request: HttpRequest, reference: str) -> HttpResponse:
    actor = Actor.from_request(request)

    def accept(referral: Referral, data: dict[str, Any]) -> Referral:
        team = data["team"]
        worker = case_workers(team).filter(pk=request.user.pk).first()
        return services.referral_accept(
            actor=actor,
            referral=referral,
            expected_version=data["version"],
            team=team,
            key_worker=worker,
        )

    return _act(
        request,
        reference,
        allowed=lambda access: access.may_answer,
        form_class=AcceptForm,
        form_name="accept_form",
        action=accept,
        done=_("Referral accepted: your team's case is open."),
        form_kwargs=lambda referral: {"teams": _accepting_teams(request, referral)},
    )


@require_POST
@login_required
def referral_decline(request: HttpRequest, reference: str) -> HttpResponse:
    actor = Actor.from_request(request)
    return _act(
        request,
        reference,
        allowed=lambda access: access.may_answer,
        form_class=DeclineForm,
        form_name="decline_form",
        action=lambda referral, data: services.referral_decline(
            actor=actor,
            referral=referral,
            expected_version=data["version"],
            reason=data["reason"],
            note=data["note"],
        ),
        done=_("Referral declined. Nothing of it stays with your team."),
    )


@require_POST
@login_required
def referral_withdraw(request: HttpRequest, reference: str) -> HttpResponse:
    actor = Actor.from_request(request)
    return _act(
        request,
        reference,
        allowed=lambda access: access.may_withdraw,
        form_class=VersionForm,
        form_name="withdraw_form",
        action=lambda referral, data: services.referral_withdraw(
            actor=actor, referral=referral, expected_version=data["version"]
        ),
        done=_("Referral withdrawn."),
    )


@require_POST
@login_required
def referral_close(request: HttpRequest, reference: str) -> HttpResponse:
    actor = Actor.from_request(request)
    referral, access = _reached(request, reference)
    return _act(
        request,
        reference,
        allowed=lambda access: access.may_close,
        form_class=VersionForm,
        form_name="close_form",
        action=lambda referral, data: services.referral_close(
            actor=actor,
            referral=referral,
            expected_version=data["version"],
            by_sender=access.sender,
        ),
        done=_("Referral closed."),
    )


@require_GET
@login_required
def referral_list(request: HttpRequest) -> HttpResponse:
    """Sent and received, each with its overdue flags."""
    return render(
        request,
        "referrals/referral_list.html",
        {
            "sent": list(selectors.referrals_sent(request.user)[:REFERRAL_LIST_SIZE]),
            "received": list(selectors.referrals_received(request.user)[:REFERRAL_LIST_SIZE]),
            "today": timezone.localdate(),
        },
    )


@require_GET
@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    notifications = list(selectors.inbox(request.user)[:INBOX_SIZE])
    rows = [(n, services.notification_message(n)) for n in notifications]
    context = {"rows": rows}
    if request.htmx:
        return render(request, "referrals/inbox.html#inbox_rows", context)
    return render(request, "referrals/inbox.html", context)


@require_POST
@login_required
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = selectors.notification_or_404(request.user, pk)
    services.notification_mark_read(actor=Actor.from_request(request), notification=notification)
    if request.htmx:
        return inbox(request)
    return redirect("referrals:inbox")


@require_GET
@login_required
def report(request: HttpRequest) -> HttpResponse:
    if not may_report_referrals(request.user):
        raise Http404
    rows = selectors.pathways(request.user, today=timezone.localdate())
    return render(request, "referrals/report.html", {"rows": rows})


@require_GET
@login_required
def report_csv(request: HttpRequest) -> HttpResponse:
    if not may_report_referrals(request.user):
        raise Http404
    rows = selectors.pathways(request.user, today=timezone.localdate())
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, "referral-pathways.csv")
    writer = csv.writer(response)
    writer.writerow(
        [
            _("From organisation"),
            _("To a service of kind"),
            _("Sent"),
            _("Accepted"),
            _("Declined"),
            _("Acceptance rate (%)"),
            _("Median days to answer"),
            _("Overdue"),
        ]
    )
    for row in rows:
        writer.writerow(
            [
                row.from_organisation,
                row.service_kind,
                row.sent,
                row.accepted,
                row.declined,
                "" if row.acceptance_rate is None else row.acceptance_rate,
                "" if row.median_days_to_answer is None else row.median_days_to_answer,
                row.overdue,
            ]
        )
    return response
