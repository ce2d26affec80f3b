"""Server-side rendering of shared code: Jupyter notebooks and scripts, to HTML that is safe to mark as such.

Every piece of user text is either escaped, highlighted by Pygments (which escapes every token), or passed through
competitions.rendering (markdown-it + nh3). Image outputs are the one exception to the sanitizer, which refuses
``data:`` URLs: only PNG and JPEG are shown, and only after their base64 payload decodes strictly and starts with
the format's magic bytes; the ``<img>`` tag is then built here from the re-encoded bytes. ``text/html``,
``image/svg+xml``, ``application/javascript`` and every other rich output are never rendered as HTML.
"""

import base64
import binascii
import json
import re
import warnings
from dataclasses import dataclass
from html import escape
from pathlib import PurePosixPath

import nbformat
from django.utils.translation import gettext as _
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import PythonLexer, TextLexer, get_lexer_by_name, get_lexer_for_filename
from pygments.util import ClassNotFound

from competitions.rendering import render_markdown

MAX_CODE_BYTES = 5 * 1024 * 1024
MAX_IMAGE_BYTES = 2 * 1024 * 1024
MAX_OUTPUT_CHARS = 100_000
SCRIPT_EXTENSIONS = {".py", ".r", ".jl", ".sql", ".sh", ".txt"}
NOTEBOOK_EXTENSION = ".ipynb"
IMAGE_MAGIC = {"image/png": b"\x89PNG\r\n\x1a\n", "image/jpeg": b"\xff\xd8\xff"}
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
_BASE64 = re.compile(r"[A-Za-z0-9+/]+={0,2}")


class CodeFormatError(ValueError):
    """The uploaded file cannot be shown; the message says why, for the person who uploaded it."""


@dataclass(frozen=True)
class RenderedCode:
    kind: str  # "notebook" or "script"
    html: str
    text: str  # source and markdown, for search


def code_kind_for(filename: str) -> str:
    suffix = PurePosixPath(filename).suffix.lower()
    if suffix == NOTEBOOK_EXTENSION:
        return "notebook"
    if suffix in SCRIPT_EXTENSIONS:
        return "script"
    allowed = ", ".join(sorted({NOTEBOOK_EXTENSION, *SCRIPT_EXTENSIONS}))
    raise CodeFormatError(f"'{filename}' is not a notebook or a script: upload one of {allowed}.")


def render_code(*, filename: str, content: bytes) -> RenderedCode:
    if len(content) > MAX_CODE_BYTES:
        raise CodeFormatError(_("The file is {size:,} bytes; the limit is {limit:,}.").format(
            size=len(content), limit=MAX_CODE_BYTES))
    if not content.strip():
        raise CodeFormatError(_("The file is empty."))
    kind = code_kind_for(filename)
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as error:
        raise CodeFormatError(
            _("The file is not UTF-8 text (byte {position} is invalid).").format(position=error.start)) from error
    if kind == "notebook":
        rendered = _render_notebook(text)
    else:
        rendered = RenderedCode(kind="script", html=_highlight(text, _lexer_for_filename(filename)), text=text)
    # PostgreSQL text cannot hold NUL (a notebook's JSON may still spell one as \u0000); no code needs it.
    return RenderedCode(kind=rendered.kind, html=rendered.html.replace("\x00", ""),
                        text=rendered.text.replace("\x00", ""))


def _lexer_for_filename(filename: str):
    try:
        return get_lexer_for_filename(filename, stripnl=False)
    except ClassNotFound:
        return TextLexer(stripnl=False)


def _highlight(source: str, lexer) -> str:
    # Pygments escapes every token it writes; its markup is spans with class names only.
    return highlight(source, lexer, HtmlFormatter(cssclass="highlight", wrapcode=True))


def _read_notebook(text: str):
    with warnings.catch_warnings():
        # nbformat warns about missing cell ids and old minor versions; those notebooks are still fine.
        warnings.simplefilter("ignore")
        try:
            data = json.loads(text)
            if not isinstance(data, dict) or not isinstance(data.get("nbformat"), int):
                raise CodeFormatError(_("This file is not a Jupyter notebook: it has no 'nbformat' version."))
            notebook = nbformat.reads(text, as_version=4)
            nbformat.validate(notebook)
        except json.JSONDecodeError as error:
            raise CodeFormatError(_("The notebook is not valid JSON: {reason} (line {line}).").format(
                reason=error.msg, line=error.lineno)) from error
        except nbformat.ValidationError as error:
            raise CodeFormatError(
                _("The notebook does not follow the Jupyter format: {reason}").format(reason=error.message)) from error
        except RecursionError as error:
            raise CodeFormatError(_("The notebook is nested too deeply to read.")) from error
        except (nbformat.reader.NotJSONError, AttributeError, KeyError, TypeError, ValueError) as error:
            raise CodeFormatError(_("This file is not a Jupyter notebook ({reason}).").format(reason=error)) from error
    return notebook


