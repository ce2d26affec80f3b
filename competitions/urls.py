from django.urls import path

from . import host_views, participation_views, views

app_name = "competitions"
urlpatterns = [
    path("", views.competition_list, name="list"),
    path("<uslug:slug>/", views.competition_detail, name="detail"),
    path("<uslug:slug>/data/", views.competition_detail, {"tab": "data"}, name="data"),
    path("<uslug:slug>/rules/", views.competition_detail, {"tab": "rules"}, name="rules"),
    path("<uslug:slug>/rules/accept/", views.rules_accept_view, name="rules_accept"),
    path("<uslug:slug>/data/download/<path:name>", views.data_file_download, name="data_download"),
    path("<uslug:slug>/data/download-all/", views.data_archive_download, name="data_download_all"),
    path("<uslug:slug>/leaderboard/", participation_views.leaderboard, name="leaderboard"),
    path("<uslug:slug>/leaderboard.csv", participation_views.leaderboard_csv, name="leaderboard_csv"),
    path("<uslug:slug>/submissions/", participation_views.submissions, name="submissions"),
    path("<uslug:slug>/team/", participation_views.team_page, name="team"),
    path("submissions/<uuid:submission_id>/row/", participation_views.submission_row, name="submission_row"),
    path("submissions/<uuid:submission_id>/select/", participation_views.submission_select_view,
         name="submission_select"),
    # The host area (Host tab): 404 for whoever does not host the competition.
    path("<uslug:slug>/host/", host_views.host_overview, name="host"),
    path("<uslug:slug>/host/submissions/", host_views.host_submissions, name="host_submissions"),
    path("<uslug:slug>/host/teams/", host_views.host_teams, name="host_teams"),
    path("<uslug:slug>/host/submissions/<uuid:submission_id>/download/", host_views.host_submission_download,
         name="host_submission_download"),
    path("<uslug:slug>/host/submissions/<uuid:submission_id>/rescore/", host_views.host_submission_rescore,
         name="host_submission_rescore"),
    path("<uslug:slug>/host/teams/<int:team_id>/disqualify/", host_views.host_team_disqualify,
         name="host_team_disqualify"),
    path("<uslug:slug>/host/teams/<int:team_id>/grant/", host_views.host_team_grant, name="host_team_grant"),
    path("<uslug:slug>/host/pause/", host_views.host_pause, name="host_pause"),
    path("<uslug:slug>/host/finalize/", host_views.host_finalize, name="host_finalize"),
    path("<uslug:slug>/host/reopen/", host_views.host_reopen, name="host_reopen"),
]
