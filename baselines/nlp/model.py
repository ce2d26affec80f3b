"""The tokenizer and the sequence-to-sequence model: a small BART built here, or a checkpoint to fine-tune.

The scratch tokenizer is a byte-level BPE (no unknown token, whatever characters the test set holds) with
BART's conventions: ``<s> text </s>`` for sources and targets, ``</s>`` as the decoder's start token and
``<s>`` forced as the first generated token, so that a scratch model and a KoBART checkpoint are trained
and decoded by the same code (`data.encode` ends summaries with ``</s>`` where a tokenizer adds none).
"""

import os

from .config import SCRATCH, NlpConfig

BOS, PAD, EOS, UNK, MASK = "<s>", "<pad>", "</s>", "<unk>", "<mask>"


def build(config: NlpConfig, *, texts: list[str], tags: list[str]):
    """``(tokenizer, model)``: trained and built from ``texts`` for ``scratch``, else loaded from ``config.model``.

    ``tags`` become special tokens, never split by the tokenizer nor dropped when decoding.
    """
    if config.model == SCRATCH:
        tokenizer = train_tokenizer(texts, tags=tags, vocab_size=config.vocab_size)
        return tokenizer, scratch_model(config, tokenizer)
    return load_pretrained(config.model, tags=tags)


def stay_offline() -> None:
    """The scratch model needs nothing from the hub: make sure no library call reaches for it. Set before
    transformers is imported, which reads these once."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


def train_tokenizer(texts: list[str], *, tags: list[str], vocab_size: int):
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors, trainers  # noqa: PLC0415
    from transformers import PreTrainedTokenizerFast  # noqa: PLC0415

    core = Tokenizer(models.BPE())
    core.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    core.decoder = decoders.ByteLevel()
    specials = [BOS, PAD, EOS, UNK, MASK, *tags]
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, special_tokens=specials, show_progress=False,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    core.train_from_iterator(texts, trainer)
    core.post_processor = processors.TemplateProcessing(
        single=f"{BOS} $A {EOS}", special_tokens=[(BOS, core.token_to_id(BOS)), (EOS, core.token_to_id(EOS))])
    return PreTrainedTokenizerFast(tokenizer_object=core, bos_token=BOS, eos_token=EOS, pad_token=PAD,
                                   unk_token=UNK, mask_token=MASK, extra_special_tokens=list(tags))


def scratch_model(config: NlpConfig, tokenizer):
    from transformers import BartConfig, BartForConditionalGeneration  # noqa: PLC0415

    bart = BartConfig(
        vocab_size=len(tokenizer), d_model=config.d_model, encoder_layers=config.encoder_layers,
        decoder_layers=config.decoder_layers, encoder_attention_heads=config.attention_heads,
        decoder_attention_heads=config.attention_heads, encoder_ffn_dim=config.ffn_dim,
        decoder_ffn_dim=config.ffn_dim, dropout=config.dropout, attention_dropout=config.dropout,
        max_position_embeddings=max(config.max_source_length, config.generation_max_length, 128),
        pad_token_id=tokenizer.pad_token_id, bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id, decoder_start_token_id=tokenizer.eos_token_id,
        forced_eos_token_id=tokenizer.eos_token_id, scale_embedding=True,
    )
    model = BartForConditionalGeneration(bart)
    model.generation_config.forced_bos_token_id = tokenizer.bos_token_id
    return model


def load_pretrained(name: str, *, tags: list[str]):
    """A checkpoint folder or hub name; its embeddings grow by the tags its tokenizer lacks."""
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer  # noqa: PLC0415

    tokenizer = AutoTokenizer.from_pretrained(name)
    model = AutoModelForSeq2SeqLM.from_pretrained(name)
    added = tokenizer.add_special_tokens({"extra_special_tokens": tags}, replace_extra_special_tokens=False)
    if added:
        model.resize_token_embeddings(len(tokenizer))
    return tokenizer, model


def configure_generation(model, config: NlpConfig) -> None:
    """Beam settings on the model's generation config: dev scoring, test prediction and the saved model use them."""
    generation = model.generation_config
    generation.num_beams = config.num_beams
    generation.no_repeat_ngram_size = config.no_repeat_ngram_size
    generation.length_penalty = config.length_penalty
    generation.max_length = config.generation_max_length
    generation.early_stopping = config.num_beams > 1


def decode(tokenizer, ids) -> str:
    """The summary text with tags kept: only ``<s>``, ``</s>`` and padding are removed."""
    text = tokenizer.decode([i for i in ids if i >= 0], skip_special_tokens=False)
    for token in {tokenizer.bos_token, tokenizer.eos_token, tokenizer.pad_token} - {None}:
        text = text.replace(token, " ")
    return " ".join(text.split())
