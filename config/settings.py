"""Accord settings: one file, driven by environment variables.

Every value a deployment may need to change is read from the environment; secrets may also be
read from a file named by `<NAME>_FILE` (Docker/Kubernetes secrets, systemd credentials).
See README.md, "Configuration", for the list.
"""

import json
import os
import secrets
from base64 import urlsafe_b64encode
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def envlist(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def envsecret(name: str) -> str | None:
    """The secret from `NAME`, or from the file that `NAME_FILE` points to."""
    if value := os.environ.get(name):
        return value
    if path := os.environ.get(f"{name}_FILE"):
        return Path(path).read_text().strip()
    return None


DEBUG = envbool("ACCORD_DEBUG", False)

# Local runs (the demo, the test suite) generate missing secrets once into an untracked file so
# that `make run` works on a fresh clone. A production deployment must provide them: starting
# without them is an error, never a silently generated key that would be lost on restart.
LOCAL_SECRETS = envbool("ACCORD_LOCAL_SECRETS", DEBUG)
LOCAL_SECRETS_FILE = BASE_DIR / "var" / "local-secrets.json"


def _new_encryption_key_ring() -> str:
    return "k1:" + urlsafe_b64encode(secrets.token_bytes(32)).decode()


_LOCAL_SECRET_FACTORIES = {
    "SECRET_KEY": lambda: secrets.token_urlsafe(50),
    "ACCORD_ENCRYPTION_KEYS": _new_encryption_key_ring,
    "ACCORD_BLIND_INDEX_KEY": lambda: urlsafe_b64encode(secrets.token_bytes(32)).decode(),
}


def secret(name: str) -> str:
    if value := envsecret(name):
        return value
    if not LOCAL_SECRETS:
        raise ImproperlyConfigured(
            f"{name} is not set. Set {name} or {name}_FILE (see README.md, Configuration)."
        )
    stored = json.loads(LOCAL_SECRETS_FILE.read_text()) if LOCAL_SECRETS_FILE.exists() else {}
    if name not in stored:
        stored[name] = _LOCAL_SECRET_FACTORIES[name]()
        LOCAL_SECRETS_FILE.parent.mkdir(parents=True, exist_ok=True)
        LOCAL_SECRETS_FILE.write_text(json.dumps(stored, indent=2))
        LOCAL_SECRETS_FILE.chmod(0o600)
    return stored[name]


SECRET_KEY = secret("SECRET_KEY")
ACCORD_ENCRYPTION_KEYS = secret("ACCORD_ENCRYPTION_KEYS")
ACCORD_BLIND_INDEX_KEY = secret("ACCORD_BLIND_INDEX_KEY")

ALLOWED_HOSTS = envlist("ACCORD_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = envlist("ACCORD_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "accord.core",
    "accord.accounts",
    "accord.access",
    "accord.audit",
    "accord.people",
    "accord.cases",
    "accord.risk",
    "accord.safety",
    "accord.directory",
    "accord.referrals",
    "accord.programmes",
    "accord.conferences",
    "accord.community",
    "accord.empowerment",
    "accord.outcomes",
    "accord.network",
    "accord.knowledge",
    "accord.api",
    "accord.demo",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "accord.core.middleware.SecurityHeadersMiddleware",
    "accord.core.middleware.RejectNulBytesMiddleware",
    # Her memberships read once per request, for the access checks and the audit actor.
    "accord.access.roles.StandingMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "accord.core.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accord.accounts.middleware.SessionExpiryMiddleware",
    "accord.accounts.middleware.OrganisationLanguageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accord.accounts.middleware.MfaRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Axes must come last: it turns a lockout raised during authentication into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accord.core.context_processors.accord",
            ],
        },
    },
]

