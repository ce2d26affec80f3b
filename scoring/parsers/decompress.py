"""Turn uploaded bytes into text: gzip or single-file zip unpacking under a size cap, then UTF-8 decoding.

Compressed input is recognised by its magic bytes, never by the file name, and is inflated in chunks so a
compression bomb is rejected as soon as its output passes the cap.
"""

import io
import zipfile
import zlib
from scoring.errors import FormatError, SubmissionFormatError
from scoring.messages import part

# The default of PODIUM_SUBMISSION_MAX_BYTES, so that a file the upload accepts is never refused unpacked
MAX_BYTES = 100 * 1024 * 1024
CHUNK_BYTES = 1024 * 1024
GZIP_MAGIC = b"\x1f\x8b"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
UNSUPPORTED_MAGICS = {
    b"BZh": "bzip2",
    b"\xfd7zXZ\x00": "xz",
    b"7z\xbc\xaf\x27\x1c": "7z",
    b"Rar!": "rar",
    b"(\xb5/\xfd": "zstd",
}
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
BOM = "\ufeff"
SPREADSHEET_SUFFIXES = (".xlsx", ".xls", ".ods", ".parquet", ".feather", ".pkl")


def read_text(
    *, data: bytes, filename: str = "", max_bytes: int = MAX_BYTES, error: type[FormatError] = SubmissionFormatError
) -> str:
    """Unpack and decode an uploaded file.

    Args:
      data: The bytes as uploaded.
      filename: The uploaded name, used only to word hints.
      max_bytes: Cap on both the uploaded and the decompressed size.
      error: The error class to raise (submission or solution).
    Returns:
      The text without a UTF-8 byte-order mark.
    Raises:
      FormatError: (of class ``error``) for oversized, compressed-wrongly, binary, non-UTF-8 or empty files.
    """
    text = decode_text(data=unpack(data=data, max_bytes=max_bytes, error=error), filename=filename, error=error)
    if not text or text.isspace():
        raise error("file.empty")
    return text


def unpack(*, data: bytes, max_bytes: int, error: type[FormatError]) -> bytes:
    _check_size(len(data), max_bytes, error)
    if data.startswith(GZIP_MAGIC):
        return _not_nested(_gunzip(data=data, max_bytes=max_bytes, error=error), outer="gzip", error=error)
    if data.startswith(ZIP_MAGICS):
        return _not_nested(_unzip(data=data, max_bytes=max_bytes, error=error), outer="zip", error=error)
    if name := _archive_kind(data):
        raise error("archive.unsupported", kind=name)
    return data


def _archive_kind(data: bytes) -> str | None:
    return next((name for magic, name in UNSUPPORTED_MAGICS.items() if data.startswith(magic)), None)


def _not_nested(data: bytes, *, outer: str, error: type[FormatError]) -> bytes:
    """Refuse an archive inside the archive by name (it would otherwise read as "binary, not text")."""
    inner = "gzip" if data.startswith(GZIP_MAGIC) else "zip" if data.startswith(ZIP_MAGICS) else _archive_kind(data)
    if inner:
        raise error("archive.nested", outer=outer, inner=inner)
    return data


def decode_text(*, data: bytes, filename: str = "", error: type[FormatError]) -> str:
    if data.startswith(UTF16_BOMS):
        raise error("text.utf16")
    nul = data.find(b"\x00")
    if nul >= 0:
        line, column = _position(data, nul)
        raise _with_hint(error("text.binary", line=line, column=column), filename)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _position(data, exc.start)
        invalid = error("text.not_utf8", line=line, byte=f"{data[exc.start]:02x}", column=column)
        raise _with_hint(invalid, filename) from None
    text = text.removeprefix(BOM)
    if text.startswith(BOM):
        raise error("text.double_bom", line=1)
    return text


def _position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and character (not byte) column of byte ``offset``."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return data.count(b"\n", 0, offset) + 1, column


def _with_hint(error: FormatError, filename: str) -> FormatError:
    if filename.lower().endswith(SPREADSHEET_SUFFIXES):
        error.add("hint.spreadsheet")
    return error


def _check_size(size: int, max_bytes: int, error: type[FormatError], *, unpacked: bool = False) -> None:
    if size > max_bytes:
        raise error("file.unpacked_too_large" if unpacked else "file.too_large", limit=_human(max_bytes))


def _human(size: int) -> dict:
    if size >= 1024**2:
        return part("size.mib", count=f"{size / 1024**2:g}")
    return part("size.bytes", count=f"{size:,}")


def _gunzip(*, data: bytes, max_bytes: int, error: type[FormatError]) -> bytes:
    """Inflate every gzip member, CHUNK_BYTES at a time, stopping at the cap."""
    out = bytearray()
    try:
        while data:
            inflater = zlib.decompressobj(wbits=31)
            while not inflater.eof:
                chunk = inflater.decompress(data, CHUNK_BYTES)
                data = inflater.unconsumed_tail
                if not chunk and not data:
                    raise error("gzip.truncated")
                out += chunk
                _check_size(len(out), max_bytes, error, unpacked=True)
            data = inflater.unused_data
    except zlib.error as exc:
        raise error("gzip.corrupt", reason=str(exc)) from None
    return bytes(out)


def _unzip(*, data: bytes, max_bytes: int, error: type[FormatError]) -> bytes:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entry = _single_entry(archive, error)
        _check_size(entry.file_size, max_bytes, error, unpacked=True)
        return _read_capped(archive, entry, max_bytes, error)
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise error("zip.corrupt", reason=str(exc)) from None
    except (NotImplementedError, RuntimeError) as exc:  # unsupported compression method, encryption
        raise error("zip.unreadable", reason=str(exc)) from None


def _single_entry(archive: zipfile.ZipFile, error: type[FormatError]) -> zipfile.ZipInfo:
    entries = archive.infolist()
    if len(entries) != 1 or entries[0].is_dir():
        names = ", ".join(entry.filename for entry in entries[:5])
        if not entries:
            raise error("zip.empty")
        if len(entries) > 5:
            raise error("zip.not_one_file_more", names=names, more=f"{len(entries) - 5:,}")
        raise error("zip.not_one_file", names=names)
    return entries[0]


def _read_capped(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, max_bytes: int, error: type[FormatError]) -> bytes:
    out = bytearray()
    with archive.open(entry) as member:
        while chunk := member.read(CHUNK_BYTES):
            out += chunk
            _check_size(len(out), max_bytes, error, unpacked=True)
    return bytes(out)
