"""Download all: one zip of a competition's data files per data version, built once by a worker.

The version is a digest of the data files' names and contents, read from their rows, so every way the data can
change (the services, a bundle, the admin's inline) makes a new version without anyone having to bump it. A
change queues a build when its transaction commits; views only ever stream a finished zip from the private storage.
"""

import hashlib
import logging
import shutil
import tempfile
import zipfile
from contextlib import closing
from datetime import timedelta
from pathlib import PurePosixPath

from django.core.files import File
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from ..models import Competition, DataFile
from ..models.downloads import DataArchive
from ..stored_files import stored_stream

logger = logging.getLogger(__name__)

# The build task's hard limit; a claim older than this belongs to a dead worker, a request older than this to a
# lost message. Zipping is disk-bound, so a large competition needs far longer than a scoring task.
ARCHIVE_TIME_LIMIT = 60 * 60
# Formats that are compressed already are stored as they are: deflating them again costs CPU and saves nothing.
STORED_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".gif", ".webp", ".zip", ".gz", ".bz2", ".xz", ".zst", ".7z",
                             ".npz", ".parquet", ".mp3", ".mp4"})
# Fixed timestamps, so that one data version always zips to the same bytes.
ZIP_DATE_TIME = (1980, 1, 1, 0, 0, 0)
COPY_CHUNK = 1024 * 1024


def data_version(*, competition: Competition) -> str:
    """The digest of the data files as they are now; "" when the competition has none."""
    rows = sorted(competition.data_files.values_list("name", "sha256", "size", "file"))
    if not rows:
        return ""
    digest = hashlib.sha256()
    for row in rows:
        digest.update("\0".join(str(value) for value in row).encode() + b"\n")
    return digest.hexdigest()


def data_archive_current(*, competition: Competition) -> DataArchive | None:
    """The archive row of the current data version (ready or still being built); None when never requested."""
    version = data_version(competition=competition)
    return DataArchive.objects.filter(competition=competition, version=version).first() if version else None


def data_archive_request(*, competition: Competition, publish: bool = True) -> DataArchive | None:
    """Makes sure the zip of the current data version is built or on its way; returns its row (None: no data).

    Cheap when the zip exists, so views may call it: a competition whose data predates this feature, or whose
    request was lost with a broker, gets its zip this way. A request older than the build's time limit that has
    not finished is published again. With publish=False the caller builds it itself (the management command).
    """
    version = data_version(competition=competition)
    if not version:
        return None
    archive, created = DataArchive.objects.get_or_create(competition=competition, version=version)
    if publish and (created or _republish_if_lost(archive)):
        transaction.on_commit(lambda: data_archive_publish(archive_id=archive.pk))
    return archive


def _republish_if_lost(archive: DataArchive) -> bool:
    if archive.is_ready:
        return False
    lost_before = timezone.now() - timedelta(seconds=ARCHIVE_TIME_LIMIT)
    return DataArchive.objects.filter(pk=archive.pk, requested_at__lt=lost_before).exclude(
        status=DataArchive.Status.READY).update(requested_at=timezone.now()) == 1


def data_archive_publish(*, archive_id: int) -> bool:
    """Sends the build task to the broker; never raises (the next request publishes again). True when sent."""
    from django.conf import settings

    from ..tasks import task_build_data_archive  # the task module imports this one

    try:
        task_build_data_archive.apply_async((archive_id,), retry_policy=settings.PODIUM_PUBLISH_RETRY_POLICY)
    except Exception:  # kombu's OperationalError, redis/amqp socket errors: the broker is unreachable
        logger.warning("Data archive %s: the broker is unreachable; the next request publishes it again.",
                       archive_id, exc_info=True)
        # Dated back past the limit, so that the next visit of the Data tab counts it as lost and publishes again.
        DataArchive.objects.filter(pk=archive_id).update(
            requested_at=timezone.now() - timedelta(seconds=ARCHIVE_TIME_LIMIT + 1))
        return False
    return True


