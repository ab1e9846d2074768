"""Settings for Self Help Hub, read from the environment with safe local defaults.

Every variable is documented in `.env.example`.
"""

import os
from email.utils import parseaddr
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import to_locale

from lib.addresses import parse_networks

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str) -> bool:
    value = os.environ.get(name, default).strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off", ""):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def envint(name: str, default: str) -> int:
    value = os.environ.get(name, default)
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def envsecret(name: str, default: str = "") -> str:
    """Read NAME, or the contents of the file named by NAME_FILE."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text().strip()
    return os.environ.get(name, default)


def offered_languages(known, wanted, locale_dir, default):
    """The (code, name) of `known` to offer: the default, and each of `wanted` whose catalogue
    is compiled. A code in `wanted` that is not known is a mistake, not a language to skip."""
    codes = dict(known)
    unknown = [code for code in wanted if code not in codes]
    if unknown:
        raise ImproperlyConfigured(f"LANGUAGES_OFFERED: no catalogue is known for {', '.join(unknown)}")
    return [(code, name) for code, name in known if code == default or (
        code in wanted and (Path(locale_dir) / to_locale(code) / "LC_MESSAGES" / "django.mo").is_file())]


def _private_file(name: str) -> None:
    """Create the SQLite database file readable by its owner only, before SQLite creates it
    with the usual permissions (its journal files take the same permissions)."""
    path = Path(name)
    if name and name != ":memory:" and not name.startswith("file:") and not path.exists() and path.parent.is_dir():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))


DEBUG = envbool("DEBUG", "true")
SECRET_KEY = envsecret("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY (or SECRET_KEY_FILE) when DEBUG is off.")
    SECRET_KEY = "local-development-only-not-secret"  # noqa: S105

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")
SITE_NAME = os.environ.get("SITE_NAME", "Self Help Hub")
# The address people reach the site at, for every link that leaves the browser (emails,
# leaflets, posters, calendar files): a real site must say it, or every emailed link and
# QR code would point at this machine.
SITE_URL = os.environ.get("SITE_URL") or ("" if not DEBUG else "http://127.0.0.1:8000")
if not SITE_URL:
    raise ImproperlyConfigured("Set SITE_URL (for example https://groups.example.org) when DEBUG is off.")
# Where people write about their details (the privacy notice): the intermediary's address.
PRIVACY_CONTACT_EMAIL = os.environ.get("PRIVACY_CONTACT_EMAIL", "privacy@localhost")
# Reverse proxies whose X-Forwarded-For is believed (lib/addresses.py): addresses or ranges.
TRUSTED_PROXIES = envlist("TRUSTED_PROXIES", "")
try:
    parse_networks(TRUSTED_PROXIES)
except ValueError as error:
    raise ImproperlyConfigured(f"TRUSTED_PROXIES must list addresses or ranges like 10.0.0.0/8: {error}") from None
# A demonstration site (`make run`): staff may read the bodies of queued emails, to follow their links.
DEMO = envbool("DEMO", "false")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "accounts",
    "directory",
    "introductions",
    "enquiries",
    "support",
    "publishing",
    "ninja",
    "openreferral",
    "outbox",
    "voice",
    "insights",
    "imports",
    "subscriptions",
    "embeds",
    "usage",
    "events",
    "network",
    "hub",
]

MIDDLEWARE = [
    # First, so every log line written while answering carries the request's id.
    "hub.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "hub.languages.RememberedLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.StaffTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "hub.middleware.SecurityHeadersMiddleware",
    "hub.middleware.SessionLifetimeMiddleware",
    "hub.middleware.PrivatePagesMiddleware",
    "hub.middleware.MethodNotAllowedPageMiddleware",
]

ROOT_URLCONF = "hub.urls"

# The largest form (a group's details, every text at its bound in any script) is well under
# 200 KB; a request past this gets a plain page (413, hub.views.bad_request) and nothing is
# written. Django's default, 2.5 MB, would let several megabytes reach the forms.
DATA_UPLOAD_MAX_MEMORY_SIZE = 512 * 1024
WSGI_APPLICATION = "hub.wsgi.application"

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
                "hub.context_processors.site",
                "hub.languages.languages",
            ],
        },
    },
]

# Django's database cache: every worker (and every server) shares it, with no process of
# its own to run. Its table is made by migrate (directory/apps.py). What the directory
# caches is keyed so that it is never stale (directory/caching.py).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "hub_cache",
        "OPTIONS": {"MAX_ENTRIES": 10_000},
    },
}

# SQLite is the embedded default; DATABASE_URL selects PostgreSQL (postgres://user:pass@host/db).
# An empty value (as in a copy of .env.example) means the default.
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=envint("DB_CONN_MAX_AGE", "0"))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    _private_file(DATABASES["default"]["NAME"])
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers carry on while one writer writes; the busy timeout waits for the lock.
        # A larger page cache and memory-mapped reads keep the search index and the groups
        # table in memory on a directory of 100,000 groups.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            f"PRAGMA cache_size=-{envint('SQLITE_CACHE_MB', '64') * 1024}; "
            f"PRAGMA mmap_size={envint('SQLITE_MMAP_MB', '256') * 1024 * 1024};"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Freshness of listings (see directory/freshness.py), in days.
FRESHNESS_REMIND_DAYS = envint("FRESHNESS_REMIND_DAYS", "182")
FRESHNESS_SECOND_REMINDER_DAYS = envint("FRESHNESS_SECOND_REMINDER_DAYS", "21")
FRESHNESS_STAFF_DAYS = envint("FRESHNESS_STAFF_DAYS", "28")
FRESHNESS_OUT_OF_DATE_DAYS = envint("FRESHNESS_OUT_OF_DATE_DAYS", "60")
FRESHNESS_HIDE_DAYS = envint("FRESHNESS_HIDE_DAYS", "120")
CONFIRM_LINK_DAYS = envint("CONFIRM_LINK_DAYS", "60")
INVITATION_DAYS = envint("INVITATION_DAYS", "14")

# Introductions (putting people in touch): personal details are deleted this many days
# after the group records what happened, and never kept longer than the maximum.
INTRODUCTION_RETENTION_DAYS = envint("INTRODUCTION_RETENTION_DAYS", "30")
INTRODUCTION_MAX_DAYS = envint("INTRODUCTION_MAX_DAYS", "60")
if not 0 < INTRODUCTION_RETENTION_DAYS <= INTRODUCTION_MAX_DAYS <= 60:
    raise ImproperlyConfigured("Introductions may be kept at most 60 days: check INTRODUCTION_*_DAYS.")
INTRODUCTION_NUDGE_DAYS = envint("INTRODUCTION_NUDGE_DAYS", "3")
INTRODUCTION_ESCALATE_DAYS = envint("INTRODUCTION_ESCALATE_DAYS", "7")
INTRODUCTIONS_PER_HOUR_PER_SENDER = envint("INTRODUCTIONS_PER_HOUR_PER_SENDER", "3")
INTRODUCTIONS_PER_DAY_PER_GROUP = envint("INTRODUCTIONS_PER_DAY_PER_GROUP", "20")
INTRODUCTIONS_OPEN_PER_GROUP = envint("INTRODUCTIONS_OPEN_PER_GROUP", "30")
# Messages to the self-help team and reports of a wrong listing (enquiries/), kept as
# introductions are (INTRODUCTION_RETENTION_DAYS, INTRODUCTION_MAX_DAYS).
ENQUIRIES_PER_HOUR_PER_SENDER = envint("ENQUIRIES_PER_HOUR_PER_SENDER", "3")
LISTING_PROBLEMS_PER_HOUR_PER_SENDER = envint("LISTING_PROBLEMS_PER_HOUR_PER_SENDER", "3")
LISTING_PROBLEMS_PER_DAY_PER_GROUP = envint("LISTING_PROBLEMS_PER_DAY_PER_GROUP", "5")
# Subscriptions (subscriptions/: the interest list "I'd join a group about … near …"): the
# emailed confirmation works, and an unconfirmed subscription is kept, this many days; a
# visitor may ask this many times an hour, and one address is sent this many confirmations a day.
# Groups writing to groups (network/): messages per coordinator per day, and how long a
# conversation is kept after its last message.
GROUP_MESSAGES_PER_DAY = envint("GROUP_MESSAGES_PER_DAY", "20")
GROUP_MESSAGES_RETENTION_DAYS = envint("GROUP_MESSAGES_RETENTION_DAYS", "365")
SUBSCRIPTION_CONFIRM_DAYS = envint("SUBSCRIPTION_CONFIRM_DAYS", "3")
SUBSCRIPTIONS_PER_HOUR_PER_SENDER = envint("SUBSCRIPTIONS_PER_HOUR_PER_SENDER", "5")
SUBSCRIPTION_EMAILS_PER_DAY = envint("SUBSCRIPTION_EMAILS_PER_DAY", "3")
# The bulletin's digests (subscriptions.jobs.send_digests): at most this many subscribers
# are sent theirs in one run of the jobs; the rest are sent theirs in the next runs.
SUBSCRIPTION_DIGESTS_PER_RUN = envint("SUBSCRIPTION_DIGESTS_PER_RUN", "200")

AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "accounts:home"
# Where "your account" leads once signed in.
SIGNED_IN_HOME = "directory:my-groups"
# Limits (accounts/limits.py), each counted per visitor's address, or per account or group
# for what only a signed-in person can do; never per account alone for what anyone can try.
SIGN_IN_MAX_FAILURES = envint("SIGN_IN_MAX_FAILURES", "5")
SIGN_IN_MAX_FAILURES_PER_ADDRESS = envint("SIGN_IN_MAX_FAILURES_PER_ADDRESS", "30")
SIGN_IN_LOCKOUT_MINUTES = envint("SIGN_IN_LOCKOUT_MINUTES", "15")
SIGN_IN_LINKS_PER_HOUR = envint("SIGN_IN_LINKS_PER_HOUR", "10")
PASSWORD_RESETS_PER_HOUR = envint("PASSWORD_RESETS_PER_HOUR", "5")
SIGN_UPS_PER_HOUR = envint("SIGN_UPS_PER_HOUR", "5")
LISTINGS_PER_DAY = envint("LISTINGS_PER_DAY", "5")
INVITATIONS_PER_DAY = envint("INVITATIONS_PER_DAY", "10")
# Claims of listings kept by the team (directory/claims.py), sent by staff: per day, site-wide.
CLAIMS_PER_DAY = envint("CLAIMS_PER_DAY", "50")
SIGN_IN_LINK_MINUTES = envint("SIGN_IN_LINK_MINUTES", "20")
# An account made by signing up is deleted if its address is not confirmed within this
# many days; the emailed confirmation link works as long.
UNCONFIRMED_ACCOUNT_DAYS = envint("UNCONFIRMED_ACCOUNT_DAYS", "7")
CONFIRMATION_EMAILS_PER_HOUR = envint("CONFIRMATION_EMAILS_PER_HOUR", "5")
# Per recipient, whoever asks (accounts.limits.ACCOUNT_EMAILS).
ACCOUNT_EMAILS_PER_HOUR = envint("ACCOUNT_EMAILS_PER_HOUR", "5")
# Two-factor sign-in for staff (accounts/two_factor.py): "required" (every staff member
# sets up an authenticator app before any page) or "optional" (asked for a code only once
# they have set one up). Optional on a demonstration site, required everywhere else.
STAFF_TWO_FACTOR = os.environ.get("STAFF_TWO_FACTOR", "optional" if DEMO else "required").strip().lower()
if STAFF_TWO_FACTOR not in ("required", "optional"):
    raise ImproperlyConfigured(f"STAFF_TWO_FACTOR must be required or optional, not {STAFF_TWO_FACTOR!r}")
OTP_TOTP_ISSUER = SITE_NAME
# Each wrong code doubles the wait before the next is checked (1, 2, 4, 8… seconds).
OTP_TOTP_THROTTLE_FACTOR = OTP_STATIC_THROTTLE_FACTOR = 1
# The admin never shows a device's secret or recovery codes, even to a superuser.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
PASSWORD_RESET_TIMEOUT = envint("PASSWORD_RESET_HOURS", "2") * 3600

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
LOCALE_PATHS = [BASE_DIR / "locale"]
# Every language the hub has a catalogue for (locale/<code>/), each named in itself: the
# language switcher shows these names, so they are deliberately not translated (someone
# looking for Cymraeg reads "Cymraeg", whatever language the page is in). Django's own list
# names Punjabi "Punjabi" in itself, hence names kept here.
KNOWN_LANGUAGES = [
    ("en-gb", "English"),
    ("cy", "Cymraeg"),
    ("pl", "Polski"),
    ("ur", "اردو"),
    ("bn", "বাংলা"),
    ("pa", "ਪੰਜਾਬੀ"),
    ("zh-hans", "中文"),
    ("ar", "العربية"),
]
# Languages that cover the public journey only (finding a group and getting in touch; the
# list of pages is hub/languages.py): a signed-in page asked for in one of them is shown in
# English and says so. Welsh covers the whole site.
PUBLIC_ONLY_LANGUAGES = ["pl", "ur", "bn", "pa", "zh-hans", "ar"]
# The languages offered to the public (the switcher, hreflang, /<code>/ addresses): English,
# and each of LANGUAGES_OFFERED (default: all known) whose catalogue is compiled
# (locale/<code>/LC_MESSAGES/django.mo), so a language is never offered before it exists.
# A site offers only languages whose translations a fluent speaker has checked.
LANGUAGES = offered_languages(
    KNOWN_LANGUAGES, envlist("LANGUAGES_OFFERED", ",".join(code for code, _name in KNOWN_LANGUAGES)),
    LOCALE_PATHS[0], LANGUAGE_CODE)
# The language a visitor chose is remembered for a year (hub/languages.py); it holds nothing
# but the language's code.
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
# Dates, times and numbers per language: the hub's own named formats, English as the hub has
# always written it, and Urdu and Punjabi, which Django has none for (hub/formats/).
FORMAT_MODULE_PATH = ["hub.formats"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Email: every message goes out through Django's backends.
# EMAIL_BACKEND writes each message to the outbox table; `run_jobs` then sends it through
# OUTBOX_DELIVERY_BACKEND (SMTP in production), retrying with back-off if the server fails.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "outbox.backends.OutboxEmailBackend")
# SMTP by default: printing messages would put sign-in and password-reset links in logs.
OUTBOX_DELIVERY_BACKEND = os.environ.get("OUTBOX_DELIVERY_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
# An Open Referral feed imported by its address: at most this much, within this time.
OPENREFERRAL_FEED_MAX_MB = envint("OPENREFERRAL_FEED_MAX_MB", "200")
OPENREFERRAL_FEED_SECONDS = envint("OPENREFERRAL_FEED_SECONDS", "1800")
# Feeds are read only from public internet addresses, so that an address given by staff (or a
# feed's redirect) cannot reach the hub's own network; true allows private ones (a feed
# served inside an organisation's network).
OPENREFERRAL_FEED_ALLOW_PRIVATE = envbool("OPENREFERRAL_FEED_ALLOW_PRIVATE", "false")
# Files on this server that configured feeds may read lie inside these folders (separated by
# ":"), so that a path typed in the admin cannot read the hub's own files: by default
# .local/feeds and the demo's directory.
OPENREFERRAL_FEED_FOLDERS = [
    Path(folder) for folder in os.environ.get(
        "OPENREFERRAL_FEED_FOLDERS", f"{BASE_DIR / '.local' / 'feeds'}:{BASE_DIR / 'directory' / 'data' / 'demo'}",
    ).split(":") if folder
]
# The configured feeds (openreferral.feeds) are imported once a day, at the first run_jobs
# from this hour (0-23, UK time): at night, so a long import slows nobody's day.
OPENREFERRAL_FEED_HOUR = envint("OPENREFERRAL_FEED_HOUR", "2")
if not 0 <= OPENREFERRAL_FEED_HOUR <= 23:
    raise ImproperlyConfigured(f"OPENREFERRAL_FEED_HOUR must be an hour from 0 to 23, not {OPENREFERRAL_FEED_HOUR}")
OUTBOX_MAX_ATTEMPTS = envint("OUTBOX_MAX_ATTEMPTS", "6")
OUTBOX_KEEP_SENT_DAYS = envint("OUTBOX_KEEP_SENT_DAYS", "30")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", "25")
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = envsecret("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "false")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Self Help Hub <hub@localhost>")
# Seconds to wait for the mail server, so a hung server cannot stall the scheduled jobs.
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", "30")

# Jobs run in turn by `manage.py run_jobs` (from cron every few minutes); each does only what is due.
SCHEDULED_JOBS = [
    "directory.services.send_reminders",
    "directory.claims.send_claim_reminders",
    "directory.services.forget_past_meeting_changes",
    "directory.search.index.refresh_freshness",
    "accounts.limits.forget_expired_hits",
    "accounts.services.delete_unconfirmed_accounts",
    "introductions.services.nudge_and_escalate",
    "introductions.services.purge",
    "enquiries.services.purge",
    "subscriptions.services.purge",
    "network.services.purge",
    # Before the outbox, so that subscribers hear of a new group in the same run.
    "subscriptions.jobs.tell_of_new_groups",
    # After it (the groups it found listed are the digests' new groups), before the outbox.
    "subscriptions.jobs.send_digests",
    "support.services.send_review_reminders",
    "voice.services.send_reply_digests",
    "voice.services.forget_hidden",
    # Before the outbox, so that the feeds' report goes out in the same run.
    "openreferral.feeds.import_configured_feeds",
    "outbox.jobs.send_queued",
    "outbox.jobs.purge_sent",
    "publishing.jobs.remake_printed_directory",
    "publishing.jobs.run_queued_printing",
    "imports.jobs.run_queued_imports",
    "imports.jobs.forget_old_uploads",
    "usage.services.forget_past_days",
]
# `run_jobs --forever`: the jobs above every JOBS_EVERY_SECONDS, and in between, every
# IMPORTS_POLL_SECONDS, the work staff start from the web (the same as the jobs named here,
# which it leaves out of its rounds): imports, and the printed directory.
JOBS_EVERY_SECONDS = envint("JOBS_EVERY_SECONDS", "300")
IMPORTS_POLL_SECONDS = envint("IMPORTS_POLL_SECONDS", "2")
QUEUED_WORK = {
    "imports.jobs.run_queued_imports": "imports.services.run_queued",
    "publishing.jobs.run_queued_printing": "publishing.runs.run_queued",
}
# /healthz (hub/health.py) reports a scheduled job that has not succeeded for this long
# (three of the runner's rounds, by default), and an email due this many minutes ago and
# still waiting in the outbox.
JOBS_STALE_AFTER_SECONDS = envint("JOBS_STALE_AFTER_SECONDS", str(3 * JOBS_EVERY_SECONDS))
OUTBOX_STUCK_MINUTES = envint("OUTBOX_STUCK_MINUTES", "30")
# A runner running a job holds it for at most this long (hub.models.JobRun.take): another
# runner skips the job meanwhile, and takes it over if the first died mid-job.
JOBS_LEASE_SECONDS = envint("JOBS_LEASE_SECONDS", "3600")
# Staff imports from the web (imports/): an uploaded file at most this large; a spreadsheet
# at most this many rows, and an .xlsx unpacking to at most this much; a file uploaded but
# not imported is deleted after this many hours.
IMPORT_MAX_UPLOAD_MB = envint("IMPORT_MAX_UPLOAD_MB", "20")
IMPORT_MAX_ROWS = envint("IMPORT_MAX_ROWS", "20000")
IMPORT_MAX_UNPACKED_MB = envint("IMPORT_MAX_UNPACKED_MB", "200")
IMPORT_KEEP_UPLOAD_HOURS = envint("IMPORT_KEEP_UPLOAD_HOURS", "24")

# Seconds a PDF made while someone waits may take; past it they get a page saying what to do
# instead (publishing/pdf.py). Keep it well under the web server's timeout (gunicorn: 30 s).
PDF_TIME_BUDGET_SECONDS = envint("PDF_TIME_BUDGET_SECONDS", "15")
# The printed directory made when staff ask (publishing/runs.py): one under way for longer
# than this is taken to have been stopped with its runner; the last few makings are kept.
PRINT_RUN_STALE_SECONDS = envint("PRINT_RUN_STALE_SECONDS", "900")
PRINT_RUNS_KEPT = 20

# The geocoder turns a postcode or place into a point; swap it for a hosted look-up here.
GEOCODER = os.environ.get("GEOCODER", "directory.geo.OfflineGeocoder")

# Security: strict by default outside development.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# A signed-in session ends after this long without a request, and after its lifetime
# however active (hub/middleware.py); the cookie itself lasts no longer than the lifetime.
SESSION_IDLE_MINUTES = envint("SESSION_IDLE_MINUTES", "120")
SESSION_MAX_HOURS = envint("SESSION_MAX_HOURS", "12")
SESSION_COOKIE_AGE = SESSION_MAX_HOURS * 3600
if not DEBUG:
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "true")
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "31536000")
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "true")
    # Cookies only over HTTPS; `make run` turns this off to serve plain http://127.0.0.1.
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = envbool("SECURE_COOKIES", "true")

# Logs: plain lines, or one JSON object a line with LOG_FORMAT=json; each with the request's
# id (hub.middleware.RequestIdMiddleware). Tokens of emailed links never reach a log, and an
# error report (by email to ADMINS, or to Sentry) holds no form data, query strings or local
# variables (lib/logs.py).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "plain")
if LOG_FORMAT not in ("plain", "json"):
    raise ImproperlyConfigured("LOG_FORMAT is plain or json.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_tokens": {"()": "lib.logs.RedactTokens"}, "request_ids": {"()": "lib.logs.RequestIds"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "lib.logs.JsonLines"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact_tokens", "request_ids"],
                    "formatter": LOG_FORMAT},
        "mail_admins": {"class": "django.utils.log.AdminEmailHandler", "level": "ERROR",
                        "filters": ["redact_tokens", "request_ids"], "include_html": False},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Request bodies and query strings are never logged by Django itself; keep it that way.
        # Errors are mailed to ADMINS too (when there are any: the handler sends to nobody else).
        "django.request": {"handlers": ["console", "mail_admins"], "level": "ERROR", "propagate": False},
    },
}
# Who is emailed an error report: "Name <address>, Other <address>" (none by default).
ADMINS = [parseaddr(entry.strip()) for entry in os.environ.get("ADMINS", "").split(",") if entry.strip()]
DEFAULT_EXCEPTION_REPORTER = "lib.logs.PrivateExceptionReporter"
DEFAULT_EXCEPTION_REPORTER_FILTER = "lib.logs.NoPersonalData"
# Error reports to a Sentry-compatible service, if SENTRY_DSN is set and sentry-sdk installed
# (an optional package, not in requirements.txt: pip install sentry-sdk).
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    try:
        import sentry_sdk
    except ImportError:
        raise ImproperlyConfigured(
            "SENTRY_DSN is set, but sentry-sdk is not installed: pip install sentry-sdk.") from None
    from lib.logs import sentry_before_send

    sentry_sdk.init(dsn=SENTRY_DSN, send_default_pii=False, max_request_body_size="never",
                    include_local_variables=False, before_send=sentry_before_send)
