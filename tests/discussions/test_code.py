import base64
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from discussions import selectors, services
from discussions.code_rendering import MAX_CODE_BYTES, CodeFormatError, image_data_uri, render_code
from discussions.models import CodeEntry

from .helpers import PNG_1X1, code_cell, display, markdown_cell, notebook_bytes, simple_notebook, stream

pytestmark = pytest.mark.django_db


def test_it_renders_a_notebook_with_highlighted_code_markdown_and_outputs():
    content = notebook_bytes([
        markdown_cell("## Features\n| a | b |\n|---|---|\n| 1 | 2 |"),
        code_cell("import numpy as np\nprint(np.pi)", stream("3.14 <b>\n"),
                  display({"image/png": base64.b64encode(PNG_1X1).decode(), "text/plain": "<Figure>"})),
    ])

    rendered = render_code(filename="eda.ipynb", content=content)

    assert rendered.kind == "notebook"
    assert "<h2>Features</h2>" in rendered.html and "<table>" in rendered.html
    assert '<span class="kn">import</span>' in rendered.html
    assert "3.14 &lt;b&gt;" in rendered.html
    assert f'src="data:image/png;base64,{base64.b64encode(PNG_1X1).decode()}"' in rendered.html
    assert "import numpy" in rendered.text


def test_it_never_renders_html_or_javascript_outputs():
    content = notebook_bytes([code_cell("x", display({
        "text/html": "<script>alert(1)</script><b>table</b>",
        "application/javascript": "alert(2)",
    }))])

    html = render_code(filename="x.ipynb", content=content).html

    assert "alert" not in html and "<b>table" not in html
    assert "Output not shown (application/javascript, text/html)" in html


def test_it_prefers_plain_text_over_html_outputs():
    result = {"output_type": "execute_result", "execution_count": 1, "metadata": {},
              "data": {"text/html": "<table onclick=x>", "text/plain": "   a\n0  1"}}
    content = notebook_bytes([code_cell("df", result)])

    html = render_code(filename="x.ipynb", content=content).html

    assert "   a\n0  1" in html and "<table" not in html


@pytest.mark.parametrize(("mime", "payload"), [
    ("image/png", "not base64 at all!"),
    ("image/png", base64.b64encode(b"GIF89a....").decode()),  # not a PNG
    ("image/png", base64.b64encode(PNG_1X1).decode() + '"><script>'),
    ("image/jpeg", base64.b64encode(PNG_1X1).decode()),  # the wrong magic for the type
    ("image/svg+xml", base64.b64encode(b"<svg onload=alert(1)>").decode()),
    ("image/png", 12345),
])
def test_it_refuses_image_payloads_that_are_not_what_they_claim(mime, payload):
    assert image_data_uri(mime=mime, payload=payload) is None


def test_it_accepts_line_wrapped_base64_images():
    encoded = base64.b64encode(PNG_1X1).decode()
    wrapped = [encoded[:20] + "\n", encoded[20:]]

    assert image_data_uri(mime="image/png", payload=wrapped) == f"data:image/png;base64,{encoded}"


def test_it_highlights_scripts_by_extension():
    rendered = render_code(filename="train.py", content=b"def train():\n    return '<script>'\n")

    assert rendered.kind == "script"
    assert '<span class="k">def</span>' in rendered.html
    assert "&lt;script&gt;" in rendered.html and "<script>" not in rendered.html


@pytest.mark.parametrize(("filename", "content", "message"), [
    ("nb.ipynb", b"{not json", "not valid JSON"),
    ("nb.ipynb", b'{"cells": "nope", "nbformat": 4, "nbformat_minor": 5, "metadata": {}}', "Jupyter format"),
    ("nb.ipynb", b'["a list"]', "not a Jupyter notebook"),
    ("nb.ipynb", b'{"nbformat": 99}', "not a Jupyter notebook"),
    ("nb.ipynb", b"[" * 100_000, "nested too deeply"),
    ("nb.ipynb", b"\xff\xfe\x00binary", "not UTF-8"),
    ("nb.ipynb", b"   ", "empty"),
    ("model.pkl", b"\x80\x04K\x01.", "not a notebook or a script"),
    ("big.py", b"#" * (MAX_CODE_BYTES + 1), "the limit is"),
])
def test_it_explains_why_a_file_cannot_be_shown(filename, content, message):
    with pytest.raises(CodeFormatError, match=message):
        render_code(filename=filename, content=content)


