"""Production settings: every deployment-specific value comes from the environment."""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PROJECT_DIR = BASE_DIR / "newsdesk"
VAR_DIR = Path(os.environ.get("NEWSDESK_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    """Read a yes/no environment variable."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    """Read a comma-separated environment variable."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. Set the SECRET_KEY environment variable to a long random string "
        "(for example: python -c 'import secrets; print(secrets.token_urlsafe(50))')."
    )
# Old keys still accepted when checking signatures (emailed links, sessions) while a new SECRET_KEY rolls out.
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
SITE_URL = os.environ.get("SITE_URL", "http://localhost:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", SITE_URL)

INSTALLED_APPS = [
    "newsdesk.delivery",
    "newsdesk.core",
    "newsdesk.outbox",
    "newsdesk.news",
    "newsdesk.accounts",
    "newsdesk.polls",
    "newsdesk.markets",
    "newsdesk.comments",
    "newsdesk.subscriptions",
    "newsdesk.publiceditor",
    "newsdesk.readership",
    "newsdesk.paywall",
    "newsdesk.liveblogs",
    "newsdesk.newsletters",
    "newsdesk.demo",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "csp",
    "anymail",
]

MIDDLEWARE = [
    "newsdesk.core.logging.RequestIdMiddleware",
    # Probes' GET /healthz is answered here, before the host check and HTTPS redirect they cannot pass.
    "newsdesk.core.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # The poll widget's votes from anonymous readers leave the stack here (see the class for what they skip).
    "newsdesk.polls.middleware.ScriptedVoteMiddleware",
    # Readership beacons too (see the class): counted here, the rest of the stack skipped.
    "newsdesk.readership.middleware.BeaconMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "newsdesk.core.middleware.RejectNulBytesMiddleware",
    "newsdesk.delivery.pagecache.PageCacheMiddleware",
    "newsdesk.core.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "newsdesk.core.middleware.CachedSiteMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "newsdesk.accounts.middleware.StaffTwoFactorMiddleware",
    "newsdesk.accounts.middleware.SignedInHintMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Inside the clickjacking middleware, so that an editor's preview (and nothing else) may be framed by the admin.
    "newsdesk.core.middleware.PreviewResponseMiddleware",
    "newsdesk.core.csp.StaffAwareCSPMiddleware",
    "newsdesk.core.middleware.PermissionsPolicyMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "newsdesk.urls"
WSGI_APPLICATION = "newsdesk.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "newsdesk.core.context_processors.site_chrome",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'newsdesk.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while the task worker writes; the timeout rides out short write locks.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

# How long PostgreSQL lets one statement run (a held lock, an overloaded database) before it cancels it, in ms; 0 is
# no limit. newsdesk.wsgi sets it for the web processes, so a reader waits a bounded time for the "please try again"
# answer instead of holding a server thread indefinitely; commands and task workers (migrations, imports) set none.
DB_STATEMENT_TIMEOUT_MS = int(os.environ.get("DB_STATEMENT_TIMEOUT_MS") or 0)


def _postgresql_timeouts(database: dict) -> None:
    """Fail fast when PostgreSQL is down (readers get the 503 page in seconds), and bound each statement."""
    options = database.setdefault("OPTIONS", {})
    options["connect_timeout"] = int(os.environ.get("DB_CONNECT_TIMEOUT", "3"))
    if DB_STATEMENT_TIMEOUT_MS:
        # libpq's startup options: set once per connection, at no cost per query.
        options["options"] = f"{options.get('options', '')} -c statement_timeout={DB_STATEMENT_TIMEOUT_MS}".strip()


if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    _postgresql_timeouts(DATABASES["default"])
# An optional read replica (e.g. a PostgreSQL streaming standby) for anonymous listing pages and feeds; see
# newsdesk.delivery.replica. Unset: one database, no router, no change.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
NEWSDESK_READ_REPLICA = bool(DATABASE_REPLICA_URL)
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL,
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
    if DATABASES["replica"]["ENGINE"] == "django.db.backends.postgresql":
        _postgresql_timeouts(DATABASES["replica"])
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["newsdesk.delivery.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
# A Redis that stops answering (rather than refusing connections) costs each call at most these seconds; then the
# cache reads as a miss and rate limits count locally (newsdesk.delivery.cache), instead of the request hanging.
REDIS_OPTIONS = {
    "socket_connect_timeout": float(os.environ.get("REDIS_CONNECT_TIMEOUT") or 1),
    "socket_timeout": float(os.environ.get("REDIS_TIMEOUT") or 2),
}
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "newsdesk.delivery.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "newsdesk"),
            "TIMEOUT": 300,
            "OPTIONS": REDIS_OPTIONS,
        },
        "renditions": {
            "BACKEND": "newsdesk.delivery.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": REDIS_OPTIONS,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "newsdesk") + "-renditions",
            "TIMEOUT": 3600,
        },
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "newsdesk"},
        "renditions": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "renditions"},
    }

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The newsroom's language and time zone: every time readers see is shown in TIME_ZONE (an IANA name).
LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "en-za")
TIME_ZONE = os.environ.get("TIME_ZONE", "Africa/Johannesburg")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [PROJECT_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Media on S3-compatible object storage (AWS S3, MinIO, Ceph, R2, ...) when a bucket is named, so every app server
# sees the same uploads. Credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (or an instance role).
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "location": os.environ.get("AWS_LOCATION", "media"),
            # Public media (images) get plain URLs a CDN can cache; the bucket policy decides who may read.
            "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH", False),
            "default_acl": None,
            "file_overwrite": False,
        },
    }

