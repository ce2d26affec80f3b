"""The science-retrieval (RAG) baseline: ``python -m baselines.ir run [options]``.

BM25 (Elasticsearch with the nori analyzer when ``ELASTICSEARCH_URL`` is set, else bm25s over Kiwi morphemes) and
multilingual dense retrieval (Google's USE v3, packaged, offline; document embeddings cached on disk), both over the
conversation's user turns with the last weighted most, fused; small talk answered with no document, decided by
lexical coverage and dense similarity or by an OpenAI-compatible LLM when one is configured. ``python -m
baselines.ir tune`` chooses the weights on validation collections and writes ``tuned.yaml``.
"""
