"""JSON Lines submissions for MAP@k, whatever the file is named (the bootcamp's end in ``.csv``).

One object per line with an integer ``eval_id`` and ``topk``, a list of document ids, best first. Other keys
(``standalone_query``, ``answer``, ``references``, ...) are ignored; blank lines are skipped. Lines are decoded
with orjson (strict RFC 8259: no NaN, integers within 64 bits), several times faster than the json module. Example::

    {"eval_id": 78, "standalone_query": "...", "topk": ["c63b9e3a-...", "..."], "answer": "..."}
"""

import json
from collections.abc import Iterable
from itertools import chain
from typing import Any

import numpy as np
import orjson

from scoring.errors import FormatError, SubmissionFormatError
from scoring.parsers import Table

PREVIEW_CHARS = 60


def parse_topk(*, text: str) -> Table:
    numbered = json_records(text=text)
    eval_ids = [record.get("eval_id") for _, record in numbered]
    topk = [record.get("topk") for _, record in numbered]
    if not (_only(int, eval_ids) and _only(list, topk) and _only(str, chain.from_iterable(topk))):
        for line, record in numbered:  # checked in bulk above; now find the first bad line to name it
            eval_id_field(record, line=line)
            string_list_field(record, "topk", line=line)
    return Table(ids=list(map(str, eval_ids)), values=topk, lines=np.array([line for line, _ in numbered]))


def _only(kind: type, values: Iterable[Any]) -> bool:
    """Whether every value's type is exactly ``kind`` (so not bool for int)."""
    return set(map(type, values)) <= {kind}


def json_records(*, text: str, error: type[FormatError] = SubmissionFormatError) -> list[tuple[int, dict]]:
    """``(line, object)`` for each non-blank line."""
    records = []
    for line, raw in enumerate(text.split("\n"), 1):
        if not raw or raw.isspace():
            continue
        try:
            record = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            raise error("json.invalid", line=line, reason=exc.msg, column=exc.colno) from None
        if type(record) is not dict:
            raise error("json.not_object", line=line, found=_preview(record))
        records.append((line, record))
    return records


def eval_id_field(record: dict, *, line: int, error: type[FormatError] = SubmissionFormatError) -> str:
    """The record's integer ``eval_id``, as the text used to match rows."""
    value = _required(record, "eval_id", line=line, error=error)
    if type(value) is not int:
        raise error("json.eval_id", line=line, found=_preview(value))
    return str(value)


def string_list_field(
    record: dict, key: str, *, line: int, error: type[FormatError] = SubmissionFormatError
) -> list[str]:
    value = _required(record, key, line=line, error=error)
    if type(value) is not list or not all(type(item) is str for item in value):
        raise error("json.id_list", line=line, key=key, found=_preview(value))
    return value


def _required(record: dict, key: str, *, line: int, error: type[FormatError]) -> Any:
    if key not in record:
        raise error("json.missing_key", line=line, key=repr(key))
    return record[key]


def _preview(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= PREVIEW_CHARS else text[: PREVIEW_CHARS - 3] + "..."
