"""Kiwi analysis of questions and the deterministic standalone query.

A follow-up turn such as "그것의 구조는 어떻게 되어 있어?" is not a question a search engine can answer: its topic
is in an earlier turn. Without an LLM the rewrite keeps the last user turn and, when that turn refers back (a
demonstrative pronoun or determiner) or names too few things of its own, puts the nouns of the earlier user turns
in front of it. Assistant turns are left out: they restate the topic at best and add chatter at worst.
"""

import functools
from dataclasses import dataclass

from baselines.trivial import last_user_turn

# Nouns, roots, foreign words, numbers and hanja: the words that say what a question is about.
NOUN_TAGS = frozenset({"NNG", "NNP", "NR", "SL", "SN", "SH", "XR"})
CONTENT_TAGS = NOUN_TAGS | {"VV", "VA"}
# Stems that frame a question rather than say what it is about ("어떻게 돼?", "알려 줘"); a collection of
# statements hardly uses them, so without this list they would weigh as much as the rarest science term.
QUESTION_FRAME = frozenset({"하", "되", "있", "없", "어떻", "어떠", "같", "알", "알리", "주", "보", "그렇", "이렇",
                            "궁금", "궁금하"})
# Demonstratives that point back to an earlier turn; personal and interrogative pronouns (너, 나, 뭐) do not.
BACK_REFERENCES = frozenset({"그것", "그거", "이것", "이거", "저것", "저거", "거기", "여기", "저기", "그곳", "이곳",
                             "저곳", "그쪽", "이쪽", "그중"})  # Kiwi tags 그중 as a common noun
DETERMINERS = frozenset({"그", "이", "저"})
# Kiwi reads a word it does not know together with its particle as one noun (솔레노이드가, score about -30);
# a known noun scores above this even when rare.
UNKNOWN_NOUN_SCORE = -20.0
PARTICLES = ("에서", "으로", "에게", "까지", "부터", "이", "가", "은", "는", "을", "를", "의", "에", "와", "과", "도",
             "로", "만")


@dataclass(frozen=True)
class Morpheme:
    form: str
    tag: str
    score: float = 0.0  # Kiwi's log-probability; a word it does not know scores far below any it knows


@functools.cache
def kiwi():
    """One Kiwi per process (seconds to load); scoring's Kiwi tokenizer drops the tags the rewrite needs."""
    from kiwipiepy import Kiwi  # noqa: PLC0415

    analyzer = Kiwi()
    for determiner in "그이저":  # Kiwi reads the spoken 그걸로 ("with that") as 그 + the noun 걸 + 로
        analyzer.add_pre_analyzed_word(f"{determiner}걸로", [(f"{determiner}거", "NP"), ("로", "JKB")])
    return analyzer


def analyze(texts: list[str]) -> list[list[Morpheme]]:
    """Kiwi morphemes with their part-of-speech tags (irregular-verb suffixes such as ``VA-I`` cut off)."""
    if not texts:
        return []
    return [[Morpheme(t.form, t.tag.split("-")[0], t.score) for t in tokens] for tokens in kiwi().tokenize(texts)]


def content_terms(morphemes: list[Morpheme]) -> list[str]:
    """Lower-cased content words: what the chit-chat detector expects a relevant document to contain."""
    return [split_particle(m)[0].lower() for m in morphemes
            if m.tag in CONTENT_TAGS and m.form not in QUESTION_FRAME and m.form not in BACK_REFERENCES]


def split_particle(morpheme: Morpheme) -> list[str]:
    """``솔레노이드가`` -> ``솔레노이드``, ``가``; documents and questions alike, so both sides meet on the stem."""
    if morpheme.tag in NOUN_TAGS and morpheme.score < UNKNOWN_NOUN_SCORE:
        for particle in PARTICLES:
            stem = morpheme.form[:-len(particle)]
            if morpheme.form.endswith(particle) and len(stem) >= 2:
                return [stem, particle]
    return [morpheme.form]


def refers_back(morphemes: list[Morpheme]) -> bool:
    return any(m.form in BACK_REFERENCES or (m.tag == "MM" and m.form in DETERMINERS) for m in morphemes)


def standalone_query(messages: list[dict], *, min_terms: int) -> str:
    """The last user turn, preceded by the earlier user turns' nouns when it is elliptical."""
    last = last_user_turn(messages)
    earlier = [m["content"] for m in messages[:-1] if m.get("role") == "user" and m["content"] != last]
    if not earlier:
        return last
    last_morphemes, *earlier_morphemes = analyze([last, *earlier])
    own_nouns = [m for m in last_morphemes if m.tag in NOUN_TAGS]
    if len(own_nouns) >= min_terms and not refers_back(last_morphemes):
        return last
    topic = _unique(m.form for turn in earlier_morphemes for m in turn if m.tag in NOUN_TAGS)
    return " ".join([*topic, last]) if topic else last


def _unique(words) -> list[str]:
    return list(dict.fromkeys(words))
