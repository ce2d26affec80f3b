from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("settings/", views.settings_view, name="settings"),
    path("language/", views.language_view, name="language"),
    path("settings/kaggle.json", views.kaggle_json_view, name="kaggle_json"),
    path("settings/api-key/regenerate/", views.api_key_regenerate_view, name="api_key_regenerate"),
]
