"""The trivial baselines: valid files in each competition's format, scoring in the expected range."""

import json

import pytest

from baselines import trivial

from .scoring_helpers import score_against_bundle

# The floor each trainer must beat, per split; wide enough for other seeds, narrow enough to catch a broken generator.
EXPECTED = {"cv": (0.0, 0.02), "nlp": (5.0, 30.0), "ir": (0.4, 0.8)}


@pytest.mark.parametrize("kind", ["cv", "nlp", "ir"])
def test_each_trivial_baseline_is_valid_and_scores_in_range(bundles, kind):
    filename, build = trivial.TRIVIAL[kind]

    scores = score_against_bundle(bundles[kind], build(bundles[kind]), filename)

    print(f"{kind} trivial baseline on the small demo data: {scores}")
    low, high = EXPECTED[kind]
    assert set(scores) == {"public", "private"}
    assert all(low <= score <= high for score in scores.values()), scores
    if kind == "ir":  # small talk (10%) gets documents, and questions in a student's words miss theirs
        assert (scores["public"] + scores["private"]) / 2 <= 0.65


def test_cv_baseline_is_the_sample_submission(bundles):
    sample = (bundles["cv"] / "data" / "sample_submission.csv").read_bytes()

    assert trivial.cv_all_zeros(bundles["cv"] / "data") == sample


def test_nlp_baseline_keeps_the_index_column_the_speaker_tags_and_the_masks(bundles):
    text = trivial.nlp_lead_turns(bundles["nlp"], turns=2).decode("utf-8")

    assert text.startswith(",fname,summary\n0,test_0,#Person")
    assert trivial.lead_summary("#Person1#: 전화번호는 #PhoneNumber#예요.\n#Person2#: 네.\n#Person1#: 고마워요.",
                                turns=2) == "#Person1#: 전화번호는 #PhoneNumber#예요. #Person2#: 네."


def test_nlp_turns_split_without_newlines():
    dialogue = "#Person1#: 안녕하세요. #Person2#: 반가워요. #Person3#: 저도요."

    assert trivial.split_turns(dialogue) == ["#Person1#: 안녕하세요.", "#Person2#: 반가워요.", "#Person3#: 저도요."]
    assert trivial.lead_summary(dialogue, turns=1) == "#Person1#: 안녕하세요."


def test_ir_baseline_always_returns_three_documents_for_the_last_user_turn(bundles):
    lines = [json.loads(line) for line in trivial.ir_bm25(bundles["ir"]).decode("utf-8").splitlines()]
    queries = [json.loads(line) for line in (bundles["ir"] / "data" / "eval.jsonl").read_text().splitlines()]

    assert [line["eval_id"] for line in lines] == [q["eval_id"] for q in queries]
    assert all(len(line["topk"]) == 3 and len(set(line["topk"])) == 3 for line in lines)
    assert [line["standalone_query"] for line in lines] == [q["msg"][-1]["content"] for q in queries]
    assert all(len(line["references"]) == 3 for line in lines)


def test_ir_baseline_finds_a_document_by_its_words(tmp_path):
    documents = [{"docid": f"d{i}", "src": "ko_mmlu__astronomy__test", "content": text} for i, text in enumerate(
        ["목성은 태양계에서 가장 큰 행성이다.", "광합성은 엽록체에서 일어난다.", "소리는 진공에서 전달되지 않는다.",
         "달의 위상은 약 29.5일을 주기로 변한다."])]
    (tmp_path / "documents.jsonl").write_text("\n".join(json.dumps(d, ensure_ascii=False) for d in documents))
    messages = [{"role": "user", "content": "태양계에서 가장 큰 행성은?"}, {"role": "assistant", "content": "목성"},
                {"role": "user", "content": "광합성은 어디에서 일어나?"}]
    (tmp_path / "eval.jsonl").write_text(json.dumps({"eval_id": 7, "msg": messages}, ensure_ascii=False))

    line = json.loads(trivial.ir_bm25(tmp_path))

    assert line["eval_id"] == 7 and line["topk"][0] == "d1"


def test_the_command_line_writes_the_submission(bundles, tmp_path, capsys):
    out = tmp_path / "submission.csv"

    trivial.main(["nlp", str(bundles["nlp"] / "data"), "--out", str(out)])

    assert out.read_bytes() == trivial.nlp_lead_turns(bundles["nlp"])
    assert str(out) in capsys.readouterr().out
