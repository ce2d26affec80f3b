"""The IR baseline's multilingual encoder, its embedding cache, the particle cut and the small-talk detector."""

import numpy as np
import pytest
import yaml

from baselines.ir import config as ir_config
from baselines.ir import pipeline, tune
from baselines.ir.chitchat import ChitchatDetector
from baselines.ir.dense import PACKAGED_MODEL, DenseRetriever, EmbeddingCache, build_encoder
from baselines.ir.run import weights_of
from baselines.ir.sparse import Bm25sRetriever, kiwi_terms


class CountingEncoder:
    """Deterministic vectors from the text's bytes; counts the texts it was asked to embed."""

    def __init__(self, identity: str = "counting v1") -> None:
        self.identity, self.embedded = identity, 0

    def encode(self, texts):
        self.embedded += len(texts)
        return np.array([np.frombuffer(text.encode().ljust(16, b"\0")[:16], dtype=np.uint8) / 255 for text in texts],
                        dtype=np.float32)


@pytest.fixture(scope="module")
def use_encoder():
    return build_encoder(PACKAGED_MODEL, threads=1)


def test_document_embeddings_are_reused_from_the_cache(tmp_path):
    cache, encoder = EmbeddingCache(tmp_path), CountingEncoder()
    first = DenseRetriever(["가", "나", "다"], encoder=encoder, cache=cache)
    again = DenseRetriever(["가", "나", "다"], encoder=encoder, cache=EmbeddingCache(tmp_path))

    assert encoder.embedded == 3  # the second retriever read the file
    assert (cache.hits, cache.misses) == (0, 1)
    assert len(list(tmp_path.glob("*.npy"))) == 1
    np.testing.assert_array_equal(first.search(["가"], 3)[0], again.search(["가"], 3)[0])


@pytest.mark.parametrize("change", ["document", "order", "model", "prefix"])
def test_a_changed_collection_or_model_embeds_again(tmp_path, change):
    DenseRetriever(["가", "나"], encoder=CountingEncoder(), cache=EmbeddingCache(tmp_path))
    contents, encoder, prefix = ["가", "나"], CountingEncoder(), ""
    if change == "document":
        contents = ["가", "나!"]
    elif change == "order":
        contents = ["나", "가"]
    elif change == "model":
        encoder = CountingEncoder("counting v2")
    else:
        prefix = "passage: "

    cache = EmbeddingCache(tmp_path)
    DenseRetriever(contents, encoder=encoder, cache=cache, document_prefix=prefix)

    assert (cache.hits, cache.misses, encoder.embedded) == (0, 1, 2)
    assert len(list(tmp_path.glob("*.npy"))) == 2


def test_no_cache_folder_means_no_files(tmp_path):
    encoder = CountingEncoder()
    DenseRetriever(["가"], encoder=encoder, cache=EmbeddingCache(None))
    DenseRetriever(["가"], encoder=encoder, cache=EmbeddingCache(None))

    assert encoder.embedded == 2


def test_the_packaged_encoder_reads_hangul_and_maps_english_terms_near_korean(use_encoder):
    documents = use_encoder.encode(["광합성은 식물의 엽록체에서 일어난다.", "주식 시장이 오늘 크게 하락했다."])
    queries = use_encoder.encode(["photosynthesis happens in chloroplasts", "식물은 어디에서 광합성을 해?"])

    similarity = queries @ documents.T
    assert documents.shape == (2, 512)
    assert (similarity[:, 0] > similarity[:, 1] + 0.2).all(), similarity


def test_an_unknown_noun_loses_its_particle_in_documents_and_questions():
    question, document = kiwi_terms(["솔레노이드가 만드는 자기장은?", "솔레노이드는 도선을 감은 코일이다."])

    assert "솔레노이드" in question and "솔레노이드" in document
    assert "솔레노이드가" not in question


# A small collection in the spirit of the real one, and what students ask of it in their own spelling.
COLLECTION = ["리보솜은 mRNA의 정보에 따라 단백질을 합성하는 세포 소기관이다.",
              "이탈리아의 수도는 로마이며, 로마는 고대 로마 제국의 중심지였다.",
              "이바노프스키는 담배 모자이크병의 원인이 세균 여과기를 통과한다는 것을 발견하였다.",
              "브리지 인버터는 네 개의 스위치로 직류를 교류로 바꾸는 전력 변환 회로이다.",
              "수면이 부족하면 기억력과 면역 기능이 떨어진다.",
              "솔레노이드에 전류가 흐르면 내부에 균일한 자기장이 생긴다.",
              "광합성은 엽록체에서 빛 에너지를 이용해 포도당을 만드는 과정이다.",
              "지구의 대기는 질소 약 78%, 산소 약 21%로 이루어져 있다.",
              "판 구조론에 따르면 지각은 여러 개의 판으로 나뉘어 움직인다.",
              "DNA는 아데닌, 티민, 구아닌, 사이토신 네 가지 염기로 이루어져 있다."]
