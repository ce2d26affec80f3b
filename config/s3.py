"""The STORAGES of an S3-compatible store (AWS S3, MinIO, Ceph...), shared by the settings and the S3 tests.

Two prefixes of one bucket: `media/` (data files: served only through the views that check rules acceptance) and
`private/` (solutions, submissions, upload parts, download-all zips: no view serves them at all). Every object is
written with the private ACL, so neither prefix is readable without a signature.
"""

# Past this size, django-storages spools an object it reads into a temporary file instead of memory; the
# download views stream straight from S3 and never go through it, but the scorer and admin reads do.
S3_MAX_MEMORY_SIZE = 8 * 1024 * 1024


def s3_storages(*, bucket: str, endpoint_url: str | None = None, access_key: str | None = None,
                secret_key: str | None = None, region: str | None = None, addressing_style: str | None = None,
                presigned_expiry: int = 300) -> dict:
    """`default` and `private` storages on one bucket. With an endpoint (MinIO, moto, Ceph) the bucket goes in the
    path unless told otherwise: those servers rarely have a wildcard DNS name per bucket."""
    options = {
        "bucket_name": bucket,
        "endpoint_url": endpoint_url or None,
        "access_key": access_key or None,
        "secret_key": secret_key or None,
        "region_name": region or None,
        "addressing_style": addressing_style or ("path" if endpoint_url else None),
        "signature_version": "s3v4",  # every region accepts it; v2 is refused by the regions opened since 2014
        "default_acl": "private",
        "querystring_auth": True,
        "querystring_expire": presigned_expiry,
        "file_overwrite": False,
        "max_memory_size": S3_MAX_MEMORY_SIZE,
    }
    backend = "storages.backends.s3.S3Storage"
    return {"default": {"BACKEND": backend, "OPTIONS": {**options, "location": "media"}},
            "private": {"BACKEND": backend, "OPTIONS": {**options, "location": "private"}}}
