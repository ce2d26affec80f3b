"""The science-retrieval (RAG) baseline: ``python -m baselines.ir run [options]``.

BM25 (Elasticsearch with the nori analyzer when ``ELASTICSEARCH_URL`` is set, else bm25s over Kiwi morphemes),
sentence-transformers dense retrieval and their fusion; a standalone query rewritten from the conversation and a
chit-chat detector that answers small talk with no document, both either deterministic or asked of an
OpenAI-compatible LLM when one is configured.
"""
