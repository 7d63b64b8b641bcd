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
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accord.access.policy import get_visible_or_404
from accord.accounts.decorators import reauthenticate
from accord.audit.context import Actor
from accord.cases.models import Case
from accord.core.locking import StaleVersion
from accord.core.versioned import add_errors, versioned_post
from accord.referrals import selectors, services
from accord.referrals.access import (
    ReferralAccess,
    may_edit_directory_entry,
    may_report_referrals,
    protocol_organisations,
    referral_access,
)
from accord.referrals.forms import (
    AcceptForm,
    ActivateForm,
    DeclineForm,
    DirectoryEntryForm,
    DocumentForm,
    DraftEditForm,
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
    NotificationKind,
    Protocol,
    ProtocolState,
    ProtocolStatus,
    Referral,
)
from accord.referrals.transitions import (
    ACCEPT,
    CLOSE,
    DECLINE,
    SEND,
    TRANSITIONS,
    WITHDRAW,
    accepting_teams,
    transition_run,
)
from accord.referrals.unread import forget_unread, remember_unread

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

    def stale(conflict: StaleVersion) -> HttpResponse:
        problem = _(
            "Someone changed the protocol after you opened it, so your change was not "
            "saved. The page now shows the protocol as it is: make your change again."
        )
        fresh = selectors.protocol_or_404(request.user, uid)
        return _protocol_page(request, fresh, mine, status=409, problem=problem)

    def saved() -> HttpResponse:
        messages.success(request, done)
        return redirect("referrals:protocol", uid=protocol.uid)

    return versioned_post(
        make_form(protocol),
        lambda data: call(Actor.from_request(request), protocol, data),
        done=saved,
        stale=stale,
        refused=lambda form: _protocol_page(request, protocol, mine, status=400, **{name: form}),
    )


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
    """For the sender of a draft: what would be sent today, or why it cannot be sent, by the
    very check that sending makes (`services.referral_send_check`)."""
    if not access.may_send or referral.from_case is None:
        return {}
    # The sender's own case, through the access module like any case she opens.
    case = get_visible_or_404(request.user, Case, pk=referral.from_case_id)
    check = services.referral_send_check(referral, case, timezone.localdate())
    context: dict[str, Any] = {
        "blocked": list(check.problems.values()),
        "blocked_fields": list(check.problems),
        "draft_form": DraftEditForm(
            initial={"version": referral.version, "summary": referral.summary or ""}
        ),
    }
    if check.problems or check.flow is None:
        return context
    preview = services.referral_payload(referral, categories=check.flow.categories, case=case)
    return {
        **context,
        "preview": selectors.payload_view(preview),
        "flow": check.flow,
        "consent": check.consent,
        "no_consent": check.no_consent,
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
        match = selectors.receiver_match(referral)
        context["accept_form"] = forms.get("accept_form") or AcceptForm(
            initial={"version": referral.version, "on_existing_record": match is not None},
            teams=accepting_teams(request.user, referral),
            match=match is not None,
        )
        context["decline_form"] = forms.get("decline_form") or DeclineForm(
            initial={"version": referral.version}
        )
    if access.may_send:
        context["override_form"] = forms.get("override_form") or OverrideForm(
            initial={"version": referral.version}
        )
        if "draft_form" in forms:
            context["draft_form"] = forms["draft_form"]
    return render(request, REFERRAL_TEMPLATE, context, status=status)


def _reached(request: HttpRequest, reference: str) -> tuple[Referral, ReferralAccess]:
    referral = selectors.referral_or_404(request.user, reference)
    return referral, referral_access(request.user, referral)


@require_http_methods(["GET", "POST"])
@login_required
def referral_new(request: HttpRequest, case_reference: str) -> HttpResponse:
    """Refer from a case: choose a service that takes this kind of case; a draft is made."""
    case = selectors.case_to_refer_or_404(request.user, case_reference)
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
    name: str,
    form_class: type[VersionForm],
    form_name: str,
    form_kwargs: Callable[[Referral], dict[str, Any]] | None = None,
    done: str = "",
    perform: Callable[..., Referral] | None = None,
) -> HttpResponse:
    """One transition of the table (accord/referrals/transitions.py): the side that may do it
    (else 404), its form, the service (`perform` instead for a change that is no transition),
    then the page."""
    referral, access = _reached(request, reference)
    transition = TRANSITIONS[name]
    transition.require(access)

    def save(fields: dict[str, Any]) -> None:
        version = fields.pop("version")
        if perform is not None:
            perform(access, version, **fields)
            return
        transition_run(
            name,
            actor=Actor.from_request(request),
            user=request.user,
            access=access,
            version=version,
            **fields,
        )

    def stale(conflict: StaleVersion) -> HttpResponse:
        fresh, now = _reached(request, reference)
        return _referral_page(request, fresh, now, status=409, problem=str(CONFLICT_TEXT))

    def saved() -> HttpResponse:
        messages.success(request, done or str(transition.done))
        return redirect(_referral_url(referral))

    def refused(form: Form) -> HttpResponse:
        problem = " ".join(str(e) for errors in form.errors.values() for e in errors)
        return _referral_page(
            request, referral, access, status=400, problem=problem, **{form_name: form}
        )

    form = form_class(request.POST, **(form_kwargs(referral) if form_kwargs else {}))
    return versioned_post(form, save, done=saved, stale=stale, refused=refused)


