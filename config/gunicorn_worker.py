"""A gunicorn thread worker that reads each request head in its event loop, so that slow clients cannot tie up
the threads.

gunicorn's gthread worker hands a connection to a thread as soon as its first byte arrives, and the thread then
blocks until the whole request head is in: a few dozen clients that send their headers a byte at a time (slowloris)
occupy every thread and the site stops answering. Here the event loop collects the head without blocking (a
selector callback per readable socket, like a buffering proxy would), closes connections whose head is not
complete within HEAD_TIMEOUT, and gives a connection to a thread only once the head is complete. The request body
is still read by the thread, as the application asks for it (so an upload over the cap is refused unread).

TLS and HTTP/2 prior-knowledge connections keep gunicorn's own path (their handshake needs a blocking socket).
Pinned to gunicorn 27.0.1 (requirements/production.txt); tests/integration/test_slow_clients.py guards it.
"""

import errno
import selectors
import time
from functools import partial

from gunicorn.http2 import negotiation
from gunicorn.workers.gthread import TConn, ThreadWorker

HEAD_TIMEOUT = 10.0  # seconds for a client to send its request line and headers
HEAD_END = b"\r\n\r\n"
READ_SIZE = 65536


class HeadBufferingThreadWorker(ThreadWorker):
    def init_process(self):
        self.heads: dict[TConn, tuple[bytearray, float]] = {}  # connection -> (bytes so far, deadline)
        super().init_process()

    def _buffers_heads(self, conn: TConn) -> bool:
        return not self.cfg.is_ssl and not negotiation.prior_knowledge_allowed(self.cfg, conn.client)

    def accept(self, listener):
        try:
            client_sock, client_addr = listener.accept()
        except OSError as error:
            if error.errno not in (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK):
                raise
            return
        self.nr_conns += 1
        conn = TConn(self.cfg, client_sock, client_addr, listener.getsockname())  # non-blocking from here
        if self._buffers_heads(conn):
            self._await_head(conn)
        else:
            client_sock.setblocking(True)
            self.enqueue_req(conn)

    def on_client_socket_readable(self, conn, client):
        """A kept-alive connection sends its next request: collect that head in the loop too."""
        self.poller.unregister(client)
        self.keepalived_conns.remove(conn)
        if self._buffers_heads(conn):
            self._await_head(conn)
            self._read_head(conn, client)
        else:
            self.enqueue_req(conn)

    def _await_head(self, conn: TConn) -> None:
        self.heads[conn] = (bytearray(), time.monotonic() + HEAD_TIMEOUT)
        self.poller.register(conn.sock, selectors.EVENT_READ, partial(self._read_head, conn))

    def _read_head(self, conn: TConn, client) -> None:
        buffer, _ = self.heads[conn]
        try:
            data = conn.sock.recv(READ_SIZE)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        if not data:  # the client went away before finishing its head
            self._drop_head(conn)
            return
        buffer += data
        if HEAD_END in buffer or len(buffer) > self._head_limit():
            # Complete (or too long: the parser then answers with its own 4xx). Hand it over with what we read.
            self.poller.unregister(conn.sock)
            del self.heads[conn]
            conn.init()  # blocking socket and, for a new connection, the HTTP/1 parser
            conn.parser.unreader.unread(bytes(buffer))
            conn.data_ready = True
            self.enqueue_req(conn)

    def _head_limit(self) -> int:
        return self.cfg.limit_request_line + self.cfg.limit_request_fields * (self.cfg.limit_request_field_size + 4)

    def _drop_head(self, conn: TConn) -> None:
        self.heads.pop(conn, None)
        try:
            self.poller.unregister(conn.sock)
        except (KeyError, ValueError, OSError):
            pass
        self.nr_conns -= 1
        conn.close()

    def murder_pending(self):
        super().murder_pending()
        now = time.monotonic()
        for conn in [conn for conn, (_, deadline) in self.heads.items() if deadline < now]:
            self._drop_head(conn)
