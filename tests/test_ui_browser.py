"""End to end in a real browser: headless Debian Chromium driven by Playwright.

Why a browser and not only the API: what an official relies on is what the page *shows* --
the quoted text, the pinpoint citation, the kind badge, the link -- after Gradio's own
Markdown and sanitising have run over our HTML. Only a browser sees that.

Playwright's bundled browser download does not work offline, so the system ``chromium`` is
used (``executable_path``); each launch gets a fresh temporary profile from Playwright.
"""

from __future__ import annotations

import os
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
QUESTION = "Who chairs the Anti-Torture Coordination Group?"
ANSWER_TIMEOUT_MS = 90_000  # the first question also loads the embedding model
#: Where the README screenshot goes; set REGASSIST_SCREENSHOT="" to keep the checkout untouched.
SCREENSHOT = os.environ.get("REGASSIST_SCREENSHOT", str(ROOT / "docs" / "screenshot.png"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM:
        pytest.skip("no 'chromium' on PATH (Debian: apt-get install chromium chromium-driver)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="module")
def server(assistant) -> Iterator[str]:
    from assistant.ui import build_app, launch

    app = build_app(assistant)
    _, url, _ = launch(app, host="127.0.0.1", port=free_port(), prevent_thread_lock=True, quiet=True)
    try:
        yield url
    finally:
        app.close()


def open_page(browser, url: str):
    context = browser.new_context(viewport={"width": 1400, "height": 1200}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(url)
    page.locator("#ra-question textarea").wait_for()
    return context, page


def ask(page, question: str, expected_answers: int):
    """Type a question, press Ask, wait until the chat shows ``expected_answers`` answers."""
    from playwright.sync_api import expect

    page.locator("#ra-question textarea").fill(question)
    page.locator("#ra-ask").click()
    answers = page.locator("#ra-chat .ra-answer")
    expect(answers).to_have_count(expected_answers, timeout=ANSWER_TIMEOUT_MS)
    return answers.last


def test_chat_answer_citation_and_quote_are_visible(browser, server, tmp_path):
    from playwright.sync_api import expect

    context, page = open_page(browser, server)
    try:
        answer = ask(page, QUESTION, 1)
        # the answer itself, with its [n] markers
        expect(answer).to_contain_text("chaired by a representative of the Commission")
        expect(answer.locator(".ra-marker", has_text="[1]").first).to_be_visible()
        # the sources panel: pinpoint citation, kind badge, quoted passage, official link
        citation = answer.locator(".ra-source .ra-citation", has_text="Article 31").first
        expect(citation).to_be_visible()
        expect(citation).to_contain_text("Regulation (EU) 2019/125, Article 31(1)")
        source = answer.locator(".ra-source").first
        expect(source.locator(".ra-badge")).to_have_text("binding regulation")
        quote = source.locator("blockquote.ra-quote")
        expect(quote).to_be_visible()
        expect(quote).to_contain_text(
            "An Anti-Torture Coordination Group chaired by a representative of the Commission shall be established."
        )
        link = source.locator("a", has_text="Official text")
        expect(link).to_be_visible()
        assert (link.get_attribute("href") or "").startswith("https://eur-lex.europa.eu/")
        expect(answer.locator(".ra-mode")).to_contain_text("Extractive answer")
        expect(page.locator("#ra-mode-banner")).to_contain_text("extractive")

        # the screenshot for the README: the question at the top of the chat
        # the app scrolls the chat so the new answer's question is at its top (not the window)
        page.wait_for_timeout(400)
        assert page.evaluate("window.scrollY") == 0
        expect(page.locator("#ra-chat .ra-question").first).to_be_in_viewport()
        expect(answer.locator(".ra-citation").first).to_be_in_viewport()
        shot = tmp_path / "chat.png"
        page.screenshot(path=str(shot))
        assert shot.stat().st_size > 10_000
        if SCREENSHOT:
            Path(SCREENSHOT).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(shot, SCREENSHOT)

        # "show the whole article" for the cited provision
        expect(page.locator("#ra-provision-choice input")).to_have_value("Regulation (EU) 2019/125, Article 31")
        page.locator("#ra-show").click()
        whole = page.locator("#ra-provision")
        expect(whole).to_contain_text("Regulation (EU) 2019/125, Article 31(4)", timeout=30_000)
        expect(whole).to_contain_text("annual report in writing to the European Parliament")

        # export of the conversation as Markdown with its citations
        with page.expect_download() as download:
            page.locator("#ra-export").click()
        exported = Path(download.value.path()).read_text(encoding="utf-8")
        assert download.value.suggested_filename.endswith(".md")
        assert f"## 1. {QUESTION}" in exported
        assert "[1] Regulation (EU) 2019/125, Article 31(1) (binding regulation)" in exported
        assert "chaired by a representative of the Commission" in exported
    finally:
        context.close()


def test_abstention_is_plain_and_shows_closest_passages(browser, server):
    from playwright.sync_api import expect

    context, page = open_page(browser, server)
    try:
        answer = ask(page, "What is the VAT rate in Belgium?", 1)
        expect(answer.locator(".ra-abstain")).to_contain_text("The documents do not answer this question")
        expect(answer.locator(".ra-sources summary")).to_contain_text("Closest passages")
        expect(answer.locator(".ra-source").first).to_be_visible()
    finally:
        context.close()


def test_example_question_fills_the_box(browser, server):
    from playwright.sync_api import expect

    context, page = open_page(browser, server)
    try:
        page.get_by_text("Who chairs the Anti-Torture Coordination Group?", exact=True).first.click()
        expect(page.locator("#ra-question textarea")).to_have_value(QUESTION)
        for persona in ("Official", "Exporter", "Trainer"):
            expect(page.get_by_text(persona, exact=False).first).to_be_visible()
    finally:
        context.close()


def test_two_browser_sessions_do_not_mix(browser, server):
    """Two users on one server, turns interleaved: each page shows only its own conversation,
    and a follow-up is read against the same user's previous question."""
    from playwright.sync_api import expect

    ctx_a, page_a = open_page(browser, server)
    ctx_b, page_b = open_page(browser, server)
    try:
        qb = "Who chairs the Dual-Use Coordination Group?"
        follow_up = "And what must the Commission report about it?"
        ask(page_a, QUESTION, 1)
        ask(page_b, qb, 1)
        last_a = ask(page_a, follow_up, 2)
        chat_a = page_a.locator("#ra-chat")
        chat_b = page_b.locator("#ra-chat")
        expect(chat_a).to_contain_text(QUESTION)
        expect(chat_a).to_contain_text(follow_up)
        expect(chat_a).not_to_contain_text(qb)
        expect(chat_b).to_contain_text(qb)
        expect(chat_b).not_to_contain_text(QUESTION)
        expect(chat_b).not_to_contain_text(follow_up)
        expect(last_a).to_contain_text(f"Read as a follow-up to: “{QUESTION}”")
        expect(page_b.locator("#ra-chat .ra-answer").first).to_contain_text("Regulation (EU) 2021/821, Article 24")
        # "New conversation" in A forgets A's history only
        page_a.locator("#ra-new").click()
        expect(page_a.locator("#ra-chat .ra-answer")).to_have_count(0)
        expect(page_b.locator("#ra-chat .ra-answer")).to_have_count(1)
    finally:
        ctx_a.close()
        ctx_b.close()
