"""Turn uploaded bytes into text: gzip or single-file zip unpacking under a size cap, then UTF-8 decoding.

Compressed input is recognised by its magic bytes, never by the file name, and is inflated in chunks so a
compression bomb is rejected as soon as its output passes the cap.
"""

import io
import zipfile
import zlib
from gettext import gettext as _

from scoring.errors import FormatError, SubmissionFormatError

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
        raise error("The file is empty.")
    return text


def unpack(*, data: bytes, max_bytes: int, error: type[FormatError]) -> bytes:
    _check_size(len(data), max_bytes, error)
    if data.startswith(GZIP_MAGIC):
        return _not_nested(_gunzip(data=data, max_bytes=max_bytes, error=error), outer="gzip", error=error)
    if data.startswith(ZIP_MAGICS):
        return _not_nested(_unzip(data=data, max_bytes=max_bytes, error=error), outer="zip", error=error)
    if name := _archive_kind(data):
        raise error(f"{name} archives are not supported: upload the plain file, a .gz, or a .zip holding one file.")
    return data


def _archive_kind(data: bytes) -> str | None:
    return next((name for magic, name in UNSUPPORTED_MAGICS.items() if data.startswith(magic)), None)


def _not_nested(data: bytes, *, outer: str, error: type[FormatError]) -> bytes:
    """Refuse an archive inside the archive by name (it would otherwise read as "binary, not text")."""
    inner = "gzip" if data.startswith(GZIP_MAGIC) else "zip" if data.startswith(ZIP_MAGICS) else _archive_kind(data)
    if inner:
        raise error(
            _("The {outer} file holds a {inner} file instead of text: compress the plain file once.").format(
                outer=outer, inner=inner
            )
        )
    return data


def decode_text(*, data: bytes, filename: str = "", error: type[FormatError]) -> str:
    if data.startswith(UTF16_BOMS):
        raise error("The file is UTF-16 text; save it as UTF-8.")
    nul = data.find(b"\x00")
    if nul >= 0:
        line, column = _position(data, nul)
        message = _("Line {line}: the file is binary, not text (a NUL byte at character {column} of the line).")
        raise error(message.format(line=line, column=column) + _format_hint(filename), line=line)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _position(data, exc.start)
        message = _("Line {line}: the file is not UTF-8 text (invalid byte 0x{byte:02x} at character {column} of "
                    "the line). Save it as UTF-8.")
        raise error(message.format(line=line, byte=data[exc.start], column=column) + _format_hint(filename),
                    line=line) from None
    text = text.removeprefix(BOM)
    if text.startswith(BOM):
        raise error(_("The file starts with two byte-order marks (U+FEFF, invisible in most editors), so its header "
                      "does not read as the header: save it as UTF-8 once, with at most one."), line=1)
    return text


def _position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and character (not byte) column of byte ``offset``."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return data.count(b"\n", 0, offset) + 1, column


def _format_hint(filename: str) -> str:
    if filename.lower().endswith(SPREADSHEET_SUFFIXES):
        return " Spreadsheet and binary table formats are not accepted: export a CSV."
    return ""


def _check_size(size: int, max_bytes: int, error: type[FormatError], *, unpacked: bool = False) -> None:
    if size > max_bytes:
        what = "decompresses to" if unpacked else "is"
        raise error(f"The file {what} more than {_human(max_bytes)}, the size limit.")


def _human(size: int) -> str:
    return f"{size / 1024**2:g} MiB" if size >= 1024**2 else f"{size:,} bytes"


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
                    raise error("The gzip file is truncated.")
                out += chunk
                _check_size(len(out), max_bytes, error, unpacked=True)
            data = inflater.unused_data
    except zlib.error as exc:
        raise error(f"The gzip file is corrupt ({exc}).") from None
    return bytes(out)


def _unzip(*, data: bytes, max_bytes: int, error: type[FormatError]) -> bytes:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entry = _single_entry(archive, error)
        _check_size(entry.file_size, max_bytes, error, unpacked=True)
        return _read_capped(archive, entry, max_bytes, error)
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise error(f"The zip file is corrupt ({exc}).") from None
    except (NotImplementedError, RuntimeError) as exc:  # unsupported compression method, encryption
        raise error(f"The zip file cannot be read ({exc}).") from None


def _single_entry(archive: zipfile.ZipFile, error: type[FormatError]) -> zipfile.ZipInfo:
    entries = archive.infolist()
    if len(entries) != 1 or entries[0].is_dir():
        names = ", ".join(entry.filename for entry in entries[:5]) or "nothing"
        more = f" and {len(entries) - 5} more" if len(entries) > 5 else ""
        raise error(f"A zip upload must hold exactly one file and no folders; this one holds {names}{more}.")
    return entries[0]


def _read_capped(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, max_bytes: int, error: type[FormatError]) -> bytes:
    out = bytearray()
    with archive.open(entry) as member:
        while chunk := member.read(CHUNK_BYTES):
            out += chunk
            _check_size(len(out), max_bytes, error, unpacked=True)
    return bytes(out)
