"""Safety-plan pages, under a case: /cases/<reference>/safety-plan/.

Thin on purpose: access (the access module), a form, one service call, a render. A plan the
user may not read answers 404 exactly as a missing page (facilitators, police, other
organisations, a DPO: docs/product.md §4.1); so does any write by someone who may not work the case.
Every form works as a plain POST; with htmx the add and status forms answer with the plan's
body, in place.
"""

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
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accord.access.policy import CaseAccess, access_case
from accord.audit.context import Actor
from accord.cases.models import Case
from accord.core.locking import StaleVersion
from accord.core.pdf import PdfUnavailable
from accord.core.versioned import add_errors, rebind_at, versioned_form_page
from accord.safety import selectors, services
from accord.safety.forms import (
    ItemAddForm,
    ItemEditForm,
    ItemRemoveForm,
    ItemStatusForm,
    ReviewForm,
)
from accord.safety.models import ItemOwner, ItemStatus, SafetyPlan, SafetyPlanItem
from accord.safety.printing import safety_plan_print

PLAN_TEMPLATE = "safety/plan.html"


def _readable(request: HttpRequest, reference: str) -> tuple[Case, CaseAccess]:
    """The case, if the user may read a safety plan on it; otherwise a 404."""
    return access_case(
        request.user, reference, need=SafetyPlan, related=selectors.PLAN_CASE_RELATED
    )


def _workable(request: HttpRequest, reference: str) -> tuple[SafetyPlan, CaseAccess]:
    """The plan, if the user may work on it; otherwise a 404, as if it were not there."""
    case, access = _readable(request, reference)
    if not access.may_work:
        raise Http404
    return selectors.plan_or_404(request.user, access), access


def _plan_url(case: Case, anchor: str = "") -> str:
    url = reverse("safety:plan", args=[case.reference])
    return f"{url}#{anchor}" if anchor else url


def _plan_context(
    request: HttpRequest, access: CaseAccess, plan: SafetyPlan | None, **extra: Any
) -> dict[str, Any]:
    view = selectors.plan_view(plan) if plan is not None else None
    context: dict[str, Any] = {
        "case": access.case,
        "access": access,
        "view": view,
        "today": timezone.localdate(),
        "statuses": ItemStatus.choices,
        "other_agency": ItemOwner.OTHER_AGENCY,
    }
    if view is not None and access.may_work:
        # "Add here" beside an empty section preselects it (?section=<key>, no JS needed).
        asked = {section.key: section.pk for section in view.open_sections}
        initial = {"section": asked.get(request.GET.get("section", ""), "")}
        context["add_form"] = ItemAddForm(initial=initial, sections=view.open_sections)
    context.update(extra)
    return context


