"""Demo data for the NLP competition (Korean dialogue summarization, ROUGE on Kiwi morphemes).

Layout under ``data/``, as the bootcamp's: ``train.csv`` and ``dev.csv`` (``fname,dialogue,summary,topic``),
``test.csv`` (``fname,dialogue``) and ``sample_submission.csv`` with an unnamed index column first
(``,fname,summary``). Dialogues hold one ``#PersonN#: ...`` turn per line (a few have no newlines), with the
bootcamp's personal-data masks (``#PhoneNumber#``, ``#Address#``, ...) in dialogues and summaries. The hidden
``solution.csv`` has three reference summaries per test dialogue; the first half of the rows is public.
"""

import string
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .common import SIZE_NAMES, BundleSpec, rng_for, rules_text, write_bundle_pages, write_csv
from .korean import format_ko
from .nlp_scenarios import (FILLERS, GREETINGS, NUMBERS, POOLS, SCENARIOS, SENTENCE_DROP_RATE, SUMMARY_VARIANTS,
                             Scenario)

SLUG = "dialogue-summarization"
NO_NEWLINE_RATE = 0.03
SAMPLE_SUMMARY = "#Person1#과 #Person2#가 대화를 나눈다."


@dataclass(frozen=True)
class NlpSize:
    train: int
    dev: int
    test: int


SIZES = {"small": NlpSize(train=400, dev=50, test=100), "full": NlpSize(train=12457, dev=499, test=499)}


@dataclass(frozen=True)
class Example:
    dialogue: str
    summaries: tuple[str, ...]  # the scenario's three references, in a random order
    topic: str


def _fields(scenario: Scenario) -> list[str]:
    texts = [text for _, options in scenario.turns for text in options] + list(scenario.summaries)
    names = {name for text in texts for _, name, _, _ in string.Formatter().parse(text) if name}
    return sorted(names)


def _slots(rng: np.random.Generator, scenario: Scenario) -> dict[str, str]:
    slots, used = {}, set()
    for name in _fields(scenario):
        pool = scenario.pools.get(name, name)
        if pool in NUMBERS:
            slots[name] = NUMBERS[pool](rng)
            continue
        choices = [value for value in POOLS[pool] if value not in used]
        slots[name] = choices[int(rng.integers(len(choices)))]
        used.add(slots[name])
    return slots


def _pick(rng: np.random.Generator, options):
    return options[int(rng.integers(len(options)))]


def make_example(rng: np.random.Generator) -> Example:
    scenario = _pick(rng, SCENARIOS)
    slots = _slots(rng, scenario)
    turns: list[tuple[int, str]] = []
    if rng.random() < 0.45:
        first, second = _pick(rng, GREETINGS)
        turns += [(scenario.turns[0][0], first), (_other(rng, scenario, scenario.turns[0][0]), second)]
    for index, (speaker, options) in enumerate(scenario.turns):
        turns.append((speaker, format_ko(_pick(rng, options), **slots)))
        if 0 < index < len(scenario.turns) - 1 and rng.random() < 0.08:
            ask, answer = _pick(rng, FILLERS)
            other = _other(rng, scenario, speaker)
            turns += [(other, ask), (speaker, answer)]
    separator = " " if rng.random() < NO_NEWLINE_RATE else "\n"
    dialogue = separator.join(f"#Person{speaker}#: {text}" for speaker, text in turns)
    summaries = tuple(_annotate(rng, format_ko(scenario.summaries[i], **slots))
                      for i in rng.permutation(len(scenario.summaries)))
    return Example(dialogue=dialogue, summaries=summaries, topic=scenario.topic)


def _annotate(rng: np.random.Generator, summary: str) -> str:
    """One annotator's wording of a reference: a second sentence sometimes left out, some words swapped for
    their variants; without this a model that learned the 24 scenarios' templates matches them word for word."""
    first, dot, rest = summary.partition(". ")
    if rest and rng.random() < SENTENCE_DROP_RATE:
        summary = first + "."
    for word, variants in SUMMARY_VARIANTS.items():
        if word in summary and rng.random() < 0.5:
            summary = summary.replace(word, _pick(rng, variants))
    return summary


def _other(rng: np.random.Generator, scenario: Scenario, speaker: int) -> int:
    others = [person for person in range(1, scenario.people + 1) if person != speaker]
    return _pick(rng, others)


