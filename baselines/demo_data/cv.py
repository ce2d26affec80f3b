"""Demo data for the CV competition (document type classification, macro F1 over 17 classes).

Layout under ``data/``, as the bootcamp's: ``train/`` and ``test/`` JPEGs named by 16 hex characters,
``train.csv`` (``ID,target``), ``meta.csv`` (``target,class_name``), ``sample_submission.csv`` (all 0).
The hidden ``solution.csv`` (``ID,target,Usage``) puts a random half of the test images on the public board.

Train images are clean scans and photos (a slight tilt, light and colour changes); a few medical forms
(classes 3/4/7/14) carry a wrong label, as in the real data. Test images are damaged as the real test set
is: turned by 90/180/270 degrees or a small angle, flipped, noisy, blurred, partly covered or overlapped
by another document.
"""

import io
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageEnhance, ImageFilter

from .common import (
    SIZE_NAMES,
    BundleSpec,
    hex_ids,
    public_usage,
    rng_for,
    rules_text,
    write_bundle_pages,
    write_csv,
)
from .cv_canvas import FontSet, Sheet, detect_fonts
from .cv_classes import CLASSES, PAPER, SURFACES, DocClass

SLUG = "document-type-classification"
CONFUSED = (3, 4, 7, 14)  # the medical forms; some of their train labels are wrong
JPEG_QUALITY = 85


@dataclass(frozen=True)
class CvSize:
    per_class: int
    rare: dict  # target -> train images, for the rarer classes
    test: int
    area: int  # pixels per image (the bootcamp's are about 512 x 512)
    wrong_labels: int


SIZES = {
    "small": CvSize(per_class=20, rare={1: 9, 13: 15, 14: 10}, test=306, area=224 * 224, wrong_labels=4),
    "full": CvSize(per_class=100, rare={1: 46, 13: 74, 14: 50}, test=3140, area=512 * 512, wrong_labels=12),
}


def generate(root: Path, *, seed: int, size: str = "small", fonts: FontSet | None = None) -> None:
    config = SIZES[size]
    fonts = fonts or detect_fonts()
    rng = rng_for(seed=seed, name=SLUG)
    train_labels = rng.permutation(np.repeat(np.arange(len(CLASSES)),
                                             [config.rare.get(c.target, config.per_class) for c in CLASSES]))
    test_labels = rng.permutation(np.arange(config.test) % len(CLASSES))
    ids = [f"{value}.jpg" for value in hex_ids(rng, len(train_labels) + config.test, chars=16)]
    train_ids, test_ids = ids[: len(train_labels)], ids[len(train_labels):]
    given_labels = _mislabel(rng, train_labels, config.wrong_labels)
    data = root / "data"
    for index, (image_id, target) in enumerate(zip(train_ids, train_labels)):
        image = render(int(target), seed=seed, key=("train", index), area=config.area, fonts=fonts)
        image = photograph(image, rng=np.random.default_rng([seed, 4, index]))
        _save(image, data / "train" / image_id)
    for index, (image_id, target) in enumerate(zip(test_ids, test_labels)):
        image_rng = np.random.default_rng([seed, 2, index])
        image = damage(render(int(target), seed=seed, key=("test", index), area=config.area, fonts=fonts),
                       rng=image_rng, seed=seed, index=index, area=config.area, fonts=fonts, target=int(target))
        _save(image, data / "test" / image_id)
    write_csv(data / "train.csv", ["ID", "target"], zip(train_ids, given_labels.tolist()))
    write_csv(data / "meta.csv", ["target", "class_name"], [(c.target, c.name) for c in CLASSES])
    write_csv(data / "sample_submission.csv", ["ID", "target"], [(i, 0) for i in test_ids])
    usage = public_usage(rng_for(seed=seed, name=f"{SLUG}/usage"), len(test_ids))
    write_csv(root / "solution.csv", ["ID", "target", "Usage"], zip(test_ids, test_labels.tolist(), usage))
    write_bundle_pages(root, bundle_spec(size=size, train=len(train_ids), test=len(test_ids), korean=fonts.korean))


def _mislabel(rng: np.random.Generator, labels: np.ndarray, count: int) -> np.ndarray:
    """Moves ``count`` train images of the medical forms to another medical form's label."""
    given = labels.copy()
    candidates = np.flatnonzero(np.isin(labels, CONFUSED))
    for index in rng.choice(candidates, size=min(count, candidates.size), replace=False):
        given[index] = rng.choice([c for c in CONFUSED if c != labels[index]])
    return given


