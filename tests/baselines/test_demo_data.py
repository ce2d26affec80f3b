"""The demo data generators: deterministic, exactly the bootcamp's file layouts, and loadable bundles."""

import csv
import json
import re
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
import yaml
from PIL import Image

from baselines.demo_data import SLUGS, cv, generate, nlp
from baselines.demo_data import __main__ as cli
from baselines.demo_data.cv_canvas import detect_fonts
from baselines.demo_data.korean import format_ko
from competitions.bundles import bundle_load

from .helpers import SEED, tree_digest

META = ["account_number", "application_for_payment_of_pregnancy_medical_expenses", "car_dashboard",
        "confirmation_of_admission_and_discharge", "diagnosis", "driver_lisence", "medical_bill_receipts",
        "medical_outpatient_certificate", "national_id_card", "passport", "payment_confirmation",
        "pharmaceutical_receipt", "prescription", "resume", "statement_of_opinion",
        "vehicle_registration_certificate", "vehicle_registration_plate"]
MASKS = ("#PhoneNumber#", "#Address#", "#DateOfBirth#", "#PassportNumber#", "#CardNumber#", "#CarNumber#", "#Email#")
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


def _csv(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1:]


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_it_writes_the_same_bytes_for_the_same_seed(demo_root, tmp_path):
    again = tmp_path / "again"
    for kind in SLUGS:
        generate(kind, out=again, seed=SEED, size="small")

    for slug in SLUGS.values():
        assert tree_digest(again / slug) == tree_digest(demo_root / slug), slug


def test_it_writes_other_data_for_another_seed(bundles, tmp_path):
    other = generate("nlp", out=tmp_path, seed=SEED + 1, size="small")

    assert tree_digest(other) != tree_digest(bundles["nlp"])


def test_it_replaces_an_older_folder_whole(tmp_path):
    stale = tmp_path / nlp.SLUG / "data" / "stale.csv"
    stale.parent.mkdir(parents=True)
    stale.write_text("old")

    generate("nlp", out=tmp_path, seed=SEED, size="small")

    assert not stale.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [nlp.SLUG]  # no staging folder left behind


def test_the_command_line_generates_the_chosen_competitions(tmp_path, capsys):
    cli.main(["--out", str(tmp_path), "--seed", "3", "--only", "nlp", "ir"])

    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([SLUGS["nlp"], SLUGS["ir"]])
    assert "nlp:" in capsys.readouterr().out


def test_cv_layout_is_the_bootcamps(bundles):
    data = bundles["cv"] / "data"
    header, train = _csv(data / "train.csv")
    assert header == ["ID", "target"]
    assert sorted(p.name for p in data.iterdir()) == ["meta.csv", "sample_submission.csv", "test", "train",
                                                      "train.csv"]
    assert all(re.fullmatch(r"[0-9a-f]{16}\.jpg", image_id) for image_id, _ in train)
    assert sorted(p.name for p in (data / "train").iterdir()) == sorted(image_id for image_id, _ in train)
    assert _csv(data / "meta.csv") == (["target", "class_name"], [[str(i), name] for i, name in enumerate(META)])
    header, sample = _csv(data / "sample_submission.csv")
    assert header == ["ID", "target"] and {target for _, target in sample} == {"0"}
    assert [image_id for image_id, _ in sample] == [row[0] for row in _csv(bundles["cv"] / "solution.csv")[1]]
    assert sorted(p.name for p in (data / "test").iterdir()) == sorted(image_id for image_id, _ in sample)
    assert len(train) == 314 and len(sample) == 306


def test_cv_classes_are_imbalanced_like_the_original(bundles):
    counts = Counter(int(target) for _, target in _csv(bundles["cv"] / "data" / "train.csv")[1])

    assert sorted(counts) == list(range(17))
    assert max(counts[1], counts[13], counts[14]) < min(counts[c] for c in range(17) if c not in (1, 13, 14))


def test_cv_images_are_small_colour_jpegs(bundles):
    data = bundles["cv"] / "data"
    for path in sorted((data / "train").iterdir())[:20] + sorted((data / "test").iterdir())[:20]:
        assert path.read_bytes()[:3] == b"\xff\xd8\xff"
        with Image.open(path) as image:
            assert image.mode == "RGB"
            assert 150 <= min(image.size) and max(image.size) <= 400


def test_cv_wrong_labels_stay_among_the_medical_forms():
    labels = np.repeat(np.arange(17), 30)

    given = cv._mislabel(np.random.default_rng(0), labels, 8)

    changed = np.flatnonzero(given != labels)
    assert len(changed) == 8
    assert set(labels[changed]) <= set(cv.CONFUSED) and set(given[changed]) <= set(cv.CONFUSED)


def test_cv_test_images_are_damaged_and_train_images_are_not_turned():
    fonts = detect_fonts()
    clean = cv.render(16, seed=0, key=("test", 1), area=224 * 224, fonts=fonts)
    sizes = set()
    for index in range(12):
        damaged = cv.damage(clean, rng=np.random.default_rng([0, index]), seed=0, index=index, area=224 * 224,
                            fonts=fonts, target=16)
        sizes.add(damaged.size)
    assert clean.size in sizes and clean.size[::-1] in sizes  # some turned by 90 or 270 degrees
    assert cv.photograph(clean, rng=np.random.default_rng(0)).size == clean.size


def test_cv_text_is_latin_without_a_korean_font(tmp_path):
    fonts = detect_fonts(korean_dir=tmp_path / "no-fonts")

    image = cv.render(9, seed=0, key=("train", 0), area=160 * 160, fonts=fonts)

    assert fonts.korean is False
    assert image.mode == "RGB" and image.width * image.height == pytest.approx(160 * 160, rel=0.05)
    spec = cv.bundle_spec(size="small", train=1, test=1, korean=False)
    assert "Latin" in spec.data


