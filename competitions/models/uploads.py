import secrets

from django.conf import settings
from django.db import models

from .hosting import Competition, private_storage


def new_upload_token() -> str:
    return secrets.token_urlsafe(32)


def upload_path(instance: "UploadSlot", filename: str) -> str:
    return f"uploads/{instance.token}"


class UploadSlot(models.Model):
    """A capability URL for one file upload (the kaggle CLI's handshake): whoever holds the token may PUT the bytes,
    and only the user who opened the slot can turn them into a submission."""

    token = models.CharField(max_length=64, unique=True, default=new_upload_token)
    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    filename = models.CharField(max_length=255)
    content_length = models.BigIntegerField()
    received = models.BigIntegerField(default=0)
    file = models.FileField(upload_to=upload_path, storage=private_storage, max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Upload of {self.filename} by {self.user}"

    @property
    def is_complete(self) -> bool:
        return self.received >= self.content_length
