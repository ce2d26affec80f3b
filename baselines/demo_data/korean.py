"""Korean particles (josa) for generated text: ``format_ko("{item:을} 샀다", item="가방")`` -> ``가방을 샀다``.

A particle's form depends on whether the word before it ends in a final consonant (batchim): 책을 / 가방을 but
사과를, 집으로 but 학교로 and 서울로 (ㄹ takes 로). Digits are read aloud (3 삼 -> 을, 2 이 -> 를).
"""

import string

PAIRS = {"을": ("을", "를"), "이": ("이", "가"), "은": ("은", "는"), "과": ("과", "와"), "으로": ("으로", "로"),
         "이에요": ("이에요", "예요"), "아": ("아", "야"), "이다": ("이다", "다"), "이라고": ("이라고", "라고"),
         "이나": ("이나", "나"), "이고": ("이고", "고")}
DIGIT_BATCHIM = {"0": True, "1": True, "2": False, "3": True, "4": False, "5": False, "6": True, "7": True,
                 "8": True, "9": False}
RIEUL = 8  # index of ㄹ among the final consonants


def final_consonant(word: str) -> int | None:
    """Index of the last syllable's final consonant (0: none), or None when the word does not end in Hangul."""
    last = word.rstrip()[-1:] if word.strip() else ""
    if "가" <= last <= "힣":
        return (ord(last) - ord("가")) % 28
    if last in DIGIT_BATCHIM:
        return RIEUL if last in "178" else (1 if DIGIT_BATCHIM[last] else 0)
    return None


def josa(word: str, particle: str) -> str:
    """The form of ``particle`` (given by its after-consonant form, e.g. ``을``) that follows ``word``."""
    with_batchim, without = PAIRS[particle]
    final = final_consonant(word)
    if final is None:
        final = 1 if word.rstrip().endswith(("#", "m", "n", "l")) else 0
    if particle == "으로":
        return without if final in (0, RIEUL) else with_batchim
    return with_batchim if final else without


class _KoreanFormatter(string.Formatter):
    def format_field(self, value, format_spec):
        text = str(value)
        return text + josa(text, format_spec) if format_spec else text


_FORMATTER = _KoreanFormatter()


def format_ko(template: str, **slots) -> str:
    """``str.format`` where a field's format spec is a particle: ``{name:이}`` -> ``민수가`` / ``지원이``."""
    return _FORMATTER.format(template, **slots)
