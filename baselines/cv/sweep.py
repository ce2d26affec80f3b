"""``python -m baselines.cv sweep``: learning curves of the CV baseline (``baselines.sweep``).

One stratified fold (``--seed`` fixes it) is the validation set of every point; each point trains on a stratified
fraction of the other folds, drawn with the point's seed, and an augmentation multiplier ×m shows every training
image m times per epoch, each time with other random damage (the notes' "augment the 1,570 images ×N offline",
without the disk). Train and validation macro F1 are both measured on undamaged images (identity view), so the
gap says how much the model memorised.
"""

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from baselines.common import option, parse_config, pick_device, prepare_output, seed_everything
from baselines.sweep import Point, run_sweep, subset

from .config import CvConfig
from .data import LAYOUT, load_images, read_folder
from .train import _f1, predict, stratified_folds, train_fold


@dataclass
class CvSweepConfig(CvConfig):
    out_dir: Path = option(Path("runs/cv-sweep"), "output folder: config, sweep.csv, sweep.png")
    image_size: int = option(96, "square input size in pixels (small: a sweep trains many models)")
    epochs: int = option(3, "epochs per point")
    fractions: list[float] = option([0.1, 0.25, 0.5, 1.0], "fractions of the training folds to train on")
    multipliers: list[int] = option([1, 5, 10], "augmentation multipliers: each image seen m times per epoch")
    seeds: list[int] = option([0, 1], "a point per seed: its subset, initialisation and augmentation")


def main(argv=None):
    config = parse_config(CvSweepConfig, argv, prog="python -m baselines.cv sweep", description=__doc__,
                          layout=LAYOUT)
    out = prepare_output(config)
    if config.threads:
        torch.set_num_threads(config.threads)
    device = pick_device(config.device)
    data = read_folder(config.data_dir, max_train_images=config.max_train_images)
    images = load_images(data.folder / "train", data.train_ids, size=config.image_size)
    folds = stratified_folds(data.train_targets, k=config.folds, seed=config.seed)
    val_index, pool = np.flatnonzero(folds == 0), np.flatnonzero(folds != 0)

    def train_point(point: Point) -> tuple[int, float, float]:
        seed_everything(point.seed)
        chosen = pool[subset(data.train_targets[pool].tolist(), point.fraction, point.seed)]
        model, _ = train_fold(_point_config(config, point), data, images, np.tile(chosen, point.multiplier),
                              val_index[:0], fold=0, device=device)
        scores = [_f1(data.train_targets[index], predict(model, images[index], views=("identity",), config=config,
                                                         device=device).argmax(1)) for index in (chosen, val_index)]
        return len(chosen), scores[0], scores[1]

    return run_sweep(train_point, fractions=config.fractions, multipliers=config.multipliers, seeds=config.seeds,
                     out=out, metric="macro F1")


def _point_config(config: CvSweepConfig, point: Point) -> CvSweepConfig:
    """The point's seed drives train_fold's batch order too."""
    from dataclasses import replace  # noqa: PLC0415

    return replace(config, seed=point.seed)
