"""Casework pages: the caseload, a case, and the forms that work on it.

Thin on purpose: access (selectors + the access module), a form, one service call, a render.
A case the user may not see is a 404, as a missing one; so is any write by someone who may
not work the case. Every form works as a plain POST; with htmx it answers with a partial.
"""

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accord.access.fields import FieldClass
from accord.access.policy import CaseAccess
from accord.accounts.decorators import reauthenticate
from accord.accounts.forms import RevealForm
from accord.audit.context import Actor
from accord.cases import selectors, services
from accord.cases.filters import CaseloadFilter
from accord.cases.forms import (
    CaseCloseForm,
    CaseEditForm,
    CaseOpenForm,
    HouseholdChoice,
    IncidentForm,
    NoteForm,
    TaskForm,
)
from accord.cases.models import Case, CaseKind, Incident
from accord.core import panels
from accord.core.locking import StaleVersion
from accord.core.versioned import add_errors, rebind_at, versioned_form_page
from accord.people.forms import PersonForm
from accord.people.models import Person
from accord.people.selectors import household_by_reference
from accord.people.services import person_address_reveal, person_update

CASELOAD_PAGE_SIZE = 25
CASE_TEMPLATE = "cases/case_detail.html"


# --- the caseload -------------------------------------------------------------------------------


def _case_address() -> Callable[[str], str]:
    """The case page's address of a reference, its pattern reversed once per page: reversing
    it for each of the caseload's rows and reminders was a tenth of the page."""
    marker = "REFERENCE"
    before, after = reverse("cases:case", args=[marker]).split(marker)
    return lambda reference: f"{before}{quote(reference, safe=RFC3986_SUBDELIMS + '/~:@')}{after}"


@require_GET
@login_required
def caseload(request: HttpRequest) -> HttpResponse:
    # One filterset for both the form and the cases: building a second cost a millisecond.
    filterset = CaseloadFilter(
        request.GET, queryset=selectors.caseload(request.user), user=request.user
    )
    page = Paginator(filterset.qs, CASELOAD_PAGE_SIZE).get_page(request.GET.get("page"))
    address = _case_address()
    return render(
        request,
        "cases/caseload.html",
        {
            "filter_form": filterset.form,
            "page": page,
            "rows": [
                (row, address(row.case.reference))
                for row in selectors.caseload_rows(request.user, list(page.object_list))
            ],
            "reminders": [
                (task, address(task.case.reference))
                for task in selectors.my_open_tasks(request.user)[:20]
            ],
            "today": timezone.localdate(),
        },
    )


# --- one case -------------------------------------------------------------------------------------


def _blank_form(name: str, case: Case, request: HttpRequest) -> Form:
    """A fresh form for one of the inline adds (`name` as in case_detail.html's partials)."""
    if name == "task_form":
        return TaskForm(
            workers=selectors.team_workers(case.team), initial={"assignee": request.user.pk}
        )
    return IncidentForm() if name == "incident_form" else NoteForm()


def _case_context(
    request: HttpRequest, case: Case, access: CaseAccess, **extra: Any
) -> dict[str, Any]:
    context: dict[str, Any] = {
        "case": case,
        "access": access,
        "reads_incidents": access.reads_records(Incident),
        "reads_administrative": access.reads(FieldClass.ADMINISTRATIVE),
        "reads_risk": access.reads_risk(),
        "escalating": access.reads_risk() and selectors.is_escalating(case),
        "escalation_months": settings.ACCORD_ESCALATION_MONTHS,
        "chronology": _chronology(request, case, access),
        "chronology_kind": _chronology_kind(request),
        "chronology_kinds": CHRONOLOGY_KINDS,
        "today": timezone.localdate(),
    }
    context.update(extra)
    return context


# The chronology's filter: every kind, or one of these (?kind=…, plain links without JS).
CHRONOLOGY_KINDS = [
    ("incident", gettext_lazy("Incidents")),
    ("note", gettext_lazy("Notes and contacts")),
    ("task", gettext_lazy("Tasks")),
]


def _chronology_kind(request: HttpRequest) -> str:
    kind = request.GET.get("kind", "")
    return kind if kind in dict(CHRONOLOGY_KINDS) else ""


def _chronology(request: HttpRequest, case: Case, access: CaseAccess) -> list[Any]:
    items = selectors.case_chronology(case, access)
    kind = _chronology_kind(request)
    return [item for item in items if item.kind == kind] if kind else items


