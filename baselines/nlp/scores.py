"""Dev ROUGE with Podium's own metric (Kiwi morphemes, ``100 * (R1 + R2 + RL) / 3``), so that the dev number
and the leaderboard's are computed alike; dev has one reference per dialogue where the test has three.
"""

import numpy as np

from scoring.metrics import rouge
from scoring.metrics.rouge_index import index_references
from scoring.tokenizers import get_tokenizer

TOKENIZER = "kiwi"


def dev_rouge(predictions: list[str], references: list[str]) -> dict[str, float]:
    """``{"rouge": score, "rouge1": F1, "rouge2": F1, "rougeL": F1}``, the F1 values as fractions."""
    tokens = get_tokenizer(TOKENIZER).tokenize_many(references)
    answers = index_references(tokens=[[reference] for reference in tokens], tokenizer=TOKENIZER)
    result = rouge.score(answers=answers, predictions=predictions, rows=np.arange(len(predictions)))
    return {"rouge": result.score, **result.parts}
