"""``python -m baselines.ir run``: retrieval, fusion, the standalone query, small talk and the optional LLM."""

import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import yaml

from baselines import trivial
from baselines.ir import fusion, run
from baselines.ir.queries import standalone_query

from .helpers import send_json
from .scoring_helpers import score_against_bundle

DOCUMENTS = ["태양은 중심부의 수소 핵융합으로 에너지를 만든다.", "물은 1기압에서 섭씨 100도에 끓는다.",
             "철은 산소와 물을 만나 녹이 슬며 이는 산화 반응이다.", "사람의 뼈는 주로 칼슘과 인으로 이루어져 있다."]
SMALL_TALK = [{"role": "user", "content": "안녕! 오늘 하루 정말 신나고 즐거웠어."}]
QUESTION = [{"role": "user", "content": "태양은 어떻게 에너지를 만들어?"}]
FOLLOW_UP = [{"role": "user", "content": "뼈에 대해 공부하고 있어."},
             {"role": "assistant", "content": "좋아요. 무엇이 궁금하신가요?"},
             {"role": "user", "content": "그건 주로 무엇으로 이루어져 있어?"}]


@pytest.fixture(scope="module")
def hybrid_run(bundles, tmp_path_factory):
    """One default (hybrid) run on the small demo bundle, shared by the tests that read its outputs."""
    out = tmp_path_factory.mktemp("ir-run")
    bundle = bundles["ir"]
    metrics = run.main(["--data-dir", str(bundle), "--out-dir", str(out), "--device", "cpu",
                        "--cache-dir", str(out / "cache"), "--qrels", str(bundle / "solution.jsonl")])
    return bundle, out, metrics


