"""Demo data for the IR competition (scientific knowledge retrieval, MAP@3).

Layout under ``data/``, as the bootcamp's: ``documents.jsonl`` (``docid`` a UUID, ``src`` such as
``ko_mmlu__astronomy__test`` or ``ko_ai2_arc__ARC_Challenge__test``, ``content`` Korean text), ``eval.jsonl``
(``eval_id``, ``msg``: a list of ``{role, content}``) and ``sample_submission.csv``, which is JSON Lines despite
its name. Most queries are one user turn; about 10% are user/assistant/user conversations whose last turn says
"그것" for the topic or leave it out; about 10% are chit-chat with no relevant document (the right answer is an
empty ``topk``), mostly one short remark. Half the questions name their topic as a student would rather than as the
documents do (an English term, another transliteration or an older word, ``ir_variants``), so that retrieving by
the question's own words alone falls short, as it does on the real data.

Documents are written from a small knowledge base of true facts (`ir_facts`), since no openly licensed Korean
science corpus ships in a package. A document states one main fact, sometimes with more facts on the same
concept; a query asks about one fact, and every document that states it is relevant (hidden
``solution.jsonl``, a random half public).
"""

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .common import (
    SIZE_NAMES,
    BundleSpec,
    public_usage,
    rng_for,
    rules_text,
    uuid_ids,
    write_bundle_pages,
    write_jsonl,
)
from .ir_facts import ARC, FIELDS, INTROS, OUTROS, Fact, knowledge_base, numeric_fact
from .ir_variants import ALIASES, ELLIPTICAL_OPENERS, SHORT_CHITCHAT, TERMS
from .korean import format_ko

SLUG = "science-retrieval"
NUMERIC_RATE = {"small": 0.25, "full": 0.6}  # worked problems keep the full collection from repeating itself
CHITCHAT_RATE = 0.1
MULTI_TURN_RATE = 0.15
ALIAS_RATE = 0.7  # questions that name the topic their own way
TERM_RATE = 0.8  # each other telling word written the student's way
ELLIPSIS_RATE = 0.5  # follow-ups that leave the topic out instead of saying 그것
SHORT_CHITCHAT_RATE = 0.6
NUMERIC_DEFER = 0.8
MIN_CHARS = 44
CHITCHAT = ("안녕, 반가워!", "요즘 너무 피곤해.", "너는 누구니?", "오늘 기분이 정말 좋아!", "심심한데 재미있는 얘기 해 줘.",
            "고마워, 덕분에 많이 배웠어.", "요즘 우울한데 어떻게 하면 좋을까?", "너 정말 똑똑하구나!", "주말에 뭐 하면 좋을까?",
            "배고프다. 점심 뭐 먹지?", "오늘 하루도 힘내자!", "너 몇 살이야?", "신나는 노래 하나 추천해 줘.",
            "잘 자, 내일 또 이야기하자.", "너랑 이야기하니까 재미있다.", "요즘 잠이 안 와.")
CHITCHAT_TURNS = (("오늘 날씨 정말 좋다.", "네, 산책하기 좋은 날씨네요!", "너도 산책 좋아해?"),
                  ("나 시험 끝났어!", "축하해요! 고생 많으셨어요.", "이제 뭐 하고 놀까?"))
PRONOUNS = {"{t}에서": "거기서", "{t}의": "그것의", "{t} 중": "그중", "{t:은}": "그건", "{t:이}": "그게",
            "{t:을}": "그걸", "{t:으로}": "그걸로", "{t}에": "거기에", "{t:과}": "그것과", "{t}과": "그것과"}
QUESTION_PREFIXES = ("", "", "혹시 ", "궁금한데, ", "선생님, ")


@dataclass(frozen=True)
class IrSize:
    documents: int
    queries: int


SIZES = {"small": IrSize(documents=300, queries=100), "full": IrSize(documents=4272, queries=220)}


@dataclass(frozen=True)
class Document:
    docid: str
    src: str
    content: str
    keys: frozenset[str]  # the facts it states
    main: Fact


def _content(rng: np.random.Generator, main: Fact, others: list[Fact]) -> str:
    facts = [main, *others]
    sentences = [facts[i].sentence for i in rng.permutation(len(facts))]
    field = FIELDS[main.subject]
    if rng.random() < 0.5:
        sentences.insert(0, format_ko(INTROS[int(rng.integers(len(INTROS)))], t=main.concept, field=field))
    outros = [OUTROS[i] for i in rng.permutation(len(OUTROS))]
    if rng.random() < 0.3:
        sentences.append(outros.pop())
    while len(" ".join(sentences)) < MIN_CHARS:
        sentences.append(outros.pop())
    return " ".join(sentences)


def _src(rng: np.random.Generator, subject: str) -> str:
    split = ("test", "test", "test", "test", "validation", "train")[int(rng.integers(6))]
    return f"ko_ai2_arc__{ARC}__{split}" if subject == ARC else f"ko_mmlu__{subject}__{split}"


