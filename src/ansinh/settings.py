"""ansinh settings: one module, every deployment value from the environment.

Development and the demo run with no environment at all (embedded SQLite under var/).
Production sets ANSINH_ENV=production and must provide SECRET_KEY, ALLOWED_HOSTS and
DATABASE_URL; a production start with the demo secret refuses to run.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = Path(os.environ.get("ANSINH_HOME", Path.cwd())).resolve()
VAR_DIR = Path(os.environ.get("ANSINH_VAR", PROJECT_DIR / "var"))


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(f"Environment variable {name} is required")
    return value


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean, got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from exc


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def database_from_url(url: str) -> dict:
    """Translate DATABASE_URL (sqlite:///path or postgres://user:pw@host:port/name) to Django."""
    parts = urlsplit(url)
    options = dict(parse_qsl(parts.query))
    if parts.scheme == "sqlite":
        path = unquote(parts.path)
        name = path if url.startswith("sqlite:////") else str(PROJECT_DIR / path.lstrip("/"))
        # One writer at a time: WAL lets readers carry on during a write; IMMEDIATE makes every
        # transaction take the write lock when it begins, so writers queue (for up to the busy timeout)
        # instead of failing when a read transaction tries to become a write; synchronous=NORMAL is
        # safe with WAL and spares an fsync per commit.
        busy_ms = env_int("SQLITE_BUSY_TIMEOUT_MS", 25_000)
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": name,
            "CONN_MAX_AGE": env_int("DB_CONN_MAX_AGE", 60),
            "OPTIONS": {
                "init_command": (
                    f"PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout={busy_ms};"
                    " PRAGMA foreign_keys=ON; PRAGMA cache_size=-65536;"
                ),
                "timeout": busy_ms / 1000,
                "transaction_mode": "IMMEDIATE",
            },
        }
    if parts.scheme in {"postgres", "postgresql", "pgsql"}:
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")),
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "CONN_MAX_AGE": env_int("DB_CONN_MAX_AGE", 60),
            "CONN_HEALTH_CHECKS": True,  # a kept connection the server dropped is reopened, not a 500
            "OPTIONS": options,
        }
    raise ImproperlyConfigured(f"DATABASE_URL scheme {parts.scheme!r} is not supported")


# A misspelt environment must not quietly fall back to development (debug pages, demo secret): only the
# known names are accepted, in any case.
ENVIRONMENTS = ("development", "production")
ANSINH_ENV = env_str("ANSINH_ENV", "development").strip().lower()
if ANSINH_ENV not in ENVIRONMENTS:
    raise ImproperlyConfigured(
        f"ANSINH_ENV must be one of {', '.join(ENVIRONMENTS)}, got {os.environ['ANSINH_ENV']!r}"
    )
PRODUCTION = ANSINH_ENV == "production"
DEMO_SECRET_KEY = "ansinh-demo-secret-key-not-for-production-use"  # noqa: S105 - refused in production
SECRET_KEY = env_str("SECRET_KEY", None if PRODUCTION else DEMO_SECRET_KEY)
if PRODUCTION and (SECRET_KEY == DEMO_SECRET_KEY or len(SECRET_KEY) < 32):
    raise ImproperlyConfigured(
        "Refusing to start in production with the demo SECRET_KEY or one shorter than 32 characters"
    )
DEBUG = env_bool("DEBUG", default=not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("Refusing to start in production with DEBUG on (it shows settings and code)")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS is required in production")
if PRODUCTION and "*" in ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "Refusing to start in production with a wildcard in ALLOWED_HOSTS: name the host names"
    )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks_db",
    "ninja",  # serves Swagger UI for /api/v1/docs from its own static files (no CDN)
    "ansinh.core",
    "ansinh.geo",
    "ansinh.accounts",
    "ansinh.registry",
    "ansinh.poverty",
    "ansinh.benefits",
    "ansinh.merit",
    "ansinh.payments",
    "ansinh.programmes",
    "ansinh.labour",
    "ansinh.unemployment",
    "ansinh.jobboard",
    "ansinh.reports",
    "ansinh.documents",
    "ansinh.linkage",
    "ansinh.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "ansinh.web.middleware.DefaultLanguageMiddleware",
    "ansinh.core.middleware.RefuseNulMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "ansinh.accounts.middleware.PasswordChangeRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "ansinh.core.middleware.RequestContextMiddleware",
    "ansinh.web.busy.DatabaseBusyMiddleware",
]

