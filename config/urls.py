from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from accord.accounts import views as accounts_views
from accord.accounts.views import LogoutView
from accord.core import views as core_views

# The admin signs in through allauth, so it gets the second factor and the lockout too.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

urlpatterns = [
    path("", core_views.dashboard, name="dashboard"),
    path("help/", accounts_views.help_page, name="help"),
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/logout/", LogoutView.as_view(), name="account_logout"),
    path("accounts/", include("allauth.urls")),
    path("organisation/", include("accord.accounts.urls")),
    path("audit/", include("accord.audit.urls")),
    path("cases/<str:reference>/risk/", include("accord.risk.urls")),
    path("cases/", include("accord.cases.urls")),
    path("cases/<str:reference>/safety-plan/", include("accord.safety.urls")),
    path("cases/<str:reference>/consent/", include("accord.people.consent_urls")),
    path("people/", include("accord.people.urls")),
    # The directory (/directory/) and cooperation protocols (/protocols/).
    path("", include("accord.directory.urls")),
    # Referrals and the team inbox (/referrals/).
    path("", include("accord.referrals.urls")),
    path("programmes/", include("accord.programmes.urls")),
    path("conferences/", include("accord.conferences.urls")),
    path("community/", include("accord.community.urls")),
    path("empowerment/", include("accord.empowerment.urls")),
    path("outcomes/", include("accord.outcomes.urls")),
    path("network/", include("accord.network.urls")),
    path("knowledge/", include("accord.knowledge.urls")),
    path("api/v1/", include("accord.api.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "accord.core.views.bad_request"
handler403 = "accord.core.views.permission_denied"
handler404 = "accord.core.views.page_not_found"
handler500 = "accord.core.views.server_error"
