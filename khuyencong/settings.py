"""The one settings file of khuyencong, driven by environment variables.

Development defaults are safe to run on a laptop; production flips them with
``DJANGO_DEBUG=false`` and sets ``DJANGO_SECRET_KEY``, ``DJANGO_ALLOWED_HOSTS`` and
``DATABASE_URL``. ``manage.py check --deploy`` is clean in that mode.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    """`true` or `false` (any case); unset or empty is the default.

    Anything else stops the start: `DJANGO_DEBUG=flase` or `=0` read as false would quietly turn a
    production switch off (or on), so a typo must not start a server at all.
    """
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    word = value.strip().lower()
    if word not in {"true", "false"}:
        raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")
    return word == "true"


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = env_str("DJANGO_SECRET_KEY", "dev-only-insecure-key-change-me" if DEBUG else "")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_tasks_db",
    "khuyencong.geo",
    "khuyencong.accounts",
    "khuyencong.audit",
    "khuyencong.registry",
    "khuyencong.documents",
    "khuyencong.plans",
    "khuyencong.projects",
    "khuyencong.activities",
    "khuyencong.reports",
    "khuyencong.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "khuyencong.language.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before any view reads the data; after the (lazy) user, so its page shows who is signed in.
    "khuyencong.inputguard.RefuseNulMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "khuyencong.urls"
WSGI_APPLICATION = "khuyencong.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "khuyencong" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "khuyencong.accounts.context_processors.capabilities",
                "khuyencong.portal.context_processors.unread_messages",
            ],
        },
    },
]

# DATABASE_URL chooses the database: the embedded SQLite file by default (make run),
# PostgreSQL in CI and production. A persistent connection per worker avoids paying
# ~10x throughput for a new connection on every request.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'khuyencong.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
elif DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # No JIT: the figures' sums over a year's projects cost enough for PostgreSQL to compile them, which
    # takes 15-40 ms each time and never pays back on queries that run in tens of milliseconds (the
    # national roll-up at full scale: 110 ms with JIT, 71 ms without; `make bench`).
    DATABASES["default"].setdefault("OPTIONS", {})
    # DB_SESSION_OPTIONS adds settings of the connection's session: the test run asks for
    # `-c synchronous_commit=off` (scripts/test.sh), as its databases are thrown away at the end.
    DATABASES["default"]["OPTIONS"]["options"] = " ".join(
        filter(None, ["-c jit=off", env_str("DB_SESSION_OPTIONS", "")])
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sign-in throttling (accounts/throttle.py, docs/adr/0007-sign-in-throttling.md): after a key's
# free failures the next attempt waits BASE seconds after the last failure, doubling with each
# further failure up to the cap; never a lock. Keys: user name + address, address alone (more
# room: an office shares one address behind NAT), user name alone (higher threshold, short cap).
LOGIN_THROTTLE_PAIR_FREE = env_int("LOGIN_THROTTLE_PAIR_FREE", 3)
LOGIN_THROTTLE_ADDRESS_FREE = env_int("LOGIN_THROTTLE_ADDRESS_FREE", 20)
LOGIN_THROTTLE_USER_FREE = env_int("LOGIN_THROTTLE_USER_FREE", 10)
LOGIN_THROTTLE_BASE_DELAY_SECONDS = env_int("LOGIN_THROTTLE_BASE_DELAY_SECONDS", 1)
LOGIN_THROTTLE_MAX_DELAY_SECONDS = env_int("LOGIN_THROTTLE_MAX_DELAY_SECONDS", 15 * 60)
LOGIN_THROTTLE_USER_MAX_DELAY_SECONDS = env_int("LOGIN_THROTTLE_USER_MAX_DELAY_SECONDS", 5 * 60)
# A key's failures are forgotten after this long without a new one.
LOGIN_THROTTLE_FORGET_SECONDS = env_int("LOGIN_THROTTLE_FORGET_SECONDS", 24 * 3600)
# An address a user signed in from stays known for them this long (exempt from the wider keys).
LOGIN_THROTTLE_KNOWN_DAYS = env_int("LOGIN_THROTTLE_KNOWN_DAYS", 90)
# Reverse proxies whose X-Forwarded-For is believed (addresses or CIDR networks); see clientaddress.py.
TRUSTED_PROXIES = env_list("DJANGO_TRUSTED_PROXIES")
# The address links in mail start with (https://khuyencong.example.gov.vn); empty: the request's.
SITE_URL = env_str("DJANGO_SITE_URL").rstrip("/")

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "khuyencong" / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "khuyencong" / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "var" / "private")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Uploaded imports and their error files: never served as media, only through views.
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": "/private/"},
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Uploads: photos and spreadsheets are checked by type and size in the forms.
MAX_PHOTO_BYTES = env_int("MAX_PHOTO_BYTES", 5 * 1024 * 1024)
# A project in progress with no monitoring visit for this many days shows as due on the commune
# officer's page (docs/self-service.md): a working choice of the Centre, not a legal deadline.
VISIT_DUE_AFTER_DAYS = env_int("VISIT_DUE_AFTER_DAYS", 90)
MAX_IMPORT_BYTES = env_int("MAX_IMPORT_BYTES", 50 * 1024 * 1024)
MAX_DOCUMENT_BYTES = env_int("MAX_DOCUMENT_BYTES", 20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Office files (.docx, .xlsx) are zips: bounded from the zip's directory before any part is
# unpacked (khuyencong/uploads.py). A real 100,000-row list unpacks to about 60 MB, each part
# compressed about 10 times; a zip bomb unpacks to gigabytes at about 1,000 times.
MAX_UNZIPPED_BYTES = env_int("MAX_UNZIPPED_BYTES", 300 * 1024 * 1024)
MAX_ZIP_MEMBERS = env_int("MAX_ZIP_MEMBERS", 1000)
MAX_ZIP_RATIO = env_int("MAX_ZIP_RATIO", 100)
ZIP_RATIO_FROM_BYTES = env_int("ZIP_RATIO_FROM_BYTES", 1024 * 1024)
# Limits of an imported workbook, checked before its sheet is read
# (registry/workbook.py): openpyxl holds the shared strings and every part but
# the sheets in memory, and a merged range is filled into every cell it covers.
MAX_IMPORT_SHARED_STRINGS_BYTES = env_int("MAX_IMPORT_SHARED_STRINGS_BYTES", 100 * 1024 * 1024)
MAX_IMPORT_PART_BYTES = env_int("MAX_IMPORT_PART_BYTES", 20 * 1024 * 1024)
MAX_IMPORT_ROWS = env_int("MAX_IMPORT_ROWS", 200_000)
MAX_IMPORT_MERGED_RANGES = env_int("MAX_IMPORT_MERGED_RANGES", 50_000)
MAX_IMPORT_MERGED_CELLS = env_int("MAX_IMPORT_MERGED_CELLS", 1_000_000)

# Background work goes through Django's Tasks API. The database backend lets any
# number of `manage.py db_worker` processes, on any machine, pick up the work.
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django.tasks.backends.immediate.ImmediateBackend"),
    }
}

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The public unit search: requests allowed per client address in a window of seconds.
UNIT_SEARCH_RATE = (env_int("UNIT_SEARCH_RATE", 120), env_int("UNIT_SEARCH_RATE_WINDOW", 60))

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("DJANGO_BEHIND_PROXY", False) else None
)
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "style-src": ["'self'"],
    "script-src": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}

# Development prints mail to the console; production sends through SMTP (MAIL_* variables).
MAILERS = {
    "default": {
        "BACKEND": env_str(
            "MAIL_BACKEND",
            "django.core.mail.backends.console.EmailBackend"
            if DEBUG
            else "django.core.mail.backends.smtp.EmailBackend",
        ),
        "OPTIONS": {
            key: value
            for key, value in {
                "host": env_str("MAIL_HOST"),
                "port": env_int("MAIL_PORT", 0),
                "username": env_str("MAIL_USER"),
                "password": env_str("MAIL_PASSWORD"),
                "use_tls": env_bool("MAIL_USE_TLS", False),
            }.items()
            if value
        },
    }
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "khuyencong@localhost")

# How each channel of accounts/outbox.py reaches people: a dotted path to a class with
# `send(message)`. SMS goes to the console until a gateway's sender is configured here.
MESSAGE_SENDERS = {
    "email": env_str("EMAIL_SENDER", "khuyencong.accounts.outbox.EmailSender"),
    "sms": env_str("SMS_SENDER", "khuyencong.accounts.outbox.ConsoleSmsSender"),
}
# A message whose sending failed this many times is marked failed and no longer retried.
MESSAGE_MAX_ATTEMPTS = env_int("MESSAGE_MAX_ATTEMPTS", 5)
# Reminders before a deadline (portal/reminders.py): how many days before it each reminder goes, per
# kind of deadline. The deadlines themselves are dated rows and the project's own dates; these are
# only how early the establishment is told. A reminder is sent once per number of days.
REMINDER_DAYS_BEFORE = {
    "documents": (14, 3),
    "report": (5, 1),
    "acceptance": (14, 3),
    "settlement": (7, 2),
}
# The hour of the day (local time) the daily reminder task runs when it schedules itself.
REMINDER_HOUR = env_int("REMINDER_HOUR", 7)

# Sign-up by one-time code (portal/signup.py, docs/self-service.md "Sign-up and claim"): a code
# lives this many minutes and dies after this many wrong tries; an address (phone or email) and a
# client address may ask for only so many codes per window of seconds.
SIGNUP_CODE_MINUTES = env_int("SIGNUP_CODE_MINUTES", 10)
SIGNUP_CODE_MAX_TRIES = env_int("SIGNUP_CODE_MAX_TRIES", 5)
SIGNUP_CODES_PER_ADDRESS = (env_int("SIGNUP_CODES_PER_ADDRESS", 3), env_int("SIGNUP_CODES_WINDOW", 3600))
SIGNUP_CODES_PER_CLIENT = (env_int("SIGNUP_CODES_PER_CLIENT", 10), env_int("SIGNUP_CODES_WINDOW", 3600))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"refusals": {"()": "khuyencong.logfilters.RefusalWithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["refusals"]}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
    # Django's own loggers write through the root's handler only: with Django's default console
    # handler as well, every warning was written twice in development.
    "loggers": {"django": {"handlers": [], "level": env_str("LOG_LEVEL", "WARNING"), "propagate": True}},
}