class _RequestOnCommit:
    """An on-commit callback that knows its competition, so that a transaction adding 600 files queues one build."""

    def __init__(self, competition_id: int):
        self.competition_id = competition_id

    def __call__(self) -> None:
        competition = Competition.objects.filter(pk=self.competition_id).first()
        if competition is not None:  # None: the competition itself was deleted
            data_archive_request(competition=competition)


def data_archive_schedule(*, competition_id: int) -> None:
    """Requests a new zip once the current transaction commits (at once outside a transaction)."""
    # Django keeps the pending callbacks of the open transaction here, and drops them on rollback; looking at
    # them (rather than at a set of our own) keeps a rolled-back change from suppressing the next one.
    pending = getattr(connection, "run_on_commit", [])
    if any(getattr(entry[1], "competition_id", None) == competition_id for entry in pending):
        return
    transaction.on_commit(_RequestOnCommit(competition_id))


def data_archive_claim(*, archive_id: int) -> DataArchive | None:
    """Moves a queued (or abandoned) build to building; None when it is built or another worker has it."""
    now = timezone.now()
    abandoned = Q(status=DataArchive.Status.BUILDING, claimed_at__lt=now - timedelta(seconds=ARCHIVE_TIME_LIMIT))
    claimed = DataArchive.objects.filter(Q(status=DataArchive.Status.QUEUED) | abandoned, pk=archive_id).update(
        status=DataArchive.Status.BUILDING, claimed_at=now)
    return DataArchive.objects.select_related("competition").get(pk=archive_id) if claimed else None


def data_archive_build(*, archive_id: int) -> bool:
    """Zips the data files of the archive's version into the private storage. False when there was nothing to do
    (built already, claimed by another worker, or the data changed since: the change requested its own zip)."""
    archive = data_archive_claim(archive_id=archive_id)
    if archive is None:
        return False
    competition = archive.competition
    files = list(competition.data_files.order_by("name"))
    if data_version(competition=competition) != archive.version:
        archive.delete()
        return False
    with tempfile.TemporaryFile() as spool:  # on disk, never in memory: data can be gigabytes
        data_zip_write(target=spool, files=files)
        size = spool.tell()
        spool.seek(0)
        archive.file.save(f"{archive.version[:16]}.zip", File(spool), save=False)
    if data_version(competition=competition) != archive.version:  # a file was replaced while it was being read
        _archive_discard(archive)
        return False
    archive.status, archive.size, archive.file_count = DataArchive.Status.READY, size, len(files)
    archive.built_at = timezone.now()
    archive.save(update_fields=["file", "status", "size", "file_count", "built_at"])
    for old in competition.data_archives.exclude(version=archive.version):
        _archive_discard(old)
    logger.info("Data archive of %s built: %s files, %s bytes.", competition.slug, len(files), size)
    return True


def _archive_discard(archive: DataArchive) -> None:
    archive.delete()  # its file goes with it (data_archive_deleted)


def data_zip_write(*, target, files: list[DataFile]) -> None:
    """Writes the files into a zip under their data names, copying each in chunks (never whole in memory)."""
    with zipfile.ZipFile(target, "w", allowZip64=True) as bundle:
        for data_file in files:
            info = zipfile.ZipInfo(data_file.name, date_time=ZIP_DATE_TIME)
            stored = PurePosixPath(data_file.name).suffix.lower() in STORED_SUFFIXES
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.file_size = data_file.size  # lets zipfile choose ZIP64 up front for files past 2 GiB
            source = stored_stream(data_file.file.storage, data_file.file.name)  # S3: the GET's body, as it comes
            with closing(source), bundle.open(info, "w") as out:
                shutil.copyfileobj(source, out, COPY_CHUNK)


def data_file_changed(sender, instance: DataFile, **kwargs) -> None:
    """post_save / post_delete of a data file (connected in apps.py)."""
    if not kwargs.get("raw"):  # loaddata: fixtures are not a data change
        data_archive_schedule(competition_id=instance.competition_id)


def data_archive_deleted(sender, instance: DataArchive, **kwargs) -> None:
    """post_delete of an archive, also through its competition's cascade: its zip leaves the storage on commit."""
    name, storage = instance.file.name, instance.file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))
