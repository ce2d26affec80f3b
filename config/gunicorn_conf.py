"""gunicorn settings for `make run` and the Docker image (`gunicorn -c config/gunicorn_conf.py ...`).

Threads for concurrency, with the request heads read by the event loop (config/gunicorn_worker.py), so that a
handful of slow clients cannot take every thread. PODIUM_WEB_WORKERS and PODIUM_WEB_THREADS size it: about one
worker per core, a few threads each (scoring-heavy uploads are CPU-bound; threads cover database and file waits).
"""

import os

worker_class = "config.gunicorn_worker.HeadBufferingThreadWorker"
workers = int(os.environ.get("PODIUM_WEB_WORKERS", "2"))
threads = int(os.environ.get("PODIUM_WEB_THREADS", "4"))
timeout = 120
keepalive = 5