def test_korean_particles_follow_the_final_consonant():
    text = format_ko("{a:을} {b:을} {c:으로} {d:으로} {e:이} {f:은}", a="가방", b="사과", c="집", d="서울", e="민수", f="3층")

    assert text == "가방을 사과를 집으로 서울로 민수가 3층은"


def test_nlp_layout_is_the_bootcamps(bundles):
    data = bundles["nlp"] / "data"
    assert sorted(p.name for p in data.iterdir()) == ["dev.csv", "sample_submission.csv", "test.csv", "train.csv"]
    for split, count in (("train", 400), ("dev", 50)):
        header, rows = _csv(data / f"{split}.csv")
        assert header == ["fname", "dialogue", "summary", "topic"] and len(rows) == count
        assert [row[0] for row in rows] == [f"{split}_{i}" for i in range(count)]
    header, test = _csv(data / "test.csv")
    assert header == ["fname", "dialogue"] and len(test) == 100
    assert (data / "sample_submission.csv").read_text(encoding="utf-8").startswith(",fname,summary\n0,test_0,")
    header, solution = _csv(bundles["nlp"] / "solution.csv")
    assert header == ["fname", "summary1", "summary2", "summary3", "Usage"]
    assert [row[-1] for row in solution] == ["Public"] * 50 + ["Private"] * 50


def test_nlp_dialogues_have_turns_masks_and_a_few_without_newlines(bundles):
    _, train = _csv(bundles["nlp"] / "data" / "train.csv")
    dialogues = [row[1] for row in train]
    with_lines = [d for d in dialogues if "\n" in d]
    assert 0 < len(dialogues) - len(with_lines) < len(dialogues) * 0.1
    for dialogue in with_lines:
        assert all(re.match(r"#Person[1-7]#: \S", line) for line in dialogue.split("\n"))
    assert any("#Person3#:" in d for d in dialogues)
    assert {mask for d in dialogues for mask in MASKS if mask in d} == set(MASKS)
    assert any(mask in row[2] for row in train for mask in MASKS)
    assert len({row[3] for row in train}) >= 15


def test_ir_layout_is_the_bootcamps(bundles):
    data = bundles["ir"] / "data"
    assert sorted(p.name for p in data.iterdir()) == ["documents.jsonl", "eval.jsonl", "sample_submission.csv"]
    documents = _jsonl(data / "documents.jsonl")
    assert len(documents) == 300 and all(list(d) == ["docid", "src", "content"] for d in documents)
    assert all(UUID.match(d["docid"]) for d in documents) and len({d["docid"] for d in documents}) == 300
    assert all(re.fullmatch(r"ko_mmlu__[a-z_]+__(test|train|validation)|ko_ai2_arc__ARC_Challenge__"
                            r"(test|train|validation)", d["src"]) for d in documents)
    assert all(44 <= len(d["content"]) <= 1230 for d in documents)
    queries = _jsonl(data / "eval.jsonl")
    assert len(queries) == 100 and all(list(q) == ["eval_id", "msg"] and type(q["eval_id"]) is int for q in queries)
    roles = Counter(tuple(m["role"] for m in q["msg"]) for q in queries)
    assert set(roles) == {("user",), ("user", "assistant", "user")} and roles[("user", "assistant", "user")] >= 10
    sample = _jsonl(data / "sample_submission.csv")  # JSON Lines despite the name
    assert [line["eval_id"] for line in sample] == [q["eval_id"] for q in queries]


def test_ir_judgments_point_into_the_collection(bundles):
    docids = {d["docid"] for d in _jsonl(bundles["ir"] / "data" / "documents.jsonl")}
    solution = _jsonl(bundles["ir"] / "solution.jsonl")

    assert all(set(line["relevant"]) <= docids for line in solution)
    assert sum(not line["relevant"] for line in solution) == 10  # chit-chat
    assert Counter(line["Usage"] for line in solution) == {"Public": 50, "Private": 50}


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["cv", "nlp", "ir"])
def test_each_folder_loads_as_a_bundle(bundles, host, kind):
    competition = bundle_load(bundles[kind])

    config = yaml.safe_load((bundles[kind] / "competition.yaml").read_text(encoding="utf-8"))
    data_files = set(competition.data_files.values_list("name", flat=True))
    assert competition.slug == SLUGS[kind] and competition.hosts.get() == host
    assert data_files == {p.relative_to(bundles[kind] / "data").as_posix()
                          for p in (bundles[kind] / "data").rglob("*") if p.is_file()}
    assert competition.data_files.get(is_sample_submission=True).name == "sample_submission.csv"
    assert competition.solution.public_rows == competition.solution.rows // 2 + (kind == "nlp") * (
        competition.solution.rows % 2)
    assert competition.daily_submission_limit == {"cv": 12, "nlp": 12, "ir": 5}[kind]
    assert competition.max_final_selections == 2
    assert config["metric"] == competition.metric_key


def test_cv_text_is_hangul_when_a_korean_font_is_installed(tmp_path):
    latin = detect_fonts(korean_dir=tmp_path / "none")
    korean_dir = tmp_path / "nanum"
    korean_dir.mkdir()
    (korean_dir / "NanumGothic.ttf").write_bytes(Path(dict(latin.files)["sans"]).read_bytes())

    fonts = detect_fonts(korean_dir=korean_dir)

    assert fonts.korean is True and dict(fonts.files)["sans"] == str(korean_dir / "NanumGothic.ttf")
    assert dict(fonts.files)["mono"] == str(korean_dir / "NanumGothic.ttf")  # falls back within the Korean set
