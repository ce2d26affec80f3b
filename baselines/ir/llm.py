"""An OpenAI-compatible chat endpoint (``OPENAI_BASE_URL``, ``OPENAI_API_KEY``), asked for each conversation
whether it is small talk and what its standalone search query is.

Plain ``requests`` to ``/chat/completions`` and a JSON answer in the message text, no function calling: that is
what every compatible server (OpenAI, vLLM, Ollama, llama.cpp ...) understands. A request that fails or an
answer that is not the JSON asked for falls back to the deterministic rewrite and detector for that question.
"""

import json
import os
from dataclasses import dataclass

import requests

SYSTEM_PROMPT = """You route messages for a Korean science-question assistant.
You get a conversation as a JSON list of {"role", "content"} turns.
1. Decide whether the user's last message is small talk (greetings, thanks, feelings, chatting with the
   assistant, personal matters: "chitchat": true) or asks for knowledge ("chitchat": false).
2. Rewrite the last user message as one standalone Korean search query that names whatever it refers to in
   earlier turns (replace 그것, 거기, 그중 ... with the topic).
3. For small talk only, write a short friendly Korean reply as "answer"; otherwise "answer" is "".
Reply with one JSON object and nothing else:
{"chitchat": true or false, "standalone_query": "...", "answer": "..."}"""


@dataclass(frozen=True)
class Understanding:
    standalone_query: str
    chitchat: bool
    answer: str


class LlmError(RuntimeError):
    """The endpoint failed or did not answer with the JSON object asked for."""


class LlmClient:
    def __init__(self, *, base_url: str, api_key: str, model: str, timeout: float) -> None:
        self.url = base_url.rstrip("/") + "/chat/completions"
        self.model, self._timeout = model, timeout
        self._session = requests.Session()
        if api_key:
            self._session.headers["Authorization"] = f"Bearer {api_key}"

    def understand(self, messages: list[dict]) -> Understanding:
        conversation = [{"role": m.get("role", "user"), "content": m["content"]} for m in messages]
        body = {"model": self.model, "temperature": 0,
                "messages": [{"role": "system", "content": SYSTEM_PROMPT},
                             {"role": "user", "content": json.dumps(conversation, ensure_ascii=False)}]}
        try:
            response = self._session.post(self.url, json=body, timeout=self._timeout)
            response.raise_for_status()
            text = response.json()["choices"][0]["message"]["content"]
        except (requests.RequestException, ValueError, KeyError, IndexError, TypeError) as error:
            raise LlmError(f"{self.url}: {error}") from error
        return parse_answer(text)


def parse_answer(text: str) -> Understanding:
    """The JSON object in the reply; models like to wrap it in a code fence or a sentence, so the outermost
    braces are taken."""
    start, end = text.find("{"), text.rfind("}")
    try:
        answer = json.loads(text[start:end + 1]) if 0 <= start < end else None
    except json.JSONDecodeError:
        answer = None
    if not isinstance(answer, dict) or not isinstance(answer.get("chitchat"), bool):
        raise LlmError(f"not the JSON object asked for: {text[:200]!r}")
    query, reply = answer.get("standalone_query"), answer.get("answer", "")
    if not isinstance(query, str) or not query.strip() or not isinstance(reply, str):
        raise LlmError(f"no standalone_query in {text[:200]!r}")
    return Understanding(standalone_query=query.strip(), chitchat=answer["chitchat"], answer=reply.strip())


def client_from_env(model: str, *, timeout: float) -> tuple[LlmClient | None, str]:
    """The client, or None with the reason when the endpoint or the model name is missing."""
    base_url = os.environ.get("OPENAI_BASE_URL", "").strip()
    missing = [name for name, value in (("OPENAI_BASE_URL", base_url), ("--llm-model", model)) if not value]
    if missing:
        return None, (f"No LLM configured ({' and '.join(missing)} not set): deterministic query rewrite and "
                      "chit-chat detector.")
    client = LlmClient(base_url=base_url, api_key=os.environ.get("OPENAI_API_KEY", ""), model=model,
                       timeout=timeout)
    return client, f"LLM {model} at {base_url}: query rewrite and chit-chat classification."
