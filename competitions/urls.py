from django.urls import path

from . import host_views, participation_views, views

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
    # The host area (Host tab): 404 for whoever does not host the competition.
    path("<slug:slug>/host/", host_views.host_overview, name="host"),
    path("<slug:slug>/host/submissions/", host_views.host_submissions, name="host_submissions"),
    path("<slug:slug>/host/teams/", host_views.host_teams, name="host_teams"),
    path("<slug:slug>/host/submissions/<uuid:submission_id>/download/", host_views.host_submission_download,
         name="host_submission_download"),
    path("<slug:slug>/host/submissions/<uuid:submission_id>/rescore/", host_views.host_submission_rescore,
         name="host_submission_rescore"),
    path("<slug:slug>/host/teams/<int:team_id>/disqualify/", host_views.host_team_disqualify,
         name="host_team_disqualify"),
    path("<slug:slug>/host/teams/<int:team_id>/grant/", host_views.host_team_grant, name="host_team_grant"),
    path("<slug:slug>/host/pause/", host_views.host_pause, name="host_pause"),
    path("<slug:slug>/host/finalize/", host_views.host_finalize, name="host_finalize"),
    path("<slug:slug>/host/reopen/", host_views.host_reopen, name="host_reopen"),
]