def generate(root: Path, *, seed: int, size: str = "small") -> None:
    config = SIZES[size]
    data = root / "data"
    splits = {}
    for split, count in (("train", config.train), ("dev", config.dev), ("test", config.test)):
        rng = rng_for(seed=seed, name=f"{SLUG}/{split}")
        splits[split] = [(f"{split}_{index}", make_example(rng)) for index in range(count)]
    for split in ("train", "dev"):
        write_csv(data / f"{split}.csv", ["fname", "dialogue", "summary", "topic"],
                  [(fname, ex.dialogue, ex.summaries[0], ex.topic) for fname, ex in splits[split]])
    test = splits["test"]
    write_csv(data / "test.csv", ["fname", "dialogue"], [(fname, ex.dialogue) for fname, ex in test])
    write_csv(data / "sample_submission.csv", ["", "fname", "summary"],
              [(index, fname, SAMPLE_SUMMARY) for index, (fname, _) in enumerate(test)])
    public = (len(test) + 1) // 2  # the bootcamp: the first 250 of 499 rows are public
    write_csv(root / "solution.csv", ["fname", "summary1", "summary2", "summary3", "Usage"],
              [(fname, *ex.summaries, "Public" if index < public else "Private")
               for index, (fname, ex) in enumerate(test)])
    write_bundle_pages(root, bundle_spec(size=size, config=config, public=public))


def bundle_spec(*, size: str, config: NlpSize, public: int) -> BundleSpec:
    return BundleSpec(
        slug=SLUG,
        title="일상 대화 요약 (Dialogue Summarization)",
        subtitle="일상에서 나누는 한국어 대화를 한두 문장으로 요약합니다.",
        metric="rouge",
        metric_params={"tokenizer": "kiwi"},
        daily_submissions=12,
        solution="solution.csv",
        overview=f"""
## 대회 개요

두 사람 이상이 나눈 한국어 대화를 읽고 요약문을 씁니다. 부트캠프의 NLP 대회를 **생성한 데모 데이터**
({SIZE_NAMES[size]})로 옮긴 대회입니다. 파일 구성이 부트캠프와 똑같아서 여기서 작성한 코드를 실제 데이터(DialogSum의
한국어 번역본)에 그대로 쓸 수 있습니다.

```
#Person1#: 어디가 불편하세요?
#Person2#: 이틀째 두통이 있어서 왔어요.
...
```
개인정보는 `#PhoneNumber#`, `#Address#`, `#Email#`, `#CarNumber#` 같은 태그로 가려져 있고, 요약문에도 같은 태그를
씁니다.

## 평가

요약문을 Kiwi로 형태소 단위로 나눈 뒤, **3개**의 참조 요약 각각과 ROUGE-1, ROUGE-2, ROUGE-L F1을 계산해 평균을
냅니다. 리더보드에는 대화별 `100 × (ROUGE-1 + ROUGE-2 + ROUGE-L) / 3`의 평균이 표시됩니다. 테스트 대화 중 앞의
{public}개가 **Public 리더보드**를, 나머지 {config.test - public}개가 **Private 리더보드**를 정합니다.

## 제출 파일

```
,fname,summary
0,test_0,"#Person2#는 ..."
```
테스트 `fname`마다 한 행입니다. 맨 앞의 인덱스 열은 빼도 됩니다(`fname,summary`).
""",
        rules=rules_text(daily=12, finals=2, source="데이터는 Podium의 데모 생성기가 템플릿으로 쓴 합성 데이터이며 어떤 "
                                                    "목적으로든 쓸 수 있습니다."),
        data=f"""
- `train.csv` — 대화 {config.train}개: `fname,dialogue,summary,topic`. 대화마다 참조 요약이 1개 있습니다.
- `dev.csv` — 검증용 대화 {config.dev}개. 형식은 `train.csv`와 같습니다.
- `test.csv` — 요약할 대화 {config.test}개: `fname,dialogue`.
- `sample_submission.csv` — 이름 없는 인덱스 열이 맨 앞에 있는 `,fname,summary`. 모든 행의 요약문이 같습니다.

대화는 한 줄에 발화 하나씩 `#Person1#: ...`, `#Person2#: ...` 형식입니다(화자가 셋이나 넷인 대화도 있습니다).
실제 데이터처럼 줄바꿈이 전혀 없는 대화도 몇 개 있습니다. 비공개 정답 파일에는 테스트 대화마다 참조 요약이 3개
있습니다.
""",
    )
