"""Django settings, read from the environment (twelve-factor): the same code runs the demo, CI and production.

- ``DATABASE_URL``: ``postgres://user@host:5432/name`` for production; without it an embedded SQLite file in the
  data directory (``INBURGERING_DATA``, default ``./out``).
- ``INBURGERING_SECRET_KEY``: required in production; without it a random key is made once and kept in the data
  directory, so sessions survive a restart of the demo.
- ``INBURGERING_DEBUG=1`` for development; ``INBURGERING_HOSTS`` a comma-separated host list.
- ``INBURGERING_URL``: where the API is reached from outside (notifications name their resources by it).
- ``INBURGERING_CALLBACK_TOEGESTAAN``: comma-separated hosts or networks that notifications may be delivered to
  although they are internal (``127.0.0.1``, ``localhost``, ``10.1.0.0/16``), for tests, demos and local
  development; empty by default, so no subscriber can point deliveries into this network (docs/exchange.md).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url

PACKAGE = Path(__file__).resolve().parent
REPOSITORY = PACKAGE.parents[2]
DATA = Path(os.environ.get("INBURGERING_DATA", "out")).resolve()

DEBUG = os.environ.get("INBURGERING_DEBUG", "") == "1"
ALLOWED_HOSTS = os.environ.get("INBURGERING_HOSTS", "127.0.0.1,localhost,testserver").split(",")


def _secret_key() -> str:
    if key := os.environ.get("INBURGERING_SECRET_KEY"):
        return key
    path = DATA / "secret_key"
    if not path.exists():
        DATA.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "inburgering.store",
    "inburgering.exchange",
    "inburgering.web.cases",
    "inburgering.web.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "inburgering.web.urls"
WSGI_APPLICATION = "inburgering.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "inburgering.web.cases.context.rol",
            ]
        },
    }
]


def _database() -> dict:
    url = os.environ.get("DATABASE_URL")
    if url:
        return dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    DATA.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": DATA / "inburgering.sqlite3",
        # Tests use a file too (not memory), so that concurrent writers meet the real locking.
        "TEST": {"NAME": str(DATA / "test.sqlite3")},
        "OPTIONS": {
            # Take the write lock when a transaction starts, so concurrent writers queue instead of failing to
            # upgrade a read lock; WAL lets readers go on while one writes.
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
    }


DATABASES = {"default": _database()}
# Where the API is reached from outside: notifications to municipalities name their resources by it.
INBURGERING_URL = os.environ.get("INBURGERING_URL", "http://127.0.0.1:8000").rstrip("/")
# Internal hosts or networks that callback URLs may lead to anyway (exchange.notificaties_adressen): none.
INBURGERING_CALLBACK_TOEGESTAAN = [
    item.strip() for item in os.environ.get("INBURGERING_CALLBACK_TOEGESTAAN", "").split(",") if item.strip()
]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "inloggen"
LOGIN_REDIRECT_URL = "start"
LOGOUT_REDIRECT_URL = "inloggen"
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"  # one database read less per page
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [PACKAGE / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Amsterdam"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise looks here first; the files come from the finders
STATICFILES_DIRS = [
    PACKAGE / "static",
    # The NL Design System, installed from the npm registry by scripts/_venv.sh (package.json), served by the app.
    ("nlds/utrecht", REPOSITORY / "node_modules" / "@utrecht" / "component-library-css" / "dist"),
    ("nlds/tokens", REPOSITORY / "node_modules" / "@utrecht" / "design-tokens" / "dist"),
]
WHITENOISE_USE_FINDERS = True  # serve straight from the directories above: no collectstatic step for the demo

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "inburgering.web.api.problems.handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Open Inburgering API",
    "DESCRIPTION": (
        "Personen, gebeurtenissen, afgeleide feiten met uitleg en werklijsten van het inburgeringsstelsel. "
        "Toegang per organisatie en rol; elke inzage in een dossier wordt vastgelegd."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "ENUM_NAME_OVERRIDES": {},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("INBURGERING_LOG_LEVEL", "WARNING")},
}
