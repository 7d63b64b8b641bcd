from allauth.account.views import LogoutView as AllauthLogoutView
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from accord.access.policy import Action, get_visible_or_404, may, visible_to
from accord.accounts.access import public_helplines
from accord.accounts.decorators import reauthenticate
from accord.accounts.forms import RevealForm
from accord.accounts.models import Organisation, Service, Team
from accord.accounts.services import service_address_reveal
from accord.audit.context import Actor


class LogoutView(AllauthLogoutView):
    """Sign-out that also tells the browser to drop its cache, cookies and storage, so the back
    button cannot bring a page with person data back."""

    def post(self, *args, **kwargs) -> HttpResponse:
        response = super().post(*args, **kwargs)
        response["Clear-Site-Data"] = '"cache", "cookies", "storage"'
        return response


@require_GET
@login_required
def directory(request: HttpRequest) -> HttpResponse:
    organisations = visible_to(request.user, Organisation).prefetch_related("services")
    teams = visible_to(request.user, Team)
    return render(
        request, "accounts/directory.html", {"organisations": organisations, "teams": teams}
    )


@require_GET
@login_required
def service_detail(request: HttpRequest, pk: int) -> HttpResponse:
    service = get_visible_or_404(request.user, Service, pk=pk)
    may_reveal = may(request.user, Action.REVEAL_LOCATION, service)
    return render(
        request,
        "accounts/service_detail.html",
        {
            "service": service,
            "may_reveal": may_reveal,
            "has_address": may_reveal and service.confidential_address is not None,
            "form": RevealForm(),
        },
    )


@require_POST
@login_required
@reauthenticate
def service_address_reveal_view(request: HttpRequest, pk: int) -> HttpResponse:
    service = get_visible_or_404(request.user, Service, pk=pk)
    if not may(request.user, Action.REVEAL_LOCATION, service):
        raise Http404
    form = RevealForm(request.POST)
    context: dict[str, object] = {"service": service, "may_reveal": True, "has_address": True}
    if form.is_valid():
        context["address"] = service_address_reveal(
            actor=Actor.from_request(request), service=service, reason=form.cleaned_data["reason"]
        )
    context["form"] = form
    return render(request, "accounts/service_detail.html", context)


@require_GET
def help_page(request: HttpRequest) -> HttpResponse:
    """Public, survivor-facing: where to get help, with the quick-exit control."""
    return render(request, "core/help.html", {"services": public_helplines()})
