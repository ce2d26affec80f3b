from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .hosting import Competition, private_storage


def data_archive_path(instance: "DataArchive", filename: str) -> str:
    return f"competitions/{instance.competition.slug}/archives/{instance.version[:16]}.zip"


class DataArchive(models.Model):
    """Every data file of one data version of a competition, as one zip ("Download all").

    The version is a digest of the data files' names and contents, so adding, replacing or removing a file makes a
    new version; a worker builds its zip once, into the private storage, and the views stream it from there.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        BUILDING = "building", _("Building")
        READY = "ready", _("Ready")

    competition = models.ForeignKey(Competition, verbose_name=_("competition"), on_delete=models.CASCADE,
                                    related_name="data_archives")
    version = models.CharField(verbose_name=_("version"), max_length=64)
    status = models.CharField(verbose_name=_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    file = models.FileField(verbose_name=_("file"), upload_to=data_archive_path, storage=private_storage,
                            max_length=500, blank=True)
    size = models.BigIntegerField(verbose_name=_("size"), default=0)
    file_count = models.PositiveIntegerField(verbose_name=_("file count"), default=0)
    requested_at = models.DateTimeField(verbose_name=_("requested at"), default=timezone.now)
    claimed_at = models.DateTimeField(verbose_name=_("claimed at"), null=True, blank=True)
    built_at = models.DateTimeField(verbose_name=_("built at"), null=True, blank=True)

    class Meta:
        verbose_name = _("data archive")
        verbose_name_plural = _("data archives")
        constraints = [models.UniqueConstraint(fields=["competition", "version"], name="unique_data_archive_version")]

    def __str__(self) -> str:
        return _("Data of %(competition)s (%(version)s)") % {"competition": self.competition,
                                                            "version": self.version[:12]}

    @property
    def etag(self) -> str:
        return f'"{self.version}"'

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY
