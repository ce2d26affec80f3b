import os
from pathlib import Path

from celery import Celery
from celery.signals import worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("podium")
# Every CELERY_* Django setting configures the app, so broker and limits come from the environment.
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_configure.connect
def _make_filesystem_broker_folders(sender, **kwargs):
    # The embedded filesystem broker expects its folders to exist in both the web process and the worker.
    # (Read Django's settings: sender.conf is still being built while this signal runs.)
    from django.conf import settings

    options = getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", None) or {}
    for key in ("data_folder_in", "data_folder_out", "control_folder"):
        folder = options.get(key)
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)


@worker_process_init.connect
def _warm_up_scoring(**kwargs):
    # A worker child scores uploads: its thread limit first (Kiwi reads it when it loads), then load Kiwi as it
    # starts rather than on its first ROUGE task.
    from django.conf import settings

    from config import warmup

    warmup.limit_threads(settings.PODIUM_SCORING_THREADS)
    warmup.start()
