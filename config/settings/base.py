"""Settings shared by every environment; each value that differs between machines comes from the environment."""

from datetime import timedelta
from pathlib import Path

from config.env import BASE_DIR, env
from config.s3 import s3_storages

VAR_DIR = Path(env("PODIUM_VAR_DIR", default=str(BASE_DIR / "var")))

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
SITE_ID = 1
# What the site calls itself (page titles, e-mail subjects and greetings) and where it is reached (links in e-mails).
# migrate writes both into django.contrib.sites' row, which allauth reads (accounts/site_identity.py).
PODIUM_SITE_NAME = env("PODIUM_SITE_NAME", default="Podium")
PODIUM_DOMAIN = env("PODIUM_DOMAIN", default="localhost:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sites",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI and ReDoc served from our static files: the docs work offline
    "allauth",
    "allauth.account",
    "accounts",
    "competitions",
    "discussions",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.response_headers.ContentSecurityPolicyMiddleware",
    "config.response_headers.RetryAfterMiddleware",
    "config.nul_guard.NulGuardMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Django's LocaleMiddleware with the account's language first (it needs request.user), and the viewer's zone.
    "accounts.middleware.AccountLocaleMiddleware",
    "accounts.middleware.AccountTimeZoneMiddleware",
    # Before the CSRF view hook, which would read a portal upload's whole body to find its token.
    "competitions.middleware.UploadSizeLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "platform" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "config.context_processors.site_name",
                "config.context_processors.language_and_zone",
            ],
            # Times with their zone named (`|when`, `{% daily_reset %}`) on every page without a {% load %}.
            "builtins": ["accounts.templatetags.local_time"],
        },
    },
]

# --- Database -------------------------------------------------------------------------------------------------
# SQLite by default. WAL lets readers run beside the one writer, and IMMEDIATE transactions take the write lock at
# BEGIN so that concurrent writers queue on busy_timeout instead of failing with "database is locked" mid-transaction.
SQLITE_PATH = VAR_DIR / "podium.sqlite3"
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{SQLITE_PATH}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication -------------------------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_REDIRECT_URL = "home"
LOGIN_URL = "account_login"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = env("DJANGO_ACCOUNT_EMAIL_VERIFICATION", default="optional")
ACCOUNT_LOGOUT_ON_GET = False
# Podium's login throttle (accounts/login_throttle.py) and client address (accounts/client_address.py).
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
# The reverse proxies in front of Podium (addresses or networks): X-Forwarded-For is believed only from these.
PODIUM_TRUSTED_PROXIES = env.list("PODIUM_TRUSTED_PROXIES", default=[])
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env("DJANGO_ACCOUNT_DEFAULT_HTTP_PROTOCOL", default="http")

EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="Podium <noreply@podium.local>")

# --- Internationalization -------------------------------------------------------------------------------------
# Podium speaks Korean and English. The reader's language comes from the account's setting, else the browser's
# Accept-Language, else PODIUM_LANGUAGE. URLs are the same in both languages.
LANGUAGES = [("ko", "한국어"), ("en", "English")]
LANGUAGE_CODE = env("PODIUM_LANGUAGE", default="ko")
USE_I18N = True
# Each part of the project keeps its own catalogue, so that its messages travel with its code. makemessages, run at
# the root, files a string under the first entry whose folder holds it: the specific folders come first.
LOCALE_PATHS = [
    BASE_DIR / part / "locale" for part in ("competitions", "discussions", "accounts", "scoring", "platform", "config")
]
# Times are stored and computed in UTC (deadlines, the daily limit's reset, as on Kaggle); pages show them in the
# viewer's zone: the account's setting, else PODIUM_TIME_ZONE.
TIME_ZONE = "UTC"
USE_TZ = True
PODIUM_TIME_ZONE = env("PODIUM_TIME_ZONE", default="Asia/Seoul")

# --- Files ----------------------------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns on every request when it is missing
STATICFILES_DIRS = [BASE_DIR / "platform" / "static"]
# Uploaded files are never served by URL: data files go through a view that checks rules acceptance, and
# solutions live in a separate storage that no view serves at all.
MEDIA_URL = "/media-not-served/"
MEDIA_ROOT = VAR_DIR / "media"
PRIVATE_ROOT = VAR_DIR / "private"

# S3-compatible object storage (config/s3.py): what lets web and workers run on machines that share no disk.
AWS_STORAGE_BUCKET_NAME = env("PODIUM_S3_BUCKET", default="")
# Downloads answer with a 302 to a presigned URL valid this long, so the bytes go from the store to the client
# and never through gunicorn; off, the web process streams them from the store itself.
PODIUM_S3_PRESIGNED_DOWNLOADS = env.bool("PODIUM_S3_PRESIGNED_DOWNLOADS", default=False)
PODIUM_S3_PRESIGNED_EXPIRY_SECONDS = env.int("PODIUM_S3_PRESIGNED_EXPIRY_SECONDS", default=300)
if AWS_STORAGE_BUCKET_NAME:
    STORAGES = s3_storages(bucket=AWS_STORAGE_BUCKET_NAME, endpoint_url=env("PODIUM_S3_ENDPOINT_URL", default=None),
                           access_key=env("PODIUM_S3_ACCESS_KEY_ID", default=None),
                           secret_key=env("PODIUM_S3_SECRET_ACCESS_KEY", default=None),
                           region=env("PODIUM_S3_REGION", default=None),
                           addressing_style=env("PODIUM_S3_ADDRESSING_STYLE", default=None),
                           presigned_expiry=PODIUM_S3_PRESIGNED_EXPIRY_SECONDS)
