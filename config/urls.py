from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from competitions import views as competition_views
from config import health, metrics

# The admin says whose it is (PODIUM_SITE_NAME) instead of "Django administration".
admin.site.site_header = admin.site.site_title = settings.PODIUM_SITE_NAME

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", metrics.metrics, name="metrics"),
    path("", competition_views.home, name="home"),
    path("competitions/", include("competitions.urls")),
    path("", include("discussions.urls")),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    # One sign-in form, the throttled one: the admin's own would let password guesses bypass the login throttle.
    path("admin/login/", RedirectView.as_view(pattern_name="account_login", query_string=True)),
    path("admin/", admin.site.urls),
    # The kaggle CLI's endpoints first: their legacy paths would otherwise read as competition slugs.
    path("api/v1/", include("competitions.kaggle_compat.urls")),
    path("api/v1/", include("config.api_router")),
]

handler404 = "config.error_views.page_not_found"
handler500 = "config.error_views.server_error"
