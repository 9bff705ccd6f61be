"""MedMassage settings: one module, driven by environment variables (see README)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
import django_stubs_ext
from csp.constants import NONE, SELF

from medmassage.config.env import (
    env_bool,
    env_int,
    env_list,
    env_str,
    private_file,
    secret_key,
)

# Django's generic classes (Manager[Model], QuerySet[Model]) subscriptable at run time, as the
# type checker reads them.
django_stubs_ext.monkeypatch()

PACKAGE_DIR = Path(__file__).resolve().parent.parent
_CHECKOUT = PACKAGE_DIR.parent.parent
# A source checkout keeps its data in ./var; an installed package uses the working directory.
PROJECT_DIR = _CHECKOUT if (_CHECKOUT / "pyproject.toml").exists() else Path.cwd()
VAR_DIR = Path(env_str("MEDMASSAGE_VAR_DIR", str(PROJECT_DIR / "var")))

DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = secret_key(VAR_DIR)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# Behind TLS in production: secure cookies, HSTS and the HTTPS redirect.
SECURE = env_bool("MEDMASSAGE_SECURE", default=False)

INSTALLED_APPS = [
    "medmassage.accounts.apps.ClinicAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "csp",
    "axes",
    "medmassage.words",
    "medmassage.accounts",
    "medmassage.audit",
    "medmassage.clients",
    "medmassage.practitioners",
    "medmassage.intake",
    "medmassage.assessments",
    "medmassage.outcomes",
    "medmassage.plans",
    "medmassage.visits",
    "medmassage.homecare",
    "medmassage.discharges",
    "medmassage.charts",
    "medmassage.dashboard",
    "medmassage.demo",
    "django_tasks",
    "django_tasks_db",
    "medmassage.jobs",
    "medmassage.messaging",
    "medmassage.clientaccounts",
    "medmassage.scheduling",
    "medmassage.billing",
    "medmassage.frontdesk",
    "medmassage.portal",
    "medmassage.fhir",
    "medmassage.drafts",
    "medmassage.careteam",
    "medmassage.referrals",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "medmassage.mfa",
    "medmassage.backups",
    "medmassage.recordaccess",
    "medmassage.reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "medmassage.accounts.middleware.NoStoreMiddleware",
    "medmassage.api.middleware.JsonApiErrorsMiddleware",
    "medmassage.api.middleware.RejectNulMiddleware",
    "medmassage.fhir.middleware.FhirErrorsMiddleware",
    "medmassage.accounts.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "medmassage.accounts.middleware.SessionTimeoutMiddleware",
    "medmassage.accounts.middleware.LoginWallMiddleware",
    "medmassage.accounts.middleware.ClinicMiddleware",
    "medmassage.mfa.middleware.MfaRequiredMiddleware",
    "medmassage.accounts.middleware.DenialAuditMiddleware",
    "medmassage.recordaccess.enforce.TreatingTeamMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "medmassage.problems.RefusalMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "medmassage.config.urls"
WSGI_APPLICATION = "medmassage.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "medmassage.accounts.context_processors.clinic",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'medmassage.sqlite3'}"),
        # Persistent connections: a new PostgreSQL connection costs 8-17 ms per request
        # (measured); health checks drop a connection the server closed, before it is used.
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 600),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock at BEGIN so
    # two writers queue instead of failing with "database is locked" mid-transaction.
    # synchronous=FULL syncs the WAL at every commit: NORMAL can lose acknowledged writes in a
    # power cut (`make bench-durability` prints what FULL costs).
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    private_file(Path(DATABASES["default"]["NAME"]))
# A PostgreSQL streaming replica for reads that may lag a little (search, reports, analytics):
# see medmassage.replicas. Writes and every other read stay on the primary.
if env_str("DATABASE_REPLICA_URL", ""):
    DATABASES["replica"] = dj_database_url.parse(
        env_str("DATABASE_REPLICA_URL", ""),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 600),
        conn_health_checks=True,
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["medmassage.replicas.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts and passwords -------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's password check; reads a signed-in user with their clinics in one query.
    "medmassage.accounts.backends.MemberBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
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
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Login throttling: a lockout is keyed on username *and* address, so failures from an
# attacker's address never lock the therapist out of their own device.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_IPWARE_PROXY_COUNT = env_int("AXES_PROXY_COUNT", 0)
AXES_VERBOSE = False

# --- Sessions ---------------------------------------------------------------------------------
SESSION_IDLE_TIMEOUT = timedelta(minutes=env_int("SESSION_IDLE_MINUTES", 15))
SESSION_ABSOLUTE_TIMEOUT = timedelta(hours=env_int("SESSION_ABSOLUTE_HOURS", 12))
SESSION_COOKIE_AGE = int(SESSION_ABSOLUTE_TIMEOUT.total_seconds())
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "medmassage.accounts.views.csrf_failure"
if SECURE:
    # Over TLS the cookies carry the __Host- prefix: the browser then keeps them only if they
    # are Secure, for the whole site and for this host alone (no Domain), so that no sibling
    # host can plant or overwrite them.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

# --- Security headers -------------------------------------------------------------------------
SECURE_SSL_REDIRECT = SECURE
SECURE_HSTS_SECONDS = 63072000 if SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY", default=False) else None
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# --- Static files -----------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns about a missing folder
STATICFILES_DIRS: list[Path | tuple[str, Path]] = [PACKAGE_DIR / "static"]
# Front-end packages come from npm (package.json) and are served from node_modules, never
# copied into the repository; only their distribution folders are exposed.
NODE_MODULES_DIR = Path(env_str("MEDMASSAGE_NODE_MODULES", str(PROJECT_DIR / "node_modules")))
FRONTEND_PACKAGES = {"htmx": "htmx.org/dist", "pico": "@picocss/pico/css"}
STATICFILES_DIRS += [
    (f"vendor/{name}", NODE_MODULES_DIR / folder)
    for name, folder in FRONTEND_PACKAGES.items()
    if (NODE_MODULES_DIR / folder).is_dir()
]
# Hashed, compressed file names once `collectstatic` has written its manifest (make run does);
# plain names before that (tests, development).
_MANIFEST = (STATIC_ROOT / "staticfiles.json").exists() and not DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if _MANIFEST or env_bool("MEDMASSAGE_STATIC_MANIFEST", default=False)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# --- Locale -----------------------------------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# --- Integrity, checkpoints and backups (README: Security) -----------------------------------
# HMAC keys for the audit chain and sealed records: never SECRET_KEY, never in the database.
INTEGRITY_KEYS = env_str("MEDMASSAGE_INTEGRITY_KEYS", "")
INTEGRITY_KEY_FILE = Path(env_str("MEDMASSAGE_INTEGRITY_KEY_FILE", str(VAR_DIR / "integrity_keys")))
# Chain heads copied outside the database, so a rolled-back or truncated chain shows.
AUDIT_CHECKPOINT_DIR = Path(env_str("MEDMASSAGE_CHECKPOINT_DIR", str(VAR_DIR / "checkpoints")))
AUDIT_CHECKPOINT_SECONDS = env_int("MEDMASSAGE_CHECKPOINT_SECONDS", 10)

# --- Two-factor authentication (django-otp) ---------------------------------------------------
OTP_TOTP_ISSUER = "MedMassage"
# Wrong codes in a row make the next attempt wait 1, 2, 4, 8... seconds (per device).
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

# --- Background jobs and email ----------------------------------------------------------------
# Django's tasks interface (django-tasks, DEP 14) with its database backend: the queue is a
# table in the same database, so the embedded SQLite default needs no other server, and on
# PostgreSQL any number of `run_jobs` workers share it (rows claimed with SKIP LOCKED).
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# Email goes through Django's backend: printed to the console unless EMAIL_HOST names a server.
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
# --- API tokens and password reset ------------------------------------------------------------
API_TOKEN_DAYS = env_int("MEDMASSAGE_API_TOKEN_DAYS", 90)
# Reset links work once and for an hour.
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_MINUTES", 60) * 60
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "MedMassage <no-reply@localhost>")
# Links in emails (portal invitations, reminders) point here.
SITE_URL = env_str("MEDMASSAGE_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
PORTAL_LOGIN_URL = "/portal/sign-in/"

# --- FHIR exports -----------------------------------------------------------------------------
# Bulk export files live under VAR_DIR (shared by every app server) for this many hours.
FHIR_EXPORT_DIR = Path(env_str("FHIR_EXPORT_DIR", str(VAR_DIR / "fhir-exports")))
FHIR_EXPORT_HOURS = env_int("FHIR_EXPORT_HOURS", 24)
# --- Documents (clearances received, letters and reports signed) ------------------------------
# Under the var folder, outside the static root: no URL serves them (no MEDIA_URL); the clinic's
# views hand them out as attachments to clinical roles, every download audited.
MEDIA_ROOT = Path(env_str("MEDMASSAGE_MEDIA_DIR", str(VAR_DIR / "media")))
DOCUMENTS_DIR = MEDIA_ROOT / "documents"
DOCUMENT_MAX_BYTES = env_int("MEDMASSAGE_DOCUMENT_MAX_MB", 10) * 1024 * 1024

# --- Login throttling store -------------------------------------------------------------------
# Failed logins are counted in a database cache that culls itself past MAX_ENTRIES, so random
# usernames cannot grow the database without bound; shared by every server process.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "medmassage_cache",
        "OPTIONS": {"MAX_ENTRIES": env_int("THROTTLE_CACHE_ENTRIES", 5000), "CULL_FREQUENCY": 3},
    },
    # Charts kept by each server process under their stamp (medmassage.charts.copies): a copy
    # is never stale (a change gives a new stamp), so each process may keep its own.
    # CHART_COPIES=0 keeps none (every opening computed).
    "charts": (
        {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "medmassage-charts",
            "TIMEOUT": 24 * 3600,
            "OPTIONS": {"MAX_ENTRIES": env_int("CHART_COPIES", 2000), "CULL_FREQUENCY": 4},
        }
        if env_int("CHART_COPIES", 2000) > 0
        else {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    ),
}
AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
# One account attacked from many addresses: a slower limit per account, whatever the address.
ACCOUNT_FAILURE_LIMIT = env_int("ACCOUNT_FAILURE_LIMIT", 30)

# --- Backups (README: Backups) ----------------------------------------------------------------
# AES-256-GCM key of `medmassage backup`: keep a copy away from the backups themselves.
BACKUP_KEY = env_str("MEDMASSAGE_BACKUP_KEY", "")
BACKUP_KEY_FILE = Path(env_str("MEDMASSAGE_BACKUP_KEY_FILE", str(VAR_DIR / "backup_key")))

# --- Care-team access -------------------------------------------------------------------------
BREAK_GLASS_MINUTES = env_int("BREAK_GLASS_MINUTES", 30)
