"""The chat UI through its HTTP API (gradio_client), plus the pure rendering functions.

Why through gradio_client and not by calling the handlers: the endpoint names, the JSON shape
and the per-session state are what a client integrating with the assistant relies on, and
only a real server with real sessions shows that two users' conversations stay apart.
"""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.answer import Answer, Citation

QUESTION = "Who chairs the Anti-Torture Coordination Group?"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(assistant, llm=None) -> tuple[object, str]:
    """Launch the real app in this process on a free loopback port; returns (app, url)."""
    from assistant.ui import build_app, launch

    app = build_app(assistant, llm)
    _, url, _ = launch(app, host="127.0.0.1", port=free_port(), prevent_thread_lock=True, quiet=True)
    return app, url


@pytest.fixture(scope="module")
def server(assistant) -> Iterator[str]:
    app, url = start(assistant)
    try:
        yield url
    finally:
        app.close()


def client(url: str):
    from gradio_client import Client

    return Client(url, verbose=False)


def message_text(message: dict) -> str:
    """A Chatbot message's text, whichever shape the client returns (str or content parts)."""
    content = message["content"]
    if isinstance(content, str):
        return content
    return " ".join(part.get("text", "") for part in content if isinstance(part, dict))


# -- the `ask` endpoint ---------------------------------------------------------------------
def test_ask_endpoint_returns_the_answer_as_json(server):
    reply = client(server).predict(QUESTION, api_name="/ask")
    assert isinstance(reply, dict)
    assert reply["question"] == QUESTION
    assert reply["abstained"] is False
    assert reply["mode"] == "extractive"
    assert reply["citations"], reply
    first = reply["citations"][0]
    assert first["citation"] == "Regulation (EU) 2019/125, Article 31(1)"
    assert "chaired by a representative of the Commission" in first["quote"]
    assert first["url"].startswith("https://eur-lex.europa.eu/")
    assert first["kind_label"] == "binding regulation"
    assert "[1]" in reply["text"]
    assert "Commission" in reply["text"]


def test_ask_endpoint_abstains_out_of_scope(server):
    reply = client(server).predict("What is the VAT rate in Belgium?", api_name="/ask")
    assert reply["abstained"] is True
    assert reply["reason"]
    assert reply["text"].startswith("The documents I have do not answer this")


def test_ask_endpoint_document_filter_and_errors(server):
    from gradio_client.exceptions import AppError

    c = client(server)
    reply = c.predict(QUESTION, ["32021R0821"], 3, api_name="/ask")
    assert reply["citations"] and {x["doc_id"] for x in reply["citations"]} == {"32021R0821"}
    with pytest.raises(AppError, match="empty"):
        c.predict("   ", api_name="/ask")
    with pytest.raises(AppError, match="unknown document id"):
        c.predict(QUESTION, ["no-such-doc"], api_name="/ask")


# -- sessions -------------------------------------------------------------------------------
def test_two_sessions_do_not_mix(server):
    """Two clients (two sessions) interleave turns; each history and export holds only its own."""
    a, b = client(server), client(server)
    qa1 = QUESTION
    qb = "How long must exporters keep their registers and commercial documents on dual-use exports?"
    qa2 = "And what must the Commission report about it?"

    # outputs of /chat: history, question box, cited provisions, export file, status line
    history_a, _, _, _, _ = a.predict(qa1, [], api_name="/chat")
    history_b, _, _, export_b, _ = b.predict(qb, [], api_name="/chat")
    history_a, _, _, export_a, _ = a.predict(qa2, [], api_name="/chat")

    texts_a = [message_text(m) for m in history_a]
    texts_b = [message_text(m) for m in history_b]
    assert [m["role"] for m in history_a] == ["user", "assistant", "user", "assistant"]
    assert [m["role"] for m in history_b] == ["user", "assistant"]
    assert qa1 in texts_a[0] and qa2 in texts_a[2]
    assert qb in texts_b[0]
    assert not any(qb in t for t in texts_a), "session B's question leaked into session A"
    assert not any(qa1 in t or qa2 in t for t in texts_b), "session A's question leaked into session B"
    # the follow-up was read against A's own previous question, not B's (which came in between)
    assert "Read as a follow-up to" in texts_a[3] and qa1 in texts_a[3]
    assert "Article 31" in texts_a[1] and "Article 27" in texts_b[1]

    md_a = Path(export_a).read_text(encoding="utf-8")
    md_b = Path(export_b).read_text(encoding="utf-8")
    assert qa1 in md_a and qa2 in md_a and qb not in md_a
    assert qb in md_b and qa1 not in md_b


def test_chat_empty_question_is_a_plain_message_not_a_turn(server):
    history, _, _, export, status = client(server).predict("  ", [], api_name="/chat")
    assert history == []
    assert export is None
    assert "empty" in status


def test_show_the_whole_article(server):
    c = client(server)
    c.predict(QUESTION, [], api_name="/chat")
    html_ = c.predict("32019R0125|Article 31", api_name="/provision")
    for n in (1, 2, 3, 4):
        assert f"Regulation (EU) 2019/125, Article 31({n})" in html_
    assert "annual report" in html_


