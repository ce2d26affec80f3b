from django.apps import AppConfig


class DiscussionsConfig(AppConfig):
    name = "discussions"
    verbose_name = "Discussions"

    def ready(self):
        from .kaggle import register

        register()  # the kaggle CLI's `competitions topics` commands
