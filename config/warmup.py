"""Loading the slow parts of scoring when a web or worker process starts, instead of on its first upload.

Kiwi (the Korean analyzer ROUGE tokenizes with) loads a 100 MB model: 3.5 to 11 s on the first ROUGE upload of
a fresh gunicorn worker. `config.wsgi` (each gunicorn worker imports it) and the Celery worker's
`worker_process_init` call `start`; tests and management commands import neither, so they never pay for it.
Set ``PODIUM_WARM_UP=0`` to turn it off (e.g. a server that hosts no ROUGE competition and wants the memory).
"""

import logging
import os
import threading

logger = logging.getLogger(__name__)


def limit_threads(threads: int) -> None:
    """Keeps a scoring process to `threads` threads: numpy's BLAS pools (threadpoolctl changes them in place, after
    numpy's import, which Django's app loading did long before a worker child starts) and Kiwi's workers."""
    from threadpoolctl import threadpool_limits  # noqa: PLC0415 -- only the scoring processes need it

    from scoring.tokenizers import kiwi_threads_set  # noqa: PLC0415

    threadpool_limits(limits=threads)  # not used as a context manager: the limit stays for the process's life
    kiwi_threads_set(threads)


def start() -> threading.Thread | None:
    """Begin loading on a background thread (a Celery child has 4 s to report ready); None when turned off."""
    if os.environ.get("PODIUM_WARM_UP", "1").strip().lower() in ("0", "false", "no", "off"):
        return None
    from scoring.tokenizers import warm_up  # noqa: PLC0415 -- only the serving processes need it

    logger.info("Loading the Korean analyzer (Kiwi) in the background.")
    return warm_up()
