"""The bootcamp's CV folder read as is (``train.csv``, ``meta.csv``, ``train/``, ``test/``,
``sample_submission.csv``), images decoded once into memory, and the augmentations that mimic the test damage."""

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from PIL import Image
from torchvision.transforms import v2

from baselines.common import read_csv, require_files
from baselines.trivial import data_folder

# EfficientNet-Lite was trained on inputs scaled to [-1, 1].
MEAN, STD = (0.5, 0.5, 0.5), (0.5, 0.5, 0.5)
LAYOUT = ("train.csv (ID,target), meta.csv (target,class_name), sample_submission.csv (ID,target in test order), "
          "train/ and test/ holding the images those files name: the bootcamp's folder as distributed, or a "
          "bundle with these under data/")


@dataclass
class CvData:
    train_ids: list[str]
    train_targets: np.ndarray
    test_ids: list[str]
    class_names: list[str]
    folder: Path

    @property
    def num_classes(self) -> int:
        return len(self.class_names)


def read_folder(path: Path, *, max_train_images: int = 0) -> CvData:
    folder = data_folder(path)
    require_files(folder, ("train.csv", "meta.csv", "sample_submission.csv", "train", "test"), layout=LAYOUT)
    train = read_csv(folder / "train.csv")
    if max_train_images:
        train = train[:max_train_images]
    meta = sorted(read_csv(folder / "meta.csv"), key=lambda row: int(row["target"]))
    test = read_csv(folder / "sample_submission.csv")
    _require_images(folder, train=[row["ID"] for row in train], test=[row["ID"] for row in test])
    return CvData(train_ids=[row["ID"] for row in train],
                  train_targets=np.array([int(row["target"]) for row in train]),
                  test_ids=[row["ID"] for row in test],
                  class_names=[row["class_name"] for row in meta], folder=folder)


def _require_images(folder: Path, *, train: list[str], test: list[str]) -> None:
    """Every listed image on disk, checked before minutes of decoding: one line naming the first one missing."""
    for sub, listing, ids in (("train", "train.csv", train), ("test", "sample_submission.csv", test)):
        missing = next((image_id for image_id in ids if not (folder / sub / image_id).is_file()), None)
        if missing is not None:
            raise SystemExit(f"{sub}/{missing} (named in {listing}) not found in {folder}; expected {LAYOUT}")


def load_images(folder: Path, ids: list[str], *, size: int) -> torch.Tensor:
    """``uint8`` tensor ``[N, 3, size, size]``: every image stretched to a square once, so that epochs only augment."""
    batch = torch.empty((len(ids), 3, size, size), dtype=torch.uint8)
    for index, image_id in enumerate(ids):
        with Image.open(folder / image_id) as image:
            square = image.convert("RGB").resize((size, size), Image.Resampling.BILINEAR)
        batch[index] = torch.from_numpy(np.asarray(square).copy()).permute(2, 0, 1)
    return batch


class RandomQuarterTurn(torch.nn.Module):
    """0, 90, 180 or 270 degrees: test documents are scanned in any orientation."""

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        return torch.rot90(images, int(torch.randint(0, 4, ())), dims=(-2, -1))


class GaussianNoise(torch.nn.Module):
    def __init__(self, sigma: float = 0.08, p: float = 0.3):
        super().__init__()
        self.sigma, self.p = sigma, p

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        if torch.rand(()) >= self.p:
            return images
        return images + torch.randn_like(images) * self.sigma * torch.rand(())


def train_transform() -> v2.Compose:
    """Turns, flips, tilts, light, blur, noise and a covered patch: the damage the test set shows."""
    return v2.Compose([
        RandomQuarterTurn(),
        v2.RandomHorizontalFlip(),
        v2.RandomVerticalFlip(p=0.2),
        v2.RandomApply([v2.RandomAffine(degrees=20, translate=(0.05, 0.05), scale=(0.85, 1.1), fill=128)], p=0.7),
        v2.ColorJitter(brightness=0.3, contrast=0.3, saturation=0.3, hue=0.03),
        v2.RandomApply([v2.GaussianBlur(kernel_size=5, sigma=(0.1, 1.5))], p=0.3),
        v2.ToDtype(torch.float32, scale=True),
        GaussianNoise(),
        v2.Normalize(MEAN, STD),
        v2.RandomErasing(p=0.3, scale=(0.02, 0.15), value=0),
    ])


def eval_transform() -> v2.Compose:
    return v2.Compose([v2.ToDtype(torch.float32, scale=True), v2.Normalize(MEAN, STD)])


TTA_VIEWS = {
    "identity": lambda images: images,
    "hflip": lambda images: images.flip(-1),
    "vflip": lambda images: images.flip(-2),
    "rot90": lambda images: torch.rot90(images, 1, dims=(-2, -1)),
    "rot180": lambda images: torch.rot90(images, 2, dims=(-2, -1)),
    "rot270": lambda images: torch.rot90(images, 3, dims=(-2, -1)),
}


def tta_view(images: torch.Tensor, view: str) -> torch.Tensor:
    """One test-time view of a batch ``[N, 3, H, W]``."""
    if view not in TTA_VIEWS:
        raise ValueError(f"Unknown test-time view {view!r}; choose from {', '.join(TTA_VIEWS)}.")
    return TTA_VIEWS[view](images)
