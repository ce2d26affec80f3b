"""Fixtures for the scoring tests: small solutions for each metric and random Korean text."""

import random

import pytest

from scoring.solution import Solution, load_solution

KOREAN_WORDS = (
    "학생 선생님 회사 사무실 집 병원 의사 친구 어머니 아버지 여행 비행기 기차 음식 식당 커피 영화 음악 책 "
    "도서관 날씨 주말 토요일 내일 오늘 돈 은행 계좌 카드 전화 이메일 회의 보고서 계획 문제 해결 도움 약속 시간"
).split()
PARTICLES = "은 는 이 가 을 를 에게 에서 와 과 의 로 도".split()
PREDICATES = (
    "이야기합니다 설명합니다 제안합니다 동의합니다 거절합니다 추천합니다 예약합니다 걱정합니다 "
    "도와주겠다고 약속합니다 묻습니다 확인합니다 결정했습니다 만나기로 했습니다"
).split()
ENGLISH_WORDS = "the meeting report bank card phone plan problem help time movie music book".split()
SPEAKERS = ("#Person1#", "#Person2#", "#Person3#")


def korean_sentence(rng: random.Random, *, n_words: int) -> str:
    """A Korean-looking summary: a speaker tag, noun+particle words, some English, a predicate."""
    words = [rng.choice(SPEAKERS) + rng.choice(("은", "는", "이", "가"))]
    while len(words) < n_words - 1:
        if rng.random() < 0.1:
            words.append(rng.choice(ENGLISH_WORDS))
        else:
            words.append(rng.choice(KOREAN_WORDS) + rng.choice(PARTICLES))
    words.append(rng.choice(PREDICATES))
    return " ".join(words) + rng.choice((".", "", "!"))


@pytest.fixture
def f1_solution() -> Solution:
    body = "".join(f"img{i}.jpg,{i % 17},{'Public' if i % 2 else 'Private'}\n" for i in range(34))
    return load_solution(data=("ID,target,Usage\n" + body).encode(), metric_key="macro_f1", params={})


@pytest.fixture
def rouge_solution() -> Solution:
    text = (
        ",fname,summary1,summary2,summary3,Usage\n"
        "0,test_0,#Person1#은 이사를 합니다.,#Person1#이 이사합니다.,이사를 도와줍니다.,Public\n"
        "1,test_1,두 사람은 영화를 봅니다.,그들은 영화를 봅니다.,영화를 보러 갑니다.,Private\n"
    )
    return load_solution(data=text.encode(), metric_key="rouge", params={})


@pytest.fixture
def map_solution() -> Solution:
    text = (
        '{"eval_id": 0, "relevant": ["d1", "d2"], "Usage": "Public"}\n'
        '{"eval_id": 1, "relevant": [], "Usage": "Private"}\n'
        '{"eval_id": 2, "relevant": ["d3"], "Usage": "Private"}\n'
    )
    return load_solution(data=text.encode(), metric_key="map_at_k", params={})


@pytest.fixture
def make_korean_sentence():
    return korean_sentence