def test_it_reads_older_notebook_formats():
    v3 = {"nbformat": 3, "nbformat_minor": 0, "metadata": {}, "worksheets": [{"cells": [
        {"cell_type": "code", "input": "print(1)", "language": "python", "outputs": [], "metadata": {}}]}]}

    rendered = render_code(filename="old.ipynb", content=json.dumps(v3).encode())

    assert "print" in rendered.html


def test_it_stores_the_original_file_and_a_first_version(arena, alice):
    content = simple_notebook()

    entry = services.code_create(user=alice, competition=arena, title="Baseline", filename="../../etc/baseline.ipynb",
                                 content=content)

    version = selectors.code_version_get(entry=entry)
    assert entry.kind == "notebook" and entry.version_count == 1
    assert version.number == 1 and version.filename == "baseline.ipynb"
    assert version.file.name.startswith(f"code/{entry.pk}/v1/")
    with version.file.open("rb") as handle:
        assert handle.read() == content


def test_it_turns_a_malformed_upload_into_a_validation_error(arena, alice):
    with pytest.raises(ValidationError) as error:
        services.code_create(user=alice, competition=arena, title="Broken", filename="b.ipynb", content=b"{")

    assert "not valid JSON" in error.value.message_dict["file"][0]
    assert CodeEntry.objects.count() == 0


def test_it_adds_versions_and_keeps_old_ones_viewable(arena, alice):
    entry = services.code_create(user=alice, competition=arena, title="Baseline", filename="b.py",
                                 content=b"print(1)\n")

    services.code_version_add(user=alice, entry=entry, filename="b.py", content=b"print(2)\n", message="two")

    entry.refresh_from_db()
    assert entry.version_count == 2
    assert "2" in selectors.code_version_get(entry=entry).html
    first = selectors.code_version_get(entry=entry, number=1)
    assert first.message == "" and first.note == "First version"  # worded when read, in the reader's language
    with translation.override("ko"):
        assert first.note == "첫 버전"


def test_it_lets_only_the_author_add_versions(arena, alice, bob):
    entry = services.code_create(user=alice, competition=arena, title="Mine", filename="m.py", content=b"1\n")

    with pytest.raises(PermissionDenied):
        services.code_version_add(user=bob, entry=entry, filename="m.py", content=b"2\n")


def test_it_refuses_a_version_of_another_kind(arena, alice):
    entry = services.code_create(user=alice, competition=arena, title="Mine", filename="m.py", content=b"1\n")

    with pytest.raises(ValidationError, match="is a script"):
        services.code_version_add(user=alice, entry=entry, filename="m.ipynb", content=simple_notebook())


def test_it_forks_a_version_into_a_new_entry_of_the_forker(arena, alice, bob):
    source = services.code_create(user=alice, competition=arena, title="Baseline", filename="b.ipynb",
                                  content=simple_notebook("print('v1')"))
    services.code_version_add(user=alice, entry=source, filename="b.ipynb", content=simple_notebook("print('v2')"))
    v1 = selectors.code_version_get(entry=source, number=1)

    fork = services.code_fork(user=bob, version=v1)

    source.refresh_from_db()
    assert fork.author == bob and fork.title == "Baseline (fork)" and fork.forked_from == v1
    assert source.fork_count == 1
    assert "v1" in selectors.code_version_get(entry=fork).html
    assert list(selectors.code_forks(entry=source)) == [fork]
    assert "alice" in selectors.code_version_get(entry=fork).message


def test_it_adds_comments(arena, alice, bob):
    entry = services.code_create(user=alice, competition=arena, title="Baseline", filename="b.py", content=b"1\n")

    services.code_comment_add(user=bob, entry=entry, body="Nice, **thanks**")

    entry.refresh_from_db()
    assert entry.comment_count == 1
    with pytest.raises(ValidationError):
        services.code_comment_add(user=bob, entry=entry, body="x" * 5_001)


def test_it_drops_nul_bytes_that_postgresql_cannot_store(arena, alice):
    content = notebook_bytes([code_cell("print('a\x00b')"), markdown_cell("x\x00y")])

    entry = services.code_create(user=alice, competition=arena, title="Nul\x00title", filename="n\x00.ipynb",
                                 content=content)

    version = selectors.code_version_get(entry=entry)
    assert entry.title == "Nultitle" and version.filename == "n.ipynb"
    assert "\x00" not in version.text and "\x00" not in version.html
    assert selectors.search(user=alice, text="nul\x00title").total == 1