# Email: every message goes into the outbox (newsdesk.outbox: recorded, retried, visible to staff in the admin) and
# leaves through OUTBOX_DELIVERY_BACKEND, which the EMAIL_BACKEND variable names: console in development, SMTP
# configured from the environment in production. EMAIL_TIMEOUT bounds each SMTP call, in seconds.
EMAIL_BACKEND = "newsdesk.outbox.backend.OutboxBackend"
OUTBOX_DELIVERY_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_TIMEOUT = float(os.environ.get("EMAIL_TIMEOUT") or 10)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# Newsletters leave through their own backend, not the outbox (an edition is its own record of who got what):
# plain SMTP (the EMAIL_HOST settings above) by default, or an email service through anymail, e.g.
# NEWSLETTERS_EMAIL_BACKEND=anymail.backends.amazon_ses.EmailBackend with its ANYMAIL settings below.
NEWSLETTERS_EMAIL_BACKEND = os.environ.get(
    "NEWSLETTERS_EMAIL_BACKEND", "newsdesk.newsletters.smtp.HandoverEmailBackend"
)
# The backend's sending limit in messages per second, shared by the parallel senders (0: no limit).
NEWSLETTERS_RATE_PER_SECOND = float(os.environ.get("NEWSLETTERS_RATE_PER_SECOND") or 0)
NEWSLETTERS_SENDERS = int(os.environ.get("NEWSLETTERS_SENDERS") or 2)
NEWSLETTERS_BATCH_SIZE = int(os.environ.get("NEWSLETTERS_BATCH_SIZE") or 500)
# A batch claimed longer ago than this (seconds) belongs to a worker that died; another run takes it over.
NEWSLETTERS_CLAIM_TIMEOUT = float(os.environ.get("NEWSLETTERS_CLAIM_TIMEOUT") or 600)
# An optional address for List-Unsubscribe's mailto: (the https one-click link is always there).
NEWSLETTERS_UNSUBSCRIBE_MAILTO = os.environ.get("NEWSLETTERS_UNSUBSCRIBE_MAILTO", "")
# The email service's tracking webhooks (bounces, complaints) at /newsletters/anymail/<esp>/tracking/: anymail checks
# the shared basic-auth secret ("user:password" in the webhook URL) and, where the service signs its calls, the
# signing key. No defaults: `check --deploy` names what is missing when newsletters go through a service.
ANYMAIL = {
    key: value
    for key, value in {
        "WEBHOOK_SECRET": os.environ.get("ANYMAIL_WEBHOOK_SECRET", ""),
        "MAILGUN_API_KEY": os.environ.get("MAILGUN_API_KEY", ""),
        "MAILGUN_WEBHOOK_SIGNING_KEY": os.environ.get("MAILGUN_WEBHOOK_SIGNING_KEY", ""),
        "POSTMARK_SERVER_TOKEN": os.environ.get("POSTMARK_SERVER_TOKEN", ""),
        "SENDGRID_API_KEY": os.environ.get("SENDGRID_API_KEY", ""),
        "BREVO_API_KEY": os.environ.get("BREVO_API_KEY", ""),
        "AMAZON_SES_CLIENT_PARAMS": {"region_name": os.environ["AWS_SES_REGION"]}
        if os.environ.get("AWS_SES_REGION")
        else "",
    }.items()
    if value
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Newsdesk <newsdesk@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security: production is HTTPS behind a proxy that sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
# Opt-ins, because each binds more than this site: includeSubDomains sends every subdomain (an intranet, a mail
# host on plain HTTP) to HTTPS too, and preload asks browsers to ship the rule, which takes months to take back.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# check --deploy would otherwise warn about the two opt-ins above (security.W005, security.W021).
SILENCED_SYSTEM_CHECKS = ["security.W005", "security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Content-Security-Policy (django-csp): no inline or third-party scripts on reader pages. Inline style
# attributes stay allowed (bar widths, image focal points); embeds may frame https sources.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "https:"],
        "frame-src": ["https:"],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# Staff pages show text readers wrote, so a slip in escaping must not become script on a staff session: scripts
# come from this site or carry the response's nonce, which only Wagtail's own inline scripts are given (see
# newsdesk/core/csp.py). Styles stay 'unsafe-inline': Wagtail's rich-text editor writes <style> elements it cannot
# give a nonce, and the admin sets style attributes throughout. Images: data: and blob: for Wagtail's icons and upload
# previews, https: for media on object storage or a CDN. The only frame is the preview panel (the preview itself gets
# the readers' policy), and only views that ask for it (X-Frame-Options: SAMEORIGIN) may be framed, by the admin.
NEWSDESK_STAFF_CSP = {
    "URL_PREFIXES": ["/admin/", "/django-admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", "https:"],
        "frame-src": ["'self'"],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

WAGTAIL_SITE_NAME = os.environ.get("SITE_NAME", "Newsdesk")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Search on Elasticsearch or OpenSearch when WAGTAILSEARCH_URL is set. The client library is not a dependency:
# install the one for your cluster (`elasticsearch>=8,<9` for the default backend, `opensearch-py` for
# wagtail.search.backends.opensearch2/3), then `python manage.py update_index`.
WAGTAILSEARCH_URL = os.environ.get("WAGTAILSEARCH_URL", "")
if WAGTAILSEARCH_URL:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": os.environ.get("WAGTAILSEARCH_BACKEND", "wagtail.search.backends.elasticsearch8"),
            "URLS": env_list("WAGTAILSEARCH_URL"),
            "INDEX": os.environ.get("WAGTAILSEARCH_INDEX", "newsdesk"),
            "TIMEOUT": int(os.environ.get("WAGTAILSEARCH_TIMEOUT", "5")),
            "OPTIONS": {},
            "INDEX_SETTINGS": {},
        }
    }
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILADMIN_COMMENTS_ENABLED = True
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No Gravatar avatars in the admin: they would send a hash of every staff email address to a third party.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILREDIRECTS_AUTO_CREATE = True
TAGGIT_CASE_INSENSITIVE = True

# Error reports (the debug page, any reporter added later) hide URLs with passwords too: see the class.
DEFAULT_EXCEPTION_REPORTER_FILTER = "newsdesk.core.reporting.ReporterFilter"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "newsdesk.core.logging.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "newsdesk.core.logging.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": os.environ.get("LOG_FORMAT", "plain" if DEBUG else "json"),
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Periodic jobs the scheduler enqueues: dotted task path -> interval in seconds. Apps declare their own jobs
# in their AppConfig.periodic_tasks; entries here add to or override those.
NEWSDESK_PERIODIC_TASKS: dict[str, int] = {}

# Reader accounts (django-allauth): email is the login, and it must be verified.
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
LOGIN_REDIRECT_URL = "/"
LOGIN_URL = "/accounts/login/"

# Readership counting (docs/readership.md): counted in this Redis, under this prefix, when set; else in the database.
# deploy/nginx/readership.lua writes the same keys (deploy/render.py fills in the same values).
READERSHIP_REDIS_URL = os.environ.get("READERSHIP_REDIS_URL", REDIS_URL)
READERSHIP_REDIS_PREFIX = os.environ.get("READERSHIP_REDIS_PREFIX", "newsdesk:readership:")

# The whole-page cache for anonymous readers (in the default cache: Redis when REDIS_URL is set).
NEWSDESK_PAGE_CACHE = {
    "ENABLED": env_bool("PAGE_CACHE", True),
    "MAX_AGE": int(os.environ.get("PAGE_CACHE_MAX_AGE", "60")),
    "STALE_WHILE_REVALIDATE": 300,
    "STALE_IF_ERROR": 86400,
    "TIMEOUT": 3600,
    "EDGE": env_bool("PAGE_CACHE_EDGE", True),
}
# Parts of pages that are the same for every reader (newsdesk.delivery.fragments), kept in the default cache so that
# signed-in readers, who bypass the page cache, still share them. Purges refresh them; TIMEOUT bounds how stale
# their relative times ("2 hours ago") and clock-driven parts (polls opening and closing) may get.
NEWSDESK_FRAGMENT_CACHE = {
    "ENABLED": env_bool("FRAGMENT_CACHE", True),
    "TIMEOUT": int(os.environ.get("FRAGMENT_CACHE_TIMEOUT", "60")),
}
# Where pages' edge copies live in Redis, for nginx to serve (deploy/nginx/pagecache.lua); "EDGE": False above turns
# them off. Keep this in step with the `prefix` in the nginx configuration.
NEWSDESK_EDGE_CACHE_PREFIX = os.environ.get("CACHE_KEY_PREFIX", "newsdesk") + ":edge:"
# Varnish servers to send tag purges to, e.g. "http://127.0.0.1:6081/" (comma-separated); empty: none.
NEWSDESK_VARNISH_PURGE_URLS = env_list("VARNISH_PURGE_URLS")

# How many reverse proxies (load balancer, Varnish, nginx) sit in front of the app; 0 trusts only REMOTE_ADDR.
NEWSDESK_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# --- accounts ---
# allauth's emails are rendered in the request and sent from a task (see newsdesk.accounts.adapter).
ACCOUNT_ADAPTER = "newsdesk.accounts.adapter.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SIGNUP_REDIRECT_URL = "/account/"
# Rate limits on every sign-in write, counted in the default cache (Redis when REDIS_URL is set) per client IP
# as newsdesk.core.ratelimit.client_ip sees it (the adapter hands allauth that address), and per email ("key").
# "login_failed" is the lock-out: after 5 failed passwords for one account in 15 minutes, even the right one is
# refused until the window passes; it also counts wrong two-factor codes. Exceeding the others answers 429.
ACCOUNT_RATE_LIMITS = {
    "login": os.environ.get("RATE_LIMIT_LOGIN", "30/m/ip"),
    "login_failed": os.environ.get("RATE_LIMIT_LOGIN_FAILED", "20/m/ip,5/15m/key"),
    "signup": os.environ.get("RATE_LIMIT_SIGNUP", "10/h/ip"),
    "reset_password": os.environ.get("RATE_LIMIT_RESET_PASSWORD", "10/h/ip,3/h/key"),
    "reset_password_from_key": "20/m/ip",
    # Verification emails (sign-up, and each sign-in attempt of an unverified account resends one).
    "confirm_email": os.environ.get("RATE_LIMIT_CONFIRM_EMAIL", "1/3m/key,10/h/ip"),
}

# Staff sign in through the same allauth door as readers, so the limits above and two-factor authentication
# (allauth.mfa: an authenticator app, plus recovery codes) apply to the Wagtail admin too. Its own login and
# password-reset views are switched off (see newsdesk.urls).
WAGTAILADMIN_LOGIN_URL = LOGIN_URL
WAGTAIL_PASSWORD_RESET_ENABLED = False
# A signed-in reader sent to sign in (say, at /admin/ without admin rights) sees the form, to sign in as someone
# else, instead of being bounced back to where they came from, which would loop.
ACCOUNT_AUTHENTICATED_LOGIN_REDIRECTS = False
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = os.environ.get("SITE_NAME", "Newsdesk")
# Staff without a second factor are sent to set one up before the admin opens (newsdesk.accounts.middleware).
NEWSDESK_REQUIRE_STAFF_2FA = env_bool("REQUIRE_STAFF_2FA", not DEBUG)

# --- polls ---
POLLS_VOTER_COOKIE_NAME = os.environ.get("POLLS_VOTER_COOKIE_NAME", "nd_voter")
# A vote is one small form field; anything much bigger is not a vote.
POLLS_MAX_BODY_BYTES = int(os.environ.get("POLLS_MAX_BODY_BYTES", "2048"))

# --- markets ---
MARKETS_ECB_DAILY_URL = os.environ.get(
    "MARKETS_ECB_DAILY_URL", "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-daily.xml"
)
MARKETS_ECB_90D_URL = os.environ.get(
    "MARKETS_ECB_90D_URL", "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist-90d.xml"
)
MARKETS_FETCH_TIMEOUT = float(os.environ.get("MARKETS_FETCH_TIMEOUT", "10"))
# The push API: how far ahead of our clock a vendor's as_of may be, how big a batch may be, and requests per
# minute per provider token (and per client network before the token is checked).
MARKETS_PUSH_MAX_SKEW_SECONDS = int(os.environ.get("MARKETS_PUSH_MAX_SKEW_SECONDS", "120"))
MARKETS_PUSH_MAX_BATCH = int(os.environ.get("MARKETS_PUSH_MAX_BATCH", "5000"))
MARKETS_PUSH_RATE_LIMIT = int(os.environ.get("MARKETS_PUSH_RATE_LIMIT", "120"))
MARKETS_PUSH_NETWORK_RATE_LIMIT = int(os.environ.get("MARKETS_PUSH_NETWORK_RATE_LIMIT", "600"))
# The cached panel is re-rendered at least this often (seconds), so labels such as "Last close" roll over.
MARKETS_PANEL_MAX_AGE = int(os.environ.get("MARKETS_PANEL_MAX_AGE", "60"))

# --- comments ---
# An external toxicity or spam check: a dotted path to a callable taking the comment text and returning
# newsdesk.comments.filters.ToxicityVerdict. Empty (the default): off, and nothing leaves the server.
COMMENTS_TOXICITY_HOOK = os.environ.get("COMMENTS_TOXICITY_HOOK", "")

# --- subscriptions ---
# The payment gateway: "paystack", "test" (the built-in simulator: test cards, no money moves) or "off" (no
# subscriptions sold). No default: unset, nobody can subscribe and `check --deploy` names this setting; the dev and
# test settings choose "test".
SUBSCRIPTIONS_GATEWAY = os.environ.get("SUBSCRIPTIONS_GATEWAY", "").strip().lower()
SUBSCRIPTIONS_GATEWAY_TIMEOUT = float(os.environ.get("SUBSCRIPTIONS_GATEWAY_TIMEOUT", "15"))
# Paystack's secret key also signs its webhooks; "sk_test_..." is Paystack's test mode (no money moves).
PAYSTACK_SECRET_KEY = os.environ.get("PAYSTACK_SECRET_KEY", "")
PAYSTACK_BASE_URL = os.environ.get("PAYSTACK_BASE_URL", "https://api.paystack.co")
# Signs the test gateway's webhooks. No default: a published value would let anyone forge events, so without one
# the test gateway refuses every webhook.
SUBSCRIPTIONS_TEST_WEBHOOK_SECRET = os.environ.get("SUBSCRIPTIONS_TEST_WEBHOOK_SECRET", "")
# After a failed renewal: retry this many days after the first failure; the last one failing ends it.
SUBSCRIPTIONS_RETRY_DAYS = [int(d) for d in env_list("SUBSCRIPTIONS_RETRY_DAYS", "1,3,5,7")]
SUBSCRIPTIONS_TRIAL_REMINDER_DAYS = int(os.environ.get("SUBSCRIPTIONS_TRIAL_REMINDER_DAYS", "3"))
# `billing run --at` (a test clock) works only with the test gateway and only where this is on (never in production).
SUBSCRIPTIONS_TEST_CLOCK = env_bool("SUBSCRIPTIONS_TEST_CLOCK", DEBUG)
SUBSCRIPTIONS_BILLING_INTERVAL = int(os.environ.get("SUBSCRIPTIONS_BILLING_INTERVAL", "900"))

# --- publiceditor ---
# Anti-spam on the reader's form: fewest seconds between showing and submitting it, and how long a shown form stays
# valid; submissions per hour per client IP, per /24 network and per email address.
PUBLICEDITOR_MIN_SUBMIT_SECONDS = int(os.environ.get("PUBLICEDITOR_MIN_SUBMIT_SECONDS", "3"))
PUBLICEDITOR_FORM_MAX_AGE_SECONDS = 6 * 3600
PUBLICEDITOR_RATE_PER_IP = int(os.environ.get("PUBLICEDITOR_RATE_PER_IP", "5"))
PUBLICEDITOR_RATE_PER_NETWORK = int(os.environ.get("PUBLICEDITOR_RATE_PER_NETWORK", "30"))
PUBLICEDITOR_RATE_PER_EMAIL = int(os.environ.get("PUBLICEDITOR_RATE_PER_EMAIL", "3"))
PUBLICEDITOR_FROM_EMAIL = os.environ.get("PUBLICEDITOR_FROM_EMAIL", "")
