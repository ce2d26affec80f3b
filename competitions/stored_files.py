"""Reading stored files without a local path: the web and worker machines share no disk, only the store.

On S3 a stored file is read with a (ranged) GET whose body is passed on as it arrives: django-storages' own
S3File would first download the whole object, into memory or a temporary file, before the first byte is sent. On
the filesystem storage (`make run`) the same calls open the file and seek.
"""

from contextlib import closing

from django.conf import settings
from django.http import FileResponse, HttpResponseRedirect
from django.utils.http import content_disposition_header

try:
    from storages.backends.s3 import S3Storage
    from storages.utils import clean_name
except ImportError:  # django-storages is in requirements/base.txt; this only keeps a stripped install importable
    S3Storage = None


def is_s3(storage) -> bool:
    return S3Storage is not None and isinstance(storage, S3Storage)


def stored_stream(storage, name: str, *, start: int = 0):
    """A readable stream of the stored file `name` from byte `start`, to be closed by the caller."""
    if is_s3(storage):
        # The same key S3Storage itself computes (location prefix, cleaned name).
        s3_object = storage.bucket.Object(storage._normalize_name(clean_name(name)))
        return s3_object.get(**({"Range": f"bytes={start}-"} if start else {}))["Body"]
    handle = storage.open(name, "rb")
    handle.seek(start)
    return handle


def stored_read(storage, name: str) -> bytes:
    """The whole stored file, for files small enough to hold (submissions, solutions, upload parts)."""
    with closing(stored_stream(storage, name)) as stream:
        return stream.read()


def presigned_download(storage, name: str, *, filename: str) -> HttpResponseRedirect | None:
    """A redirect to a presigned GET of the object, when the settings ask for them and the store is S3; the
    store then answers with the download's file name. None: the caller streams the file itself."""
    if not (settings.PODIUM_S3_PRESIGNED_DOWNLOADS and is_s3(storage)):
        return None
    disposition = content_disposition_header(as_attachment=True, filename=filename)
    url = storage.url(name, parameters={"ResponseContentDisposition": disposition},
                      expire=settings.PODIUM_S3_PRESIGNED_EXPIRY_SECONDS)
    response = HttpResponseRedirect(url)
    response["Cache-Control"] = "private, no-store"  # the URL is a credential until it expires
    return response


def stored_attachment(field_file, *, filename: str, start: int = 0):
    """The stored file as a download: a presigned redirect (setting) or streamed in chunks from the store."""
    redirect = presigned_download(field_file.storage, field_file.name, filename=filename)
    if redirect is not None:
        return redirect
    stream = stored_stream(field_file.storage, field_file.name, start=start)
    return FileResponse(stream, as_attachment=True, filename=filename)
