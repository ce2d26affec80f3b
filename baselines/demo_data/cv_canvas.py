"""Drawing helpers for the document images: fonts, made-up text, and a `Sheet` that draws in relative coordinates.

Text is Hangul when a Korean font is installed (Debian's ``fonts-nanum`` puts NanumGothic in
``/usr/share/fonts/truetype/nanum``) and Latin otherwise, decided at run time: the generator never needs the font.
"""

import functools
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

NANUM_DIR = Path("/usr/share/fonts/truetype/nanum")
LATIN_DIR = Path("/usr/share/fonts/truetype/dejavu")
KOREAN_FILES = {"sans": ("NanumGothic.ttf", "NanumBarunGothic.ttf"),
                "bold": ("NanumGothicBold.ttf", "NanumBarunGothicBold.ttf", "NanumGothic.ttf"),
                "serif": ("NanumMyeongjo.ttf", "NanumGothic.ttf"),
                "mono": ("NanumGothicCoding.ttf", "NanumGothic.ttf")}
LATIN_FILES = {"sans": ("DejaVuSans.ttf",), "bold": ("DejaVuSans-Bold.ttf", "DejaVuSans.ttf"),
               "serif": ("DejaVuSerif.ttf", "DejaVuSans.ttf"), "mono": ("DejaVuSansMono.ttf", "DejaVuSans.ttf")}
INK = (35, 35, 40)
RED = (205, 45, 45)
Color = tuple[int, int, int]


@dataclass(frozen=True)
class FontSet:
    """Font files by style (``None``: Pillow's built-in font) and whether they cover Hangul."""

    korean: bool
    files: tuple[tuple[str, str | None], ...]

    def font(self, style: str, size: float) -> ImageFont.FreeTypeFont:
        return _load_font(dict(self.files)[style], max(6, round(size)))


@functools.lru_cache(maxsize=1024)
def _load_font(path: str | None, size: int):
    return ImageFont.truetype(path, size) if path else ImageFont.load_default(size=size)


def _pick(folder: Path, choices: dict[str, tuple[str, ...]]) -> dict[str, str | None]:
    found = {}
    for style, names in choices.items():
        found[style] = next((str(folder / name) for name in names if (folder / name).is_file()), None)
    return found


def detect_fonts(*, korean_dir: Path | None = None, latin_dir: Path | None = None) -> FontSet:
    """NanumGothic & co. when installed (Hangul text), else DejaVu, else Pillow's built-in font (Latin text)."""
    korean = _pick(korean_dir or NANUM_DIR, KOREAN_FILES)
    if korean["sans"]:
        return FontSet(korean=True, files=tuple(sorted(korean.items())))
    return FontSet(korean=False, files=tuple(sorted(_pick(latin_dir or LATIN_DIR, LATIN_FILES).items())))


SURNAMES_KO = "김이박최정강조윤장임한오서신권황안송류홍"
GIVEN_KO = "민서준지현우예은도하윤수영진성재경혜연주희철호태정"
SYLLABLES_KO = "가나다라마바사아자차카타파하고노도로모보소오조초구누두루무부수우주기니디리미비시이지치진료원검사"
SURNAMES_EN = ("KIM", "LEE", "PARK", "CHOI", "JUNG", "KANG", "CHO", "YOON", "JANG", "LIM", "HAN", "OH")
GIVEN_EN = ("MINJUN", "SEOYEON", "JIHO", "HAYOON", "DOYUN", "SUJIN", "YEJIN", "HYUNWOO", "EUNJI", "TAEHO")
WORDS_EN = ("patient", "date", "record", "total", "amount", "office", "period", "code", "remarks", "issued",
            "hospital", "number", "address", "type", "class", "payment", "medical", "treatment", "name", "unit")
CITIES_KO = ("서울특별시 강남구 테헤란로", "부산광역시 해운대구 센텀로", "대구광역시 중구 국채보상로", "인천광역시 연수구 송도대로",
             "광주광역시 서구 상무대로", "대전광역시 유성구 대학로", "경기도 수원시 팔달구 효원로")
CITIES_EN = ("Teheran-ro, Gangnam-gu, Seoul", "Centum-ro, Haeundae-gu, Busan", "Daehak-ro, Yuseong-gu, Daejeon",
             "Songdo-daero, Yeonsu-gu, Incheon", "Hyowon-ro, Paldal-gu, Suwon")


class Texts:
    """Made-up names, numbers and words, Korean or Latin."""

    def __init__(self, rng: np.random.Generator, korean: bool):
        self.rng, self.korean = rng, korean

    def pick(self, options):
        return options[int(self.rng.integers(len(options)))]

    def digits(self, pattern: str) -> str:
        return "".join(str(self.rng.integers(10)) if char == "#" else char for char in pattern)

    def name(self) -> str:
        if self.korean:
            return self.pick(SURNAMES_KO) + "".join(self.pick(GIVEN_KO) for _ in range(2))
        return f"{self.pick(SURNAMES_EN)} {self.pick(GIVEN_EN)}"

    def word(self) -> str:
        if self.korean:
            return "".join(self.pick(SYLLABLES_KO) for _ in range(int(self.rng.integers(2, 5))))
        return self.pick(WORDS_EN)

    def words(self, count: int) -> str:
        return " ".join(self.word() for _ in range(count))

    def date(self, sep: str = ".") -> str:
        return f"{self.rng.integers(2015, 2025)}{sep}{self.rng.integers(1, 13):02d}{sep}{self.rng.integers(1, 29):02d}"

    def address(self) -> str:
        city = self.pick(CITIES_KO if self.korean else CITIES_EN)
        number = self.rng.integers(1, 400)
        return f"{city} {number}" if self.korean else f"{number} {city}"

    def amount(self) -> str:
        return f"{int(self.rng.integers(1, 900)) * 1000 + int(self.rng.integers(0, 10)) * 100:,}"

    def org(self, ko_suffix: str, en_suffix: str) -> str:
        if self.korean:
            return "".join(self.pick(SYLLABLES_KO) for _ in range(2)) + ko_suffix
        return f"{self.pick(('Hanbit', 'Seoul', 'Mirae', 'Saerom', 'Daehan', 'Haneul'))} {en_suffix}"

    def label(self, ko: str, en: str) -> str:
        return ko if self.korean else en


