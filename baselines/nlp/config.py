"""The NLP trainer's settings: every field is a command-line option and is saved as ``config.yaml``.

The defaults were chosen on the small demo data's dev ROUGE: a 2.5M-parameter BART that trains in about four
minutes on one CPU thread. For the real data (12,457 dialogues, longer summaries) on a GPU, make the model larger
and train longer, or fine-tune a KoBART checkpoint with ``--model``.
"""

from dataclasses import dataclass
from pathlib import Path

from baselines.common import RunConfig, option

SCRATCH = "scratch"


@dataclass
class NlpConfig(RunConfig):
    out_dir: Path = option(Path("runs/nlp"), "output folder: config, metrics, plots, model, submission")
    model: str = option(SCRATCH, "'scratch' (a small BART and a tokenizer trained here on the data), or a local "
                                 "checkpoint folder or hub name (e.g. digit82/kobart-summarization) to fine-tune")
    # The from-scratch model and its tokenizer.
    vocab_size: int = option(1000, "scratch: byte-level BPE vocabulary size, special tokens included")
    d_model: int = option(192, "scratch: hidden size")
    encoder_layers: int = option(2, "scratch: encoder layers")
    decoder_layers: int = option(2, "scratch: decoder layers")
    attention_heads: int = option(4, "scratch: attention heads (encoder and decoder)")
    ffn_dim: int = option(768, "scratch: feed-forward size")
    dropout: float = option(0.1, "scratch: dropout")
    # Inputs.
    max_source_length: int = option(512, "dialogue tokens kept (the rest is cut)")
    max_target_length: int = option(96, "summary tokens kept for training")
    max_train_samples: int = option(0, "use only the first N training dialogues (0: all); for smoke runs")
    # Training.
    epochs: float = option(30.0, "training epochs")
    batch_size: int = option(16, "dialogues per training step")
    eval_batch_size: int = option(50, "dialogues per generation batch (dev and test)")
    lr: float = option(1e-3, "peak learning rate (AdamW, linear warm-up then linear decay)")
    warmup: float = option(0.1, "warm-up: a fraction of the steps (< 1) or a number of steps")
    weight_decay: float = option(0.01, "AdamW weight decay")
    label_smoothing: float = option(0.1, "label smoothing of the cross-entropy")
    eval_epochs: int = option(0, "score dev ROUGE every N epochs and keep the best model (0: only at the end)")
    fp16: bool | None = option(None, "mixed precision (default: on with CUDA, off on the CPU)")
    threads: int = option(0, "CPU threads for torch (0: half the cores; more threads than free cores slow torch "
                             "down several times on a shared machine)")
    logging_steps: int = option(10, "log the training loss every N steps")
    # Generation.
    num_beams: int = option(4, "beam size")
    no_repeat_ngram_size: int = option(0, "forbid repeating n-grams of this size (0: off)")
    length_penalty: float = option(1.0, "beam length penalty (> 1 favours longer summaries)")
    generation_max_length: int = option(96, "longest generated summary, in tokens")