def _collection(folder, conversations: list[list[dict]]):
    """A four-document collection and one eval line per conversation (eval_id = its position)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "documents.jsonl").write_text("\n".join(
        json.dumps({"docid": f"d{i}", "src": "ko_mmlu__astronomy__test", "content": text}, ensure_ascii=False)
        for i, text in enumerate(DOCUMENTS)), encoding="utf-8")
    (folder / "eval.jsonl").write_text("\n".join(
        json.dumps({"eval_id": i, "msg": msg}, ensure_ascii=False) for i, msg in enumerate(conversations)),
        encoding="utf-8")
    return folder


def _lines(out) -> list[dict]:
    return [json.loads(line) for line in (out / "submission.csv").read_text(encoding="utf-8").splitlines()]


def _run_sparse(tmp_path, conversations, *options) -> list[dict]:
    data = _collection(tmp_path / "data", conversations)
    run.main(["--data-dir", str(data), "--out-dir", str(tmp_path / "out"), "--retriever", "sparse", *options])
    return _lines(tmp_path / "out")


def test_a_hybrid_run_writes_its_config_metrics_and_a_submission_podium_scores(hybrid_run):
    bundle, out, metrics = hybrid_run

    scores = score_against_bundle(bundle, (out / "submission.csv").read_bytes(), "submission.csv")
    floor = score_against_bundle(bundle, trivial.ir_bm25(bundle), "submission.csv")

    print(f"IR baseline on the small demo data: {scores} (trivial BM25: {floor}); metrics {metrics}")
    assert yaml.safe_load((out / "config.yaml").read_text(encoding="utf-8"))["retriever"] == "hybrid"
    assert json.loads((out / "metrics.json").read_text(encoding="utf-8")) == metrics
    assert set(metrics["map_at_3"]) == {"sparse", "dense", "hybrid"}
    assert metrics["chitchat_detected"] > 0 and metrics["rewritten_queries"] > 0
    assert sum(floor.values()) / 2 <= 0.65  # the demo data discriminates: words alone fall short, as on real data
    assert sum(scores.values()) / 2 >= sum(floor.values()) / 2 + 0.2
    assert metrics["map_at_3"]["hybrid"] > max(metrics["map_at_3"]["sparse"], metrics["map_at_3"]["dense"])
    assert metrics["embedding_cache"] == {"hits": 0, "misses": 1}


def test_the_submission_is_json_lines_in_eval_order_despite_its_name(hybrid_run):
    bundle, out, _ = hybrid_run
    queries = [json.loads(line) for line in (bundle / "data" / "eval.jsonl").read_text(encoding="utf-8").splitlines()]

    lines = _lines(out)

    assert [line["eval_id"] for line in lines] == [q["eval_id"] for q in queries]
    assert all(set(line) == {"eval_id", "standalone_query", "topk", "answer", "references"} for line in lines)
    assert all(len(line["topk"]) in (0, 3) and len(line["references"]) == len(line["topk"]) for line in lines)
    assert all(line["answer"] == "" for line in lines)  # no LLM configured


def test_small_talk_gets_no_document_and_a_science_question_three(tmp_path):
    small_talk, question = _run_sparse(tmp_path, [SMALL_TALK, QUESTION])

    assert small_talk["topk"] == [] and small_talk["references"] == []
    assert len(question["topk"]) == 3 and question["topk"][0] == "d0"


def test_with_detection_off_small_talk_gets_documents_too(tmp_path):
    small_talk, _ = _run_sparse(tmp_path, [SMALL_TALK, QUESTION], "--chitchat", "false")

    assert small_talk["topk"]  # what BM25 matched (particles, endings); documents matching nothing are left out


def test_an_elliptical_follow_up_takes_its_topic_from_the_earlier_user_turn(tmp_path):
    assert standalone_query(FOLLOW_UP, min_terms=3) == "뼈 공부 그건 주로 무엇으로 이루어져 있어?"
    assert standalone_query(QUESTION, min_terms=3) == QUESTION[0]["content"]
    self_contained = [*FOLLOW_UP[:2], {"role": "user", "content": "물은 몇 도에서 끓어?"}]
    assert standalone_query(self_contained, min_terms=1) == "물은 몇 도에서 끓어?"

    (line,) = _run_sparse(tmp_path, [FOLLOW_UP])

    assert line["standalone_query"].startswith("뼈") and line["topk"][0] == "d3"


def test_rrf_adds_weight_over_k_plus_rank_from_each_list():
    sparse = [(0, 10.0), (1, 6.0), (2, 2.0)]
    dense = [(2, 0.9), (0, 0.5), (3, 0.1)]

    fused = fusion.rrf(sparse, dense, k=1, sparse_weight=0.5)

    assert [doc for doc, _ in fused] == [0, 2, 1, 3]
    assert [score for _, score in fused] == pytest.approx([0.5 / 2 + 0.5 / 3, 0.5 / 4 + 0.5 / 2, 0.5 / 3, 0.5 / 4])
    assert [doc for doc, _ in fusion.rrf(sparse, dense, k=1, sparse_weight=0.2)] == [2, 0, 3, 1]


def test_weighted_fusion_mixes_min_max_normalized_scores():
    sparse = [(0, 10.0), (1, 6.0), (2, 2.0)]
    dense = [(2, 0.9), (0, 0.5), (3, 0.1)]

    fused = fusion.weighted(sparse, dense, sparse_weight=0.5)

    assert [doc for doc, _ in fused] == [0, 2, 1, 3]
    assert [score for _, score in fused] == pytest.approx([0.75, 0.5, 0.25, 0.0])


class _ChatEndpoint(BaseHTTPRequestHandler):
    """An OpenAI-compatible /chat/completions that answers from ``server.replies`` (last user turn -> content)."""

    def do_POST(self):  # noqa: N802 -- http.server's name
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.requests.append({"path": self.path, "auth": self.headers.get("Authorization"), "body": body})
        conversation = json.loads(body["messages"][-1]["content"])
        content = self.server.replies[conversation[-1]["content"]]
        send_json(self, 200, {"choices": [{"message": {"role": "assistant", "content": content}}]})

    def log_message(self, *args):
        pass


@pytest.fixture
def chat_endpoint(monkeypatch):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _ChatEndpoint)
    server.requests, server.replies = [], {}
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("OPENAI_BASE_URL", f"http://127.0.0.1:{server.server_port}/v1")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    yield server
    server.shutdown()
    server.server_close()


def test_a_configured_llm_rewrites_the_query_and_spots_small_talk(tmp_path, chat_endpoint):
    vague = [{"role": "user", "content": "그건 무엇으로 이루어져 있어?"}]  # no earlier turn to take a topic from
    chat_endpoint.replies = {
        vague[0]["content"]: '```json\n{"chitchat": false, "standalone_query": "사람의 뼈는 무엇으로 이루어져 있어?", '
                             '"answer": ""}\n```',
        QUESTION[0]["content"]: '{"chitchat": true, "standalone_query": "태양", "answer": "반가워요!"}',
    }

    rewritten, judged_small_talk = _run_sparse(tmp_path, [vague, QUESTION], "--llm-model", "tiny-chat")

    assert rewritten["standalone_query"] == "사람의 뼈는 무엇으로 이루어져 있어?" and rewritten["topk"][0] == "d3"
    assert judged_small_talk["topk"] == [] and judged_small_talk["answer"] == "반가워요!"
    request = chat_endpoint.requests[0]
    assert request["path"] == "/v1/chat/completions" and request["auth"] == "Bearer sk-test"
    assert request["body"]["model"] == "tiny-chat"


def test_an_llm_answer_that_is_not_json_falls_back_to_the_deterministic_path(tmp_path, chat_endpoint, capsys):
    chat_endpoint.replies = {SMALL_TALK[0]["content"]: "Sorry, I cannot help with that.",
                             QUESTION[0]["content"]: '{"chitchat": false}'}

    small_talk, question = _run_sparse(tmp_path, [SMALL_TALK, QUESTION], "--llm-model", "tiny-chat")

    assert small_talk["topk"] == [] and question["topk"][0] == "d0"
    assert json.loads((tmp_path / "out" / "metrics.json").read_text())["llm_failures"] == 2
    assert "LLM failed, deterministic path used" in capsys.readouterr().err


def test_without_an_llm_the_run_says_so(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)

    _run_sparse(tmp_path, [QUESTION])

    assert "No LLM configured" in capsys.readouterr().out


@pytest.fixture
def elasticsearch_url():
    url = os.environ.get("ELASTICSEARCH_URL", "")
    if not url:
        pytest.skip("Elasticsearch path not tested: ELASTICSEARCH_URL is not set. `bash .ci/run` starts noida-db "
                    "(an Elasticsearch-8-compatible server) and sets it; or start one and export the URL.")
    return url


def test_with_elasticsearch_bm25_runs_on_a_throwaway_index(bundles, tmp_path, elasticsearch_url):
    from elasticsearch import Elasticsearch

    from baselines.ir.sparse import has_nori

    client = Elasticsearch(elasticsearch_url, request_timeout=30)
    bundle = bundles["ir"]

    metrics = run.main(["--data-dir", str(bundle), "--out-dir", str(tmp_path), "--retriever", "sparse",
                        "--qrels", str(bundle / "solution.jsonl")])

    analyzer = "nori" if has_nori(client) else "Kiwi morphemes"
    print(f"Elasticsearch path ran at {elasticsearch_url} with {analyzer}: {metrics}")
    assert metrics["sparse_backend"] == f"Elasticsearch ({analyzer})"
    with pytest.MonkeyPatch.context() as patch:  # the same run on bm25s: the two BM25s should agree
        patch.delenv("ELASTICSEARCH_URL")
        local = run.main(["--data-dir", str(bundle), "--out-dir", str(tmp_path / "bm25s"), "--retriever", "sparse",
                          "--qrels", str(bundle / "solution.jsonl")])
    assert abs(metrics["map_at_3"]["sparse"] - local["map_at_3"]["sparse"]) <= 0.05, (metrics, local)
    assert not client.indices.get(index="podium-ir-*", allow_no_indices=True)  # the run's index is gone
    score_against_bundle(bundle, (tmp_path / "submission.csv").read_bytes(), "submission.csv")
    if analyzer != "nori":
        with pytest.raises(SystemExit, match="no nori analyzer"):
            run.main(["--data-dir", str(bundle), "--out-dir", str(tmp_path), "--retriever", "sparse",
                      "--es-analyzer", "nori"])