class Sheet:
    """An RGB canvas addressed in fractions of its width and height; sizes are fractions of sqrt(width*height)."""

    def __init__(self, *, size: tuple[int, int], background: Color, fonts: FontSet, rng: np.random.Generator):
        self.image = Image.new("RGB", size, background)
        self.draw = ImageDraw.Draw(self.image)
        self.w, self.h = size
        self.unit = math.sqrt(self.w * self.h)
        self.rng, self.fonts = rng, fonts
        self.t = Texts(rng, fonts.korean)

    # -- random helpers --------------------------------------------------------------------------------------
    def u(self, low: float, high: float) -> float:
        return float(self.rng.uniform(low, high))

    def chance(self, p: float) -> bool:
        return bool(self.rng.random() < p)

    def tint(self, color: Color, amount: int = 12) -> Color:
        return tuple(int(np.clip(c + self.rng.integers(-amount, amount + 1), 0, 255)) for c in color)

    def lw(self, scale: float = 1.0) -> int:
        return max(1, round(self.unit / 300 * scale))

    # -- primitives ------------------------------------------------------------------------------------------
    def box(self, x0, y0, x1, y1) -> list[float]:
        return [x0 * self.w, y0 * self.h, x1 * self.w, y1 * self.h]

    def text(self, x, y, text, *, size, style="sans", fill=INK, anchor="lm") -> None:
        font = self.fonts.font(style, size * self.unit)
        self.draw.text((x * self.w, y * self.h), text, font=font, fill=fill, anchor=anchor)

    def spaced(self, text: str) -> str:
        """Titles of Korean forms are printed with spaces between the syllables (진 단 서)."""
        return " ".join(text) if self.t.korean and len(text) <= 5 else text

    def rect(self, x0, y0, x1, y1, *, outline=INK, fill=None, width=1.0) -> None:
        self.draw.rectangle(self.box(x0, y0, x1, y1), outline=outline, fill=fill, width=self.lw(width))

    def line(self, x0, y0, x1, y1, *, fill=INK, width=1.0) -> None:
        self.draw.line(self.box(x0, y0, x1, y1), fill=fill, width=self.lw(width))

    def dashed(self, x0, x1, y, *, fill=INK, dash=0.015) -> None:
        x = x0
        while x < x1:
            self.line(x, y, min(x + dash, x1), y, fill=fill)
            x += 2 * dash

    def grid(self, x0, y0, x1, y1, *, rows, cols, color=INK, widths=None, header_fill=None, width=1.0):
        """Draws a table and returns its cells as (x0, y0, x1, y1) by row."""
        widths = widths or [1] * cols
        edges = np.concatenate([[0], np.cumsum(widths)]) / sum(widths) * (x1 - x0) + x0
        heights = np.linspace(y0, y1, rows + 1)
        if header_fill:
            self.rect(x0, heights[0], x1, heights[1], outline=color, fill=header_fill, width=width)
        for y in heights:
            self.line(x0, y, x1, y, fill=color, width=width)
        for x in edges:
            self.line(x, y0, x, y1, fill=color, width=width)
        self.rect(x0, y0, x1, y1, outline=color, width=width * 1.8)
        return [[(edges[c], heights[r], edges[c + 1], heights[r + 1]) for c in range(cols)] for r in range(rows)]

    def fill_cells(self, cells, *, probability=0.8, size=None, numbers=False) -> None:
        for row in cells:
            for x0, y0, x1, y1 in row:
                if self.chance(probability):
                    text = self.t.amount() if numbers else self.t.words(1 + int(self.rng.integers(0, 2)))
                    height = size or min(0.022, (y1 - y0) * self.h / self.unit * 0.6)
                    self.text(x0 + (x1 - x0) * 0.08, (y0 + y1) / 2, text, size=height)

    def paragraph(self, x0, y0, x1, y1, *, size, gap=1.8, fill=INK, ruled=None) -> None:
        y = y0 + size * self.unit / self.h
        step = size * gap * self.unit / self.h
        while y < y1:
            if ruled:
                self.line(x0, y + step * 0.4, x1, y + step * 0.4, fill=ruled)
            words = max(2, int((x1 - x0) * self.w / (size * self.unit * (3.8 if self.t.korean else 5.0))))
            self.text(x0, y, self.t.words(int(words * self.u(0.45, 0.9))), size=size, fill=fill)
            y += step

    def checkbox(self, x, y, *, size=0.018, checked=False) -> None:
        side = size * self.unit
        left, top = x * self.w, y * self.h - side / 2
        self.draw.rectangle([left, top, left + side, top + side], outline=INK, width=self.lw())
        if checked:
            self.draw.line([left, top, left + side, top + side], fill=INK, width=self.lw(1.5))
            self.draw.line([left, top + side, left + side, top], fill=INK, width=self.lw(1.5))

    def photo(self, x0, y0, x1, y1) -> None:
        """An ID photo: a plain backdrop, a head and shoulders."""
        backdrop = self.tint(self.t.pick(((200, 215, 235), (235, 235, 235), (215, 225, 215))), 15)
        left, top, right, bottom = self.box(x0, y0, x1, y1)
        self.draw.rectangle([left, top, right, bottom], fill=backdrop, outline=(90, 90, 90), width=self.lw())
        w, h = right - left, bottom - top
        skin = self.tint((225, 190, 160), 20)
        hair = self.tint((40, 32, 28), 12)
        shirt = self.tint(self.t.pick(((30, 40, 70), (60, 60, 60), (230, 230, 235))), 15)
        self.draw.ellipse([left + w * 0.12, top + h * 0.72, left + w * 0.88, top + h * 1.25], fill=shirt)
        self.draw.chord([left + w * 0.12, top + h * 0.72, left + w * 0.88, top + h * 1.25], 180, 360, fill=shirt)
        self.draw.rectangle([left, bottom - 1, right, bottom], fill=backdrop)
        self.draw.ellipse([left + w * 0.28, top + h * 0.16, left + w * 0.72, top + h * 0.7], fill=skin)
        self.draw.chord([left + w * 0.26, top + h * 0.1, left + w * 0.74, top + h * 0.5], 180, 360, fill=hair)
        self.draw.rectangle([left, top, right, bottom], outline=(90, 90, 90), width=self.lw())

    def stamp(self, x, y, *, radius=0.045, square=False, text=None) -> None:
        color = self.tint(RED, 20)
        r = radius * self.unit
        cx, cy = x * self.w, y * self.h
        shape = self.draw.rectangle if square else self.draw.ellipse
        shape([cx - r, cy - r, cx + r, cy + r], outline=color, width=self.lw(2.2))
        shape([cx - r * 0.8, cy - r * 0.8, cx + r * 0.8, cy + r * 0.8], outline=color, width=self.lw(1))
        label = text or self.t.label("인", "SEAL")
        self.draw.text((cx, cy), label, font=self.fonts.font("bold", r * 0.7), fill=color, anchor="mm")

    def barcode(self, x0, y0, x1, y1) -> None:
        left, top, right, bottom = self.box(x0, y0, x1, y1)
        x = left
        while x < right:
            bar = self.rng.integers(1, 4) * self.lw()
            if self.chance(0.6):
                self.draw.rectangle([x, top, min(x + bar, right), bottom], fill=INK)
            x += bar + self.lw()

    def scribble(self, x0, y0, x1, y1) -> None:
        """A handwritten signature."""
        points = [(self.u(x0, x1) * self.w, self.u(y0, y1) * self.h) for _ in range(7)]
        points.sort()
        self.draw.line(points, fill=(30, 30, 110), width=self.lw(1.6), joint="curve")

    def paste(self, other: "Sheet", x, y, *, angle=0.0, corner=0.0) -> None:
        """Pastes another sheet centred at (x, y), turned by ``angle`` degrees (a card photographed on a desk)."""
        layer = other.image.convert("RGBA")
        if corner:
            mask = Image.new("L", layer.size, 0)
            ImageDraw.Draw(mask).rounded_rectangle([0, 0, layer.width - 1, layer.height - 1],
                                                   radius=corner * other.unit, fill=255)
            layer.putalpha(mask)
        layer = layer.rotate(angle, resample=Image.BICUBIC, expand=True)
        left = round(x * self.w - layer.width / 2)
        top = round(y * self.h - layer.height / 2)
        self.image.paste(layer, (left, top), layer)

    def child(self, width: float, height: float, background: Color) -> "Sheet":
        """A separate sheet ``width`` x ``height`` of this one's size, for a card or receipt to paste later."""
        size = (max(8, round(width * self.w)), max(8, round(height * self.h)))
        return Sheet(size=size, background=background, fonts=self.fonts, rng=self.rng)
