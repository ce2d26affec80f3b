from django.urls import path

from . import views

app_name = "discussions"
urlpatterns = [
    path("discussions/", views.site_forum, name="site_forum"),
    path("discussions/new/", views.site_topic_new, name="site_topic_new"),
    path("discussions/search/", views.search, name="search"),
    path("discussions/topics/<int:pk>/", views.topic_detail, name="topic"),
    path("discussions/topics/<int:pk>/reply/", views.topic_reply, name="topic_reply"),
    path("discussions/topics/<int:pk>/pin/", views.topic_pin, name="topic_pin"),
    path("discussions/posts/<int:pk>/edit/", views.post_edit, name="post_edit"),
    path("discussions/posts/<int:pk>/delete/", views.post_delete, name="post_delete"),
    path("discussions/posts/<int:pk>/vote/", views.post_vote, name="post_vote"),
    path("competitions/<uslug:slug>/discussion/", views.competition_forum, name="forum"),
    path("competitions/<uslug:slug>/discussion/new/", views.competition_topic_new, name="topic_new"),
    path("competitions/<uslug:slug>/code/", views.code_list, name="code_list"),
    path("competitions/<uslug:slug>/code/new/", views.code_new, name="code_new"),
    path("code/<int:pk>/", views.code_detail, name="code"),
    path("code/<int:pk>/download/", views.code_download, name="code_download"),
    path("code/<int:pk>/versions/", views.code_version_new, name="code_version_new"),
    path("code/<int:pk>/fork/", views.code_fork, name="code_fork"),
    path("code/<int:pk>/link-submission/", views.code_link_submission, name="code_link_submission"),
    path("code/<int:pk>/vote/", views.code_vote, name="code_vote"),
    path("code/<int:pk>/comments/", views.code_comment, name="code_comment"),
    path("users/<str:username>/", views.profile, name="profile"),
]
