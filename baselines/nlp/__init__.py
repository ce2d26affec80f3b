"""The dialogue-summarization baseline: ``python -m baselines.nlp train``.

A small BART trained from scratch on the competition's own data (a byte-level BPE tokenizer is trained on the
train and dev dialogues and summaries first, so nothing downloads), or a local / hub checkpoint such as
``digit82/kobart-summarization`` fine-tuned when ``--model`` names one. Speaker tags (``#Person1#``...) and the
personal-data masks (``#PhoneNumber#``...) are single special tokens that the summaries keep. Dev ROUGE is
Podium's own metric (Kiwi morphemes), reported next to the lead-2 floor; the test summaries are written as
``submission.csv`` in the bootcamp's ``,fname,summary`` format.

On the small demo data (seed 0) the defaults train in about four minutes on one CPU thread and score about
53 public / 53 private, against 14.9 / 16.4 for the first two turns (``baselines.trivial``).
"""
