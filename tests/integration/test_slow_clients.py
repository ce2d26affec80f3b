"""Slow clients must not take the web server down (gunicorn as `make run` and the Docker image run it)."""

import socket
import threading
import time
import urllib.request

import pytest

from .conftest import WebServer

pytestmark = [pytest.mark.integration, pytest.mark.slow]

SLOW_CLIENTS = 50
PROBE_SECONDS = 15


def _slow_header_client(port: int, stop: threading.Event) -> None:
    """Sends a request line, then one more header line a second, never finishing the head (slowloris)."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
            connection.sendall(b"GET /api/v1/competitions/ HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            while not stop.wait(1.0):
                connection.sendall(b"X-Slow: 1\r\n")
    except OSError:
        pass  # the server closed it (the head deadline): that is allowed


def _probe(url: str) -> float:
    started = time.monotonic()
    try:
        urllib.request.urlopen(url, timeout=5).read()
    except OSError:
        return 5.0
    return time.monotonic() - started


def test_fifty_slow_header_connections_do_not_stall_other_requests(start_service):
    web = start_service(WebServer)
    stop = threading.Event()
    attackers = [threading.Thread(target=_slow_header_client, args=(web.port, stop), daemon=True)
                 for _ in range(SLOW_CLIENTS)]
    for attacker in attackers:
        attacker.start()
    time.sleep(1.0)  # every slow connection is open and has sent part of its head

    latencies, deadline = [], time.monotonic() + PROBE_SECONDS
    while time.monotonic() < deadline:
        latencies.append(_probe(f"{web.url}/api/v1/competitions/"))
        time.sleep(0.1)
    stop.set()

    latencies.sort()
    p95 = latencies[int(len(latencies) * 0.95)]
    print(f"\n{SLOW_CLIENTS} slow-header connections: {len(latencies)} probes, p50 "
          f"{latencies[len(latencies) // 2] * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms")
    assert p95 < 1.0


def test_a_head_that_never_completes_is_closed(start_service):
    web = start_service(WebServer)
    with socket.create_connection(("127.0.0.1", web.port), timeout=30) as connection:
        connection.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        started = time.monotonic()
        assert connection.recv(1024) == b""  # closed by the server, without an answer
    assert time.monotonic() - started < 20


def test_keep_alive_and_absolute_form_requests_still_work(start_service):
    """The kaggle CLI sends absolute-form request lines through HTTP_PROXY, and clients reuse connections."""
    web = start_service(WebServer)
    with socket.create_connection(("127.0.0.1", web.port), timeout=10) as connection:
        answers = []
        for target in (f"http://localhost:{web.port}/api/v1/competitions/", "/api/v1/competitions/"):
            connection.sendall(f"GET {target} HTTP/1.1\r\nHost: localhost\r\n\r\n".encode())
            answers.append(_read_response(connection))
    assert [status for status, _ in answers] == [200, 200]
    assert answers[0][1] == answers[1][1]


def _read_response(connection: socket.socket) -> tuple[int, bytes]:
    data = b""
    while b"\r\n\r\n" not in data:
        data += connection.recv(4096)
    head, body = data.split(b"\r\n\r\n", 1)
    length = int(next(line.split(b":")[1] for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")))
    while len(body) < length:
        body += connection.recv(4096)
    return int(head.split()[1]), body[:length]