def render(target: int, *, seed: int, key: tuple, area: int, fonts: FontSet) -> Image.Image:
    """One clean document of class ``target``; ``key`` names the image so that each has its own random stream."""
    split, index = key
    rng = np.random.default_rng([seed, 1 if split == "train" else 3, index, target])
    doc: DocClass = CLASSES[target]
    aspect = rng.uniform(*doc.aspect)
    width, height = round(math.sqrt(area * aspect)), round(math.sqrt(area / aspect))
    if doc.background is None:
        background = SURFACES[int(rng.integers(len(SURFACES)))]
    else:
        background = doc.background
    sheet = Sheet(size=(width, height), background=background, fonts=fonts, rng=rng)
    if doc.background == PAPER:
        sheet.image.paste(sheet.tint(PAPER, 8), (0, 0, width, height))
    elif doc.background is None:
        sheet.image.paste(sheet.tint(background, 15), (0, 0, width, height))
    doc.draw(sheet)
    return sheet.image


def photograph(image: Image.Image, *, rng: np.random.Generator) -> Image.Image:
    """Train images: mostly clean, some a little tilted, lighter or darker."""
    if rng.random() < 0.5:
        image = _turn(image, rng.uniform(-4, 4), rng)
    if rng.random() < 0.5:
        image = ImageEnhance.Brightness(image).enhance(rng.uniform(0.85, 1.12))
    return image


def damage(image: Image.Image, *, rng: np.random.Generator, seed: int, index: int, area: int, fonts: FontSet,
           target: int) -> Image.Image:
    """Test images: the real test set's rotations, flips, noise, blur, occlusion and overlap."""
    if rng.random() < 0.25:
        image = _overlap(image, rng=rng, seed=seed, index=index, area=area, fonts=fonts, target=target)
    if rng.random() < 0.6:
        image = image.transpose([Image.Transpose.ROTATE_90, Image.Transpose.ROTATE_180,
                                 Image.Transpose.ROTATE_270][int(rng.integers(3))])
    if rng.random() < 0.5:
        image = _turn(image, rng.uniform(-35, 35), rng)
    if rng.random() < 0.3:
        image = image.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    if rng.random() < 0.15:
        image = image.transpose(Image.Transpose.FLIP_TOP_BOTTOM)
    if rng.random() < 0.3:
        image = _occlude(image, rng)
    if rng.random() < 0.4:
        image = image.filter(ImageFilter.GaussianBlur(rng.uniform(0.4, 1.6) * math.sqrt(area) / 256))
    if rng.random() < 0.5:
        image = ImageEnhance.Contrast(image).enhance(rng.uniform(0.7, 1.2))
        image = ImageEnhance.Brightness(image).enhance(rng.uniform(0.75, 1.2))
    if rng.random() < 0.6:
        image = _noise(image, rng, sigma=rng.uniform(4, 28))
    return image


def _turn(image: Image.Image, angle: float, rng: np.random.Generator) -> Image.Image:
    """Rotates by ``angle`` degrees inside the same frame, filling the corners with a plain surface colour."""
    shade = rng.integers(20, 235)
    fill = tuple(int(np.clip(shade + v, 0, 255)) for v in rng.integers(-25, 26, size=3))
    return image.rotate(angle, resample=Image.Resampling.BILINEAR, expand=False, fillcolor=fill)


def _occlude(image: Image.Image, rng: np.random.Generator) -> Image.Image:
    image = image.copy()
    for _ in range(int(rng.integers(1, 4))):
        w = int(image.width * rng.uniform(0.1, 0.35))
        h = int(image.height * rng.uniform(0.08, 0.3))
        x, y = int(rng.integers(0, image.width - w)), int(rng.integers(0, image.height - h))
        image.paste(tuple(int(v) for v in rng.integers(0, 256, size=3)), (x, y, x + w, y + h))
    return image