ROOT_URLCONF = "ansinh.urls"
WSGI_APPLICATION = "ansinh.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "web" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "ansinh.web.context.navigation",
            ],
        },
    }
]

DATABASES = {
    "default": database_from_url(
        env_str("DATABASE_URL", None if PRODUCTION else f"sqlite:///{VAR_DIR / 'ansinh.sqlite3'}")
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:dashboard"
LOGOUT_REDIRECT_URL = "web:login"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Login throttling: after this many failures for one username from one address (or four times as many
# from one address) inside the window, further attempts from there are refused until the window has
# passed. Past LOGIN_USERNAME_CEILING failures for a username from anywhere, its attempts are slowed
# down rather than refused, so that nobody can lock the real user out (accounts.services).
LOGIN_MAX_FAILURES = env_int("LOGIN_MAX_FAILURES", 5)
LOGIN_FAILURE_WINDOW_SECONDS = env_int("LOGIN_FAILURE_WINDOW_SECONDS", 15 * 60)
LOGIN_USERNAME_CEILING = env_int("LOGIN_USERNAME_CEILING", 100)
LOGIN_SLOW_DOWN_SECONDS = env_int("LOGIN_SLOW_DOWN_SECONDS", 2)

# Sessions and CSRF: secure defaults; cookies marked Secure whenever served over HTTPS.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)  # a reverse proxy sets X-Forwarded-For / -Proto
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if PRODUCTION else 0)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy: scripts, styles and everything else only from this site; no inline script or
# style (behaviour lives in static/ansinh/app.js), no plug-ins, no framing, forms post only here.
# Images may be data: URIs (Swagger UI's icons).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True
FORMAT_MODULE_PATH = ["ansinh.formats"]

# Official documents (Decree 30/2020/NĐ-CP): a folder with a Times-metric serif (Times New Roman, Liberation
# Serif or Tinos); empty: typst's embedded Libertinus Serif.
DOCUMENT_FONT_DIR = env_str("DOCUMENT_FONT_DIR", "")

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "web" / "static"]
WHITENOISE_USE_FINDERS = True
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# Files the system writes or receives: bank batches, bank results waiting for the task queue, attachments.
# Never served directly: every download goes through a view that checks scope and writes the audit.
FILES_DIR = Path(os.environ.get("ANSINH_FILES", VAR_DIR / "files"))
MEDIA_ROOT = FILES_DIR / "uploads"
MEDIA_URL = "/files/"  # not routed: attachments are served by views with a permission check
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# 'Xuất Excel' of a list: up to this many rows the page answers with the file, past it a background job.
LIST_EXPORT_SYNC_ROWS = env_int("ANSINH_LIST_EXPORT_SYNC_ROWS", 5000)

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# "jobs": the progress a background job reports from inside its transaction on SQLite (see core.jobs),
# shared by the worker and the web processes of the machine.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "jobs": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "cache" / "jobs"),
    },
}

NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_CLASS = "ansinh.core.pagination.LimitOffsetPagination"  # bounded offsets
NINJA_PAGINATION_MAX_LIMIT = 500

# One handler, on the root logger. Django's default configuration gives the "django" logger a console
# handler of its own, which (propagating to the root) printed every line twice: it gets none here.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"client_errors": {"()": "ansinh.core.logs.ClientErrorsWithoutTraceback"}},
    "formatters": {"line": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "line"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": {"handlers": [], "level": "INFO", "propagate": True},
        "django.request": {"handlers": [], "filters": ["client_errors"], "propagate": True},
        "django.db.backends": {"level": "WARNING"},
    },
}
