"""The directory (/directory/) and cooperation protocols (/protocols/).

Thin: access (accord.access.policy), a form, one service call, a render. The directory is open
to everyone signed in and never shows a confidential address. A protocol is for the admins of
its parties: anyone else gets 404 for it, exactly as for one that does not exist. Every
protocol write is a plain POST from the protocol's page; on a refusal the page comes back with
the form's errors (400), on a stale version with what changed (409).
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
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accord.audit.context import Actor
from accord.core.locking import StaleVersion
from accord.core.versioned import add_errors, versioned_post
from accord.directory import selectors, services
from accord.directory.access import (
    ProtocolStanding,
    may_edit_directory_entry,
    protocol_organisations,
    protocol_standing,
)
from accord.directory.forms import (
    ActivateForm,
    DirectoryEntryForm,
    DocumentForm,
    EndForm,
    FlowForm,
    PartyAddForm,
    PartySignForm,
    ProtocolCreateForm,
    ProtocolDatesForm,
)
from accord.directory.models import (
    DOCUMENT_CONTENT_TYPE,
    DirectoryEntry,
    Protocol,
    ProtocolState,
    ProtocolStatus,
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
        return render(request, "directory/directory.html#results", context)
    return render(request, "directory/directory.html", context)


@require_GET
@login_required
def directory_service(request: HttpRequest, pk: int) -> HttpResponse:
    service = selectors.directory_service_or_404(request.user, pk)
    return render(
        request,
        "directory/service.html",
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
                return redirect("directory:service", pk=service.pk)
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
        "directory/entry_form.html",
        {"service": service, "form": form},
        status=400 if form.errors else 200,
    )


# --- protocols ----------------------------------------------------------------------------------


@require_GET
@login_required
def protocol_list(request: HttpRequest) -> HttpResponse:
    if not protocol_standing(request.user).organisation_ids:
        raise Http404
    today = timezone.localdate()
    protocols = list(selectors.protocols_for(request.user))
    return render(
        request,
        "directory/protocol_list.html",
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
            return redirect("directory:protocol", uid=protocol.uid)
    return render(
        request,
        "directory/protocol_create.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


Managed = tuple[Protocol, ProtocolStanding]


def _manageable(request: HttpRequest, uid: object) -> Managed:
    """The protocol and how she stands to it, or 404 unless she manages it."""
    protocol = selectors.protocol_or_404(request.user, uid)
    standing = protocol_standing(request.user)
    if not standing.manages(protocol):
        raise Http404
    return protocol, standing


def _forms(protocol: Protocol, standing: ProtocolStanding, **bound: Form) -> dict[str, Any]:
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
        if standing.signs_for(party):
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
    standing: ProtocolStanding,
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
        "directory/protocol_detail.html",
        {
            "protocol": protocol,
            "state": state,
            "expired": state == ProtocolState.EXPIRED,
            "today": today,
            "directions": selectors.directions(protocol),
            "activation_problems": problems,
            "problem": problem,
            "forms": _forms(protocol, standing, **bound),
        },
        status=status,
    )


@require_GET
@login_required
def protocol_detail(request: HttpRequest, uid: object) -> HttpResponse:
    return _protocol_page(request, *_manageable(request, uid))


def _write(
    request: HttpRequest,
    managed: Managed,
    name: str,
    make_form: Callable[[Protocol], Form],
    call: Callable[[Actor, Protocol, dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    """One protocol write: the form, the service, and the page again on a refusal."""
    protocol, standing = managed

    def stale(conflict: StaleVersion) -> HttpResponse:
        problem = _(
            "Someone changed the protocol after you opened it, so your change was not "
            "saved. The page now shows the protocol as it is: make your change again."
        )
        fresh = selectors.protocol_or_404(request.user, protocol.uid)
        return _protocol_page(request, fresh, standing, status=409, problem=problem)

    def saved() -> HttpResponse:
        messages.success(request, done)
        return redirect("directory:protocol", uid=protocol.uid)

    return versioned_post(
        make_form(protocol),
        lambda data: call(Actor.from_request(request), protocol, data),
        done=saved,
        stale=stale,
        refused=lambda form: _protocol_page(
            request, protocol, standing, status=400, **{name: form}
        ),
    )


@require_POST
@login_required
def protocol_dates(request: HttpRequest, uid: object) -> HttpResponse:
    return _write(
        request,
        _manageable(request, uid),
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
        _manageable(request, uid),
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
    managed = _manageable(request, uid)
    protocol, standing = managed
    party = selectors.party_or_404(protocol, party_id)
    if not standing.signs_for(party):
        raise Http404
    return _write(
        request,
        managed,
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
        _manageable(request, uid),
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
        _manageable(request, uid),
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
        _manageable(request, uid),
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
        _manageable(request, uid),
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
    protocol, _standing = _manageable(request, uid)
    if not protocol.has_document:
        raise Http404
    # Loaded (and decrypted) only now: for her, and only when there is one.
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