def _overlap(image: Image.Image, *, rng, seed, index, area, fonts, target) -> Image.Image:
    """Another class's document lies over one corner of this one."""
    other = int((target + rng.integers(1, len(CLASSES))) % len(CLASSES))
    piece = render(other, seed=seed, key=("overlap", index), area=int(area * rng.uniform(0.2, 0.4)), fonts=fonts)
    piece = piece.rotate(rng.uniform(-20, 20), resample=Image.Resampling.BILINEAR, expand=True,
                         fillcolor=tuple(int(v) for v in rng.integers(0, 80, size=3)))
    image = image.copy()
    x = int(rng.choice([-piece.width // 4, image.width - piece.width * 3 // 4]))
    y = int(rng.choice([-piece.height // 4, image.height - piece.height * 3 // 4]))
    image.paste(piece, (x, y))
    return image


def _noise(image: Image.Image, rng: np.random.Generator, *, sigma: float) -> Image.Image:
    pixels = np.asarray(image, dtype=np.float32)
    pixels = pixels + rng.normal(0, sigma, size=pixels.shape).astype(np.float32)
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))


def _save(image: Image.Image, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="JPEG", quality=JPEG_QUALITY)
    path.write_bytes(buffer.getvalue())


def bundle_spec(*, size: str, train: int, test: int, korean: bool) -> BundleSpec:
    script = "한글입니다" if korean else "라틴 문자(Latin)입니다. 생성할 때 한글 글꼴이 설치되어 있지 않았습니다"
    names = "\n".join(f"| {c.target} | `{c.name}` |" for c in CLASSES)
    return BundleSpec(
        slug=SLUG,
        title="문서 타입 분류 (Document Type Classification)",
        subtitle="신분증부터 진료비 영수증까지, 스캔하거나 촬영한 문서 17종을 분류합니다.",
        metric="macro_f1",
        metric_params={"labels": list(range(len(CLASSES)))},
        daily_submissions=12,
        solution="solution.csv",
        overview=f"""
## 대회 개요

은행, 병원, 보험사에는 하루에도 수천 건의 문서가 들어옵니다. 신분증, 여권, 진료비 영수증, 진단서, 자동차 등록증
같은 문서입니다. 모델은 이미지마다 **17가지 문서 타입** 중 어느 것인지 맞혀야 합니다. 부트캠프의 CV 대회를
**생성한 데모 데이터**({SIZE_NAMES[size]})로 옮긴 대회입니다. 파일 구성이 부트캠프와 똑같아서 여기서 작성한 코드를
실제 데이터에 그대로 쓸 수 있습니다.

테스트 이미지는 학습 이미지보다 어렵습니다. 회전, 뒤집기, 흐림, 노이즈, 일부 가림, 다른 문서와의 겹침이 섞여
있습니다. 3, 4, 7, 14번 클래스(의료 서식)는 서로 비슷해 보입니다.

## 평가

17개 클래스의 **Macro F1**입니다. 클래스별 F1을 가중치 없이 평균하므로 드문 클래스도 흔한 클래스만큼 점수에
반영됩니다. 테스트 이미지의 무작위 절반이 **Public 리더보드**를, 나머지 절반이 **Private 리더보드**를 정합니다.

## 제출 파일

```
ID,target
0a1b2c3d4e5f6a7b.jpg,0
...
```
테스트 이미지마다 한 행이며 `target`은 0–16의 정수입니다. `sample_submission.csv`는 모든 이미지를 0번 클래스로
예측합니다.
""",
        rules=rules_text(daily=12, finals=2, source="데이터는 Podium의 데모 생성기가 그린 합성 데이터이며 어떤 목적으로든 "
                                                    "쓸 수 있습니다."),
        data=f"""
- `train/` — 레이블이 달린 문서 이미지 {train}장(JPEG, 16자리 16진수 이름). 실제 데이터처럼 의료 서식 몇 장은
  레이블이 틀려 있습니다.
- `test/` — 분류할 이미지 {test}장. 회전, 뒤집기, 노이즈, 흐림, 가림, 겹침으로 훼손되어 있습니다.
- `train.csv` — 학습 이미지의 `ID,target`. 클래스가 불균형해서 1, 13, 14번이 더 드뭅니다.
- `meta.csv` — `target,class_name`. 부트캠프의 공식 표기를 그대로 씁니다(`driver_lisence` 포함).
- `sample_submission.csv` — `ID,target`. 모든 테스트 이미지가 순서대로 있고 값은 모두 0입니다.

문서 속 글자는 {script}. 클래스 목록:

| target | class_name |
|-------:|------------|
{names}
""",
    )
