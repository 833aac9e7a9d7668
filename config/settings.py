"""motcua settings: one env-driven base. See docs/operations.md for every variable."""

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from config.env import BASE_DIR, env_bool, env_int, env_list, env_str

DEBUG = env_bool("DEBUG", default=False)
TESTING = env_bool("MOTCUA_TESTING", default=False)

_DEV_SECRET = "dev-only-insecure-secret-key-change-me"
SECRET_KEY = env_str("SECRET_KEY", _DEV_SECRET if (DEBUG or TESTING) else None)
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (production).")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# Which side of sync this deployment is: a province node owns its dossiers, the hub mirrors.
MOTCUA_ROLE = env_str("MOTCUA_ROLE", "province")
if MOTCUA_ROLE not in {"province", "hub"}:
    raise ImproperlyConfigured("MOTCUA_ROLE must be 'province' or 'hub'.")
# Statistical code (QĐ 19/2025/QĐ-TTg) of the province this node serves; 33 = Hưng Yên.
MOTCUA_PROVINCE = env_str("MOTCUA_PROVINCE", "33")
MOTCUA_PUBLIC_URL = env_str("MOTCUA_PUBLIC_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks_db",
    "motcua.core",
    "motcua.adminunits",
    "motcua.agencies",
    "motcua.registries",
    "motcua.accounts",
    "motcua.procedures",
    "motcua.documents",
    "motcua.outbox",
    "motcua.dossiers",
    "motcua.feedback",
    "motcua.indicators",
    "motcua.sync",
    "motcua.assistant",
    "motcua.portal",
    "motcua.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "motcua.web.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
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
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
            ],
        },
    },
]

