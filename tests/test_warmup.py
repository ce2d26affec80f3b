"""Serving processes load Kiwi as they start (the first ROUGE upload of a fresh worker took 3.5 to 11 s)."""

import importlib
import os
import signal
import sys
import threading

import pytest
from celery.signals import worker_process_init

from config import warmup
from scoring import tokenizers


@pytest.fixture
def started(monkeypatch):
    calls = []
    monkeypatch.setattr(warmup, "start", lambda: calls.append("start"))
    return calls


def test_each_web_worker_warms_up_when_it_loads_the_wsgi_application(started):
    sys.modules.pop("config.wsgi", None)  # gunicorn imports it once per worker

    importlib.import_module("config.wsgi")

    assert started == ["start"]


def test_each_celery_worker_process_keeps_to_its_threads_then_warms_up_as_it_starts(started, monkeypatch, settings):
    import config.celery_app  # noqa: F401 -- connects the signal handler

    settings.PODIUM_SCORING_THREADS = 3
    monkeypatch.setattr(warmup, "limit_threads", lambda threads: started.append(("limit_threads", threads)))
    worker_process_init.send(sender=None)

    assert started == [("limit_threads", 3), "start"]  # the limit first: Kiwi reads it when it loads


@pytest.fixture
def blas_limits_restored():
    from threadpoolctl import threadpool_limits

    before = threadpool_limits(limits=None)  # records the current limits, changes nothing
    yield
    before.restore_original_limits()
    tokenizers.kiwi_threads_set(None)


@pytest.fixture
def kiwi_workers(monkeypatch):
    """The num_workers each Kiwi is built with (no 100 MB model loaded)."""
    built = []
    monkeypatch.setattr("kiwipiepy.Kiwi", lambda num_workers: built.append(num_workers))
    return built


def test_the_thread_limit_reaches_numpys_blas_and_kiwi(blas_limits_restored, kiwi_workers):
    """One scoring process per core: numpy's BLAS (imported long before) and Kiwi must each keep to one thread."""
    from threadpoolctl import threadpool_info

    warmup.limit_threads(1)
    tokenizers.KiwiTokenizer()

    assert {pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"} == {1}
    assert kiwi_workers == [1]


def test_kiwi_uses_every_core_when_no_limit_was_set(blas_limits_restored, kiwi_workers):
    tokenizers.kiwi_threads_set(None)

    tokenizers.KiwiTokenizer()

    assert kiwi_workers == [-1]


def test_start_warms_up_unless_turned_off(monkeypatch):
    calls = []
    monkeypatch.setattr(tokenizers, "warm_up", lambda: calls.append("warm_up") or "thread")
    monkeypatch.delenv("PODIUM_WARM_UP", raising=False)

    assert warmup.start() == "thread"
    monkeypatch.setenv("PODIUM_WARM_UP", "0")
    assert warmup.start() is None
    assert calls == ["warm_up"]


def test_the_warm_up_loads_kiwi_off_the_calling_thread(monkeypatch):
    loaded = []
    monkeypatch.setattr(tokenizers, "get_tokenizer", lambda name: loaded.append((name, threading.current_thread())))

    tokenizers.warm_up().join(5)

    assert [name for name, _ in loaded] == ["kiwi"] and loaded[0][1] is not threading.current_thread()


def test_a_request_during_the_warm_up_waits_for_the_same_instance(monkeypatch):
    built, release = [], threading.Event()

    class Slow:
        def __init__(self):
            built.append(self)
            release.wait(5)

        def tokenize(self, text):
            return text.split()

    monkeypatch.setitem(sys.modules, "slow_tokenizer_probe", type(sys)("slow_tokenizer_probe"))
    sys.modules["slow_tokenizer_probe"].Slow = Slow
    name = "slow_tokenizer_probe:Slow"

    thread = tokenizers.warm_up(names=[name])
    while not built:  # the warm-up is inside the slow constructor
        thread.join(0.01)
    waiting = threading.Thread(target=lambda: built.append(tokenizers.get_tokenizer(name)))
    waiting.start()
    release.set()
    thread.join(5)
    waiting.join(5)

    assert len(built) == 2 and built[1].tokenize.__self__ is built[0]  # one instance, wrapped by _OneByOne


def test_a_process_forked_mid_load_does_not_wait_for_the_parents_lock():
    with tokenizers._loading:  # the parent's warm-up thread is loading
        child = os.fork()
        if child == 0:  # the child: a fresh lock, so its own first upload loads what it needs
            signal.alarm(10)  # a child stuck on the inherited lock dies instead of hanging the test
            os._exit(0 if tokenizers.get_tokenizer("whitespace") is not None else 1)
    _, status = os.waitpid(child, 0)

    assert os.waitstatus_to_exitcode(status) == 0
