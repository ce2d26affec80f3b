import random

import numpy as np
import pytest
from rouge_score import rouge_scorer
from rouge_score.rouge_scorer import _lcs_table

from scoring.metrics.rouge import rouge, rouge_aggregate
from scoring.metrics.rouge_index import index_references, lcs_length
from scoring.tokenizers import get_tokenizer

TYPES = ["rouge1", "rouge2", "rougeL"]


def podium_rouge(references: list[list[str]], predictions: list[str], tokenizer: str):
    tok = get_tokenizer(tokenizer)
    flat = tok.tokenize_many([text for row in references for text in row])
    n_refs = len(references[0])
    tokens = [flat[i : i + n_refs] for i in range(0, len(flat), n_refs)]
    indexed = index_references(tokens=tokens, tokenizer=tokenizer)
    return rouge(references=indexed, predictions=tok.tokenize_many(predictions), rows=np.arange(len(predictions)))


def rouge_score_reference(references: list[list[str]], predictions: list[str], tokenizer) -> dict[str, float]:
    """rouge-score per pair, averaged over each row's references, then over rows."""
    scorer = rouge_scorer.RougeScorer(TYPES, tokenizer=tokenizer)
    per_row = []
    for refs, prediction in zip(references, predictions):
        scores = [scorer.score(ref, prediction) for ref in refs]
        per_row.append({t: sum(s[t].fmeasure for s in scores) / len(scores) for t in TYPES})
    return {t: sum(row[t] for row in per_row) / len(per_row) for t in TYPES}


def random_rows(rng: random.Random, make_sentence, n_rows: int, n_refs: int):
    references = [[make_sentence(rng, n_words=rng.randint(3, 25)) for _ in range(n_refs)] for _ in range(n_rows)]
    predictions = [make_sentence(rng, n_words=rng.randint(2, 25)) for _ in range(n_rows)]
    predictions[0] = references[0][1]  # one exact match
    predictions[-1] = ""  # one empty prediction
    return references, predictions


@pytest.mark.parametrize("seed", range(4))
def test_rouge_matches_rouge_score_with_the_same_kiwi_tokenizer(seed, make_korean_sentence):
    references, predictions = random_rows(random.Random(seed), make_korean_sentence, n_rows=30, n_refs=3)

    result = podium_rouge(references, predictions, "kiwi")

    expected = rouge_score_reference(references, predictions, get_tokenizer("kiwi"))
    for name in TYPES:
        assert result.parts[name] == pytest.approx(expected[name], abs=1e-9)
    assert result.score == pytest.approx(100 * sum(expected.values()) / 3, abs=1e-7)


@pytest.mark.parametrize("seed", range(50))
def test_rouge_matches_rouge_score_on_random_token_strings(seed):
    rng = random.Random(seed)
    vocabulary = [f"w{i}" for i in range(rng.randint(2, 12))]

    def sentence() -> str:
        return " ".join(rng.choices(vocabulary, k=rng.randint(0, 40)))

    n_refs = rng.randint(1, 4)
    references = [[sentence() or "w0" for _ in range(n_refs)] for _ in range(rng.randint(1, 20))]
    predictions = [sentence() for _ in references]

    result = podium_rouge(references, predictions, "whitespace")

    expected = rouge_score_reference(references, predictions, get_tokenizer("whitespace"))
    for name in TYPES:
        assert result.parts[name] == pytest.approx(expected[name], abs=1e-9)


def test_rouge_scores_identical_korean_strings_one():
    text = "#Person1#은 #Person2#에게 새 집으로 이사하는 것을 도와주겠다고 약속합니다."

    result = podium_rouge([[text]], [text], "kiwi")

    assert result.parts == {"rouge1": 1.0, "rouge2": 1.0, "rougeL": 1.0}
    assert result.score == 100.0


def test_it_never_uses_rouge_scores_default_tokenizer_which_drops_korean():
    text = "두 사람은 주말에 영화를 보기로 합니다."

    default = rouge_scorer.RougeScorer(["rouge1"]).score(text, text)["rouge1"].fmeasure

    assert default == 0.0
    assert podium_rouge([[text]], [text], "kiwi").parts["rouge1"] == 1.0


def test_rouge_hand_computed_recall():
    # rouge-score's own example: "testing one two" vs "testing" has recall 1/3, precision 1.
    result = podium_rouge([["testing one two"]], ["testing"], "whitespace")

    assert result.parts["rouge1"] == pytest.approx(2 * 1 * (1 / 3) / (1 + 1 / 3))
    assert result.parts["rouge2"] == 0.0
    assert result.parts["rougeL"] == pytest.approx(0.5)


def test_rouge_averages_over_references_not_maximum():
    result = podium_rouge([["a b", "c d"]], ["a b"], "whitespace")

    assert result.parts == {"rouge1": 0.5, "rouge2": 0.5, "rougeL": 0.5}


def test_rouge_of_an_empty_prediction_is_zero():
    assert podium_rouge([["a b c"]], [""], "whitespace").score == 0.0


def test_rouge_of_no_rows_is_zero():
    indexed = index_references(tokens=[[["a"]]], tokenizer="whitespace")

    result = rouge(references=indexed, predictions=[], rows=np.array([], dtype=np.int64))

    assert result.score == 0.0


def test_rouge_aggregate_reproduces_the_leaderboard_readout():
    # The read-out's parts were shown to 4 decimals, so the exact formula on them gives 25.07667, and the
    # read-out 25.0768 lies within the rounding of those parts (each ±0.00005 moves the score ±0.005/3).
    score = rouge_aggregate(rouge1=0.3245, rouge2=0.1773, rouge_l=0.2505)

    assert round(score, 4) == 25.0767
    assert abs(score - 25.0768) <= 100 * 3 * 0.00005 / 3


def test_lcs_length_matches_dynamic_programming():
    rng = random.Random(0)
    for _ in range(500):
        a = rng.choices(range(6), k=rng.randint(0, 70))
        b = rng.choices(range(6), k=rng.randint(0, 70))

        assert lcs_length(a, b) == (_lcs_table(a, b)[-1][-1] if a and b else 0)


def test_tokenize_many_equals_tokenizing_one_by_one(make_korean_sentence):
    rng = random.Random(1)
    texts = [make_korean_sentence(rng, n_words=rng.randint(2, 30)) for _ in range(40)]
    kiwi = get_tokenizer("kiwi")

    assert kiwi.tokenize_many(texts) == [kiwi.tokenize(text) for text in texts]


@pytest.mark.parametrize("tokenizer", ["characters", "nltk.tokenize:WhitespaceTokenizer"])
def test_it_scores_with_other_tokenizers(tokenizer):
    references, predictions = [["a bc d", "bc d e"]], ["a bc e"]

    result = podium_rouge(references, predictions, tokenizer)

    expected = rouge_score_reference(references, predictions, get_tokenizer(tokenizer))
    assert result.parts == pytest.approx(expected, abs=1e-12)