# Database: SQLite (WAL) in ./var by default; DATABASE_URL selects PostgreSQL in production.
VAR_DIR = BASE_DIR / "var"
VAR_DIR.mkdir(exist_ok=True)
_database_url = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'motcua.sqlite3'}")
DATABASES = {
    "default": dj_database_url.parse(_database_url, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Checked under concurrent writers on these machines (DESIGN.md, gotchas).
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
if TESTING:
    # Live-server threads would keep persistent connections open past the test database's
    # teardown; tests open and close their own.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
# Parallel test runs (helpers, CI shards) each get their own test database.
_test_suffix = env_str("MOTCUA_TEST_DB_SUFFIX", "")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test{_test_suffix}.sqlite3")}
else:
    DATABASES["default"]["TEST"] = {"NAME": f"test_motcua{_test_suffix}"}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:home"

# Citizen login through the national identity provider (VNeID) over OpenID Connect; off unless
# enabled. The portal's backend maps the personal-ID claim to User.personal_id (portal/oidc.py).
MOTCUA_OIDC_ENABLED = env_bool("MOTCUA_OIDC_ENABLED", default=False)
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
if MOTCUA_OIDC_ENABLED:
    INSTALLED_APPS.insert(INSTALLED_APPS.index("motcua.portal"), "mozilla_django_oidc")
    AUTHENTICATION_BACKENDS.append("motcua.portal.oidc.NationalIdentityBackend")
    OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID")
    OIDC_RP_CLIENT_SECRET = env_str("OIDC_RP_CLIENT_SECRET")
    OIDC_RP_SIGN_ALGO = env_str("OIDC_RP_SIGN_ALGO", "RS256")
    OIDC_RP_SCOPES = env_str("OIDC_RP_SCOPES", "openid profile")
    OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_OP_AUTHORIZATION_ENDPOINT")
    OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_OP_TOKEN_ENDPOINT")
    OIDC_OP_USER_ENDPOINT = env_str("OIDC_OP_USER_ENDPOINT")
    OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_OP_JWKS_ENDPOINT")
    OIDC_OP_LOGOUT_ENDPOINT = env_str("OIDC_OP_LOGOUT_ENDPOINT")
    # The claim carrying the 12-digit personal ID (VNeID: "sub" unless the provider says else).
    MOTCUA_OIDC_PERSONAL_ID_CLAIM = env_str("MOTCUA_OIDC_PERSONAL_ID_CLAIM", "sub")
    # The OIDC views live under the portal's URL namespace (/oidc/…).
    OIDC_AUTHENTICATION_CALLBACK_URL = "portal:oidc_authentication_callback"
    if not (OIDC_RP_CLIENT_ID and OIDC_OP_AUTHORIZATION_ENDPOINT and OIDC_OP_TOKEN_ENDPOINT):
        raise ImproperlyConfigured("MOTCUA_OIDC_ENABLED needs OIDC_RP_CLIENT_ID and OIDC_OP_* URLs.")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

if TESTING:
    # Tests create many users; the production hasher's deliberate slowness only costs time there.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Background work: django.tasks with the database backend (worker: manage.py db_worker).
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Outbox: where announced events go (a handler per destination; the sync issue adds "hub").
MOTCUA_OUTBOX_HANDLERS = {"log": "motcua.outbox.handlers.log_handle"}
MOTCUA_OUTBOX_MAX_ATTEMPTS = env_int("MOTCUA_OUTBOX_MAX_ATTEMPTS", 12)
MOTCUA_DOSSIER_EVENT_DESTINATIONS = env_list("MOTCUA_DOSSIER_EVENT_DESTINATIONS", ["log"])
# Citizens get an e-mail on every status change of their dossier (portal.notifications).
MOTCUA_OUTBOX_HANDLERS["notifications"] = "motcua.portal.notifications.notifications_handle"
if "notifications" not in MOTCUA_DOSSIER_EVENT_DESTINATIONS:
    MOTCUA_DOSSIER_EVENT_DESTINATIONS.append("notifications")
# PAKN (motcua.feedback) changes reach the citizen the same way (docs/feedback.md).
MOTCUA_FEEDBACK_EVENT_DESTINATIONS = env_list(
    "MOTCUA_FEEDBACK_EVENT_DESTINATIONS", ["notifications"]
)
# Indicators (Decision 766) are kept as rollups fed from the same events.
MOTCUA_OUTBOX_HANDLERS["indicators"] = "motcua.indicators.services.indicators_handle"
if "indicators" not in MOTCUA_DOSSIER_EVENT_DESTINATIONS:
    MOTCUA_DOSSIER_EVENT_DESTINATIONS.append("indicators")
# On the hub, called after each ingest batch commits (province, codes applied): the hub's
# nationwide indicators follow the replicas (catch-up: manage.py indicators_hub_refresh).
MOTCUA_SYNC_INGEST_HOOKS = env_list(
    "MOTCUA_SYNC_INGEST_HOOKS", ["motcua.indicators.hub.hub_ingest_hook"]
)
# … and after a batch that applied PAKN or dossier ratings (the hub pages show the new 766
# group 5 figures on the next request).
MOTCUA_SYNC_FEEDBACK_INGEST_HOOKS = env_list(
    "MOTCUA_SYNC_FEEDBACK_INGEST_HOOKS", ["motcua.indicators.hub.hub_feedback_ingest_hook"]
)
# Prefill connectors and the payment provider: "reference"/"sandbox" in the demo; a real
# connector is one class named by its dotted path ("unavailable" simulates a register outage).
MOTCUA_REGISTRY_CONNECTOR = env_str("MOTCUA_REGISTRY_CONNECTOR", "reference")
MOTCUA_PAYMENT_PROVIDER = env_str("MOTCUA_PAYMENT_PROVIDER", "sandbox")
# Sync to the national hub (docs/operations.md): set on a province node to push every event.
MOTCUA_HUB_URL = env_str("MOTCUA_HUB_URL")
MOTCUA_HUB_SECRET = env_str("MOTCUA_HUB_SECRET")
if MOTCUA_HUB_URL:
    MOTCUA_OUTBOX_HANDLERS["hub"] = "motcua.sync.client.hub_handle"
    if "hub" not in MOTCUA_DOSSIER_EVENT_DESTINATIONS:
        MOTCUA_DOSSIER_EVENT_DESTINATIONS.append("hub")
    # PAKN and dossier ratings too (766 group 5 on the hub; contract v1.2).
    if "hub" not in MOTCUA_FEEDBACK_EVENT_DESTINATIONS:
        MOTCUA_FEEDBACK_EVENT_DESTINATIONS.append("hub")

# Vietnamese first, English available.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_URL = "media/"
MEDIA_ROOT = env_str("MEDIA_ROOT", str(VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING

# Signed results (docs/operations.md). The key seals stored PKCS#12 files; production sets it.
MOTCUA_SIGNING_KEY = env_str("MOTCUA_SIGNING_KEY", "dev-only-signing-key" if (DEBUG or TESTING) else None)
MOTCUA_TSA_URL = env_str("MOTCUA_TSA_URL")  # RFC 3161 timestamp authority; unset: none
MOTCUA_SIGNING_CRL_FILES = env_list("MOTCUA_SIGNING_CRL_FILES", [])
MOTCUA_SIGNING_OCSP_URL = env_str("MOTCUA_SIGNING_OCSP_URL")  # set: online revocation checks
MOTCUA_TRUSTED_ROOTS_FILE = env_str("MOTCUA_TRUSTED_ROOTS_FILE")  # PEM bundle, e.g. government CA
MOTCUA_PKCS11_MODULE = env_str("MOTCUA_PKCS11_MODULE")  # e.g. /usr/lib/softhsm/libsofthsm2.so
MOTCUA_PKCS11_PIN = env_str("MOTCUA_PKCS11_PIN")
MOTCUA_RESULT_UPLOAD_MAX_BYTES = env_int("MOTCUA_RESULT_UPLOAD_MAX_BYTES", 10 * 1024 * 1024)

# A dossier may carry up to 50 MB of files (dossiers.files); base64 in JSON adds a third.
DATA_UPLOAD_MAX_MEMORY_SIZE = 70 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Content Security Policy (Django 6 built-in): no CDN, no inline script.
from django.utils.csp import CSP  # noqa: E402

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "frame-ancestors": [CSP.NONE],
}

# Virtual assistant: optional generative rephrasing through an OpenAI-compatible endpoint
# served inside the agency. Off unless the URL is set; answers stay grounded in the catalog.
MOTCUA_ASSISTANT_LLM_URL = env_str("MOTCUA_ASSISTANT_LLM_URL")
MOTCUA_ASSISTANT_LLM_MODEL = env_str("MOTCUA_ASSISTANT_LLM_MODEL")
MOTCUA_ASSISTANT_LLM_API_KEY = env_str("MOTCUA_ASSISTANT_LLM_API_KEY")
# A catalog JSON file the assistant answers from instead of the database (demos, evaluation).
MOTCUA_ASSISTANT_CATALOG_FILE = env_str("MOTCUA_ASSISTANT_CATALOG_FILE")

# Django 6.1 mailers: console in the demo, SMTP in production (EMAIL_BACKEND=…smtp.EmailBackend).
MAILERS = {
    "default": {
        "BACKEND": env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"),
        "OPTIONS": {},
    }
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "motcua@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
