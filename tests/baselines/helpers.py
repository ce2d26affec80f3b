"""Helpers for the baseline tests."""

import hashlib
import json
from pathlib import Path

SEED = 0


def tree_digest(root: Path) -> str:
    """One hash over every file's relative path and bytes."""
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def send_json(handler, status: int, body: dict) -> None:
    """An http.server handler's JSON answer, with the length a keep-alive client needs."""
    payload = json.dumps(body).encode()
    handler.send_response(status)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(payload)))
    handler.end_headers()
    handler.wfile.write(payload)
