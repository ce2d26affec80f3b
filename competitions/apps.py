from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class CompetitionsConfig(AppConfig):
    name = "competitions"
    verbose_name = _("Competitions")

    def ready(self):
        from django.urls import register_converter

        from .converters import UnicodeSlugConverter
        from .models import DataArchive, DataFile
        from .services.downloads import data_archive_deleted, data_file_changed

        register_converter(UnicodeSlugConverter, "uslug")  # before any URLconf is imported

        # A signal, not a call in each service: the admin's inline saves and deletes data files too, and every
        # change must end with the "Download all" zip of the new data version built or queued.
        post_save.connect(data_file_changed, sender=DataFile, dispatch_uid="data_file_saved")
        post_delete.connect(data_file_changed, sender=DataFile, dispatch_uid="data_file_deleted")
        post_delete.connect(data_archive_deleted, sender=DataArchive, dispatch_uid="data_archive_deleted")
