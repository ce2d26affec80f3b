"""The NLP baseline trainer: smoke runs end to end on the demo data, and the parts they are built from."""

import csv
import json
import shutil

import pytest
from tokenizers import processors
from transformers import AutoTokenizer

from baselines import common, trivial
from baselines.common import parse_config
from baselines.nlp import data as nlp_data
from baselines.nlp import model as nlp_model
from baselines.nlp import scores
from baselines.nlp import train
from baselines.nlp.config import NlpConfig

from .scoring_helpers import score_against_bundle

# A tiny model, one epoch on 32 dialogues, greedy 8-token summaries: the whole pipeline in seconds.
SMOKE = ["--d-model", "32", "--encoder-layers", "1", "--decoder-layers", "1", "--attention-heads", "2",
         "--ffn-dim", "64", "--vocab-size", "600", "--max-source-length", "128", "--max-train-samples", "32",
         "--epochs", "1", "--batch-size", "16", "--num-beams", "1", "--generation-max-length", "8"]
TAGS = [*nlp_data.SPEAKER_TAGS, *nlp_data.PII_MASKS]


def _rows(path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def smoke_run(bundles, tmp_path_factory):
    out = tmp_path_factory.mktemp("nlp-run")
    argv = ["--data-dir", str(bundles["nlp"]), "--out-dir", str(out), *SMOKE]
    return out, argv, train.main(argv)


@pytest.fixture(scope="module")
def demo_tokenizer(bundles):
    splits = nlp_data.load_splits(bundles["nlp"])
    return nlp_model.train_tokenizer(splits.texts(), tags=nlp_data.special_tags(splits.texts()), vocab_size=600)


@pytest.mark.slow
def test_smoke_run_writes_a_submission_podium_accepts_and_scores(bundles, smoke_run):
    out, _, metrics = smoke_run

    data = (out / "submission.csv").read_bytes()
    scores = score_against_bundle(bundles["nlp"], data, "submission.csv")

    assert set(scores) == {"public", "private"}
    assert all(0.0 <= score <= 100.0 for score in scores.values())
    assert data.startswith(b",fname,summary\n0,test_0,")
    test_rows = _rows(bundles["nlp"] / "data" / "test.csv")
    assert [row["fname"] for row in _rows(out / "submission.csv")] == [row["fname"] for row in test_rows]
    for name in ("config.yaml", "metrics.json", "loss.png", "dev_predictions.csv", "model/model.safetensors",
                 "model/tokenizer.json"):
        assert (out / name).stat().st_size > 0, name
    assert not (out / "checkpoints").exists()
    assert json.loads((out / "metrics.json").read_text(encoding="utf-8")) == metrics


@pytest.mark.slow
def test_metrics_hold_dev_rouge_next_to_the_organizers_lead_2_and_3(smoke_run, bundles):
    _, _, metrics = smoke_run

    assert set(metrics["dev"]) == {"rouge", "rouge1", "rouge2", "rougeL"}
    assert metrics["score"] == metrics["dev"]["rouge"]
    parts = metrics["dev_lead2"]
    assert parts["rouge"] == pytest.approx(100 * (parts["rouge1"] + parts["rouge2"] + parts["rougeL"]) / 3)
    assert 5.0 < parts["rouge"] < 30.0  # the lead-2 floor of the demo data, as in test_trivial
    dev = nlp_data.load_splits(bundles["nlp"]).dev
    with_tags = scores.dev_rouge([trivial.lead_summary(row["dialogue"], turns=2) for row in dev],
                                 [row["summary"] for row in dev])
    assert parts["rouge"] < with_tags["rouge"]  # the organizers' lead drops the #PersonN#: tags the references use
    assert metrics["dev_lead3"]["rouge"] > parts["rouge"]
    assert metrics["train_rows"] == 32 and metrics["steps"] == 2 and metrics["device"] == "cpu"
    assert 10_000 < metrics["parameters"] < 200_000
    assert metrics["special_tokens"][: len(TAGS)] == TAGS


@pytest.mark.slow
def test_a_short_training_writes_its_own_summaries_with_the_tags_kept(bundles, tmp_path):
    # 120 steps: enough for the tiny model to write text (one epoch's model still ends every summary at once).
    argv = [*SMOKE, "--d-model", "64", "--ffn-dim", "128", "--lr", "0.003", "--epochs", "15", "--max-train-samples",
            "64", "--batch-size", "8"]

    metrics = train.main(["--data-dir", str(bundles["nlp"]), "--out-dir", str(tmp_path), *argv])

    summaries = [row["summary"] for row in _rows(tmp_path / "submission.csv")]
    assert metrics["blank_test_summaries"] == 0 and metrics["steps"] == 120
    assert any("#Person" in summary for summary in summaries)  # generated as one token, decoded as written
    assert all("<s>" not in summary and "</s>" not in summary and "<pad>" not in summary for summary in summaries)
    assert metrics["dev"]["rouge"] > 0.0


@pytest.mark.slow
def test_the_config_round_trips_through_config_yaml(smoke_run):
    out, argv, _ = smoke_run

    again = parse_config(NlpConfig, ["--config", str(out / "config.yaml")], prog="test")
    overridden = parse_config(NlpConfig, ["--config", str(out / "config.yaml"), "--num-beams", "3"], prog="test")

    assert again == parse_config(NlpConfig, argv, prog="test")
    assert again.d_model == 32 and again.fp16 is None and again.model == "scratch"
    assert overridden.num_beams == 3 and overridden.epochs == again.epochs


@pytest.mark.slow
def test_the_saved_tokenizer_keeps_the_tags_whole(smoke_run):
    out, _, _ = smoke_run

    tokenizer = AutoTokenizer.from_pretrained(out / "model")

    for tag in TAGS:
        assert tokenizer.tokenize(f"{tag}이 말했다")[0] == tag


@pytest.mark.slow
def test_bootcamp_shaped_data_without_newlines_trains_and_predicts(bundles, smoke_run, tmp_path):
    folder = tmp_path / "data"  # the bootcamp's folder itself, not a bundle
    shutil.copytree(bundles["nlp"] / "data", folder)
    for name in ("train.csv", "dev.csv", "test.csv"):
        rows = _rows(folder / name)
        with (folder / name).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows({**row, "dialogue": row["dialogue"].replace("\n", " ")} for row in rows)
    assert (folder / "sample_submission.csv").read_text(encoding="utf-8").startswith(",fname,summary\n0,")
    assert all("\n" not in row["dialogue"] for row in _rows(folder / "test.csv"))

    metrics = train.main(["--data-dir", str(folder), "--out-dir", str(tmp_path / "run"), *SMOKE])

    data = (tmp_path / "run" / "submission.csv").read_bytes()
    assert set(score_against_bundle(bundles["nlp"], data, "submission.csv")) == {"public", "private"}
    # split_turns finds the turns without line breaks: the same inputs, tokenizer and model as with them.
    out, _, with_newlines = smoke_run
    assert data == (out / "submission.csv").read_bytes()
    assert metrics["dev"] == with_newlines["dev"] and metrics["dev_lead2"] == with_newlines["dev_lead2"]


@pytest.mark.slow
def test_a_saved_model_folder_is_fine_tuned_with_model(bundles, smoke_run, tmp_path):
    out, _, first = smoke_run

    metrics = train.main(["--data-dir", str(bundles["nlp"]), "--out-dir", str(tmp_path), *SMOKE,
                          "--model", str(out / "model")])

    assert metrics["model"] == str(out / "model")
    assert metrics["parameters"] == first["parameters"] and metrics["vocab_size"] == first["vocab_size"]
    assert set(score_against_bundle(bundles["nlp"], (tmp_path / "submission.csv").read_bytes(), "s.csv")) == {
        "public", "private"}


@pytest.mark.slow
def test_submit_uploads_the_submission_to_the_reference_competition(bundles, tmp_path, monkeypatch, capsys):
    calls = []

    def fake_submit_file(path, **kwargs):
        calls.append((path, kwargs))
        return {"id": 1, "status": "scored", "public_score": 12.5}

    monkeypatch.setattr(common, "submit_file", fake_submit_file)

    train.main(["--data-dir", str(bundles["nlp"]), "--out-dir", str(tmp_path), *SMOKE, "--submit",
                "--server", "http://podium.test"])

    [(path, kwargs)] = calls
    assert path == tmp_path / "submission.csv"
    assert kwargs["competition"] == "dialogue-summarization" and kwargs["server"] == "http://podium.test"
    assert kwargs["description"].startswith("nlp baseline: scratch, dev ROUGE ")
    assert "public score 12.5" in capsys.readouterr().out


def test_dialogues_read_the_same_with_or_without_newlines():
    dialogue = "#Person1#: 안녕하세요.\n#Person2#: 전화번호는 #PhoneNumber#예요.\n#Person1#: 고마워요."

    assert nlp_data.source_text(dialogue) == nlp_data.source_text(dialogue.replace("\n", " "))
    assert nlp_data.source_text(dialogue) == "#Person1#: 안녕하세요. #Person2#: 전화번호는 #PhoneNumber#예요. #Person1#: 고마워요."


def test_special_tags_are_the_bootcamps_and_every_other_tag_found():
    texts = ["#Person1#과#Person2#가 #Email#로 연락한다.", "#Person3#: #Nickname# 씨의 번호는 #PhoneNumber#예요."]

    assert nlp_data.special_tags(texts) == [*TAGS, "#Nickname#"]


def test_tags_are_single_tokens_and_survive_decoding(demo_tokenizer):
    text = "#Person1#이 #Person2#에게 #PhoneNumber#로 전화하고 #Address#의 #CarNumber# 차를 찾는다."

    ids = demo_tokenizer(text)["input_ids"]

    for tag in TAGS:
        assert demo_tokenizer(tag, add_special_tokens=False)["input_ids"] == [demo_tokenizer.convert_tokens_to_ids(tag)]
        assert demo_tokenizer.tokenize(f"{tag}는")[0] == tag
    assert ids[0] == demo_tokenizer.bos_token_id and ids[-1] == demo_tokenizer.eos_token_id
    assert nlp_model.decode(demo_tokenizer, [*ids, demo_tokenizer.pad_token_id, -100]) == text


def test_summaries_end_in_eos_even_when_the_tokenizer_adds_none(bundles):
    splits = nlp_data.load_splits(bundles["nlp"])
    tokenizer = nlp_model.train_tokenizer(splits.texts(), tags=TAGS, vocab_size=600)
    tokenizer.backend_tokenizer.post_processor = processors.TemplateProcessing(single="$A")  # as KoBART's

    full = nlp_data.encode(tokenizer, splits.dev[:3], max_source=64, max_target=200)
    cut = nlp_data.encode(tokenizer, splits.dev[:3], max_source=64, max_target=6)

    for whole, short, row in zip(full, cut, splits.dev):
        assert whole["labels"] == [*tokenizer(row["summary"])["input_ids"], tokenizer.eos_token_id]
        assert short["labels"] == [*whole["labels"][:5], tokenizer.eos_token_id]
        assert tokenizer.eos_token_id not in whole["input_ids"]  # sources are left as the tokenizer makes them


def test_dev_and_test_batches_keep_the_order_of_the_rows(bundles, tmp_path):
    """Predictions are matched to rows by position: a length-grouped sampler, which transformers also applies to
    evaluation when training uses it, would shuffle them."""
    import torch

    config = parse_config(NlpConfig, ["--data-dir", str(bundles["nlp"]), "--out-dir", str(tmp_path), *SMOKE],
                          prog="test")
    splits = nlp_data.load_splits(config.data_dir, max_train=config.max_train_samples)
    tokenizer, model = nlp_model.build(config, texts=splits.texts(), tags=nlp_data.special_tags(splits.texts()))
    trainer = train.make_trainer(config, model, tokenizer, splits, references=[], device=torch.device("cpu"),
                                 out=tmp_path)

    for rows in (splits.dev, splits.test):
        dataset = train.encoded(config, tokenizer, rows)
        batches = trainer.get_test_dataloader(dataset)
        seen = [ids[ids != tokenizer.pad_token_id].tolist() for batch in batches for ids in batch["input_ids"]]
        assert seen == [example["input_ids"] for example in dataset]
    assert len({len(example["input_ids"]) for example in dataset}) > 1  # lengths differ: grouping would reorder


def test_help_lists_the_options(capsys):
    with pytest.raises(SystemExit) as exit_info:
        train.main(["--help"])

    assert exit_info.value.code == 0
    assert "--num-beams" in capsys.readouterr().out
