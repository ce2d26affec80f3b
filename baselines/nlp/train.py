"""``python -m baselines.nlp train``: train on train.csv, score dev.csv, summarize test.csv.

Writes into ``--out-dir``: ``config.yaml``, ``metrics.json`` (dev ROUGE next to the organizers' lead-2 and
lead-3), ``loss.png``, ``dev_predictions.csv``, the model and tokenizer under ``model/``, and ``submission.csv``
(``,fname,summary`` in test.csv's order), checked by Podium's own parser before it is written.
"""

import math
import os
import shutil
import sys
import time
from pathlib import Path

from baselines.common import (csv_bytes, maybe_submit, parse_config, pick_device, prepare_output, seed_everything,
                              write_metrics)
from baselines.trivial import lead_summary
from scoring.metrics.rouge import PARTS

from . import model as models
from .config import SCRATCH, NlpConfig
from .data import LAYOUT, Splits, encode, load_splits, special_tags
from .scores import dev_rouge

PROG = "python -m baselines.nlp train"
COMPETITION = "dialogue-summarization"
SUBMISSION_HEADER = ["", "fname", "summary"]


def main(argv=None) -> dict:
    return run(parse_config(NlpConfig, argv, prog=PROG, description=__doc__, layout=LAYOUT))


def run(config: NlpConfig) -> dict:
    """The whole pipeline; returns the metrics it writes."""
    if config.model == SCRATCH:
        models.stay_offline()
    import torch  # noqa: PLC0415 -- keeps ``--help`` fast
    from transformers.utils import logging as transformers_logging  # noqa: PLC0415

    if not sys.stderr.isatty():  # its own bars (saving and loading weights), as common.progress does for ours
        transformers_logging.disable_progress_bar()
    started = time.monotonic()
    out = prepare_output(config)
    seed_everything(config.seed)
    torch.set_num_threads(config.threads or max(1, (os.cpu_count() or 2) // 2))
    device = pick_device(config.device)
    splits = load_splits(config.data_dir, max_train=config.max_train_samples)
    tags = special_tags(splits.texts() + [row["dialogue"] for row in splits.test])
    tokenizer, model = models.build(config, texts=splits.texts(), tags=tags)
    models.configure_generation(model, config)
    references = [row["summary"] for row in splits.dev]
    trainer = make_trainer(config, model, tokenizer, splits, references=references, device=device, out=out)

    train_started = time.monotonic()
    trainer.train()
    train_seconds = time.monotonic() - train_started
    dev = trainer.predict(encoded(config, tokenizer, splits.dev), metric_key_prefix="dev")
    test = trainer.predict(encoded(config, tokenizer, splits.test), metric_key_prefix="test")
    dev_predictions = [models.decode(tokenizer, ids) for ids in dev.predictions]
    test_predictions = [models.decode(tokenizer, ids) for ids in test.predictions]

    trainer.save_model(str(out / "model"))  # the best model when --eval-epochs chose one, with its tokenizer
    shutil.rmtree(out / "checkpoints", ignore_errors=True)
    write_dev_predictions(out / "dev_predictions.csv", splits.dev, dev_predictions)
    submission, blanks = write_submission(out / "submission.csv", splits.test, test_predictions)
    plot_losses(trainer.state.log_history, out / "loss.png", final_dev_loss=dev.metrics.get("dev_loss"))

    metrics = {
        "dev": {name: dev.metrics[f"dev_{name}"] for name in ("rouge", *PARTS)},  # compute_metrics' dev_rouge
        **lead_floors(splits.dev, references),
        "train_seconds": round(train_seconds, 1),
        "total_seconds": round(time.monotonic() - started, 1),
        "device": str(trainer.args.device),
        "parameters": sum(p.numel() for p in model.parameters()),
        "model": config.model,
        "vocab_size": len(tokenizer),
        "special_tokens": tags,
        "epochs": trainer.state.epoch,
        "steps": trainer.state.global_step,
        "best_checkpoint_step": _best_step(trainer.state.best_model_checkpoint),
        "train_rows": len(splits.train),
        "blank_test_summaries": blanks,
    }
    metrics["score"] = metrics["dev"]["rouge"]
    write_metrics(out, metrics)
    print(f"dev ROUGE {metrics['score']:.2f} (organizers' lead-2 {metrics['dev_lead2']['rouge']:.2f}, "
          f"lead-3 {metrics['dev_lead3']['rouge']:.2f}); "
          f"trained in {train_seconds:.0f} s on {metrics['device']}; wrote {submission}")
    maybe_submit(config, submission, default_competition=COMPETITION,
                 default_description=f"nlp baseline: {config.model}, dev ROUGE {metrics['score']:.2f}")
    return metrics


def lead_floors(rows: list[dict[str, str]], references: list[str]) -> dict[str, dict[str, float]]:
    """Dev ROUGE of the first 2 and 3 turns as the organizers' lead baselines build them: speaker tags
    (``#Person1#:``) removed, which scores lower than keeping them (the tags match the references' own)."""
    return {f"dev_lead{turns}": dev_rouge([lead_summary(row["dialogue"], turns=turns, speakers=False)
                                           for row in rows], references) for turns in (2, 3)}


def encoded(config: NlpConfig, tokenizer, rows: list[dict[str, str]]) -> list[dict]:
    return encode(tokenizer, rows, max_source=config.max_source_length, max_target=config.max_target_length)


def make_trainer(config: NlpConfig, model, tokenizer, splits: Splits, *, references: list[str], device, out: Path):
    """A Seq2SeqTrainer that scores dev ROUGE every ``eval_epochs`` epochs (keeping the best model), or never."""
    from transformers import DataCollatorForSeq2Seq, Seq2SeqTrainer  # noqa: PLC0415

    cuda = device.type == "cuda"
    if cuda and device.index is not None:
        import torch  # noqa: PLC0415

        torch.cuda.set_device(device)

    def compute_metrics(prediction) -> dict[str, float]:
        return dev_rouge([models.decode(tokenizer, ids) for ids in prediction.predictions], references)

    pad = DataCollatorForSeq2Seq(tokenizer, model=model, pad_to_multiple_of=8 if cuda else None)

    def collator(features: list[dict]) -> dict:
        # The collator sets labels=None for test rows, which Seq2SeqTrainer takes as labels to score.
        batch = pad(features)
        if batch["labels"] is None:
            del batch["labels"]
        return batch

    return Seq2SeqTrainer(
        model=model, args=training_arguments(config, train_rows=len(splits.train), cuda=cuda, out=out),
        train_dataset=encoded(config, tokenizer, splits.train), eval_dataset=encoded(config, tokenizer, splits.dev),
        data_collator=collator, processing_class=tokenizer, compute_metrics=compute_metrics,
    )


def training_arguments(config: NlpConfig, *, train_rows: int, cuda: bool, out: Path):
    from transformers import Seq2SeqTrainingArguments  # noqa: PLC0415

    every = math.ceil(train_rows / config.batch_size) * config.eval_epochs
    schedule = ({"eval_strategy": "steps", "eval_steps": every, "save_strategy": "steps", "save_steps": every,
                 "load_best_model_at_end": True, "metric_for_best_model": "rouge", "greater_is_better": True,
                 "save_total_limit": 1} if every else {"eval_strategy": "no", "save_strategy": "no"})
    return Seq2SeqTrainingArguments(
        output_dir=str(out / "checkpoints"), num_train_epochs=config.epochs,
        per_device_train_batch_size=config.batch_size, per_device_eval_batch_size=config.eval_batch_size,
        learning_rate=config.lr, warmup_steps=config.warmup, weight_decay=config.weight_decay,
        label_smoothing_factor=config.label_smoothing, lr_scheduler_type="linear",
        predict_with_generate=True, fp16=cuda if config.fp16 is None else config.fp16, use_cpu=not cuda,
        logging_strategy="steps", logging_steps=config.logging_steps, report_to="none",
        disable_tqdm=not sys.stderr.isatty(), seed=config.seed, data_seed=config.seed, save_only_model=True,
        dataloader_num_workers=0, **schedule,
    )


def write_dev_predictions(path: Path, rows: list[dict[str, str]], predictions: list[str]) -> None:
    path.write_bytes(csv_bytes(["fname", "summary", "prediction"],
                                [(row["fname"], row["summary"], text) for row, text in zip(rows, predictions)]))


def write_submission(path: Path, rows: list[dict[str, str]], predictions: list[str]) -> tuple[Path, int]:
    """``,fname,summary`` in test.csv's order; a blank summary (which Podium rejects) becomes the lead-2 turns.

    Returns the path and the number of blanks replaced.
    """
    from scoring.engine import read_submission_ids  # noqa: PLC0415

    summaries = [text or lead_summary(row["dialogue"]) for row, text in zip(rows, predictions)]
    data = csv_bytes(SUBMISSION_HEADER,
                      [(index, row["fname"], text) for index, (row, text) in enumerate(zip(rows, summaries))])
    ids = read_submission_ids(data=data, filename=path.name, metric_key="rouge", params={})
    if ids != [row["fname"] for row in rows]:
        raise RuntimeError("The submission's fnames are not test.csv's, in its order.")
    path.write_bytes(data)
    return path, sum(not text for text in predictions)


def plot_losses(history: list[dict], path: Path, *, final_dev_loss: float | None) -> None:
    """Training loss per logged step, dev loss at each evaluation and after training, against epochs."""
    import matplotlib  # noqa: PLC0415

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # noqa: PLC0415

    train = [(entry["epoch"], entry["loss"]) for entry in history if "loss" in entry]
    dev = [(entry["epoch"], entry["eval_loss"]) for entry in history if "eval_loss" in entry]
    last_epoch = history[-1]["epoch"] if history else 0
    if final_dev_loss is not None:
        dev.append((last_epoch, final_dev_loss))
    figure, axes = plt.subplots(figsize=(7, 4))
    for points, label, style in ((train, "train", "-"), (dev, "dev", "o--")):
        if points:
            axes.plot(*zip(*points), style, label=label)
    axes.set(xlabel="epoch", ylabel="loss (label-smoothed cross-entropy)", title="Dialogue summarization")
    axes.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)


def _best_step(checkpoint: str | None) -> int | None:
    return int(checkpoint.rsplit("-", 1)[1]) if checkpoint else None

