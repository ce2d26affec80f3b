from django.urls import path

from . import views

app_name = "competitions"
urlpatterns = [
    path("", views.competition_list, name="list"),
    path("<slug:slug>/", views.competition_detail, name="detail"),
    path("<slug:slug>/data/", views.competition_detail, {"tab": "data"}, name="data"),
    path("<slug:slug>/rules/", views.competition_detail, {"tab": "rules"}, name="rules"),
    path("<slug:slug>/rules/accept/", views.rules_accept_view, name="rules_accept"),
    path("<slug:slug>/data/download/<path:name>", views.data_file_download, name="data_download"),
]
