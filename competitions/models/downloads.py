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

    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="data_archives")
    version = models.CharField(max_length=64)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    file = models.FileField(upload_to=data_archive_path, storage=private_storage, max_length=500, blank=True)
    size = models.BigIntegerField(default=0)
    file_count = models.PositiveIntegerField(default=0)
    requested_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    built_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["competition", "version"], name="unique_data_archive_version")]

    def __str__(self) -> str:
        return f"Data of {self.competition} ({self.version[:12]})"

    @property
    def etag(self) -> str:
        return f'"{self.version}"'

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY
