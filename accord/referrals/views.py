"""Referrals (/referrals/) and the team inbox (/referrals/inbox/).

Thin: access (accord.access.policy), a form, one service call, a render. A referral the user
does not reach answers 404, exactly as one that does not exist; on a refusal the page comes
back with the form's errors (400), on a stale version with what changed (409).
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
    may_report_referrals,
    referral_access,
)
from accord.referrals.forms import (
    AcceptForm,
    DeclineForm,
    DraftEditForm,
    OverrideForm,
    ReferralDraftForm,
    VersionForm,
)
from accord.referrals.models import (
    NotificationKind,
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
