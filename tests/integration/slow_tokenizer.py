"""A ROUGE tokenizer plug-in (the metric's `tokenizer: "module:factory"` parameter) that is slow on purpose, so
that a test can kill the worker while a submission is being scored."""

import time

DELAY_PER_TEXT = 0.02


class SlowWhitespaceTokenizer:
    def tokenize(self, text: str) -> list[str]:
        time.sleep(DELAY_PER_TEXT)
        return text.split()

    def tokenize_many(self, texts: list[str]) -> list[list[str]]:
        return [self.tokenize(text) for text in texts]


def factory() -> SlowWhitespaceTokenizer:
    return SlowWhitespaceTokenizer()
