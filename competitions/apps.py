from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class CompetitionsConfig(AppConfig):
    name = "competitions"
    verbose_name = "Competitions"

    def ready(self):
        from .models import DataArchive, DataFile
        from .services.downloads import data_archive_deleted, data_file_changed

        # A signal, not a call in each service: the admin's inline saves and deletes data files too, and every
        # change must end with the "Download all" zip of the new data version built or queued.
        post_save.connect(data_file_changed, sender=DataFile, dispatch_uid="data_file_saved")
        post_delete.connect(data_file_changed, sender=DataFile, dispatch_uid="data_file_deleted")
        post_delete.connect(data_archive_deleted, sender=DataArchive, dispatch_uid="data_archive_deleted")
