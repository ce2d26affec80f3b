"""gunicorn settings for `make run` and the Docker image (`gunicorn -c config/gunicorn_conf.py ...`).

Threads for concurrency, with the request heads read by the event loop (config/gunicorn_worker.py), so that a
handful of slow clients cannot take every thread. PODIUM_WEB_WORKERS and PODIUM_WEB_THREADS size it: about one
worker per core, a few threads each (scoring-heavy uploads are CPU-bound; threads cover database and file waits).
"""

import os
import shutil
from pathlib import Path

worker_class = "config.gunicorn_worker.HeadBufferingThreadWorker"
workers = int(os.environ.get("PODIUM_WEB_WORKERS", "2"))
threads = int(os.environ.get("PODIUM_WEB_THREADS", "4"))
timeout = 120
keepalive = 5

# Prometheus multiprocess mode (competitions/metrics.py): a scrape reaches one worker, so each worker writes its
# counters to files in this folder and /metrics sums them all. Set here, in the master, before any worker imports
# prometheus_client; emptied as gunicorn starts, so a folder left by an earlier run is not counted again.
os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", str(Path(os.environ.get("PODIUM_VAR_DIR", "var")) / "prometheus"))


def on_starting(server):
    folder = Path(os.environ["PROMETHEUS_MULTIPROC_DIR"])
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
