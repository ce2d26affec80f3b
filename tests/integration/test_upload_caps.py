"""1 GB uploads against a real gunicorn (as `make run` serves): refused at the cap, not read, memory flat."""

import select
import socket
import time
from pathlib import Path

import pytest

from .conftest import WebServer

pytestmark = [pytest.mark.integration, pytest.mark.slow]

ONE_GB = 1024**3
CHUNK = b"0" * (1024 * 1024)


def _worker_rss_mib(master_pid: int) -> float:
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    total = 0
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        total += int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:")))
    return total / 1024


def _push(port: int, method: str, path: str, content_type: str) -> tuple[int, int, bytes]:
    """Announces 1 GB and streams it until the server answers or hangs up; returns (status, bytes sent, body)."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as connection:
        connection.sendall(f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {content_type}\r\n"
                           f"Content-Length: {ONE_GB}\r\n\r\n".encode())
        sent, answer = 0, b""
        while sent < ONE_GB:
            if select.select([connection], [], [], 0)[0]:
                break  # the answer came while we were still sending
            try:
                sent += connection.send(CHUNK)
            except OSError:
                break
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and b"\r\n\r\n" not in answer:
            try:
                data = connection.recv(65536)
            except OSError:
                break
            if not data:
                break
            answer += data
    status = int(answer.split()[1]) if answer.startswith(b"HTTP/1.1") else 0
    return status, sent, answer


@pytest.mark.parametrize("client, method, path, content_type", [
    ("portal", "POST", "/competitions/tiny/submissions/", "multipart/form-data; boundary=x"),
    ("REST API", "POST", "/api/v1/competitions/tiny/submissions/", "multipart/form-data; boundary=x"),
    ("kaggle CLI upload", "PUT", "/api/v1/kaggle/uploads/any-token", "application/octet-stream"),
])
def test_a_1_gb_upload_is_refused_at_the_cap(start_service, classification, client, method, path, content_type):
    web = start_service(WebServer)
    before = _worker_rss_mib(web.process.pid)

    status, sent, answer = _push(web.port, method, path, content_type)

    growth = _worker_rss_mib(web.process.pid) - before
    print(f"\n1 GB to the {client}: HTTP {status} after {sent / 1024**2:.0f} MiB sent; web workers' RSS "
          f"{growth:+.1f} MiB")
    assert status == 413 and b"the limit is" in answer
    assert sent < 200 * 1024**2  # the server hung up long before the gigabyte (loopback buffers hold some)
    assert growth < 50