def _plan_page(
    request: HttpRequest,
    access: CaseAccess,
    plan: SafetyPlan | None,
    *,
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    """The whole plan page; every rendering of a plan is an audited read (docs/product.md §4.5)."""
    if plan is not None:
        services.safety_plan_viewed(actor=Actor.from_request(request), plan=plan)
    return render(
        request, PLAN_TEMPLATE, _plan_context(request, access, plan, **extra), status=status
    )


def _plan_body(
    request: HttpRequest, access: CaseAccess, plan: SafetyPlan, **extra: Any
) -> HttpResponse:
    """The plan's body alone, for htmx: fresh from the database after a change."""
    plan = selectors.plan_or_404(request.user, access)
    return render(
        request, f"{PLAN_TEMPLATE}#plan_body", _plan_context(request, access, plan, **extra)
    )


@require_GET
@login_required
def plan(request: HttpRequest, reference: str) -> HttpResponse:
    case, access = _readable(request, reference)
    return _plan_page(request, access, selectors.plan_for_case(request.user, access))


@require_POST
@login_required
def plan_start(request: HttpRequest, reference: str) -> HttpResponse:
    case, access = _readable(request, reference)
    if not access.may_work:
        raise Http404
    try:
        services.safety_plan_start(actor=Actor.from_request(request), case=case)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Safety plan started."))
    return redirect(_plan_url(case, "item-form"))


@require_POST
@login_required
def item_add(request: HttpRequest, reference: str) -> HttpResponse:
    plan, access = _workable(request, reference)
    view = selectors.plan_view(plan)
    form = ItemAddForm(request.POST, sections=view.open_sections)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.safety_plan_item_add(actor=Actor.from_request(request), plan=plan, **data)
        except ValidationError as error:
            add_errors(form, error)
    saved = _("Item added.")
    if request.htmx:
        if form.errors:
            return _plan_body(request, access, plan, add_form=form)
        return _plan_body(request, access, plan, saved=saved)
    if form.errors:
        return _plan_page(request, access, plan, status=400, add_form=form)
    messages.success(request, saved)
    return redirect(_plan_url(access.case, f"section-{form.cleaned_data['section'].key}"))


def _conflict_rows(form: Form, stored: SafetyPlanItem | None) -> list[tuple[str, str, str]]:
    """Her input beside the item as stored now (or gone, if someone removed it)."""
    data = form.cleaned_data
    owners, statuses = dict(ItemOwner.choices), dict(ItemStatus.choices)
    gone = _("removed")
    rows = []
    for name, label, choices in (
        ("text", _("What"), None),
        ("owner", _("Who does it"), owners),
        ("agency", _("Agency"), None),
        ("status", _("Status"), statuses),
    ):
        if name not in data:
            continue
        yours = data[name]
        theirs = getattr(stored, name) if stored is not None else gone
        if choices is not None:
            yours, theirs = choices.get(yours, yours), choices.get(theirs, theirs)
        rows.append((label, str(yours or "—"), str(theirs or "—")))
    return rows


def _form_page(
    request: HttpRequest,
    access: CaseAccess,
    *,
    title: str,
    form: Form,
    submit: str,
    conflict: list[tuple[str, str, str]] | None = None,
    status: int = 200,
    intro: str = "",
) -> HttpResponse:
    case = access.case
    return versioned_form_page(
        request,
        case,
        title=title,
        form=form,
        submit=submit,
        back_url=reverse("safety:plan", args=[case.reference]),
        back_text=_("Back to the safety plan of case %(reference)s")
        % {"reference": case.reference},
        conflict_text=_(
            "Someone changed the safety plan after you opened it, so your change was not saved. "
            "Compare the two versions below. Your change is still in the form: save again to "
            "apply it to the plan as it is now, or go back to the plan."
        ),
        conflict=conflict,
        status=status,
        intro=intro,
    )


def _inline_edit(
    request: HttpRequest, access: CaseAccess, item: SafetyPlanItem, form: Form
) -> HttpResponse:
    return render(
        request,
        "safety/_item_edit_inline.html",
        {"case": access.case, "item": item, "form": form},
    )


@require_http_methods(["GET", "POST"])
@login_required
def item_edit(request: HttpRequest, reference: str, uid: str) -> HttpResponse:
    plan, access = _workable(request, reference)
    item = selectors.plan_item_or_404(plan, uid)
    title, submit = _("Change the item"), _("Save")
    if request.method == "GET":
        form = ItemEditForm(
            initial={
                "version": plan.version,
                "text": item.text,
                "owner": item.owner,
                "agency": item.agency,
                "status": item.status,
            }
        )
        if request.htmx:
            # In place: the item turns into its form, the rest of the plan stays as it is.
            return _inline_edit(request, access, item, form)
        return _form_page(request, access, title=title, form=form, submit=submit)
    form = ItemEditForm(request.POST)
    if not form.is_valid():
        if request.htmx:
            return _inline_edit(request, access, item, form)
        return _form_page(request, access, title=title, form=form, submit=submit, status=400)
    data = form.cleaned_data
    try:
        services.safety_plan_item_update(
            actor=Actor.from_request(request),
            item=item,
            expected_version=data["version"],
            text=data["text"],
            owner=data["owner"],
            agency=data["agency"],
            status=data["status"],
        )
    except StaleVersion as stale:
        rows = _conflict_rows(form, selectors.item_as_stored(item))
        form = rebind_at(ItemEditForm, request, stale.current.version)
        response = _form_page(request, access, title=title, form=form, submit=submit, conflict=rows)
        if request.htmx:
            # Both versions need the whole page: htmx puts its main in place of the plan's.
            response["HX-Retarget"] = "main"
            response["HX-Reselect"] = "main"
            response["HX-Reswap"] = "outerHTML"
        return response
    except ValidationError as error:
        add_errors(form, error)
        if request.htmx:
            return _inline_edit(request, access, item, form)
        return _form_page(request, access, title=title, form=form, submit=submit, status=400)
    if request.htmx:
        response = _plan_body(request, access, plan, saved=_("Item saved."))
        response["HX-Retarget"] = "#plan-body"
        return response
    messages.success(request, _("Item saved."))
    return redirect(_plan_url(access.case, f"item-{item.uid}"))


@require_POST
@login_required
def item_status(request: HttpRequest, reference: str, uid: str) -> HttpResponse:
    plan, access = _workable(request, reference)
    item = selectors.plan_item_or_404(plan, uid)
    form = ItemStatusForm(request.POST)
    stale = False
    if form.is_valid():
        try:
            services.safety_plan_item_update(
                actor=Actor.from_request(request),
                item=item,
                expected_version=form.cleaned_data["version"],
                status=form.cleaned_data["status"],
            )
        except StaleVersion:
            stale = True
    conflict = _(
        "Someone changed the plan since you opened it: here it is as it is now. Nothing was saved."
    )
    problem = conflict if stale else _("Choose a status.") if form.errors else ""
    if request.htmx:
        # 200 even for a problem: htmx swaps only successful answers; the message says it.
        return _plan_body(
            request, access, plan, problem=problem, saved="" if problem else _("Status saved.")
        )
    if problem:
        return _plan_page(request, access, plan, status=409 if stale else 400, problem=problem)
    messages.success(request, _("Status saved."))
    return redirect(_plan_url(access.case, f"item-{item.uid}"))


@require_http_methods(["GET", "POST"])
@login_required
def item_remove(request: HttpRequest, reference: str, uid: str) -> HttpResponse:
    plan, access = _workable(request, reference)
    item = selectors.plan_item_or_404(plan, uid)
    title, submit = _("Remove the item"), _("Remove")
    intro = _("Remove “%(text)s” from the plan? Earlier versions of the plan still show it.") % {
        "text": item.text
    }
    if request.method == "GET":
        form = ItemRemoveForm(initial={"version": plan.version})
        return _form_page(request, access, title=title, form=form, submit=submit, intro=intro)
    form = ItemRemoveForm(request.POST)
    if not form.is_valid():
        return _form_page(
            request, access, title=title, form=form, submit=submit, intro=intro, status=400
        )
    try:
        services.safety_plan_item_remove(
            actor=Actor.from_request(request),
            item=item,
            expected_version=form.cleaned_data["version"],
        )
    except StaleVersion as stale:
        stored = selectors.item_as_stored(item)
        rows = [(_("What"), item.text, stored.text if stored is not None else _("removed"))]
        form = rebind_at(ItemRemoveForm, request, stale.current.version)
        return _form_page(
            request, access, title=title, form=form, submit=submit, intro=intro, conflict=rows
        )
    messages.success(request, _("Item removed."))
    return redirect(_plan_url(access.case))


@require_http_methods(["GET", "POST"])
@login_required
def review_set(request: HttpRequest, reference: str) -> HttpResponse:
    plan, access = _workable(request, reference)
    latest = services.latest_review_on(access.case)
    title, submit = _("Set the review date"), _("Save")
    intro = _(
        "At the case's current risk level the plan is reviewed by %(date)s at the latest."
    ) % {"date": date_format(latest, "DATE_FORMAT")}
    if request.method == "GET":
        form = ReviewForm(initial={"version": plan.version, "review_on": plan.review_on})
        return _form_page(request, access, title=title, form=form, submit=submit, intro=intro)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return _form_page(
            request, access, title=title, form=form, submit=submit, intro=intro, status=400
        )
    try:
        services.safety_plan_review_set(
            actor=Actor.from_request(request),
            plan=plan,
            review_on=form.cleaned_data["review_on"],
            expected_version=form.cleaned_data["version"],
        )
    except StaleVersion as stale:
        rows = [(_("Review by"), str(form.cleaned_data["review_on"]), str(stale.current.review_on))]
        form = rebind_at(ReviewForm, request, stale.current.version)
        return _form_page(
            request, access, title=title, form=form, submit=submit, intro=intro, conflict=rows
        )
    except ValidationError as error:
        add_errors(form, error)
        return _form_page(
            request, access, title=title, form=form, submit=submit, intro=intro, status=400
        )
    messages.success(request, _("Review date saved."))
    return redirect(_plan_url(access.case))


@require_GET
@login_required
def versions(request: HttpRequest, reference: str) -> HttpResponse:
    case, access = _readable(request, reference)
    plan = selectors.plan_or_404(request.user, access)
    services.safety_plan_viewed(actor=Actor.from_request(request), plan=plan)
    return render(
        request,
        "safety/versions.html",
        {"case": case, "plan": plan, "lines": selectors.plan_versions(plan)},
    )


@require_GET
@login_required
def pdf(request: HttpRequest, reference: str) -> HttpResponse:
    case, access = _readable(request, reference)
    plan = selectors.plan_or_404(request.user, access)
    try:
        printed = safety_plan_print(
            actor=Actor.from_request(request), view=selectors.plan_view(plan), access=access
        )
    except PdfUnavailable:
        messages.error(
            request, _("The PDF cannot be made on this server (a system library is missing).")
        )
        return redirect(_plan_url(case, "item-form"))
    # no-store comes from accord.core.middleware.SecurityHeadersMiddleware, as on every page.
    return HttpResponse(
        printed.content,
        content_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{printed.filename}"'},
    )
