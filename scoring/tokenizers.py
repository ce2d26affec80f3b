"""Tokenizers for ROUGE, chosen by the ``tokenizer`` parameter.

- ``kiwi`` (default): Kiwi morphemes (kiwipiepy, its bundled model and default options), surface forms,
  e.g. ``"이사를 도와주겠다고"`` -> ``이사 를 돕 어 주 겠 다고``. The bootcamp organizers never published their
  analyzer, so this is Podium's documented choice.
- ``whitespace``: ``str.split()``.
- ``characters``: every non-space character.
- ``"package.module:factory"``: ``factory()`` returns an object with ``.tokenize(text) -> list[str]``.

Never rouge-score's default tokenizer: it keeps only ``[a-z0-9]`` and turns Korean into nothing.
"""

import functools
import importlib
import os
import threading
from collections.abc import Iterable
from typing import Protocol

from scoring.errors import SolutionFormatError

BUILT_IN = ("kiwi", "whitespace", "characters")


class Tokenizer(Protocol):
    def tokenize(self, text: str) -> list[str]: ...

    def tokenize_many(self, texts: list[str]) -> list[list[str]]: ...


_kiwi_threads: int | None = None  # None: one per core (Kiwi's -1)


def kiwi_threads_set(threads: int | None) -> None:
    """The threads Kiwi analyses a batch on, for the analyzer loaded after this call (a worker sets it as it starts:
    one scoring process per core wants one thread each)."""
    global _kiwi_threads
    _kiwi_threads = threads


class KiwiTokenizer:
    """Kiwi morpheme forms; ``tokenize_many`` analyses a batch on Kiwi's worker threads (by default one per core)."""

    def __init__(self) -> None:
        from kiwipiepy import Kiwi  # noqa: PLC0415 -- loads a 100 MB model, only when ROUGE is used

        # Not 0 for one thread: Kiwi's single-thread mode cannot analyse a batch (tokenize_many).
        self._kiwi = Kiwi(num_workers=-1 if _kiwi_threads is None else _kiwi_threads)

    def tokenize(self, text: str) -> list[str]:
        return [token.form for token in self._kiwi.tokenize(text)]

    def tokenize_many(self, texts: list[str]) -> list[list[str]]:
        return [[token.form for token in tokens] for tokens in self._kiwi.tokenize(texts)]


class WhitespaceTokenizer:
    def tokenize(self, text: str) -> list[str]:
        return text.split()

    def tokenize_many(self, texts: list[str]) -> list[list[str]]:
        return [text.split() for text in texts]


class CharacterTokenizer:
    def tokenize(self, text: str) -> list[str]:
        return [char for char in text if not char.isspace()]

    def tokenize_many(self, texts: list[str]) -> list[list[str]]:
        return [self.tokenize(text) for text in texts]


class _OneByOne:
    """Adds ``tokenize_many`` to a host-supplied tokenizer that only has ``tokenize``."""

    def __init__(self, inner: object) -> None:
        self.tokenize = inner.tokenize

    def tokenize_many(self, texts: list[str]) -> list[list[str]]:
        return [list(self.tokenize(text)) for text in texts]


_loading = threading.Lock()


def _new_lock_after_fork() -> None:
    # A process forked while another thread loads (a server that preloads the app, then forks workers) would
    # inherit the lock held by a thread that does not exist in it, and wait forever.
    global _loading
    _loading = threading.Lock()


os.register_at_fork(after_in_child=_new_lock_after_fork)


def get_tokenizer(name: str) -> Tokenizer:
    """One shared instance per name and process (Kiwi takes seconds to load).

    The lock makes a request that arrives while `warm_up` is still loading wait for that instance instead of
    loading a second one.

    Raises:
      SolutionFormatError: For an unknown name or a factory that cannot be imported.
    """
    with _loading:
        return _load_tokenizer(name)


def warm_up(names: Iterable[str] = ("kiwi",)) -> threading.Thread:
    """Load tokenizers on a background thread, so that a process's first ROUGE upload does not wait seconds.

    Called when a web or worker process starts (`config.warmup`), never on import: tests and management
    commands do not pay for it.
    """
    thread = threading.Thread(target=lambda: [get_tokenizer(name) for name in names], name="tokenizer-warm-up",
                              daemon=True)
    thread.start()
    return thread


@functools.cache
def _load_tokenizer(name: str) -> Tokenizer:
    if name == "kiwi":
        return KiwiTokenizer()
    if name == "whitespace":
        return WhitespaceTokenizer()
    if name == "characters":
        return CharacterTokenizer()
    return _import_tokenizer(name)


def _import_tokenizer(path: str) -> Tokenizer:
    module_name, _, attribute = path.partition(":")
    try:
        tokenizer = getattr(importlib.import_module(module_name), attribute)()
    except (ImportError, AttributeError, TypeError, ValueError) as exc:
        raise SolutionFormatError("tokenizer.unknown", path=repr(path), reason=str(exc),
                                  built_in=", ".join(BUILT_IN)) from None
    if not callable(getattr(tokenizer, "tokenize", None)):
        raise SolutionFormatError("tokenizer.no_tokenize", path=repr(path))
    return tokenizer if callable(getattr(tokenizer, "tokenize_many", None)) else _OneByOne(tokenizer)