@require_POST
@login_required
def referral_send(request: HttpRequest, reference: str) -> HttpResponse:
    return _act(request, reference, name=SEND, form_class=VersionForm, form_name="send_form")


@require_POST
@login_required
def referral_draft_edit(request: HttpRequest, reference: str) -> HttpResponse:
    """Not a transition: the draft stays a draft, changed by whoever may send it."""

    def update(access: ReferralAccess, version: int, summary: str) -> Referral:
        return services.referral_draft_update(
            actor=Actor.from_request(request),
            referral=access.referral,
            expected_version=version,
            summary=summary,
        )

    return _act(
        request,
        reference,
        name=SEND,
        form_class=DraftEditForm,
        form_name="draft_form",
        perform=update,
        done=_("Draft saved: check what would be sent, then send it."),
    )


@require_POST
@login_required
@reauthenticate
def referral_send_override(request: HttpRequest, reference: str) -> HttpResponse:
    """Send without her consent, for a serious risk to life: a fresh re-authentication, a
    written reason, and an audit event the DPO sees."""
    return _act(
        request,
        reference,
        name=SEND,
        form_class=OverrideForm,
        form_name="override_form",
        done=_("Referral sent without consent. Your data-protection officer is told."),
    )


@require_POST
@login_required
def referral_accept(request: HttpRequest, reference: str) -> HttpResponse:
    return _act(
        request,
        reference,
        name=ACCEPT,
        form_class=AcceptForm,
        form_name="accept_form",
        form_kwargs=lambda referral: {
            "teams": accepting_teams(request.user, referral),
            "match": selectors.receiver_match(referral) is not None,
        },
    )


@require_POST
@login_required
def referral_decline(request: HttpRequest, reference: str) -> HttpResponse:
    return _act(request, reference, name=DECLINE, form_class=DeclineForm, form_name="decline_form")


@require_POST
@login_required
def referral_withdraw(request: HttpRequest, reference: str) -> HttpResponse:
    return _act(
        request, reference, name=WITHDRAW, form_class=VersionForm, form_name="withdraw_form"
    )


@require_POST
@login_required
def referral_close(request: HttpRequest, reference: str) -> HttpResponse:
    return _act(request, reference, name=CLOSE, form_class=VersionForm, form_name="close_form")


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


def _inbox_kind(request: HttpRequest) -> str:
    """The kind asked for, if it is one; anything else shows every kind."""
    kind = request.GET.get("kind") or request.POST.get("kind") or ""
    return kind if kind in NotificationKind.values else ""


def _inbox_page(request: HttpRequest) -> HttpResponse:
    kind = _inbox_kind(request)
    notifications = list(selectors.inbox(request.user, kind=kind)[:INBOX_SIZE])
    counts = selectors.inbox_counts(request.user)
    remember_unread(request, counts.unread)
    context = {
        "rows": [(n, services.notification_message(n)) for n in notifications],
        "counts": counts,
        "kind": kind,
        "kinds": [
            (value, label, *counts.by_kind[value])
            for value, label in NotificationKind.choices
            if value in counts.by_kind
        ],
    }
    if request.htmx:
        return render(request, "referrals/inbox.html#inbox_rows", context)
    return render(request, "referrals/inbox.html", context)


@require_GET
@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    return _inbox_page(request)


def _back_to_inbox(request: HttpRequest) -> HttpResponse:
    kind = _inbox_kind(request)
    url = reverse("referrals:inbox")
    return redirect(f"{url}?kind={kind}" if kind else url)


@require_POST
@login_required
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = selectors.notification_or_404(request.user, pk)
    services.notification_mark_read(actor=Actor.from_request(request), notification=notification)
    forget_unread(request)
    if request.htmx:
        return _inbox_page(request)
    return _back_to_inbox(request)


@require_POST
@login_required
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    """Everything in the reader's inbox read, or everything of the kind she is looking at."""
    marked = services.notifications_mark_all_read(
        actor=Actor.from_request(request),
        notifications=selectors.inbox(request.user, kind=_inbox_kind(request)),
    )
    forget_unread(request)
    messages.success(
        request,
        ngettext("%(count)d notice marked read.", "%(count)d notices marked read.", marked)
        % {"count": marked},
    )
    return _back_to_inbox(request)


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
