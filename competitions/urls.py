from django.urls import path

from . import participation_views, views

app_name = "competitions"
urlpatterns = [
    path("", views.competition_list, name="list"),
    path("<slug:slug>/", views.competition_detail, name="detail"),
    path("<slug:slug>/data/", views.competition_detail, {"tab": "data"}, name="data"),
    path("<slug:slug>/rules/", views.competition_detail, {"tab": "rules"}, name="rules"),
    path("<slug:slug>/rules/accept/", views.rules_accept_view, name="rules_accept"),
    path("<slug:slug>/data/download/<path:name>", views.data_file_download, name="data_download"),
    path("<slug:slug>/data/download-all/", views.data_archive_download, name="data_download_all"),
    path("<slug:slug>/leaderboard/", participation_views.leaderboard, name="leaderboard"),
    path("<slug:slug>/leaderboard.csv", participation_views.leaderboard_csv, name="leaderboard_csv"),
    path("<slug:slug>/submissions/", participation_views.submissions, name="submissions"),
    path("<slug:slug>/team/", participation_views.team_page, name="team"),
    path("submissions/<uuid:submission_id>/row/", participation_views.submission_row, name="submission_row"),
    path("submissions/<uuid:submission_id>/select/", participation_views.submission_select_view,
         name="submission_select"),
]