SCIENCE = ["리보오솜은 무슨 일을 해?", "이태리의 수도는 어디야?", "Ivanovsky가 발견한 것은?",
           "bridge inverter는 어떤 회로야?", "잠을 못 자면 몸에 어떤 일이 생겨?", "솔레노이드가 만드는 자기장은?",
           "photosynthesis는 어디서 일어나?", "공기는 어떤 기체로 이루어져 있어?"]
PLEASANTRIES = ["오늘 너무 즐거웠다!", "요새 너무 힘드네..", "너 모르는 것도 있어?", "안녕, 반가워!",
                "고마워, 덕분에 많이 배웠어.", "ㅋㅋㅋ 대박", "배고프다. 점심 뭐 먹지?", "너는 누구니?"]


def test_the_detector_answers_pleasantries_and_keeps_spelling_variants_of_science(use_encoder, tmp_path):
    doc_terms = kiwi_terms(COLLECTION)
    dense = DenseRetriever(COLLECTION, encoder=use_encoder, cache=EmbeddingCache(tmp_path))
    messages = [[{"role": "user", "content": text}] for text in SCIENCE + PLEASANTRIES]
    turns = [pipeline.split_turns(m) for m in messages]
    evidence = pipeline.gather(turns, sparse=Bm25sRetriever(doc_terms, k1=1.2, b=0.75), dense=dense, candidates=10)
    weights = weights_of(ir_config.IrConfig())
    detector = ChitchatDetector(doc_terms)
    rankings = pipeline.rank(evidence, weights, dense=dense, detector=detector, fusion="weighted", rrf_k=60,
                             candidates=10)

    said = pipeline.small_talk(evidence, rankings, [last for last, _ in turns], weights, detector=detector,
                               final="hybrid", top_k=3)

    verdicts = dict(zip(SCIENCE + PLEASANTRIES, said))
    assert [q for q in SCIENCE if verdicts[q]] == []
    assert [q for q in PLEASANTRIES if not verdicts[q]] == []


def test_tune_writes_weights_the_run_takes_as_defaults(tmp_path, monkeypatch):
    out = tmp_path / "tuned.yaml"

    tuned = tune.main(["--seeds", "1", "--sizes", "small", "--out", str(out)])

    written = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert written == tuned
    assert set(written) == {"last_turn", "sparse_low", "sparse_high", "chitchat_dense", "chitchat_threshold",
                            "chitchat_cue_threshold", "sparse_only"}
    assert written["last_turn"] in tune.LAST_TURN and written["sparse_low"] <= written["sparse_high"]
    assert "not the competition's (seed 0)" in out.read_text(encoding="utf-8")
    monkeypatch.setattr(ir_config, "TUNED", written)
    assert ir_config.tuned_bars("sparse") == (written["sparse_only"]["chitchat_threshold"],
                                             written["sparse_only"]["chitchat_cue_threshold"])


def test_the_committed_weights_are_the_configs_defaults():
    committed = yaml.safe_load(ir_config.TUNED_FILE.read_text(encoding="utf-8"))
    weights = weights_of(ir_config.IrConfig())

    assert (weights.last_turn, weights.sparse_low, weights.sparse_high, weights.chitchat_dense) == (
        committed["last_turn"], committed["sparse_low"], committed["sparse_high"], committed["chitchat_dense"])
    assert weights.chitchat_threshold == committed["chitchat_threshold"]


def test_the_fusion_trusts_bm25_as_far_as_its_best_document_has_the_questions_words():
    doc_terms = kiwi_terms(["광합성은 엽록체에서 일어난다.", "세포 호흡은 미토콘드리아에서 일어난다."])
    evidence = pipeline.Evidence(sparse_last=None, sparse_earlier=None, dense_last=None, dense_earlier=None,
                                 morphemes=pipeline.analyze(["광합성은 엽록체에서 일어나?", "photosynthesis는 어디서 해?"]))
    weights = pipeline.Weights(last_turn=1.0, sparse_low=0.2, sparse_high=0.9, chitchat_dense=0.0,
                               chitchat_threshold=0.0, chitchat_cue_threshold=0.0)

    shares = pipeline.sparse_shares(evidence, [[(0, 3.0)], []], weights, ChitchatDetector(doc_terms))

    assert shares == pytest.approx([0.9, 0.2])  # every word found; no document found at all
