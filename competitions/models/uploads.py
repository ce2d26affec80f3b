import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .hosting import Competition, private_storage


def new_upload_token() -> str:
    return secrets.token_urlsafe(32)


def upload_path(instance: "UploadSlot", filename: str) -> str:
    return f"uploads/{instance.token}"


class UploadSlot(models.Model):
    """A capability URL for one file upload (the kaggle CLI's handshake): whoever holds the token may PUT the bytes,
    and only the user who opened the slot can turn them into a submission."""

    token = models.CharField(verbose_name=_("token"), max_length=64, unique=True, default=new_upload_token)
    competition = models.ForeignKey(Competition, verbose_name=_("competition"), on_delete=models.CASCADE,
                                    related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                             related_name="+")
    filename = models.CharField(verbose_name=_("filename"), max_length=255)
    content_length = models.BigIntegerField(verbose_name=_("content length"))
    received = models.BigIntegerField(verbose_name=_("received"), default=0)
    file = models.FileField(verbose_name=_("file"), upload_to=upload_path, storage=private_storage, max_length=500,
                            blank=True)
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("upload slot")
        verbose_name_plural = _("upload slots")

    def __str__(self) -> str:
        return _("Upload of %(file)s by %(user)s") % {"file": self.filename, "user": self.user}

    @property
    def is_complete(self) -> bool:
        return self.received >= self.content_length
