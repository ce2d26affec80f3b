"""Uploads through a capability URL, in one PUT or several (resumable): each part is streamed to storage as it
arrives, so the assembled file never has to fit one request or the web worker's memory, and any storage backend
(local or S3) works. A slot lives until its file becomes a submission (accepted or refused: its bytes are deleted
either way) or until it expires unused."""

from datetime import timedelta

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Competition, UploadSlot
from ..stored_files import stored_read
from .submissions import DailyLimitReached, can_submit_check, team_quota
from .teams import team_of


class UploadError(ValueError):
    pass


def _folder(slot: UploadSlot) -> str:
    return f"uploads/{slot.token}"


def _part_name(slot: UploadSlot, offset: int) -> str:
    return f"{_folder(slot)}/{offset:015d}"


def upload_open(*, competition: Competition, user, filename: str, content_length: int) -> UploadSlot:
    """A slot for a file the team may submit now: nothing is stored for an upload that would be refused anyway."""
    team = team_of(competition=competition, user=user)
    can_submit_check(competition=competition, team=team, now=timezone.now())
    quota = team_quota(team=team, competition=competition)
    if quota.used >= quota.allowed:
        raise DailyLimitReached(quota)
    if content_length > settings.PODIUM_SUBMISSION_MAX_BYTES:
        raise UploadError(_("The file is %(size)s bytes; the limit is %(limit)s bytes (compress it with gzip or zip).")
                          % {"size": f"{content_length:,}", "limit": f"{settings.PODIUM_SUBMISSION_MAX_BYTES:,}"})
    return UploadSlot.objects.create(competition=competition, user=user, filename=filename[:255] or "submission",
                                     content_length=max(0, content_length))


class _Capped:
    """A file-like view of the request body that yields exactly `length` bytes and no more."""

    # What storage backends ask of a file before reading it (django-storages' S3 upload checks `seekable()`, which
    # asks `closed`): a request body can be read once, forwards only, and is the server's to close.
    closed = False

    def __init__(self, stream, length: int):
        self.stream, self.left = stream, length

    def seekable(self) -> bool:
        return False

    def close(self) -> None:
        pass

    def read(self, size: int = -1) -> bytes:
        size = self.left if size is None or size < 0 else min(size, self.left)
        data = self.stream.read(size) if size else b""
        self.left -= len(data)
        return data


def upload_write(*, slot: UploadSlot, offset: int, stream, length: int) -> int:
    """Streams the `length` bytes that start at `offset` into storage; returns how many bytes the slot now holds.

    The length is checked against what the slot announced before a byte is read, so an upload can never grow past
    the submission cap. A body shorter than announced (a dropped connection) stores nothing.
    """
    with transaction.atomic():
        slot = UploadSlot.objects.select_for_update().get(pk=slot.pk)
        if offset != slot.received:
            raise UploadError(_("Expected the bytes from offset %(expected)d, got offset %(offset)d.")
                              % {"expected": slot.received, "offset": offset})
        if slot.received + length > slot.content_length:
            raise UploadError(_("The upload is longer than the announced %(length)s bytes.")
                              % {"length": f"{slot.content_length:,}"})
        body = _Capped(stream, length)
        storage = UploadSlot.file.field.storage
        name = storage.save(_part_name(slot, offset), File(body, name="part"))
        if body.left:  # the client went away mid-body
            storage.delete(name)
            raise UploadError(_("The upload ended after %(received)s of %(length)s bytes; send it again.")
                              % {"received": f"{length - body.left:,}", "length": f"{length:,}"})
        UploadSlot.objects.filter(pk=slot.pk).update(received=F("received") + length)
    slot.refresh_from_db()
    return slot.received


def upload_read(*, token: str, user) -> tuple[UploadSlot, bytes]:
    """The complete upload behind a token, for the user who opened it. Reading consumes it: its stored bytes and
    its row are deleted, whatever becomes of the submission (the kaggle CLI opens a new slot for every submit)."""
    slot = UploadSlot.objects.filter(token=token, user=user).first()
    if slot is None:
        raise UploadError(_("Unknown upload token: start the upload again."))
    if not slot.is_complete:
        raise UploadError(_("The upload is incomplete: %(received)s of %(length)s bytes arrived.")
                          % {"received": f"{slot.received:,}", "length": f"{slot.content_length:,}"})
    storage = UploadSlot.file.field.storage
    chunks = [stored_read(storage, f"{_folder(slot)}/{part}") for part in sorted(_parts(storage, slot))]
    upload_discard(slot=slot)
    return slot, b"".join(chunks)


def upload_discard(*, slot: UploadSlot) -> None:
    storage = UploadSlot.file.field.storage
    for part in _parts(storage, slot):
        storage.delete(f"{_folder(slot)}/{part}")
    slot.delete()


def _parts(storage, slot: UploadSlot) -> list[str]:
    """The names of the slot's stored parts. Not `storage.exists(folder)`: S3 has no folders, only key prefixes,
    so it says a folder never exists; listing a prefix that holds nothing gives an empty list there instead."""
    try:
        return storage.listdir(_folder(slot))[1]
    except FileNotFoundError:  # the filesystem storage, before the first part made the folder
        return []


def uploads_expire(*, older_than: timedelta) -> int:
    """Deletes slots (and their bytes) that were opened but never turned into a submission."""
    expired = list(UploadSlot.objects.filter(created_at__lt=timezone.now() - older_than))
    for slot in expired:
        upload_discard(slot=slot)
    return len(expired)