def make_documents(rng: np.random.Generator, count: int, *, numeric_rate: float) -> list[Document]:
    facts = knowledge_base()
    by_concept = defaultdict(list)
    for fact in facts:
        by_concept[fact.concept].append(fact)
    order = rng.permutation(len(facts))
    docids = uuid_ids(rng, count)
    documents = []
    for index in range(count):
        if rng.random() < numeric_rate:
            main, others = numeric_fact(rng, index), []
        else:
            main = facts[order[index % len(facts)]]
            siblings = [f for f in by_concept[main.concept] if f.key != main.key]
            extra = int(rng.choice(3, p=[0.6, 0.3, 0.1]))
            picked = rng.choice(len(siblings), size=min(len(siblings), extra), replace=False)
            others = [siblings[i] for i in sorted(picked)]
        keys = frozenset({main.key, *(f.key for f in others)})
        documents.append(Document(docids[index], _src(rng, main.subject), _content(rng, main, others), keys, main))
    return documents


def topic_name(rng: np.random.Generator, concept: str) -> str:
    """The concept as the documents write it, or (``ALIAS_RATE``) as a student might: English or a variant."""
    aliases = ALIASES.get(concept, ())
    if aliases and rng.random() < ALIAS_RATE:
        return aliases[int(rng.integers(len(aliases)))]
    return concept


def _question(rng: np.random.Generator, fact: Fact) -> str:
    prefix = QUESTION_PREFIXES[int(rng.integers(len(QUESTION_PREFIXES)))]
    return prefix + reword(rng, format_ko(fact.question, t=topic_name(rng, fact.concept)))


def reword(rng: np.random.Generator, question: str) -> str:
    """Each telling word of ``TERMS`` in the question replaced, at ``TERM_RATE``, by one of its variants."""
    for term, variants in TERMS.items():
        if term in question and rng.random() < TERM_RATE:
            question = question.replace(term, variants[int(rng.integers(len(variants)))])
    return question


def _follow_up(rng: np.random.Generator, fact: Fact) -> str | None:
    """The question with its opening topic left out ("그럼 수명은 얼마나 돼?") or replaced by a pronoun
    ("그것의 수명은 ..."); None when the topic does not open the question."""
    for pattern, pronoun in PRONOUNS.items():
        if fact.question.startswith(pattern):
            rest = fact.question[len(pattern):]
            if rng.random() < ELLIPSIS_RATE and pattern.startswith(("{t}의", "{t}에서", "{t} 중")):
                return ELLIPTICAL_OPENERS[int(rng.integers(len(ELLIPTICAL_OPENERS)))] + rest.lstrip()
            return pronoun + rest
    return None


def _conversation(rng: np.random.Generator, fact: Fact) -> list[dict] | None:
    follow_up = _follow_up(rng, fact)
    follow_up = follow_up and reword(rng, follow_up)
    if follow_up is None or fact.concept == "원소":
        return None
    topic = topic_name(rng, fact.concept)
    opener = format_ko(("{t}에 대해 알려줘.", "{t:이} 뭐야?", "{t:을} 공부하고 있어.")[int(rng.integers(3))], t=topic)
    reply = format_ko("{t:은} {field}에서 배우는 중요한 개념이에요. 어떤 점이 궁금하신가요?",
                      t=topic, field=FIELDS[fact.subject])
    return [{"role": "user", "content": opener}, {"role": "assistant", "content": reply},
            {"role": "user", "content": follow_up}]


def _chitchat(rng: np.random.Generator) -> list[dict]:
    if rng.random() < 0.2:
        user, assistant, again = CHITCHAT_TURNS[int(rng.integers(len(CHITCHAT_TURNS)))]
        return [{"role": "user", "content": user}, {"role": "assistant", "content": assistant},
                {"role": "user", "content": again}]
    remarks = SHORT_CHITCHAT if rng.random() < SHORT_CHITCHAT_RATE else CHITCHAT
    return [{"role": "user", "content": remarks[int(rng.integers(len(remarks)))]}]


def make_queries(rng: np.random.Generator, documents: list[Document], count: int) -> list[tuple[int, list, list]]:
    """``(eval_id, msg, relevant docids)`` for ``count`` queries."""
    relevant = defaultdict(list)
    for doc in documents:
        for key in sorted(doc.keys):
            relevant[key].append(doc.docid)
    targets, seen = [], set()
    for index in rng.permutation(len(documents)):
        fact = documents[index].main
        if fact.key not in seen:
            seen.add(fact.key)
            targets.append(fact)
    # Most worked problems to the back: their numbers alone find them, which would make the demo too easy.
    later = {fact.key for fact in targets if fact.key.startswith("numeric/") and rng.random() < NUMERIC_DEFER}
    targets.sort(key=lambda fact: fact.key in later)
    chit, multi = round(count * CHITCHAT_RATE), round(count * MULTI_TURN_RATE)
    kinds = rng.permutation(["chit"] * chit + ["multi"] * multi + ["single"] * (count - chit - multi))
    eval_ids = rng.choice(max(2 * count, count + 100), size=count, replace=False)
    queries, next_target = [], 0
    for eval_id, kind in zip(eval_ids.tolist(), kinds):
        if kind == "chit":
            queries.append((eval_id, _chitchat(rng), []))
            continue
        messages = None
        if kind == "multi":  # the next fact that can be asked as a follow-up ("그것의 ..."), moved forward
            for later in range(next_target, len(targets)):
                if messages := _conversation(rng, targets[later]):
                    targets.insert(next_target, targets.pop(later))
                    break
        fact = targets[next_target]
        next_target += 1
        messages = messages or [{"role": "user", "content": _question(rng, fact)}]
        queries.append((eval_id, messages, relevant[fact.key]))
    return queries


