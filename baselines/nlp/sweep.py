"""``python -m baselines.nlp sweep``: learning curves of the NLP baseline (``baselines.sweep``).

dev.csv is the fixed validation set of every point; each point trains a fresh model (and, for ``scratch``, a fresh
tokenizer) on a random fraction of train.csv drawn with the point's seed. The train score is ROUGE on up to
``--train-eval-rows`` of the point's own training dialogues, so that the gap says how much it memorised. There is no
augmentation multiplier: the text baseline has no augmentation.
"""

import dataclasses
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from baselines.common import option, parse_config, pick_device, prepare_output, seed_everything
from baselines.sweep import Point, run_sweep, subset

from . import model as models
from .config import SCRATCH, NlpConfig
from .data import LAYOUT, Splits, load_splits, special_tags
from .scores import dev_rouge
from .train import encoded, make_trainer


@dataclass
class NlpSweepConfig(NlpConfig):
    out_dir: Path = option(Path("runs/nlp-sweep"), "output folder: config, sweep.csv, sweep.png")
    epochs: float = option(15.0, "training epochs per point")
    num_beams: int = option(1, "beam size (greedy by default: a sweep decodes dev once per point)")
    fractions: list[float] = option([0.1, 0.25, 0.5, 1.0], "fractions of train.csv to train on")
    seeds: list[int] = option([0, 1], "a point per seed: its subset and initialisation")
    train_eval_rows: int = option(100, "training dialogues scored for the train side of the gap")


def main(argv=None):
    config = parse_config(NlpSweepConfig, argv, prog="python -m baselines.nlp sweep", description=__doc__,
                          layout=LAYOUT)
    if config.model == SCRATCH:
        models.stay_offline()
    import torch  # noqa: PLC0415 -- keeps ``--help`` fast

    out = prepare_output(config)
    torch.set_num_threads(config.threads or max(1, (os.cpu_count() or 2) // 2))
    device = pick_device(config.device)
    splits = load_splits(config.data_dir, max_train=config.max_train_samples)

    def train_point(point: Point) -> tuple[int, float, float]:
        seed_everything(point.seed)
        rows = [splits.train[i] for i in subset([0] * len(splits.train), point.fraction, point.seed)]
        mine = Splits(train=rows, dev=splits.dev, test=[])
        tokenizer, model = models.build(config, texts=mine.texts(), tags=special_tags(mine.texts()))
        models.configure_generation(model, config)
        point_config = dataclasses.replace(config, seed=point.seed)
        trainer = make_trainer(point_config, model, tokenizer, mine, references=[], device=device,
                               out=out / "points" / f"{point.fraction}-{point.seed}")
        trainer.train()
        scores = [_rouge(trainer, tokenizer, config, part) for part in (rows[:config.train_eval_rows], splits.dev)]
        shutil.rmtree(out / "points", ignore_errors=True)  # nothing saved is needed; the CSV holds the scores
        return len(rows), scores[0], scores[1]

    return run_sweep(train_point, fractions=config.fractions, multipliers=[1], seeds=config.seeds, out=out,
                     metric="ROUGE")


def _rouge(trainer, tokenizer, config: NlpSweepConfig, rows: list[dict[str, str]]) -> float:
    """Our own scoring of the generated summaries: rows go in without their summary, so that the trainer does not
    score them itself against the dev references it was built with."""
    unlabelled = [{"dialogue": row["dialogue"]} for row in rows]
    predictions = trainer.predict(encoded(config, tokenizer, unlabelled)).predictions
    return dev_rouge([models.decode(tokenizer, ids) for ids in predictions], [row["summary"] for row in rows])["rouge"]
