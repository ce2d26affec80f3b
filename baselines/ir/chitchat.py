"""The deterministic small-talk detector: does the collection answer this message at all?

Raw BM25 scores grow with the length of the question and differ between collections, so the detector uses a
score in [0, 1] instead: the share of the question's content words (nouns, roots, verb and adjective stems;
IDF-weighted, as BM25 weighs them) that the best of the retrieved documents contains. A science question shares
most of its content with some document; "요즘 잠이 안 와" shares next to nothing with a science collection.
Lexical coverage alone calls a question small talk when it spells its topic differently from the documents
(리보오솜 for 리보솜, an English term for a Korean one): no document contains its words. So the evidence is
``coverage + dense_weight * similarity``, the second term being the dense model's cosine between the question and
its best document, which stays high for a spelling variant or a translation and low for "오늘 너무 즐거웠다!".
Small-talk cues (greetings, thanks, feelings, talking to the assistant as "너") raise the bar, since a chatty
message may share a word or two with a document by chance. The weight and both bars are chosen on a validation
collection (``python -m baselines.ir tune``), not by hand.
"""

import math
from collections import Counter

from .queries import Morpheme, content_terms
from .sparse import SpellingVariants

SECOND_PERSON = frozenset({"너", "니", "네", "당신"})
SMALL_TALK_STEMS = ("안녕", "반가", "고마", "감사", "잘 자", "잘자", "피곤", "우울", "심심", "외로", "힘들", "힘드",
                    "슬프", "슬퍼", "행복", "짜증", "졸려", "졸리", "배고", "배불", "기분", "재미있", "재밌", "신나",
                    "사랑해", "즐거", "ㅋㅋ", "ㅎㅎ", "ㅠㅠ", "대박", "싫다", "망쳤")


class ChitchatDetector:
    def __init__(self, doc_terms: list[list[str]]) -> None:
        self._documents = [frozenset(terms) for terms in doc_terms]
        self._df = Counter(term for terms in self._documents for term in terms)
        self._variants = SpellingVariants(doc_terms)

    def idf(self, term: str) -> float:
        """BM25's (Lucene's) IDF; a word no document has weighs the most."""
        df, n = self._df.get(term, 0), len(self._documents)
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def coverage(self, morphemes: list[Morpheme], candidates: list[int]) -> float:
        """The best candidate's share of the question's content (0 for a question with no content word)."""
        words = {self._variants(word) for word in content_terms(morphemes)}
        total = sum(self.idf(w) for w in words)
        if not total or not candidates:
            return 0.0
        return max(sum(self.idf(w) for w in words & self._documents[doc]) for doc in candidates) / total

    def is_chitchat(self, text: str, morphemes: list[Morpheme], candidates: list[int], *, dense_similarity: float,
                    dense_weight: float, threshold: float, cue_threshold: float) -> bool:
        bar = cue_threshold if has_small_talk_cue(text, morphemes) else threshold
        return self.coverage(morphemes, candidates) + dense_weight * dense_similarity < bar


def has_small_talk_cue(text: str, morphemes: list[Morpheme]) -> bool:
    return (any(m.tag == "NP" and m.form in SECOND_PERSON for m in morphemes)
            or any(stem in text for stem in SMALL_TALK_STEMS))
