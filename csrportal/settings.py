"""One settings module, driven by the environment (see README.md, "Configuration")."""
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from csrportal.env import database_from_url, env, envbool, envint, envlist, envtimezone

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = envbool("DEBUG", "false")
SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY is not set. It may only be left out while DEBUG is on.")
    SECRET_KEY = "development-only-secret-key-never-use-in-production"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "csrportal",
    "catalog",
    "customers",
    "orders",
    "carts",
    "subscriptions",
    "fulfilment",
    "demo",
]

MIDDLEWARE = [
    "csrportal.middleware.ServerTimingMiddleware",
    "csrportal.middleware.NoNulInPathMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csrportal.middleware.UserTimezoneMiddleware",
]

ROOT_URLCONF = "csrportal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "csrportal.wsgi.application"

DATABASES = {"default": database_from_url("DATABASE_URL", env("DATABASE_URL", "sqlite:///db.sqlite3"), BASE_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = envtimezone("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # No manifest: the demo and the tests serve straight from static/ without collectstatic.
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", "false")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"

CSR_GROUP_NAME = "Customer Service Representatives"

# Email (subscriptions.notify: a plain-text email to the customer per subscription cycle, placed or not). Sent
# only when the deployment configures it: EMAIL_BACKEND (the demo's make target uses the console backend) or an
# EMAIL_HOST for SMTP.
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", "25")
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "false")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "webmaster@localhost")
SUBSCRIPTION_EMAILS = bool(env("EMAIL_BACKEND") or env("EMAIL_HOST"))

# A bulk selection (up to 1,000 orders or shipments, fulfilment.printing.forms.MOST_DOCUMENTS) is
# posted as one field per row, beside the form's own fields: Django's default of 1,000 is too few.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1100

# The seller printed on invoices (fulfilment/printing/); SELLER_ADDRESS's lines are separated by ";".
SELLER_NAME = env("SELLER_NAME", "CSR Portal Demo Store")
SELLER_ADDRESS = env("SELLER_ADDRESS", "1 Commerce Way;Springfield, IL 62701;United States")
SELLER_TAX_ID = env("SELLER_TAX_ID", "")
SELLER_EMAIL = env("SELLER_EMAIL", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}
