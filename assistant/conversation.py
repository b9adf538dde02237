"""Follow-up questions ("and for goods in Annex IV?", "what about brokers?") in a conversation.

A follow-up is retrieved together with the previous question, and the documents the
previous answer cited are preferred, so the short question is read in its context.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.answer import Answer

FOLLOW_UP = re.compile(
    r"^(?:and|also|what about|how about|and what about|same for|what if|but|then|so|or)\b"
    r"|^(?:is|are|does|do|can|must)\s+(?:it|they|this|that|these|those)\b",
    re.I,
)
PRONOUN = re.compile(r"\b(?:it|they|them|this|that|these|those|its|their|there)\b", re.I)


def is_follow_up(question: str) -> bool:
    words = question.split()
    return bool(FOLLOW_UP.search(question.strip())) or (len(words) <= 6 and bool(PRONOUN.search(question)))


@dataclass
class Conversation:
    assistant: object  # assistant.service.Assistant
    llm: object | None = None
    doc: list[str] | None = None
    turns: list[Answer] = field(default_factory=list)

    def context_for(self, question: str) -> tuple[str, list[str]]:
        """(text added to the retrieval query, documents to prefer) for this turn."""
        if not self.turns or not is_follow_up(question):
            return "", []
        previous = self.turns[-1]
        docs = list(dict.fromkeys(c.doc_id for c in previous.citations))
        return previous.question, docs

    def ask(self, question: str, **kwargs) -> Answer:
        extra, prefer = self.context_for(question)
        answer = self.assistant.ask(
            question, doc=kwargs.pop("doc", self.doc), llm=self.llm, prefer_docs=prefer, extra_query=extra, **kwargs
        )
        if extra:
            answer.notices.append(f"Read as a follow-up to: “{extra}”")
        self.turns.append(answer)
        return answer