def generate(root: Path, *, seed: int, size: str = "small") -> None:
    config = SIZES[size]
    documents = make_documents(rng_for(seed=seed, name=f"{SLUG}/documents"), config.documents,
                               numeric_rate=NUMERIC_RATE[size])
    queries = make_queries(rng_for(seed=seed, name=f"{SLUG}/queries"), documents, config.queries)
    data = root / "data"
    write_jsonl(data / "documents.jsonl", ({"docid": d.docid, "src": d.src, "content": d.content} for d in documents))
    write_jsonl(data / "eval.jsonl", ({"eval_id": eval_id, "msg": msg} for eval_id, msg, _ in queries))
    write_jsonl(data / "sample_submission.csv",
                ({"eval_id": eval_id, "standalone_query": "", "topk": [], "answer": "", "references": []}
                 for eval_id, _, _ in queries))
    usage = public_usage(rng_for(seed=seed, name=f"{SLUG}/usage"), len(queries))
    write_jsonl(root / "solution.jsonl", ({"eval_id": eval_id, "relevant": rel, "Usage": split}
                                          for (eval_id, _, rel), split in zip(queries, usage)))
    multi = sum(len(msg) > 1 for _, msg, rel in queries if rel)
    chit = sum(not rel for _, _, rel in queries)
    write_bundle_pages(root, bundle_spec(size=size, config=config, multi=multi, chit=chit))


def bundle_spec(*, size: str, config: IrSize, multi: int, chit: int) -> BundleSpec:
    return BundleSpec(
        slug=SLUG,
        title="과학 지식 검색 (Scientific Knowledge Retrieval)",
        subtitle="학생의 과학 질문에 답하는 문서를 찾고, 잡담에는 문서를 내지 않습니다.",
        metric="map_at_k",
        metric_params={"k": 3},
        daily_submissions=5,
        solution="solution.jsonl",
        overview=f"""
## 대회 개요

학생이 과학 도우미와 대화합니다. 대화마다 학생의 마지막 질문에 가장 잘 답하는 문서를 컬렉션에서 최대 세 개까지,
잘 맞는 순서대로 찾아야 합니다. 학생이 잡담만 하는 경우에는 **문서를 하나도 내지 않아야** 합니다. 부트캠프의 IR
대회를 **생성한 데모 데이터**({SIZE_NAMES[size]})로 옮긴 대회입니다. 파일 구성이 부트캠프와 똑같아서 여기서 작성한
코드를 실제 데이터에 그대로 쓸 수 있습니다.

## 평가

부트캠프 주최자가 정의한 그대로의 **MAP@3**입니다. 질의마다 관련 문서가 나온 순위(1~3)에서의 정밀도를 모두 더한 뒤
맞힌 문서 수로 나눕니다(맞힌 문서가 없으면 0). 관련 문서가 없는 잡담 질의는 `topk`가 비어 있으면 1점, 아니면
0점입니다. 점수는 모든 질의의 평균입니다. 질의의 무작위 절반이 **Public 리더보드**를, 나머지 절반이 **Private
리더보드**를 정합니다.

## 제출 파일

JSON Lines 형식으로 `eval_id`마다 객체를 하나씩 쓰며, 파일 이름은 부트캠프처럼 `.csv`로 끝납니다:
```
{{"eval_id": 0, "standalone_query": "...", "topk": ["<docid>", "<docid>", "<docid>"], "answer": "..."}}
```
`topk`만 채점하며 다른 키는 넣지 않아도 됩니다.
""",
        rules=rules_text(daily=5, finals=2, source="문서는 Podium의 데모 생성기가 쓴 사실에 맞는 과학 지식이며, 데이터는 "
                                                   "어떤 목적으로든 쓸 수 있습니다."),
        data=f"""
- `documents.jsonl` — 문서 {config.documents}개: `{{"docid": "<uuid>", "src": "ko_mmlu__<subject>__<split>"`
  또는 `"ko_ai2_arc__ARC_Challenge__<split>", "content": "<한국어 본문>"}}`.
- `eval.jsonl` — 질의 {config.queries}개: `{{"eval_id": <int>, "msg": [{{"role": "user", "content": "..."}}, ...]}}`.
  그중 {multi}개는 마지막 발화가 첫 발화를 다시 가리키는 대화(user / assistant / user)이고, {chit}개는 관련 문서가
  없는 잡담입니다.
- `sample_submission.csv` — CSV가 아닌 JSON Lines입니다. `eval_id`마다 한 줄이며 `topk`는 비어 있습니다.
""",
    )

