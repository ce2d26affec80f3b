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

from .common import BundleSpec, rng_for, rules_text, write_bundle_pages, write_csv
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
        title="Dialogue Summarization",
        subtitle="Summarize everyday Korean conversations in one or two sentences.",
        metric="rouge",
        metric_params={"tokenizer": "kiwi"},
        daily_submissions=12,
        solution="solution.csv",
        overview=f"""
## The task

Read a Korean conversation between two or more people and write its summary. This is the bootcamp's NLP
competition, hosted on **generated demo data** ({size} size) in exactly the bootcamp's file layout, so code written
here runs unchanged on the real data (a Korean translation of DialogSum).

```
#Person1#: 어디가 불편하세요?
#Person2#: 이틀째 두통이 있어서 왔어요.
...
```
Personal data is masked with tags such as `#PhoneNumber#`, `#Address#`, `#Email#`, `#CarNumber#`; summaries use
the same tags.

## Evaluation

Each summary is split into morphemes by Kiwi, then scored with ROUGE-1, ROUGE-2 and ROUGE-L F1 against each of
the **three** reference summaries and averaged over them. The leaderboard shows
`100 × (ROUGE-1 + ROUGE-2 + ROUGE-L) / 3`, averaged over the dialogues. The first {public} test dialogues
score the **public** leaderboard; the remaining {config.test - public} decide the **private** one.

## Submission file

```
,fname,summary
0,test_0,"#Person2#는 ..."
```
One row per test `fname`; the leading index column may be left out (`fname,summary`).
""",
        rules=rules_text(daily=12, finals=2, source="The data is synthetic (written by Podium's demo generator from "
                                                    "templates) and may be used for any purpose."),
        data=f"""
- `train.csv` — {config.train} dialogues: `fname,dialogue,summary,topic`, one reference summary each.
- `dev.csv` — {config.dev} more, in the same format, for validation.
- `test.csv` — {config.test} dialogues to summarize: `fname,dialogue`.
- `sample_submission.csv` — `,fname,summary` with an unnamed index column, the same summary in every row.

A dialogue has one turn per line, `#Person1#: ...`, `#Person2#: ...` (some have three or four speakers). A few
dialogues have no line breaks at all, as in the real data. The hidden solution has three reference summaries
per test dialogue.
""",
    )