def test_llm_mode_indicator_and_fallback_notice(assistant):
    """With an LLM configured but unreachable (a closed loopback port), the answer says which
    mode answered and shows the fallback notice."""
    from assistant.llm import LLMConfig

    llm = LLMConfig("openai", "tiny-test-model", base_url=f"http://127.0.0.1:{free_port()}/v1", timeout=5)
    app, url = start(assistant, llm)
    try:
        history, *_ = client(url).predict(QUESTION, [], api_name="/chat")
        reply = client(url).predict(QUESTION, api_name="/ask")
    finally:
        app.close()
    shown = message_text(history[-1])
    assert "could not be used" in shown and "tiny-test-model" in shown
    assert "the language model did not write it" in shown
    assert reply["mode"] == "extractive"
    assert any("could not be used" in n for n in reply["notices"])


# -- rendering (no server) ------------------------------------------------------------------
def _citation(quote: str, url: str = "https://eur-lex.europa.eu/x") -> Citation:
    return Citation(1, "d/p1", "d", "commentary", "commentary", "Doc <b>1</b>, point 1", url, quote, "ctx & more")


def test_render_escapes_passage_text_and_blocks_bad_links():
    from assistant.ui import render_answer

    evil = '<script>alert(1)</script><img src=x onerror=alert(2)> **bold** _x_\n\n1. list'
    answer = Answer(
        "q <i>?</i>", "Doc: “<script>x</script>” [1]", [_citation(evil, "javascript:alert(3)")], statements=[]
    )
    html_ = render_answer(answer)
    assert "<script>" not in html_ and "<img" not in html_ and "<b>1</b>" not in html_
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html_
    assert "javascript:" not in html_
    assert "\n" not in html_, "a newline could end the HTML block and let Markdown rewrite the quote"
    assert "commentary" in html_ and "[1]" in html_


def test_render_names_the_provisions_with_nearly_the_same_wording():
    from assistant.ui import render_answer

    citation = _citation("The exporter shall notify the first use.")
    plain = render_answer(Answer("q", "“x” [1]", [citation], statements=[]))
    citation.also_in = ["Regulation (EU) 2021/821, Annex II, Section A, EU001, Part 3", "<b>EU005</b>"]
    html_ = render_answer(Answer("q", "“x” [1]", [citation], statements=[]))
    assert "Nearly the same wording" not in plain
    assert "Nearly the same wording: Regulation (EU) 2021/821, Annex II, Section A, EU001, Part 3; &lt;b&gt;EU005" in html_


def test_render_abstention_says_so_and_lists_closest_passages():
    from assistant.ui import render_answer

    answer = Answer("q", "The documents I have do not answer this.", [_citation("near text")], abstained=True, reason="no passage is close enough")
    html_ = render_answer(answer)
    assert "do not answer this question" in html_
    assert "Closest passages" in html_ and "near text" in html_


def test_provision_ref_from_passages(assistant):
    from assistant.ui import provision_ref

    by_id = assistant.reader.by_id
    assert provision_ref(by_id["32019R0125/art31/1"]) == "Article 31"
    # a sub-item of a dual-use entry (e.g. Annex IV 5D002.c) -> the whole entry (Annex IV 5D002)
    dual = next(p for p in assistant.passages if p.doc_id == "32021R0821" and re.match(r"^\d[A-E]\d{3}\.", p.item))
    assert provision_ref(dual) == f"Annex {dual.annex} {dual.item[:5]}"
    whole = assistant.provision("32021R0821", provision_ref(dual))
    assert dual in whole and all(p.item.startswith(dual.item[:5]) for p in whole)


# -- goods and quiz tabs (only once those modules exist) ----------------------------------------
def test_goods_tab_calls_screen(server, assistant):
    goods = pytest.importorskip("assistant.goods")
    if not hasattr(goods, "screen"):
        pytest.skip("assistant.goods has no screen() yet")
    from assistant.ui import esc

    html_, data = client(server).predict("pepper spray for police", "", "", api_name="/goods")
    expected = goods.screen(assistant, "pepper spray for police")
    assert isinstance(data, dict) and set(data) == set(expected.to_dict())
    first_line = expected.to_text().strip().splitlines()[0]
    assert esc(first_line) in html_


def test_quiz_tab_builds_and_exports(server, assistant):
    quiz = pytest.importorskip("assistant.quiz")
    if not hasattr(quiz, "build_quiz"):
        pytest.skip("assistant.quiz has no build_quiz yet")

    summary, preview, path = client(server).predict("32019R0125", "", 3, [], "gift", 0, api_name="/quiz")
    expected = quiz.export(quiz.build_quiz(assistant, doc="32019R0125", n=3, seed=0), "gift")
    assert "items" in summary and Path(path).name in summary
    assert preview.strip() == expected.strip()  # the Code component trims the final newline
    assert Path(path).read_text(encoding="utf-8") == expected


def test_goods_and_quiz_tabs_say_so_when_their_modules_are_missing(assistant, monkeypatch):
    """The tabs import their modules lazily: a missing module is a clear message, not a crash."""
    import sys

    from assistant.ui import ChatUI

    monkeypatch.setitem(sys.modules, "assistant.goods", None)
    monkeypatch.setitem(sys.modules, "assistant.quiz", None)
    ui = ChatUI(assistant)
    html_, data = ui.goods("pepper spray", "", "")
    assert "Goods screening is not available" in html_ and data is None
    summary, preview, path = ui.quiz("", "", 3, [], "gift", 0)
    assert "Quiz building is not available" in summary and path is None


def test_chat_document_filter_limits_the_sources(server):
    history, *_ = client(server).predict(QUESTION, ["32021R0821"], api_name="/chat")
    shown = message_text(history[-1])
    assert "Regulation (EU) 2021/821" in shown
    assert "Regulation (EU) 2019/125, Article" not in shown