else:
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(PRIVATE_ROOT), "base_url": "/private-not-served/"},
        },
    }
STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}

DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
PODIUM_SUBMISSION_MAX_BYTES = env.int("PODIUM_SUBMISSION_MAX_BYTES", default=100 * 1024 * 1024)
PODIUM_BUNDLE_MAX_BYTES = env.int("PODIUM_BUNDLE_MAX_BYTES", default=2 * 1024**3)
# Threads one scoring process may use (numpy's BLAS in the bootstrap, Kiwi's analysis in ROUGE). Workers run one
# process per core, so each keeps to one thread: with a thread per core in every process they fight for the
# cores (benchmarks/queue_drain.py). Raise it only for a single worker process on a machine with spare cores.
PODIUM_SCORING_THREADS = env.int("PODIUM_SCORING_THREADS", default=1)

# --- REST API -------------------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.ApiKeyTokenAuthentication",
        "accounts.authentication.ApiKeyBasicAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "config.api_errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Podium API",
    "DESCRIPTION": "Competitions, data files, submissions and leaderboards of a Podium server.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# --- Celery ---------------------------------------------------------------------------------------------------
# The embedded default is a broker made of folders under var/, so `make run` needs no Redis; production sets
# CELERY_BROKER_URL to redis:// or amqp://.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="filesystem://")
CELERY_BROKER_DIR = VAR_DIR / "celery"
# The filesystem transport lists its folder, and sleeps this long whenever it finds nothing it may take: an empty
# queue, or a worker whose one prefetched task is still running. kombu's default (1 s) held `make run` to one
# submission a second whatever the CPU; at 50 ms an idle worker's polling costs well under 1% of a core.
FILESYSTEM_BROKER_POLLING_INTERVAL = 0.05
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_DIR / "queue"),
        "data_folder_out": str(CELERY_BROKER_DIR / "queue"),
        "control_folder": str(CELERY_BROKER_DIR / "control"),
        "store_processed": False,
        "polling_interval": FILESYSTEM_BROKER_POLLING_INTERVAL,
    }
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=10 * 60)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=8 * 60)
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ACKS_LATE = False  # set per task: only idempotent tasks ack late
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
if CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    # Redis re-delivers an unacknowledged message after this long; keep it past the hard limit so that a task still
    # running is never handed to a second worker, only one whose worker died.
    # Socket timeouts: with the broker unreachable, an upload's publish gives up in seconds instead of hanging.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_TASK_TIME_LIMIT + 120,
                                       "socket_connect_timeout": 2, "socket_timeout": 5}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
# The watchdog is cheap (indexed queries over queued and scoring rows) and is what re-publishes uploads made while
# the broker was down and takes over claims of dead workers, so it runs often.
CELERY_BEAT_SCHEDULE = {
    "requeue-stuck-submissions": {"task": "competitions.requeue_stuck_submissions",
                                  "schedule": env.float("PODIUM_WATCHDOG_SECONDS", default=10.0)},
    "expire-upload-slots": {"task": "competitions.expire_upload_slots", "schedule": 15 * 60.0},
    "estimate-shake-ups": {"task": "competitions.estimate_shake_ups", "schedule": 5 * 60.0},
}

# --- Scoring --------------------------------------------------------------------------------------------------
PODIUM_SCORING_MAX_ATTEMPTS = env.int("PODIUM_SCORING_MAX_ATTEMPTS", default=3)
PODIUM_SCORING_RETRY_SECONDS = env.int("PODIUM_SCORING_RETRY_SECONDS", default=10)
# A scoring worker touches its claim this often; a claim silent for STALE seconds belongs to a dead worker.
PODIUM_SCORING_HEARTBEAT_SECONDS = env.float("PODIUM_SCORING_HEARTBEAT_SECONDS", default=10.0)
PODIUM_SCORING_STALE_SECONDS = env.int("PODIUM_SCORING_STALE_SECONDS", default=45)
# A queued submission published this long ago is sent again (its message may have died with a broker restart).
PODIUM_SCORING_REQUEUE_AFTER = timedelta(seconds=env.int("PODIUM_SCORING_REQUEUE_AFTER_SECONDS", default=300))
# An upload tries the broker this hard before leaving its submission to the watchdog (about a second in all).
PODIUM_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0.2, "interval_step": 0.3, "interval_max": 0.5}
# A kaggle CLI upload opened but never submitted is deleted, with its bytes, after this long.
PODIUM_UPLOAD_SLOT_TTL = timedelta(seconds=env.int("PODIUM_UPLOAD_SLOT_TTL_SECONDS", default=6 * 3600))

# --- Operators: /metrics (config/metrics.py) and the queue figures (competitions/queue_stats.py) -------------------
# /metrics answers a request bearing this token (Authorization: Bearer ...) or coming from one of these networks
# (the client's address as accounts.client_address reads it); with neither set it answers no one, since its
# figures name every competition, unpublished ones included.
PODIUM_METRICS_TOKEN = env("PODIUM_METRICS_TOKEN", default="")
PODIUM_METRICS_NETWORKS = env.list("PODIUM_METRICS_NETWORKS", default=[])
# "Workers answering": a Celery ping broadcast waits this long for replies (0 turns it off), at most once per cache
# period per process.
PODIUM_WORKER_PING_SECONDS = env.float("PODIUM_WORKER_PING_SECONDS", default=0.5)
PODIUM_WORKER_PING_CACHE_SECONDS = env.int("PODIUM_WORKER_PING_CACHE_SECONDS", default=30)

# --- Logging --------------------------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
}
