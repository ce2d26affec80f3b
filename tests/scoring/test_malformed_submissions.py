"""Every malformed file raises SubmissionFormatError (never another exception) with a message naming the fix."""

import gzip
import io
import re
import zipfile

import pytest

from scoring.engine import validate_submission
from scoring.errors import SubmissionFormatError

SOLUTION_FIXTURES = {"macro_f1": "f1_solution", "rouge": "rouge_solution", "map_at_k": "map_solution"}
F1_ROWS = [f"img{i}.jpg,{i % 17}" for i in range(34)]
F1_VALID = "ID,target\n" + "\n".join(F1_ROWS) + "\n"
ROUGE_HEADER = "fname,summary\n"
NOT_A_LABEL = "Line 2: target must be an integer class label"
MAP_ROWS = ['{"eval_id": 0, "topk": ["d1"]}', '{"eval_id": 1, "topk": []}', '{"eval_id": 2, "topk": ["d3"]}']


def f1(*rows: str, header: str = "ID,target") -> bytes:
    return "\n".join([header, *rows, ""]).encode()


def map_lines(*lines: str) -> bytes:
    return "\n".join(lines).encode()


def zipped(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def with_folder() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.mkdir("submission")
        archive.writestr("submission/submission.csv", F1_VALID)
    return buffer.getvalue()


MALFORMED = [
    # (id, metric, data, params, expected message substring)
    ("empty", "macro_f1", b"", {}, "The file is empty."),
    ("blank lines only", "macro_f1", b"\n \r\n\n", {}, "The file is empty."),
    ("header only", "macro_f1", b"ID,target\n", {}, "header but no rows"),
    ("wrong header", "macro_f1", f1(*F1_ROWS, header="id,label"), {}, "expected 'ID,target', found 'id,label'"),
    ("header after blank lines", "macro_f1", b"\n\nid,label\nimg0.jpg,0\n", {}, "Line 3: wrong header"),
    ("no header", "macro_f1", f1(*F1_ROWS[1:], header=F1_ROWS[0]), {}, "found 'img0.jpg,0'"),
    ("index column", "macro_f1", f1("0,img0.jpg,0", header=",ID,target"), {}, "index=False"),
    ("one missing id", "macro_f1", f1(*F1_ROWS[:-1]), {}, "1 ID is missing: 'img33.jpg'."),
    ("four missing ids", "macro_f1", f1(*F1_ROWS[:30]), {}, "4 ID values are missing: 'img30.jpg', 'img31.jpg'"),
    ("many missing ids", "macro_f1", f1(*F1_ROWS[:3]), {}, "31 ID values are missing (the first 5): 'img3.jpg'"),
    (
        "extra duplicate",
        "macro_f1",
        f1(*F1_ROWS, "img0.jpg,1"),
        {},
        "The file has 35 rows but the solution has 34. Line 36: duplicate ID 'img0.jpg' (first on line 2).",
    ),
    (
        "duplicate instead of a row",
        "macro_f1",
        f1(*F1_ROWS[:-1], "img5.jpg,5"),
        {},
        "Line 35: duplicate ID 'img5.jpg' (first on line 7).",
    ),
    ("unknown ID", "macro_f1", f1(*F1_ROWS[:3], "nope.jpg,1", *F1_ROWS[4:]), {}, "Line 5: unknown ID 'nope.jpg'."),
    ("extra unknown ID", "macro_f1", f1(*F1_ROWS, "x.jpg,1"), {}, "has 35 rows but the solution has 34. Line 36"),
    (
        "label too high",
        "macro_f1",
        f1(F1_ROWS[0], "img1.jpg,17", *F1_ROWS[2:]),
        {},
        "Line 3: target 17 is not a valid label; allowed labels are 0 to 16.",
    ),
    ("negative label", "macro_f1", f1("img0.jpg,-1", *F1_ROWS[1:]), {}, "Line 2: target -1 is not a valid label"),
    (
        "text label",
        "macro_f1",
        f1("img0.jpg,cat", *F1_ROWS[1:]),
        {},
        "Line 2: target must be an integer class label, found 'cat'.",
    ),
    ("float label", "macro_f1", f1(*F1_ROWS[:9], "img9.jpg,3.5", *F1_ROWS[10:]), {}, "Line 11: target must be an"),
    ("empty label", "macro_f1", f1("img0.jpg,", *F1_ROWS[1:]), {}, "found ''"),
    # Python's int() reads these as 10, 3 and 3; pandas and the organizers' code refuse them
    ("underscore label", "macro_f1", f1("img0.jpg,1_0", *F1_ROWS[1:]), {}, f"{NOT_A_LABEL}, found '1_0'."),
    ("Arabic-Indic digit label", "macro_f1", f1("img0.jpg,٣", *F1_ROWS[1:]), {}, f"{NOT_A_LABEL}, found '٣'."),
    ("full-width digit label", "macro_f1", f1("img0.jpg,３", *F1_ROWS[1:]), {}, f"{NOT_A_LABEL}, found '３'."),
    ("long label", "macro_f1", f1("img0.jpg," + "1" * 5000, *F1_ROWS[1:]), {}, "(5,000 characters)"),
    ("huge label", "macro_f1", f1("img0.jpg," + "9" * 30, *F1_ROWS[1:]), {}, "target must be an integer class label"),
    (
        "three columns",
        "macro_f1",
        f1(*F1_ROWS[:2], "img2.jpg,2,x", *F1_ROWS[3:]),
        {},
        "Line 4: expected 2 columns (ID,target), found 3.",
    ),
    ("one column", "macro_f1", f1("img0.jpg", *F1_ROWS[1:]), {}, "Line 2: expected 2 columns (ID,target), found 1."),
    (
        "unclosed quote",
        "macro_f1",
        f1(*F1_ROWS[:2], '"img2.jpg,2', *F1_ROWS[3:]),
        {},
        "Line 4: a quoted field opens here and its closing quote never comes",
    ),
    (
        "unclosed quote past the csv field limit",
        "macro_f1",
        f1(*F1_ROWS[:2], 'img2.jpg,"2', *F1_ROWS[3:], *(f"x{i}.jpg,1" for i in range(20_000))),
        {},
        "Line 4: a quoted field opens here and its closing quote never comes",
    ),
    (
        "unclosed quote after a closed multi-line field",
        "rouge",
        (ROUGE_HEADER + 'test_0,"two\nlines"\ntest_1,"oops\nmore\n').encode(),
        {},
        "Line 4: a quoted field opens here",
    ),
    (
        "unclosed quote in the second field of a multi-line record",
        "rouge",
        (ROUGE_HEADER + 'test_0,a\n"test\n_1","oops\nmore\n').encode(),
        {},
        "Line 4: a quoted field opens here",
    ),
    ("quote inside a field is text", "macro_f1", f1('img0"x.jpg,1', *F1_ROWS[1:]), {}, "unknown ID 'img0\"x.jpg'"),
    ("binary", "macro_f1", b"ID,target\n\x00\x01\x02", {}, "Line 2: the file is binary, not text (a NUL byte at"),
    (
        "NUL mid-file",
        "macro_f1",
        f1(*F1_ROWS[:3], "img3.jpg,\x003"),
        {},
        "Line 5: the file is binary, not text (a NUL byte at character 10 of the line).",
    ),
    (
        "latin-1",
        "macro_f1",
        "ID,target\nimgé.jpg,1\n".encode("latin-1"),
        {},
        "Line 2: the file is not UTF-8 text (invalid byte 0xe9 at character 4 of the line).",
    ),
    (
        "latin-1 after Korean text",
        "rouge",
        (ROUGE_HEADER + "test_0,안녕\n").encode() + "test_1,café\n".encode("latin-1"),
        {},
        "Line 3: the file is not UTF-8 text (invalid byte 0xe9 at character 11 of the line).",
    ),
    ("double byte-order mark", "macro_f1", "\ufeff\ufeff".encode() + F1_VALID.encode(), {}, "two byte-order marks"),
    ("gzip in gzip", "macro_f1", gzip.compress(gzip.compress(F1_VALID.encode())), {}, "gzip file holds a gzip file"),
    ("gzip in zip", "macro_f1", zipped({"s.gz": gzip.compress(F1_VALID.encode())}), {}, "zip file holds a gzip file"),
    ("zip in gzip", "macro_f1", gzip.compress(zipped({"s.csv": F1_VALID.encode()})), {}, "gzip file holds a zip file"),
    ("bzip2 in zip", "macro_f1", zipped({"s.csv.bz2": b"BZh91AY&SY"}), {}, "zip file holds a bzip2 file"),
    ("utf-16", "macro_f1", F1_VALID.encode("utf-16"), {}, "UTF-16"),
    ("over the size cap", "macro_f1", F1_VALID.encode(), {"max_bytes": 100}, "more than 100 bytes, the size limit"),
    (
        "gzip bomb",
        "macro_f1",
        gzip.compress(b"0" * (3 * 1024**2)),
        {"max_bytes": 1024**2},
        "decompresses to more than 1 MiB",
    ),
    (
        "zip bomb",
        "macro_f1",
        zipped({"a.csv": b"0" * (3 * 1024**2)}),
        {"max_bytes": 1024**2},
        "decompresses to more than 1 MiB",
    ),
    (
        "zip of two files",
        "macro_f1",
        zipped({"a.csv": F1_VALID.encode(), "b.csv": b"x"}),
        {},
        "exactly one file and no folders; this one holds a.csv, b.csv",
    ),
    ("zip with a folder", "macro_f1", with_folder(), {}, "holds submission/, submission/submission.csv"),
    ("empty zip", "macro_f1", zipped({}), {}, "holds nothing"),
    ("corrupt gzip", "macro_f1", b"\x1f\x8b\x08\x00garbage-garbage", {}, "gzip file is corrupt"),
    ("truncated gzip", "macro_f1", gzip.compress(F1_VALID.encode())[:40], {}, "gzip file is truncated"),
    ("corrupt zip", "macro_f1", b"PK\x03\x04" + b"\x00" * 40, {}, "zip file is corrupt"),
    ("bzip2", "macro_f1", b"BZh91AY&SY", {}, "bzip2 archives are not supported"),
    ("spreadsheet", "macro_f1", b"\xd0\xcf\x11\xe0\x00\x00", {}, "binary"),
    (
        "rouge wrong header",
        "rouge",
        b"id,summary\ntest_0,a\ntest_1,b\n",
        {},
        "expected 'fname,summary' or ',fname,summary', found 'id,summary'",
    ),
    (
        "rouge empty summary",
        "rouge",
        (ROUGE_HEADER + "test_0,안녕\ntest_1,\n").encode(),
        {},
        "Line 3: the summary for 'test_1' is empty.",
    ),
    (
        "rouge blank summary",
        "rouge",
        (ROUGE_HEADER + 'test_0,"  "\ntest_1,b\n').encode(),
        {},
        "Line 2: the summary for 'test_0' is empty.",
    ),
    (
        "rouge three columns",
        "rouge",
        (ROUGE_HEADER + "test_0,a,b\ntest_1,b\n").encode(),
        {},
        "Line 2: expected 2 columns (fname,summary), found 3.",
    ),
    (
        "rouge index header, short row",
        "rouge",
        b",fname,summary\n0,test_0,a\ntest_1,b\n",
        {},
        "Line 3: expected 3 columns (,fname,summary), found 2.",
    ),
    (
        "rouge unknown fname",
        "rouge",
        (ROUGE_HEADER + "test_0,a\ntest_9,b\n").encode(),
        {},
        "Line 3: unknown fname 'test_9'.",
    ),
    ("rouge missing fname", "rouge", (ROUGE_HEADER + "test_0,a\n").encode(), {}, "1 fname is missing: 'test_1'."),
    (
        "rouge duplicate fname",
        "rouge",
        (ROUGE_HEADER + "test_0,a\ntest_0,b\n").encode(),
        {},
        "Line 3: duplicate fname 'test_0' (first on line 2).",
    ),
    (
        "rouge summary too long",
        "rouge",
        (ROUGE_HEADER + "test_0,abcdefghijk\ntest_1,b\n").encode(),
        {"max_chars": 10},
        "Line 2: the summary for 'test_0' has 11 characters; the limit is 10.",
    ),
    (
        "rouge summary over the csv field limit",
        "rouge",
        (ROUGE_HEADER + "test_0,a\ntest_1," + "가" * 200_000 + "\n").encode(),
        {},
        "Line 3: a field has more than 131,072 characters; a summary may have at most 10,000.",
    ),
    (
        "map malformed JSON",
        "map_at_k",
        map_lines(MAP_ROWS[0], '{"eval_id": 1, "topk": [}', MAP_ROWS[2]),
        {},
        "Line 2: not valid JSON",
    ),
    ("map given a CSV", "map_at_k", b"eval_id,topk\n0,d1\n", {}, "Line 1: not valid JSON"),
    ("map missing eval_id", "map_at_k", map_lines('{"topk": []}', *MAP_ROWS[1:]), {}, "Line 1: missing 'eval_id'."),
    (
        "map string eval_id",
        "map_at_k",
        map_lines('{"eval_id": "0", "topk": []}', *MAP_ROWS[1:]),
        {},
        'Line 1: eval_id must be an integer, found "0".',
    ),
    ("map float eval_id", "map_at_k", map_lines('{"eval_id": 0.0, "topk": []}'), {}, "eval_id must be an integer"),
    ("map boolean eval_id", "map_at_k", map_lines('{"eval_id": true, "topk": []}'), {}, "found true"),
    ("map missing topk", "map_at_k", map_lines(*MAP_ROWS[:2], '{"eval_id": 2}'), {}, "Line 3: missing 'topk'."),
    (
        "map topk string",
        "map_at_k",
        map_lines('{"eval_id": 0, "topk": "d1"}'),
        {},
        'Line 1: topk must be a list of document id strings, found "d1".',
    ),
    ("map topk numbers", "map_at_k", map_lines('{"eval_id": 0, "topk": [1, 2]}'), {}, "found [1, 2]"),
    ("map array line", "map_at_k", map_lines("[0, 1]"), {}, "Line 1: expected a JSON object, found [0, 1]."),
    (
        "map duplicate eval_id",
        "map_at_k",
        map_lines(*MAP_ROWS, MAP_ROWS[0]),
        {},
        "The file has 4 rows but the solution has 3. Line 4: duplicate eval_id '0' (first on line 1).",
    ),
    (
        "map unknown eval_id",
        "map_at_k",
        map_lines(*MAP_ROWS[:2], '{"eval_id": 7, "topk": []}'),
        {},
        "Line 3: unknown eval_id '7'.",
    ),
    ("map missing eval_id row", "map_at_k", map_lines(*MAP_ROWS[:2]), {}, "1 eval_id is missing: '2'."),
]


@pytest.mark.parametrize(
    ("metric_key", "data", "params", "message"),
    [case[1:] for case in MALFORMED],
    ids=[case[0] for case in MALFORMED],
)
def test_it_rejects_a_malformed_file_with_a_specific_message(request, metric_key, data, params, message):
    solution = request.getfixturevalue(SOLUTION_FIXTURES[metric_key])

    with pytest.raises(SubmissionFormatError, match=re.escape(message)):
        validate_submission(
            solution=solution, data=data, filename="submission.csv", metric_key=metric_key, params=params
        )


def test_it_names_the_line_on_the_error(f1_solution):
    with pytest.raises(SubmissionFormatError) as caught:
        validate_submission(
            solution=f1_solution, data=f1("img0.jpg,x"), filename="s.csv", metric_key="macro_f1", params={}
        )

    assert caught.value.line == 2


def test_it_hints_at_csv_export_for_a_spreadsheet(f1_solution):
    with pytest.raises(SubmissionFormatError, match="export a CSV"):
        validate_submission(
            solution=f1_solution, data=b"\xd0\xcf\x11\xe0\x00", filename="preds.xlsx", metric_key="macro_f1", params={}
        )