# Database: SQLite (WAL, busy timeout, immediate transactions) by default; PostgreSQL in
# production through DATABASE_URL, e.g. postgres://accord:secret@127.0.0.1:5432/accord.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'var' / 'accord.sqlite3'}",
        conn_max_age=envint("ACCORD_DB_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        # Seconds to wait for the write lock before "database is locked".
        "timeout": 20,
        # Take the write lock at BEGIN so two writers never deadlock on a lock upgrade.
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["TEST"] = {"NAME": ""}  # in memory

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sign-in: allauth with mandatory TOTP (see accord.accounts.middleware.MfaRequiredMiddleware).
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
ACCOUNT_ADAPTER = "accord.accounts.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_REAUTHENTICATION_TIMEOUT = envint("ACCORD_REAUTH_SECONDS", 300)
# Per address only: a per-account limit would let anyone lock a caseworker out from anywhere.
# Guessing against one account is stopped by the lockout below (user + address).
ACCOUNT_RATE_LIMITS = {"login_failed": "30/m/ip", "reset_password": "5/m/ip,3/m/key"}
MFA_ADAPTER = "accord.accounts.adapters.MFAAdapter"
MFA_FORMS = {"authenticate": "accord.accounts.forms.AuthenticateForm"}
# Changing an e-mail address or a second factor asks for the password (or a code) again.
ACCOUNT_REAUTHENTICATION_REQUIRED = True
# A second factor: an authenticator app (TOTP) or a security key / passkey (WebAuthn), each
# beside recovery codes. A passkey is a second factor here, never the only one: signing in
# always starts with the password (no passkey-only login).
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_PASSKEY_LOGIN_ENABLED = False
# WebAuthn needs a secure origin; the demo on http://localhost is one only with this.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
MFA_TOTP_ISSUER = "Accord"
MFA_RECOVERY_CODE_COUNT = 10

# Lockout after repeated failures, keyed on the user name *and* the address together, so that an
# attacker cannot lock a caseworker out from elsewhere. An admin unlocks (admin or `axes_reset`).
AXES_FAILURE_LIMIT = envint("ACCORD_LOCKOUT_FAILURES", 5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = timedelta(hours=envint("ACCORD_LOCKOUT_HOURS", 1))
AXES_RESET_ON_SUCCESS = True
# allauth passes the login name to authenticate() as `username`.
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "account/lockout.html"
AXES_VERBOSE = False

# Session lifetime: idle and absolute limits, enforced by SessionExpiryMiddleware.
ACCORD_SESSION_IDLE_SECONDS = envint("ACCORD_SESSION_IDLE_MINUTES", 30) * 60
ACCORD_SESSION_ABSOLUTE_SECONDS = envint("ACCORD_SESSION_ABSOLUTE_HOURS", 12) * 3600
SESSION_COOKIE_AGE = ACCORD_SESSION_ABSOLUTE_SECONDS
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Transport and headers. ACCORD_HTTPS is on unless the demo runs on plain http://127.0.0.1.
HTTPS = envbool("ACCORD_HTTPS", not DEBUG)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Strict"
LANGUAGE_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
if HTTPS:
    # Django sends HSTS only on requests that arrived over HTTPS.
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # Preloading binds the domain and all its subdomains to HTTPS in browsers for months: the
    # deployment's decision for its own domain (docs/operations.md), not a default.
    SECURE_HSTS_PRELOAD = envbool("ACCORD_HSTS_PRELOAD", False)
    SECURE_SSL_REDIRECT = envbool("ACCORD_SSL_REDIRECT", False)
# Behind a reverse proxy (production), trust its X-Forwarded-Proto and X-Forwarded-For.
ACCORD_BEHIND_PROXY = envbool("ACCORD_BEHIND_PROXY", False)
if ACCORD_BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # allauth's rate limits per address must see the client, not the proxy.
    ALLAUTH_TRUSTED_PROXY_COUNT = 1
# The lockout (user + address) reads the address the same way the audit log does.
AXES_CLIENT_IP_CALLABLE = "accord.audit.context.client_address"
SECURE_CONTENT_TYPE_NOSNIFF = True
# No Referer ever, not even to ourselves: a URL can name a case. (accord.core.csrf copes with
# the `Origin: null` this makes browsers send on form posts.)
SECURE_REFERRER_POLICY = "no-referrer"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "accord.core.views.csrf_failure"
# W003 looks for Django's own CSRF middleware by name; ours subclasses it (accord.core.csrf).
# W021 asks for HSTS preloading, which is the deployment's choice (ACCORD_HSTS_PRELOAD above).
SILENCED_SYSTEM_CHECKS = ["security.W003", "security.W021"]
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    # The TOTP QR code is an inline SVG data URI.
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
}

# Languages: English plus the catalogues in locale/.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("es", _("Spanish")),
    ("it", _("Italian")),
    ("el", _("Greek")),
    ("sv", _("Swedish")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# One date and one date-and-time format per language, used by every page (config/formats/).
FORMAT_MODULE_PATH = ["config.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = os.environ.get("ACCORD_TIME_ZONE", "Europe/Brussels")

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("ACCORD_STATIC_ROOT", BASE_DIR / "var" / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]

# Mail carries the *fact* of a notification, never person data.
_EMAIL_BACKEND = os.environ.get(
    "ACCORD_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
MAILERS = {
    "default": {
        "BACKEND": _EMAIL_BACKEND,
        "OPTIONS": {
            "host": os.environ.get("ACCORD_EMAIL_HOST", "localhost"),
            "port": envint("ACCORD_EMAIL_PORT", 25),
            "username": os.environ.get("ACCORD_EMAIL_USER", ""),
            "password": envsecret("ACCORD_EMAIL_PASSWORD") or "",
            "use_tls": envbool("ACCORD_EMAIL_TLS", False),
        }
        if _EMAIL_BACKEND.endswith("smtp.EmailBackend")
        else {},
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("ACCORD_EMAIL_FROM", "accord@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Shared by every app process: allauth's record of used TOTP codes (no replay) and rate limits.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "accord_cache",
        # Django's default of 300 entries would cull (delete a third of the entries) as soon as a
        # few hundred people are signed in: the record of used TOTP codes and the API's throttle
        # counts with them.
        "OPTIONS": {"MAX_ENTRIES": envint("ACCORD_CACHE_MAX_ENTRIES", 200_000)},
    }
}

# Background work: Django's tasks API stored in the database; `manage.py db_worker` runs it.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accord.api.authentication.SessionAuthentication",
        "accord.api.authentication.ServiceAccountTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["accord.api.permissions.IsVerifiedUser"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["accord.api.filters.FilterBackend"],
    # Every operation documents the errors it may answer (accord/api/schema.py).
    "DEFAULT_SCHEMA_CLASS": "accord.api.schema.AccordSchema",
    "DEFAULT_PAGINATION_CLASS": "accord.api.pagination.Pagination",
    "DEFAULT_METADATA_CLASS": "accord.api.metadata.Metadata",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "accord.api.exceptions.exception_handler",
    # Rates per kind of client in ACCORD_API_RATES below; 429 with Retry-After beyond them.
    "DEFAULT_THROTTLE_CLASSES": ["accord.api.throttling.ClientRateThrottle"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "accord.api.negotiation.StaffBrowsableNegotiation",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Accord API",
    "DESCRIPTION": "Coordinated casework; every endpoint applies the same access rules as the UI.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Our PATCH endpoints validate the whole input serializer (a version is always required):
    # no separate "Patched…" component with every field optional.
    "COMPONENT_SPLIT_PATCH": False,
    # Choice sets that share a field name ("kind", "status"): name each enum after its model.
    "ENUM_NAME_OVERRIDES": {
        "CaseKindEnum": "accord.cases.models.CaseKind",
        "ServiceKindEnum": "accord.accounts.models.ServiceKind",
        "CaseStatusEnum": "accord.cases.models.CaseStatus",
        "SafetyPlanItemStatusEnum": "accord.safety.models.ItemStatus",
        "OfferEnum": "accord.directory.models.Offer",
        "ProtocolStateEnum": "accord.directory.models.ProtocolState",
        "DataCategoryEnum": "accord.access.fields.FieldClass",
        "ProgrammeKindEnum": "accord.programmes.models.ProgrammeKind",
        "SessionKindEnum": "accord.programmes.models.SessionKind",
        "EnrolmentStatusEnum": "accord.programmes.models.EnrolmentStatus",
        "AttendanceCodeEnum": "accord.programmes.models.AttendanceCode",
        "ContactChannelEnum": "accord.programmes.models.ContactChannel",
        "ContactOutcomeEnum": "accord.programmes.models.ContactOutcome",
        "ConcernCategoryEnum": "accord.programmes.models.ConcernCategory",
        "UrgencyEnum": "accord.programmes.models.Urgency",
        "RouteEnum": "accord.programmes.models.Route",
    },
}

# API requests a client may make (accord/api/throttling.py): "<count>/<second|minute|hour|day>",
# per service-account token and per person's session. A browser session rarely makes more than
# a few requests a second; a partner system syncing referrals may make more.
ACCORD_API_RATES = {
    "session": os.environ.get("ACCORD_API_RATE_SESSION", "600/minute"),
    "token": os.environ.get("ACCORD_API_RATE_TOKEN", "1200/minute"),
    "anonymous": os.environ.get("ACCORD_API_RATE_ANONYMOUS", "60/minute"),
}

# Escalation: this many incidents within this many months raises a flag (docs/product.md §3).
ACCORD_ESCALATION_INCIDENTS = envint("ACCORD_ESCALATION_INCIDENTS", 3)
ACCORD_ESCALATION_MONTHS = envint("ACCORD_ESCALATION_MONTHS", 12)

# Risk reviews: the interval after a completed assessment, by its level, and how soon a
# reassessment falls due after a change (a new incident, separation, his dropout, release).
ACCORD_RISK_REVIEW_DAYS = {
    "high": envint("ACCORD_RISK_REVIEW_DAYS_HIGH", 28),
    "medium": envint("ACCORD_RISK_REVIEW_DAYS_MEDIUM", 91),
    "standard": envint("ACCORD_RISK_REVIEW_DAYS_STANDARD", 182),
}
ACCORD_RISK_REASSESS_AFTER_CHANGE_DAYS = envint("ACCORD_RISK_REASSESS_AFTER_CHANGE_DAYS", 7)

# Safety plans: the latest review date, in days from the last change, for each risk level
# (accord.cases.risk_levels.RiskLevel); a case not yet assessed counts as standard.
ACCORD_SAFETY_PLAN_REVIEW_DAYS = {
    "high": envint("ACCORD_SAFETY_PLAN_REVIEW_DAYS_HIGH", 14),
    "medium": envint("ACCORD_SAFETY_PLAN_REVIEW_DAYS_MEDIUM", 42),
    "standard": envint("ACCORD_SAFETY_PLAN_REVIEW_DAYS_STANDARD", 91),
}

# Where the quick-exit control sends a survivor: a neutral, common page.
ACCORD_QUICK_EXIT_URL = os.environ.get("ACCORD_QUICK_EXIT_URL", "https://www.bbc.com/weather")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("ACCORD_LOG_LEVEL", "INFO")},
    "loggers": {
        # Request bodies and headers can hold person data: never mail or dump them.
        "django.request": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}

# Published counts below this are shown as "fewer than N" (accord/core/disclosure.py).
ACCORD_SMALL_CELL_THRESHOLD = envint("ACCORD_SMALL_CELL_THRESHOLD", 5)

# Safety information from the partner-support side reaches the programme no sooner than this
# many days after it was written, and only on the release weekday (0 Monday … 6 Sunday; -1:
# any day), so that its release date never lines up with a contact with her.
ACCORD_SAFETY_INFORMATION_DELAY_DAYS = envint("ACCORD_SAFETY_INFORMATION_DELAY_DAYS", 7)
ACCORD_SAFETY_INFORMATION_RELEASE_WEEKDAY = envint("ACCORD_SAFETY_INFORMATION_RELEASE_WEEKDAY", 0)
# A case referred to a risk conference within this many months of its last referral is a repeat.
ACCORD_CONFERENCE_REPEAT_MONTHS = envint("ACCORD_CONFERENCE_REPEAT_MONTHS", 12)
# The network (accord/network): the hub this locality submits to, its service token, the
# member slug the hub knows this locality by, and optional rounding of published counts
# (0: none), applied after suppression.
ACCORD_NETWORK_HUB_URL = os.environ.get("ACCORD_NETWORK_HUB_URL", "")
ACCORD_NETWORK_HUB_TOKEN = os.environ.get("ACCORD_NETWORK_HUB_TOKEN", "")
ACCORD_NETWORK_MEMBER = os.environ.get("ACCORD_NETWORK_MEMBER", "")
ACCORD_NETWORK_ROUNDING_BASE = envint("ACCORD_NETWORK_ROUNDING_BASE", 0)
# The shared glossary's concept URIs (SKOS export) and the events feed's UID domain
# (accord/knowledge/glossary.py, accord/knowledge/ical.py).
ACCORD_GLOSSARY_BASE = os.environ.get("ACCORD_GLOSSARY_BASE", "https://accord.invalid/glossary/")
ACCORD_CALENDAR_DOMAIN = os.environ.get("ACCORD_CALENDAR_DOMAIN", "accord.invalid")
