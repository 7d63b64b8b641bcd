from allauth.account.views import LogoutView as AllauthLogoutView
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accord.access.policy import visible_to
from accord.accounts.models import Organisation, Team


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
