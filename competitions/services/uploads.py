"""Uploads through a capability URL, in one PUT or several (resumable): each part is stored as it arrives, so the
assembled file never has to fit one request, and any storage backend (local or S3) works."""

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F

from ..models import Competition, UploadSlot
from .submissions import SubmissionRefused
from .teams import team_of


class UploadError(ValueError):
    pass


def _part_name(slot: UploadSlot, offset: int) -> str:
    return f"uploads/{slot.token}/{offset:015d}"


def upload_open(*, competition: Competition, user, filename: str, content_length: int) -> UploadSlot:
    if team_of(competition=competition, user=user) is None:
        raise SubmissionRefused("Join the competition (accept its rules) before submitting.")
    if content_length > settings.PODIUM_SUBMISSION_MAX_BYTES:
        raise UploadError(f"The file is {content_length:,} bytes; the limit is "
                          f"{settings.PODIUM_SUBMISSION_MAX_BYTES:,} bytes (compress it with gzip or zip).")
    return UploadSlot.objects.create(competition=competition, user=user, filename=filename[:255] or "submission",
                                     content_length=max(0, content_length))


def upload_write(*, slot: UploadSlot, offset: int, data: bytes) -> int:
    """Stores the bytes that start at `offset`; returns how many bytes the slot now holds."""
    with transaction.atomic():
        slot = UploadSlot.objects.select_for_update().get(pk=slot.pk)
        if offset != slot.received:
            raise UploadError(f"Expected the bytes from offset {slot.received}, got offset {offset}.")
        if slot.received + len(data) > slot.content_length:
            raise UploadError(f"The upload is longer than the announced {slot.content_length:,} bytes.")
        storage = UploadSlot.file.field.storage
        storage.save(_part_name(slot, offset), ContentFile(data))
        UploadSlot.objects.filter(pk=slot.pk).update(received=F("received") + len(data))
    slot.refresh_from_db()
    return slot.received


def upload_read(*, token: str, user) -> tuple[UploadSlot, bytes]:
    """The complete upload behind a token, for the user who opened it."""
    slot = UploadSlot.objects.filter(token=token, user=user).first()
    if slot is None:
        raise UploadError("Unknown upload token: start the upload again.")
    if not slot.is_complete:
        raise UploadError(f"The upload is incomplete: {slot.received:,} of {slot.content_length:,} bytes arrived.")
    storage = UploadSlot.file.field.storage
    _, parts = storage.listdir(f"uploads/{slot.token}")
    chunks = []
    for part in sorted(parts):
        with storage.open(f"uploads/{slot.token}/{part}", "rb") as handle:
            chunks.append(handle.read())
    return slot, b"".join(chunks)
