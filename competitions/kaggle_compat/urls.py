from django.urls import path

from . import legacy, views

app_name = "kaggle"
urlpatterns = [
    path("competitions.CompetitionApiService/<str:method>", views.CompetitionApiServiceView.as_view(), name="rpc"),
    # Methods other apps register (discussions: GetTopic, ListComments for `topics show`).
    path("discussions.DiscussionApiService/<str:method>", views.CompetitionApiServiceView.as_view(),
         name="rpc-discussions"),
    path("security.OAuthService/IntrospectToken", views.IntrospectTokenView.as_view(), name="introspect"),
    path("kaggle/uploads/<str:token>", views.UploadView.as_view(), name="upload"),
    path("kaggle/data/<uslug:slug>/<str:archive>", views.DataBundleView.as_view(), name="data-bundle"),
    path("kaggle/leaderboards/<uslug:slug>/<str:archive>", views.LeaderboardZipView.as_view(),
         name="leaderboard-zip"),
    path("kaggle/submissions/<uuid:submission_id>/<str:filename>", views.SubmissionFileView.as_view(),
         name="submission-file"),
    # kaggle 1.6.x
    path("competitions/list", legacy.ListCompetitions.as_view()),
    path("competitions/data/list/<uslug:slug>", legacy.ListDataFiles.as_view()),
    path("competitions/data/download-all/<uslug:slug>", legacy.DownloadAllDataFiles.as_view()),
    path("competitions/data/download/<uslug:slug>/<path:name>", legacy.DownloadDataFile.as_view()),
    path("competitions/<uslug:slug>/submissions/url/<int:content_length>/<int:last_modified>",
         legacy.StartUpload.as_view()),
    path("competitions/submissions/submit/<uslug:slug>", legacy.Submit.as_view()),
    path("competitions/submissions/list/<uslug:slug>", legacy.ListSubmissions.as_view()),
    path("competitions/<uslug:slug>/leaderboard/view", legacy.ViewLeaderboard.as_view()),
    path("competitions/<uslug:slug>/leaderboard/download", legacy.DownloadLeaderboard.as_view()),
]