def _case_page(
    request: HttpRequest,
    case: Case,
    access: CaseAccess,
    *,
    status: int = 200,
    reveal_form: RevealForm | None = None,
    **extra: Any,
) -> HttpResponse:
    """The full case page; every rendering of it is an audited read (docs/product.md §4.5)."""
    services.case_viewed(actor=Actor.from_request(request), case=case)
    may_reveal = access.may_reveal_location()
    context = _case_context(
        request,
        case,
        access,
        person_fields=selectors.person_fields(case, access),
        household=selectors.household_panel(request.user, case, access),
        partner_first_name=selectors.partner_first_name(case, access),
        may_reveal=may_reveal,
        # Whether there is an address, asked of the stored token: nothing is decrypted.
        has_address=may_reveal
        and Person._meta.get_field("real_address").raw_value(case.person) is not None,
        reveal_form=reveal_form or RevealForm(),
        may_edit_person=access.may_work and access.reads(FieldClass.IDENTITY),
        # Her first name in the header, as this reader's side may see it.
        header_name=case.person.given_name if access.reads(FieldClass.IDENTITY) else "",
        other_panels=panels.case_panels_for(request, case, access),
        **extra,
    )
    return render(request, CASE_TEMPLATE, context, status=status)


@require_GET
@login_required
def case_detail(request: HttpRequest, reference: str) -> HttpResponse:
    case, access = selectors.case_and_access_or_404(request.user, reference)
    return _case_page(request, case, access)


@require_POST
@login_required
@reauthenticate
def address_reveal(request: HttpRequest, reference: str) -> HttpResponse:
    case, access = selectors.case_and_access_or_404(request.user, reference)
    if not access.may_reveal_location():
        raise Http404
    form = RevealForm(request.POST)
    address = None
    if form.is_valid():
        address = person_address_reveal(
            actor=Actor.from_request(request),
            person=case.person,
            reason=form.cleaned_data["reason"],
        )
    return _case_page(
        request,
        case,
        access,
        status=200 if form.is_valid() else 400,
        revealed_address=address,
        reveal_form=form,
    )


# --- inline work: note, incident, task, task done -----------------------------------------------


def _case_to_work(request: HttpRequest, reference: str) -> tuple[Case, CaseAccess]:
    """The case, if the user may work it; otherwise a 404, as if it were not there."""
    case, access = selectors.case_and_access_or_404(request.user, reference)
    if not access.may_work:
        raise Http404
    return case, access


def _open_form(request: HttpRequest, case: Case, access: CaseAccess, *, name: str) -> HttpResponse:
    """An inline add asked for: the case page shows a link in place of each form, because
    rendering all three on every view cost most of the page. With htmx the form's partial
    replaces the link (it shows nothing of the person, so it is not an audited read); without
    JS the link leads to the case page with that form open."""
    form = _blank_form(name, case, request)
    # Where the user asked to write, so keyboard and screen-reader users land in the form.
    form.fields[next(iter(form.fields))].widget.attrs["autofocus"] = True
    if request.htmx:
        return render(request, f"{CASE_TEMPLATE}#{name}", {"case": case, name: form})
    return _case_page(request, case, access, **{name: form})


def _after_work(
    request: HttpRequest, case: Case, access: CaseAccess, *, name: str, form: Form, saved: str
) -> HttpResponse:
    """Answer an inline add. htmx: the form's partial (fresh after a save, with the new
    chronology and flag swapped in out of band). Without JS: back to the case with a message,
    or the whole page with the form's errors."""
    if not form.errors:
        if request.htmx:
            case, access = selectors.case_and_access_or_404(request.user, case.reference)
            context = _case_context(
                request, case, access, saved=saved, **{name: _blank_form(name, case, request)}
            )
            return render(
                request,
                "cases/_work_saved.html",
                {**context, "form_partial": f"{CASE_TEMPLATE}#{name}"},
            )
        messages.success(request, saved)
        return redirect(reverse("cases:case", args=[case.reference]) + "#chronology")
    if request.htmx:
        return render(request, f"{CASE_TEMPLATE}#{name}", {"case": case, name: form})
    return _case_page(request, case, access, status=400, **{name: form})


