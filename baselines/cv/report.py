"""What the CV trainer writes besides the weights: the submission, a confusion matrix, curves, a per-class report."""

import csv
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only, no display
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from sklearn.metrics import classification_report, confusion_matrix  # noqa: E402


def write_submission(path: Path, ids: list[str], predictions: np.ndarray) -> None:
    """``ID,target`` in the sample submission's order, as the competition expects."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["ID", "target"])
        writer.writerows(zip(ids, predictions.tolist()))


def per_class_report(path: Path, y_true: np.ndarray, y_pred: np.ndarray, class_names: list[str]) -> dict:
    """scikit-learn's classification report as text, and each class's F1 for metrics.json."""
    labels = list(range(len(class_names)))
    names = [f"{label} {name}" for label, name in zip(labels, class_names)]
    path.write_text(classification_report(y_true, y_pred, labels=labels, target_names=names, zero_division=0,
                                          digits=4), encoding="utf-8")
    table = classification_report(y_true, y_pred, labels=labels, target_names=names, zero_division=0,
                                  output_dict=True)
    return {name: round(table[name]["f1-score"], 4) for name in names}


def confusion_png(path: Path, y_true: np.ndarray, y_pred: np.ndarray, class_names: list[str]) -> None:
    labels = list(range(len(class_names)))
    matrix = confusion_matrix(y_true, y_pred, labels=labels)
    figure, axes = plt.subplots(figsize=(9, 8))
    axes.imshow(matrix, cmap="Blues")
    axes.set_xticks(labels, [str(label) for label in labels])
    axes.set_yticks(labels, [f"{label} {name[:28]}" for label, name in zip(labels, class_names)], fontsize=7)
    axes.set_xlabel("predicted")
    axes.set_ylabel("true")
    axes.set_title("Out-of-fold confusion matrix")
    for (row, column), count in np.ndenumerate(matrix):
        if count:
            axes.text(column, row, str(count), ha="center", va="center", fontsize=7,
                      color="white" if count > matrix.max() / 2 else "black")
    figure.tight_layout()
    figure.savefig(path, dpi=110, bbox_inches="tight")
    plt.close(figure)


def curves_png(path: Path, histories) -> None:
    figure, (loss_axes, f1_axes) = plt.subplots(1, 2, figsize=(10, 4))
    for history in histories:
        epochs = range(1, len(history.train_loss) + 1)
        loss_axes.plot(epochs, history.train_loss, marker="o", label=f"fold {history.fold}")
        if history.val_macro_f1:
            f1_axes.plot(epochs, history.val_macro_f1, marker="o", label=f"fold {history.fold}")
    loss_axes.set(title="training loss", xlabel="epoch")
    f1_axes.set(title="validation macro F1 (no TTA)", xlabel="epoch", ylim=(0, 1))
    loss_axes.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=110, bbox_inches="tight")
    plt.close(figure)
