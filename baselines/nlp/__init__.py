"""The dialogue-summarization baseline: ``python -m baselines.nlp train``.

A small BART trained from scratch on the competition's own data (a byte-level BPE tokenizer is trained on the
train and dev dialogues and summaries first, so nothing downloads), or a local / hub checkpoint such as
``digit82/kobart-summarization`` fine-tuned when ``--model`` names one. Speaker tags (``#Person1#``...) and the
personal-data masks (``#PhoneNumber#``...) are single special tokens that the summaries keep. Dev ROUGE is
Podium's own metric (Kiwi morphemes), reported next to the organizers' lead-2 and lead-3 floors; the test
summaries are written as ``submission.csv`` in the bootcamp's ``,fname,summary`` format. ``python -m
baselines.nlp sweep`` draws its learning curve.

On the small demo data (seed 0) the defaults train in about four and a half minutes on one CPU thread and score
about 52 public / 51 private, against 17.0 / 16.3 for the first two turns (``baselines.trivial``).
"""