@require_http_methods(["GET", "POST"])
@login_required
def note_add(request: HttpRequest, reference: str) -> HttpResponse:
    case, access = _case_to_work(request, reference)
    if request.method == "GET":
        return _open_form(request, case, access, name="note_form")
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.note_add(actor=Actor.from_request(request), case=case, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
    return _after_work(request, case, access, name="note_form", form=form, saved=_("Note added."))


@require_http_methods(["GET", "POST"])
@login_required
def incident_add(request: HttpRequest, reference: str) -> HttpResponse:
    case, access = _case_to_work(request, reference)
    if not access.reads_records(Incident):
        raise Http404
    if request.method == "GET":
        return _open_form(request, case, access, name="incident_form")
    form = IncidentForm(request.POST)
    if form.is_valid():
        try:
            services.incident_record(
                actor=Actor.from_request(request), case=case, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
    return _after_work(
        request, case, access, name="incident_form", form=form, saved=_("Incident recorded.")
    )


@require_http_methods(["GET", "POST"])
@login_required
def task_add(request: HttpRequest, reference: str) -> HttpResponse:
    case, access = _case_to_work(request, reference)
    if request.method == "GET":
        return _open_form(request, case, access, name="task_form")
    form = TaskForm(request.POST, workers=selectors.team_workers(case.team))
    if form.is_valid():
        try:
            services.task_add(actor=Actor.from_request(request), case=case, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
    return _after_work(request, case, access, name="task_form", form=form, saved=_("Task added."))


@require_POST
@login_required
def task_done(request: HttpRequest, reference: str, task_id: int) -> HttpResponse:
    case, access = _case_to_work(request, reference)
    task = selectors.case_task_or_404(case, task_id)
    task.case = case
    services.task_complete(actor=Actor.from_request(request), task=task)
    if request.htmx:
        return render(
            request,
            f"{CASE_TEMPLATE}#chronology",
            _case_context(request, case, access, saved=_("Task done.")),
        )
    messages.success(request, _("Task done."))
    return redirect(reverse("cases:case", args=[case.reference]) + "#chronology")


# --- edit, close, person details: optimistic locking ----------------------------------------------


def _form_page(
    request: HttpRequest,
    case: Case,
    *,
    title: str,
    form: Form,
    submit: str,
    conflict: list[tuple[str, str, str]] | None = None,
    status: int = 200,
) -> HttpResponse:
    return versioned_form_page(
        request,
        case,
        title=title,
        form=form,
        submit=submit,
        back_url=reverse("cases:case", args=[case.reference]),
        back_text=_("Back to case %(reference)s") % {"reference": case.reference},
        conflict_text=_(
            "Someone saved this record after you opened it, so your changes were not saved. "
            "Compare the two versions below. Your changes are still in the form: save again to "
            "replace the stored version, or go back to the case to keep it."
        ),
        conflict=conflict,
        status=status,
    )


def _worker_label(user: Any) -> str:
    if user is None:
        return _("nobody")
    return user.get_full_name() or user.get_username()


@require_http_methods(["GET", "POST"])
@login_required
def case_edit(request: HttpRequest, reference: str) -> HttpResponse:
    case, access = _case_to_work(request, reference)
    workers = selectors.team_workers(case.team)
    title, submit = _("Change the case"), _("Save")
    if request.method == "GET":
        form = CaseEditForm(
            workers=workers,
            initial={
                "version": case.version,
                "key_worker": case.key_worker_id,
                "status": case.status,
            },
        )
        return _form_page(request, case, title=title, form=form, submit=submit)
    form = CaseEditForm(request.POST, workers=workers)
    if not form.is_valid():
        return _form_page(request, case, title=title, form=form, submit=submit, status=400)
    data = form.cleaned_data
    try:
        services.case_update(
            actor=Actor.from_request(request),
            case=case,
            expected_version=data["version"],
            key_worker=data["key_worker"],
            status=data["status"],
        )
    except StaleVersion as stale:
        stored = stale.current
        rows = [
            (_("Key worker"), _worker_label(data["key_worker"]), _worker_label(stored.key_worker)),
            (
                _("Status"),
                dict(form.fields["status"].choices)[data["status"]],
                stored.get_status_display(),
            ),
        ]
        form = rebind_at(CaseEditForm, request, stored.version, workers=workers)
        return _form_page(request, case, title=title, form=form, submit=submit, conflict=rows)
    except ValidationError as error:
        add_errors(form, error)
        return _form_page(request, case, title=title, form=form, submit=submit, status=400)
    messages.success(request, _("Case saved."))
    return redirect("cases:case", reference=case.reference)


@require_http_methods(["GET", "POST"])
@login_required
def case_close(request: HttpRequest, reference: str) -> HttpResponse:
    case, access = _case_to_work(request, reference)
    title, submit = _("Close the case"), _("Close the case")
    if request.method == "GET":
        form = CaseCloseForm(initial={"version": case.version, "closed_on": timezone.localdate()})
        return _form_page(request, case, title=title, form=form, submit=submit)
    form = CaseCloseForm(request.POST)
    if not form.is_valid():
        return _form_page(request, case, title=title, form=form, submit=submit, status=400)
    data = form.cleaned_data
    try:
        services.case_close(
            actor=Actor.from_request(request),
            case=case,
            expected_version=data["version"],
            reason=data["reason"],
            closed_on=data["closed_on"],
        )
    except StaleVersion as stale:
        stored = stale.current
        reasons = dict(form.fields["reason"].choices)
        rows = [
            (_("Status"), _("Closed"), stored.get_status_display()),
            (_("Reason"), reasons[data["reason"]], stored.get_closure_reason_display() or "—"),
            (_("Closed on"), str(data["closed_on"]), str(stored.closed_on or "—")),
            (_("Key worker"), _worker_label(case.key_worker), _worker_label(stored.key_worker)),
        ]
        form = rebind_at(CaseCloseForm, request, stored.version)
        return _form_page(request, case, title=title, form=form, submit=submit, conflict=rows)
    except ValidationError as error:
        add_errors(form, error)
        return _form_page(request, case, title=title, form=form, submit=submit, status=400)
    messages.success(request, _("Case closed."))
    return redirect("cases:case", reference=case.reference)


def _shown(value: Any) -> str:
    return "—" if value in (None, "") else str(value)


@require_http_methods(["GET", "POST"])
@login_required
def person_edit(request: HttpRequest, reference: str) -> HttpResponse:
    case, access = _case_to_work(request, reference)
    if not access.reads(FieldClass.IDENTITY):
        raise Http404
    person = case.person
    options = {
        "readable": access.readable_fields("people.person", _person_names()),
        "may_set_address": access.may_reveal_location(),
        "child": case.kind == CaseKind.CHILD,
    }
    title, submit = _("Change the person's details"), _("Save")
    if request.method == "GET":
        initial = {name: getattr(person, name) for name in options["readable"]}
        form = PersonForm(initial={**initial, "version": person.version}, **options)
        return _form_page(request, case, title=title, form=form, submit=submit)
    form = PersonForm(request.POST, **options)
    if not form.is_valid():
        return _form_page(request, case, title=title, form=form, submit=submit, status=400)
    # Only what differs from the record now: no empty write, no needless re-encryption.
    changes = {
        name: value
        for name, value in form.changes().items()
        if name == "real_address" or getattr(person, name) != value
    }
    try:
        if changes:
            person_update(
                actor=Actor.from_request(request),
                person=person,
                expected_version=form.cleaned_data["version"],
                **changes,
            )
    except StaleVersion as stale:
        stored = stale.current
        rows = [
            (
                form.fields[name].label,
                _shown(form.cleaned_data.get(name)),
                _shown(getattr(stored, name)),
            )
            for name in options["readable"]
            if name in form.fields
        ]
        if "real_address" in changes:
            rows.append((_("Real address"), _("a new address (not shown)"), _("hidden")))
        form = rebind_at(PersonForm, request, stored.version, **options)
        return _form_page(request, case, title=title, form=form, submit=submit, conflict=rows)
    except ValidationError as error:
        add_errors(form, error)
        return _form_page(request, case, title=title, form=form, submit=submit, status=400)
    messages.success(request, _("Details saved.") if changes else _("Nothing changed."))
    return redirect("cases:case", reference=case.reference)


def _person_names() -> list[str]:
    from accord.people.forms import person_fields

    return [name for name in person_fields() if name != "real_address"]


# --- opening a case ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def case_open(request: HttpRequest) -> HttpResponse:
    teams = selectors.teams_for_opening(request.user)
    if not teams.exists():
        # Only people who work cases open them; to anyone else the page is not there.
        raise Http404
    if request.method == "GET":
        form = CaseOpenForm(teams=teams, initial={"team": teams.first()})
        return render(request, "cases/case_open.html", {"form": form})
    form = CaseOpenForm(request.POST, teams=teams)
    household = None
    if form.is_valid() and form.cleaned_data["household"] == HouseholdChoice.EXISTING:
        household = household_by_reference(request.user, form.cleaned_data["household_reference"])
        if household is None:
            form.add_error(
                "household_reference", _("No household with this reference among your cases.")
            )
    if form.is_valid():
        data = form.cleaned_data
        try:
            case = services.case_intake(
                actor=Actor.from_request(request),
                kind=data["kind"],
                team=data["team"],
                person_fields={k: v for k, v in form.person_values().items() if v is not None},
                household=household,
                new_household=data["household"] == HouseholdChoice.NEW,
                relationship=data["relationship"]
                if data["household"] != HouseholdChoice.NONE
                else None,
                key_worker=request.user,
                opened_on=data["opened_on"],
                partner_first_name_as_given=data["partner_first_name_as_given"].strip(),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, _("Case %(reference)s opened.") % {"reference": case.reference}
            )
            return redirect("cases:case", reference=case.reference)
    return render(request, "cases/case_open.html", {"form": form}, status=400)