def _notebook_lexer(notebook):
    name = (notebook.metadata.get("language_info") or {}).get("name") or \
        (notebook.metadata.get("kernelspec") or {}).get("language") or "python"
    try:
        return get_lexer_by_name(str(name), stripnl=False)
    except ClassNotFound:
        return PythonLexer(stripnl=False)


def _render_notebook(text: str) -> RenderedCode:
    notebook = _read_notebook(text)
    lexer = _notebook_lexer(notebook)
    parts, texts = [], []
    for cell in notebook.cells:
        source = cell.get("source", "")
        texts.append(source)
        if cell.cell_type == "markdown":
            parts.append(f'<div class="nb-cell nb-markdown prose">{render_markdown(source)}</div>')
        elif cell.cell_type == "code":
            count = cell.get("execution_count")
            prompt = f"[{count}]" if isinstance(count, int) else "[ ]"
            outputs = "".join(_render_output(output) for output in cell.get("outputs", []))
            parts.append(
                f'<div class="nb-cell nb-code"><div class="nb-prompt">In {escape(prompt)}:</div>'
                f'<div class="nb-input">{_highlight(source, lexer)}</div>'
                f'{f"<div class=nb-outputs>{outputs}</div>" if outputs else ""}</div>'
            )
        else:  # raw cells are shown as text, never as HTML
            parts.append(f'<div class="nb-cell nb-raw"><pre>{escape(source)}</pre></div>')
    return RenderedCode(kind="notebook", html=f'<div class="notebook">{"".join(parts)}</div>', text="\n\n".join(texts))


def _text_block(value, css: str) -> str:
    if isinstance(value, list):
        value = "".join(str(part) for part in value)
    value = _ANSI.sub("", str(value))
    if len(value) > MAX_OUTPUT_CHARS:
        value = value[:MAX_OUTPUT_CHARS] + "\n… (output truncated)"
    return f'<pre class="{css}">{escape(value)}</pre>'


def _render_output(output) -> str:
    output_type = output.get("output_type")
    if output_type == "stream":
        css = "nb-stderr" if output.get("name") == "stderr" else "nb-stdout"
        return _text_block(output.get("text", ""), css)
    if output_type == "error":
        traceback = output.get("traceback") or [f"{output.get('ename', '')}: {output.get('evalue', '')}"]
        return _text_block("\n".join(str(line) for line in traceback), "nb-error")
    if output_type in ("execute_result", "display_data"):
        return _render_rich(output.get("data") or {})
    return ""


def _render_rich(data: dict) -> str:
    for mime in ("image/png", "image/jpeg"):
        if mime in data:
            image = image_data_uri(mime=mime, payload=data[mime])
            if image:
                return f'<img class="nb-image" src="{image}" alt="Cell output image">'
    if "text/markdown" in data:
        markdown = data["text/markdown"]
        markdown = "".join(markdown) if isinstance(markdown, list) else str(markdown)
        return f'<div class="nb-markdown prose">{render_markdown(markdown)}</div>'
    if "text/plain" in data:
        return _text_block(data["text/plain"], "nb-result")
    if data:
        kinds = ", ".join(sorted(escape(str(mime)) for mime in data))
        return f'<p class="nb-omitted muted">Output not shown ({kinds}): Podium never renders HTML or scripts.</p>'
    return ""


def image_data_uri(*, mime: str, payload) -> str | None:
    """A data: URI for a PNG or JPEG output, or None when the payload is anything else."""
    if mime not in IMAGE_MAGIC:
        return None
    if isinstance(payload, list):
        payload = "".join(str(part) for part in payload)
    if not isinstance(payload, str):
        return None
    compact = re.sub(r"\s+", "", payload)
    if not compact or len(compact) > MAX_IMAGE_BYTES * 4 // 3 + 4 or not _BASE64.fullmatch(compact):
        return None
    try:
        raw = base64.b64decode(compact, validate=True)
    except (binascii.Error, ValueError):
        return None
    if not raw.startswith(IMAGE_MAGIC[mime]):
        return None
    return f"data:{mime};base64,{base64.b64encode(raw).decode('ascii')}"
