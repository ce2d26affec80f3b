"""``python -m baselines.cv train``: stratified K-fold fine-tuning, out-of-fold validation, TTA fold ensemble."""

import math
import time
from dataclasses import dataclass, field

import numpy as np
import torch

from baselines.common import (maybe_submit, parse_config, pick_device, prepare_output, progress, seed_everything,
                              write_metrics)
from scoring.metrics.macro_f1 import macro_f1

from . import report
from .config import CvConfig
from .data import LAYOUT, eval_transform, load_images, read_folder, train_transform, tta_view
from .model import build_model

SLUG = "document-type-classification"


@dataclass
class FoldHistory:
    fold: int
    train_loss: list[float] = field(default_factory=list)
    val_macro_f1: list[float] = field(default_factory=list)


def main(argv=None) -> dict:
    config = parse_config(CvConfig, argv, prog="python -m baselines.cv train", description=__doc__,
                          layout=LAYOUT)
    out = prepare_output(config)
    seed_everything(config.seed)
    if config.threads:
        torch.set_num_threads(config.threads)
    device = pick_device(config.device)
    started = time.perf_counter()

    data = read_folder(config.data_dir, max_train_images=config.max_train_images)
    train_images = load_images(data.folder / "train", data.train_ids, size=config.image_size)
    test_images = load_images(data.folder / "test", data.test_ids, size=config.image_size)
    folds = stratified_folds(data.train_targets, k=config.folds, seed=config.seed)
    fold_count = config.train_folds or config.folds

    oof = np.full((len(data.train_ids), data.num_classes), np.nan, dtype=np.float32)
    test_probabilities = np.zeros((len(data.test_ids), data.num_classes), dtype=np.float32)
    histories = []
    for fold in range(fold_count):
        val_index = np.flatnonzero(folds == fold)
        train_index = np.flatnonzero(folds != fold)
        model, history = train_fold(config, data, train_images, train_index, val_index, fold=fold, device=device)
        oof[val_index] = predict(model, train_images[val_index], views=config.tta, config=config, device=device)
        test_probabilities += predict(model, test_images, views=config.tta, config=config, device=device) / fold_count
        torch.save(model.state_dict(), out / f"fold{fold}.pt")
        histories.append(history)
        print(f"fold {fold}: validation macro F1 {history.val_macro_f1[-1]:.4f} (TTA "
              f"{_f1(data.train_targets[val_index], oof[val_index].argmax(1)):.4f})")

    validated = ~np.isnan(oof[:, 0])
    y_true, y_pred = data.train_targets[validated], oof[validated].argmax(1)
    predictions = test_probabilities.argmax(1)
    submission = out / "submission.csv"
    report.write_submission(submission, data.test_ids, predictions)
    report.confusion_png(out / "confusion_matrix.png", y_true, y_pred, data.class_names)
    report.curves_png(out / "training_curves.png", histories)
    per_class = report.per_class_report(out / "classification_report.txt", y_true, y_pred, data.class_names)
    metrics = {
        "validation_macro_f1": _f1(y_true, y_pred),
        "fold_macro_f1": [h.val_macro_f1[-1] for h in histories],
        "per_class_f1": per_class,
        "validated_images": int(validated.sum()),
        "test_images": len(data.test_ids),
        "run_seconds": round(time.perf_counter() - started, 1),  # images loaded, folds trained, test predicted
        "device": str(device),
        "torch_threads": torch.get_num_threads(),
        "parameters": sum(p.numel() for p in model.parameters()),
    }
    if result := maybe_submit(config, submission, default_competition=SLUG,
                              default_description=f"{config.model}, {fold_count} folds x {config.epochs} epochs, "
                                                  f"TTA {'+'.join(config.tta)} (baselines/cv)"):
        metrics["submission"] = {"id": result["id"], "public_score": result["public_score"]}
    write_metrics(out, metrics)
    print(f"Validation macro F1 (out of fold, TTA): {metrics['validation_macro_f1']:.4f}; "
          f"{metrics['run_seconds']:.0f} s on {device}; wrote {submission}")
    return metrics


def stratified_folds(targets: np.ndarray, *, k: int, seed: int) -> np.ndarray:
    """A fold number per image: each class shuffled, then dealt round-robin, so every fold gets its share of
    the rare classes (a class with fewer than ``k`` images is simply absent from some validation folds)."""
    rng = np.random.default_rng(seed)
    folds = np.empty(len(targets), dtype=np.int64)
    offset = 0
    for label in np.unique(targets):
        members = rng.permutation(np.flatnonzero(targets == label))
        folds[members] = (np.arange(members.size) + offset) % k
        offset += members.size  # continue the deal where the last class stopped, to balance fold sizes
    return folds


