from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from competitions.api import submissions as submission_api
from competitions.api import views as competition_api
from discussions.api import views as discussion_api

app_name = "api"
urlpatterns = [
    path("me/", competition_api.MeApi.as_view(), name="me"),
    path("competitions/", competition_api.CompetitionListApi.as_view(), name="competition-list"),
    path("competitions/<uslug:slug>/", competition_api.CompetitionDetailApi.as_view(), name="competition-detail"),
    path("competitions/<uslug:slug>/data/", competition_api.DataFileListApi.as_view(), name="data-list"),
    path("competitions/<uslug:slug>/data-archive/", competition_api.DataArchiveDownloadApi.as_view(),
         name="data-archive"),
    path("competitions/<uslug:slug>/data/<path:name>", competition_api.DataFileDownloadApi.as_view(),
         name="data-download"),
    path("competitions/<uslug:slug>/rules/accept/", competition_api.RulesAcceptApi.as_view(), name="rules-accept"),
    path("competitions/<uslug:slug>/submissions/", submission_api.SubmissionListCreateApi.as_view(),
         name="submission-list"),
    path("competitions/<uslug:slug>/quota/", submission_api.QuotaApi.as_view(), name="quota"),
    path("competitions/<uslug:slug>/leaderboard/", submission_api.LeaderboardApi.as_view(), name="leaderboard"),
    path("submissions/<uuid:submission_id>/", submission_api.SubmissionDetailApi.as_view(), name="submission-detail"),
    path("submissions/<uuid:submission_id>/select/", submission_api.SubmissionSelectApi.as_view(),
         name="submission-select"),
    path("competitions/<uslug:slug>/topics/", discussion_api.TopicListApi.as_view(), name="topic-list"),
    path("competitions/<uslug:slug>/code/", discussion_api.CodeListApi.as_view(), name="code-list"),
    path("discussions/topics/", discussion_api.TopicListApi.as_view(), name="site-topic-list"),
    path("topics/<int:pk>/", discussion_api.TopicDetailApi.as_view(), name="topic-detail"),
    path("code/<int:pk>/", discussion_api.CodeDetailApi.as_view(), name="code-detail"),
    path("search/", discussion_api.SearchApi.as_view(), name="search"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI and ReDoc come from drf-spectacular-sidecar (offline); the split view serves Swagger's init
    # script from ?script instead of inline.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
]
