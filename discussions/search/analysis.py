"""Podium's own text analysis, shared by every search backend so that they match the same tokens.

Latin words are lower-cased and Porter-stemmed ("boosting" -> "boost"). Korean runs go through Kiwi, keeping the
content morphemes and dropping particles and endings ("이사를" -> "이사"): an Elasticsearch cluster without the
``analysis-nori`` plugin (and the database) then still match Korean queries through a whitespace-analyzed field.
"""

import functools
import re

_WORD = re.compile(r"[0-9A-Za-z\u00C0-\u024F]+|[\uAC00-\uD7A3\u1100-\u11FF\u3130-\u318F]+")
_HANGUL = re.compile(r"[\uAC00-\uD7A3\u1100-\u11FF\u3130-\u318F]")
# Kiwi tags kept: nouns, verb and adjective stems, adverbs, roots, numbers, foreign words and hanja.
_KEPT_TAGS = ("NN", "NR", "NP", "VV", "VA", "MAG", "XR", "SL", "SN", "SH")
MAX_ANALYZED_CHARS = 50_000


@functools.cache
def _stemmer():
    from nltk.stem.porter import PorterStemmer  # noqa: PLC0415 -- nltk comes with rouge-score

    return PorterStemmer()


@functools.cache
def _kiwi():
    from kiwipiepy import Kiwi  # noqa: PLC0415 -- a 100 MB model, loaded only when Korean text shows up

    return Kiwi()


def _kiwi_terms(text: str) -> list[str]:
    terms = []
    for token in _kiwi().tokenize(text):
        if token.tag == "SL":
            terms.append(_stemmer().stem(token.form.lower()))
        elif token.tag.startswith(_KEPT_TAGS):
            terms.append(token.form.lower())
    return terms


def analyze(text: str) -> list[str]:
    """The search terms of a text, in order (duplicates kept)."""
    text = (text or "")[:MAX_ANALYZED_CHARS]
    if _HANGUL.search(text):
        return _kiwi_terms(text)
    return [_stemmer().stem(word.lower()) for word in _WORD.findall(text)]


def analyze_to_field(text: str) -> str:
    """Terms as stored in SearchDocument.terms: space-separated and padded, so ``LIKE '% term %'`` is exact."""
    return f" {' '.join(analyze(text))} "
