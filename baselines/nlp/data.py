"""The competition's CSV files, the special tags in them, and the model's inputs.

Dialogues are normalised to one space between turns, so that the real data (one turn per line) and the few
dialogues without line breaks look the same to the tokenizer; the speaker tags already mark the turns.
"""

import re
from dataclasses import dataclass
from pathlib import Path

from baselines.common import read_csv, require_files
from baselines.trivial import data_folder, split_turns

SPEAKER_TAGS = tuple(f"#Person{n}#" for n in range(1, 8))
PII_MASKS = ("#PhoneNumber#", "#Address#", "#DateOfBirth#", "#PassportNumber#", "#SSN#", "#CardNumber#",
             "#CarNumber#", "#Email#")
# ASCII word characters only: a Korean word between two tags ("#Person1#과#Person2#") must not read as a tag.
TAG = re.compile(r"#\w+#", re.ASCII)
LAYOUT = ("train.csv and dev.csv (fname,dialogue,summary,topic), test.csv (fname,dialogue), dialogues as "
          "'#Person1#: ...' turns: the bootcamp's folder as distributed, or a bundle with these under data/")


@dataclass(frozen=True)
class Splits:
    train: list[dict[str, str]]
    dev: list[dict[str, str]]
    test: list[dict[str, str]]

    def texts(self) -> list[str]:
        """Every dialogue (as the model reads it) and summary of train and dev: what the scratch tokenizer learns."""
        rows = [*self.train, *self.dev]
        return [source_text(row["dialogue"]) for row in rows] + [row["summary"] for row in rows]


def load_splits(data_dir: Path, *, max_train: int = 0) -> Splits:
    """train.csv, dev.csv and test.csv of a bootcamp folder (or of a bundle's ``data/``)."""
    folder = data_folder(data_dir)
    require_files(folder, ("train.csv", "dev.csv", "test.csv"), layout=LAYOUT)
    train = read_csv(folder / "train.csv")
    return Splits(train=train[:max_train] if max_train else train, dev=read_csv(folder / "dev.csv"),
                  test=read_csv(folder / "test.csv"))


def source_text(dialogue: str) -> str:
    return " ".join(split_turns(dialogue)) or dialogue.strip()


def special_tags(texts: list[str]) -> list[str]:
    """The bootcamp's speaker tags and masks, then any other ``#Tag#`` found in ``texts``, in a fixed order."""
    known = [*SPEAKER_TAGS, *PII_MASKS]
    found = {tag for text in texts for tag in TAG.findall(text)}
    return known + sorted(found - set(known))


def encode(tokenizer, rows: list[dict[str, str]], *, max_source: int, max_target: int) -> list[dict]:
    """Token ids of each dialogue, and of its summary as ``labels`` when the row has one (not for test)."""
    features = tokenizer([source_text(row["dialogue"]) for row in rows], max_length=max_source, truncation=True)
    examples = [{"input_ids": ids, "attention_mask": mask}
                for ids, mask in zip(features["input_ids"], features["attention_mask"])]
    if rows and "summary" in rows[0]:
        labels = tokenizer(text_target=[row["summary"].strip() for row in rows], max_length=max_target,
                           truncation=True)["input_ids"]
        for example, ids in zip(examples, labels):
            example["labels"] = _ending_in_eos(ids, eos=tokenizer.eos_token_id, max_length=max_target)
    return examples


def _ending_in_eos(ids: list[int], *, eos: int, max_length: int) -> list[int]:
    """Some checkpoints' tokenizers (KoBART's) add no ``</s>``; without it the model never learns to stop."""
    return ids if ids and ids[-1] == eos else [*ids[: max_length - 1], eos]