def train_fold(config: CvConfig, data, images: torch.Tensor, train_index: np.ndarray, val_index: np.ndarray, *,
               fold: int, device: torch.device):
    model = build_model(config.model, num_classes=data.num_classes, checkpoint=config.checkpoint).to(device)
    targets = torch.as_tensor(data.train_targets)
    optimizer = torch.optim.AdamW(model.parameters(), lr=config.lr, weight_decay=config.weight_decay)
    steps_per_epoch = math.ceil(len(train_index) / config.batch_size)
    scheduler = warmup_cosine(optimizer, warmup=steps_per_epoch, total=steps_per_epoch * config.epochs)
    loss_fn = torch.nn.CrossEntropyLoss(weight=class_weights(data.train_targets[train_index], data.num_classes)
                                        .to(device) if config.class_weighting else None,
                                        label_smoothing=config.label_smoothing)
    augmented = AugmentedImages(images, targets, train_transform())
    history = FoldHistory(fold=fold)
    generator = torch.Generator().manual_seed(config.seed + fold)
    for epoch in range(config.epochs):
        model.train()
        order = torch.as_tensor(train_index)[torch.randperm(len(train_index), generator=generator)]
        losses = []
        batches = [batch.tolist() for batch in order.split(config.batch_size)]
        loader = torch.utils.data.DataLoader(augmented, batch_sampler=batches, num_workers=config.workers,
                                             pin_memory=device.type == "cuda")
        for inputs, labels in progress(loader, desc=f"fold {fold} epoch {epoch + 1}", leave=False):
            loss = loss_fn(model(inputs.to(device)), labels.to(device))
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            scheduler.step()
            losses.append(loss.item())
        history.train_loss.append(float(np.mean(losses)))
        if len(val_index):
            probabilities = predict(model, images[val_index], views=("identity",), config=config, device=device)
            history.val_macro_f1.append(_f1(data.train_targets[val_index], probabilities.argmax(1)))
    return model, history


class AugmentedImages(torch.utils.data.Dataset):
    """Each image augmented when its batch is drawn: in the training process with ``--workers 0``, in worker
    processes otherwise (on a GPU the augmentations would otherwise keep it waiting)."""

    def __init__(self, images: torch.Tensor, targets: torch.Tensor, transform) -> None:
        self.images, self.targets, self.transform = images, targets, transform

    def __len__(self) -> int:
        return len(self.images)

    def __getitem__(self, index: int):
        return self.transform(self.images[index]), self.targets[index]


def class_weights(targets: np.ndarray, num_classes: int) -> torch.Tensor:
    """Inverse class frequency, normalized to mean 1; a class missing from the fold gets weight 1."""
    counts = np.bincount(targets, minlength=num_classes).astype(np.float64)
    weights = np.where(counts > 0, counts.sum() / np.maximum(counts, 1) / num_classes, 1.0)
    return torch.as_tensor(weights / weights.mean(), dtype=torch.float32)


def warmup_cosine(optimizer, *, warmup: int, total: int):
    def factor(step: int) -> float:
        if step < warmup:
            return (step + 1) / warmup
        return 0.5 * (1 + math.cos(math.pi * (step - warmup) / max(1, total - warmup)))

    return torch.optim.lr_scheduler.LambdaLR(optimizer, factor)


@torch.inference_mode()
def predict(model, images: torch.Tensor, *, views, config: CvConfig, device) -> np.ndarray:
    """Softmax probabilities averaged over the test-time views."""
    model.eval()
    normalize = eval_transform()
    total = np.zeros((len(images), model.num_classes), dtype=np.float32)
    for start in range(0, len(images), config.batch_size * 2):
        batch = normalize(images[start:start + config.batch_size * 2]).to(device)
        for view in views:
            total[start:start + len(batch)] += model(tta_view(batch, view)).softmax(1).float().cpu().numpy()
    return total / len(views)


def _f1(y_true: np.ndarray, y_pred: np.ndarray) -> float:
    """Macro F1 over the classes this validation set contains (a fold may lack a rare class)."""
    return macro_f1(y_true=y_true, y_pred=y_pred, labels=np.unique(y_true)).score
