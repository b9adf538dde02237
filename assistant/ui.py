"""The Gradio chat app: the face officials, exporters and trainers see.

It holds presentation only. Every answer comes from ``Conversation.ask`` / ``Assistant.ask``,
"show the whole article" from ``Assistant.provision``, goods screening from
``assistant.goods.screen`` and quizzes from ``assistant.quiz`` -- the same functions the
``regassist`` CLI calls -- so the UI can never answer differently from the command line.

Why it looks the way it does:

* Each browser session keeps its own ``Conversation`` in a ``gr.State`` and the chat is
  re-rendered from that state on every turn, so two officials using one server never see (or
  influence) each other's questions, and follow-ups read only their own previous turn.
* Passage text is official legal text but still *data*: every string that reaches the page is
  HTML-escaped here and emitted as one HTML block with no blank lines, so neither HTML in a
  passage nor Markdown syntax (``*``, ``_``, ``1.``) can change what the user reads.
* Nothing is fetched from outside: system fonts instead of web fonts, no share link, no
  analytics (``ingest.settings`` switches those off when it is imported, before gradio loads).
"""

from __future__ import annotations

import html
import logging
import re
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import gradio as gr  # assistant/__init__ has already imported ingest.settings (offline switches)

from assistant.answer import Answer, Citation
from assistant.conversation import Conversation
from assistant.service import QuestionError

if TYPE_CHECKING:
    from assistant.llm import LLMConfig
    from assistant.service import Assistant
    from ingest.passage import Passage

log = logging.getLogger(__name__)

TITLE = "regassist · EU trade controls assistant"

#: Concurrent answers per server. The work is CPU-bound (embedding, BM25, Chroma) on a small
#: machine: a few in flight keep the cores busy without each request waiting for all others.
ASK_CONCURRENCY = 4
#: "Show the whole article" on a whole annex would print hundreds of entries; cap it.
MAX_PROVISION_PASSAGES = 80

EXAMPLES: dict[str, list[str]] = {
    "Official (licensing or customs authority)": [
        "Who chairs the Anti-Torture Coordination Group?",
        "Our authority has just refused an application under the anti-torture regulation. By when do we have to tell the other Member States?",
        "Under Regulation 2021/821, which body has to set up the Enforcement Coordination Mechanism?",
        "How long must exporters keep their registers and commercial documents on dual-use exports?",
    ],
    "Exporter / compliance officer": [
        "We want to export pentobarbital to a hospital in Chile. Do we need an export authorisation?",
        "Can we show thumbscrews and finger-cuffs on our stand at a security trade fair in Paris?",
        "If our engineer emails technical drawings of a controlled item to a partner in Singapore, is that an export?",
        "Our monitoring software is not on any control list, but the buyer abroad may use it for internal repression. What now?",
    ],
    "Trainer": [
        "How does Article 2(s) of Regulation 2019/125 define 'transit'?",
        "How does Regulation 2021/821 define 'cyber-surveillance items'?",
        "Is phosgene on the EU dual-use list, and under which entry?",
        "Which Annex of Regulation (EU) 2019/125 lists goods that have no practical use other than for capital punishment or torture?",
    ],
}

KIND_CLASSES = {
    "regulation": "ra-k-reg",
    "delegated_regulation": "ra-k-del",
    "council_conclusions": "ra-k-council",
    "report": "ra-k-report",
    "commentary": "ra-k-comment",
    "press_release": "ra-k-press",
}

QUIZ_TYPES = ["mcq", "truefalse", "which-article", "definition", "annex", "number"]
QUIZ_FORMATS = {"gift": "gift.txt", "aiken": "aiken.txt", "csv": "csv", "json": "json"}

CSS = """
.ra-answer { line-height: 1.5; }
.ra-answer p { margin: 0 0 .45em 0; }
.ra-cite { font-weight: 600; }
.ra-marker { font-weight: 700; color: var(--color-accent); white-space: nowrap; }
.ra-mode { font-size: .85em; opacity: .8; margin-top: .4em; }
.ra-notice { border-left: 4px solid #d97706; background: rgba(217,119,6,.10); padding: .35em .6em; margin: .4em 0; }
.ra-abstain { border-left: 4px solid #b91c1c; background: rgba(185,28,28,.08); padding: .45em .6em; margin-bottom: .4em; }
.ra-sources > summary, .ra-related > summary { cursor: pointer; font-weight: 600; margin: .4em 0; }
.ra-source { border: 1px solid var(--border-color-primary); border-radius: 6px; padding: .45em .6em; margin: .35em 0; }
.ra-source-head { display: flex; flex-wrap: wrap; gap: .4em; align-items: baseline; }
.ra-source-head a { margin-left: auto; font-size: .85em; white-space: nowrap; }
.ra-answer blockquote.ra-quote { margin: .3em 0 .2em 0 !important; padding: .2em .6em; border-left: 3px solid var(--border-color-accent);
            max-height: 16em; overflow-y: auto; white-space: normal; font-size: .93em; }
.ra-context { font-size: .8em; opacity: .75; }
.ra-badge { display: inline-block; font-size: .75em; font-weight: 600; padding: .05em .5em; border-radius: 999px;
            border: 1px solid currentColor; white-space: nowrap; }
.ra-k-reg { color: #1d4ed8; } .ra-k-del { color: #0f766e; } .ra-k-council { color: #7c3aed; }
.ra-k-report { color: #a16207; } .ra-k-comment { color: #6b7280; } .ra-k-press { color: #be185d; }
.ra-provision-item { margin: .5em 0; }
.ra-pre { white-space: pre-wrap; font-family: var(--font-mono); font-size: .9em; }
#ra-mode-banner { font-size: .95em; }
"""


#: After an answer arrives, bring its question to the top of the chat (not the window): Gradio's
#: autoscroll would show the *end* of a long sources panel instead of the start of the answer.
SCROLL_TO_LAST_QUESTION = """() => { setTimeout(() => {
  const qs = document.querySelectorAll('#ra-chat .ra-question');
  if (!qs.length) return;
  const q = qs[qs.length - 1], wrap = q.closest('.bubble-wrap');
  if (wrap) wrap.scrollTop += q.getBoundingClientRect().top - wrap.getBoundingClientRect().top - 8;
}, 60); }"""


# -- rendering (pure functions: easy to test, no gradio needed) --------------------------------
def esc(text: str | None) -> str:
    """HTML-escape and keep line breaks, as one line of HTML (no blank line ends the block)."""
    return html.escape(text or "", quote=True).replace("\r\n", "\n").replace("\n", "<br>")


def safe_url(url: str | None) -> str:
    """Only http(s) links reach the page: a passage's URL is data, not a place to run code."""
    return url if url and re.match(r"^https?://", url, re.I) else ""


MARKER = re.compile(r"\[(\d{1,2})\]")


def _markers(escaped: str) -> str:
    return MARKER.sub(r'<span class="ra-marker">[\1]</span>', escaped)


def render_text(answer: Answer) -> str:
    """The answer text, one paragraph per line, citation prefixes bold, [n] markers visible."""
    out = []
    for line in answer.text.splitlines():
        if not line.strip():
            continue
        m = re.match(r"^(.{3,160}?): (“.*)$", line)
        if m and not answer.abstained:
            body = f'<span class="ra-cite">{esc(m.group(1))}</span>: {_markers(esc(m.group(2)))}'
        else:
            body = _markers(esc(line))
        out.append(f"<p>{body}</p>")
    return "".join(out)


def render_citation(c: Citation) -> str:
    """One source card: [n], citation, kind badge, the quoted passage, link to the official text."""
    badge = f'<span class="ra-badge {KIND_CLASSES.get(c.kind, "")}">{esc(c.kind_label)}</span>'
    url = safe_url(c.url)
    link = (
        f'<a href="{html.escape(url, quote=True)}" target="_blank" rel="noopener noreferrer">Official text ↗</a>'
        if url
        else ""
    )
    page = f" · page {c.page}" if c.page else ""
    context = f'<div class="ra-context">{esc(c.context)}{page}</div>' if c.context else ""
    notes = "".join(f'<div class="ra-context">Footnote: {esc(f)}</div>' for f in c.footnotes)
    if c.also_in:
        notes += f'<div class="ra-context ra-also">Nearly the same wording: {esc("; ".join(c.also_in))}</div>'
    return (
        f'<div class="ra-source" data-passage="{html.escape(c.passage_id, quote=True)}">'
        f'<div class="ra-source-head"><span class="ra-marker">[{c.number}]</span> '
        f'<strong class="ra-citation">{esc(c.citation)}</strong> {badge} {link}</div>'
        f"{context}<blockquote class=\"ra-quote\">{esc(c.quote)}</blockquote>{notes}</div>"
    )


def mode_label(answer: Answer, llm: LLMConfig | None) -> str:
    """Which mode answered this turn: what an official must know before relying on the wording."""
    ms = answer.timings.get("total_ms", 0.0)
    took = f"{ms / 1000:.1f} s" if ms >= 1000 else f"{ms:.0f} ms"
    if answer.mode == "llm":
        name = llm.label if llm is not None else "language model"
        return f"Written by the language model {name} from the cited passages · {took}"
    if llm is not None:
        return f"Extractive answer (quoted from the documents; the language model did not write it) · {took}"
    return f"Extractive answer (quoted from the documents, no language model) · {took}"


def render_answer(answer: Answer, llm: LLMConfig | None = None, open_sources: bool = True) -> str:
    """The whole answer as one HTML block: text, notices, sources panel, definitions, mode."""
    parts = ['<div class="ra-answer">']
    if answer.abstained:
        parts.append(
            '<div class="ra-abstain"><strong>The documents do not answer this question.</strong>'
            f"<br>Reason: {esc(answer.reason or 'no passage is close enough')}.</div>"
        )
        if answer.mode == "llm":
            parts.append(render_text(answer))
    else:
        parts.append(render_text(answer))
    for notice in answer.notices:
        parts.append(f'<div class="ra-notice">⚠ {esc(notice)}</div>')
    if answer.citations:
        title = (
            f"Closest passages ({len(answer.citations)}), shown for reference: they do not answer the question"
            if answer.abstained
            else f"Sources ({len(answer.citations)})"
        )
        parts.append(
            f'<details class="ra-sources"{" open" if open_sources else ""}><summary>{esc(title)}</summary>'
            + "".join(render_citation(c) for c in answer.citations)
            + "</details>"
        )
    if answer.related:
        parts.append(
            f'<details class="ra-related"><summary>Definitions used ({len(answer.related)})</summary>'
            + "".join(render_citation(c) for c in answer.related)
            + "</details>"
        )
    parts.append(f'<div class="ra-mode">{esc(mode_label(answer, llm))}</div></div>')
    return "".join(parts)


def render_question(question: str) -> str:
    """The user's own words, escaped: a question is never markup."""
    return f'<div class="ra-question">{esc(question)}</div>'


def provision_ref(p: Passage) -> str | None:
    """The reference ``Assistant.provision`` understands for the provision a passage belongs to.

    Article 31(1) -> "Article 31"; recital 20 -> "recital 20"; Annex III item 3.3 -> "Annex III 3.3";
    dual-use entry 1C450.a.4 -> "Annex I 1C450". Report paragraphs have no larger provision: None.
    """
    if p.article:
        return f"Article {p.article}"
    if p.recital:
        return f"recital {p.recital}"
    if p.annex and p.item:
        entry = re.match(r"^\d[A-E]\d{3}", p.item)
        return f"Annex {p.annex} {entry.group(0) if entry else p.item}"
    if p.annex:
        return f"Annex {p.annex}"
    return None


def render_provision(title: str, passages: list[Passage], url: str = "") -> str:
    """A whole provision, passage by passage, each with its own citation."""
    if not passages:
        return f"<p>{esc(title)}: no passages found.</p>"
    shown = passages[:MAX_PROVISION_PASSAGES]
    link = safe_url(url or passages[0].url)
    head = f'<h3 class="ra-provision-title">{esc(title)}</h3>'
    if link:
        head += f'<p><a href="{html.escape(link, quote=True)}" target="_blank" rel="noopener noreferrer">Official text ↗</a></p>'
    body = "".join(
        f'<div class="ra-provision-item"><strong>{esc(p.citation)}{f" (part {p.part})" if p.part else ""}</strong>'
        f'<blockquote class="ra-quote">{esc(p.text)}</blockquote></div>'
        for p in shown
    )
    more = (
        f"<p><em>Showing the first {len(shown)} of {len(passages)} passages; open the official text for the rest.</em></p>"
        if len(passages) > len(shown)
        else ""
    )
    return f'<div class="ra-answer ra-provision">{head}{body}{more}</div>'


def conversation_markdown(answers: list[Answer], documents: list[str] | None, mode: str) -> str:
    """The conversation as a Markdown record: each answer, its notices, citations and quotes."""
    stamp = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    lines = [
        "# Conversation with regassist",
        "",
        f"- Exported: {stamp}",
        f"- Answer mode: {mode}",
        f"- Documents searched: {', '.join(documents) if documents else 'all'}",
        "",
    ]
    for n, answer in enumerate(answers, start=1):
        lines += [f"## {n}. {answer.question}", "", answer.to_markdown(), ""]
        if answer.citations:
            lines += ["Quoted passages:", ""]
            for c in answer.citations:
                quote = "\n".join(f"> {line}" if line else ">" for line in c.quote.splitlines())
                lines += [f"[{c.number}] {c.citation}:", "", quote, ""]
        lines += [f"_{'LLM' if answer.mode == 'llm' else 'Extractive'} answer_", ""]
    return "\n".join(lines).rstrip() + "\n"


# -- per-session state --------------------------------------------------------------------------
@dataclass
class ChatSession:
    """One browser session: its own Conversation (follow-ups) and the answers it has seen."""

    conversation: Conversation
    answers: list[Answer] = field(default_factory=list)
    created: float = field(default_factory=time.time)


class ChatUI:
    """The handlers, bound to one Assistant (shared, read-only) and one optional LLM config."""

    def __init__(self, assistant: Assistant, llm: LLMConfig | None = None):
        self.assistant = assistant
        self.llm = llm
        self.export_dir = Path(tempfile.mkdtemp(prefix="regassist-ui-"))

    # documents and labels
    def document_choices(self) -> list[tuple[str, str]]:
        from ingest.passage import KIND_LABELS

        return [
            (f"{meta.get('short') or doc_id} ({KIND_LABELS.get(meta.get('kind', ''), meta.get('kind', ''))})", doc_id)
            for doc_id, meta in self.assistant.documents.items()
        ]

    @property
    def mode_text(self) -> str:
        if self.llm is None:
            return "extractive (quotes the documents; no language model configured)"
        return f"language model {self.llm.label} (falls back to extractive quotes, with a notice, if it fails)"

    def check_documents(self, documents: list[str] | None) -> list[str] | None:
        """The same check the CLI makes: unknown ids are an error, not silently ignored."""
        documents = [d for d in (documents or []) if d]
        bad = [d for d in documents if d not in self.assistant.documents]
        if bad:
            raise gr.Error(f"unknown document id {bad[0]!r}; known: {', '.join(self.assistant.documents)}")
        return documents or None

    def new_session(self) -> ChatSession:
        return ChatSession(Conversation(self.assistant, llm=self.llm))

    # rendering of one session
    def messages(self, session: ChatSession | None) -> list[dict[str, str]]:
        out: list[dict[str, str]] = []
        answers = session.answers if session else []
        for i, answer in enumerate(answers):
            out.append({"role": "user", "content": render_question(answer.question)})
            out.append(
                {"role": "assistant", "content": render_answer(answer, self.llm, open_sources=i == len(answers) - 1)}
            )
        return out

    def provision_choices(self, session: ChatSession | None) -> list[tuple[str, str]]:
        """Provisions cited in this conversation, newest answer first: "doc_id|ref" values."""
        seen: dict[str, str] = {}
        for answer in reversed(session.answers if session else []):
            for c in answer.citations:
                p = self.assistant.passage(c.passage_id)
                ref = provision_ref(p) if p is not None else None
                if not ref:
                    continue
                short = self.assistant.documents.get(p.doc_id, {}).get("short") or p.doc_id
                seen.setdefault(f"{p.doc_id}|{ref}", f"{short}, {ref}")
        return [(label, value) for value, label in seen.items()]

    def export_file(self, session: ChatSession | None, documents: list[str] | None) -> str | None:
        if not session or not session.answers:
            return None
        folder = Path(tempfile.mkdtemp(dir=self.export_dir))
        path = folder / f"regassist-conversation-{datetime.now().strftime('%Y%m%d-%H%M%S')}.md"
        path.write_text(conversation_markdown(session.answers, documents, self.mode_text), encoding="utf-8")
        return str(path)

    # handlers
    def chat(self, question: str, documents: list[str] | None, session: ChatSession | None):
        """One chat turn: ask through this session's Conversation, re-render this session only.

        Returns plain values (not ``gr.update``) where possible so that API clients get the
        chat history, the unchanged or cleared question box and a downloadable export file.
        """
        session = session or self.new_session()
        status = ""
        try:
            docs = self.check_documents(documents)
            answer = session.conversation.ask(question, doc=docs)
        except QuestionError as exc:
            status = f"⚠ {exc}"
        except gr.Error:
            raise
        except Exception as exc:  # the store failed (index replaced, server down): say so in one line
            log.exception("answering %r failed", question)
            status = f"⚠ The assistant could not answer ({type(exc).__name__}: {str(exc).splitlines()[0][:200] if str(exc) else ''})"
        else:
            session.answers.append(answer)
            question = ""
        choices = self.provision_choices(session)
        return (
            self.messages(session),
            session,
            question,
            gr.update(choices=choices, value=choices[0][1] if choices else None),
            self.export_file(session, documents),
            status,
        )

    def reset(self, session: ChatSession | None):
        """A new conversation: forget the follow-up context and the history of this session only."""
        session = self.new_session()
        return [], session, gr.update(choices=[], value=None), None, "", ""

    def show_provision(self, value: str | None) -> str:
        """'Show the whole article': ``Assistant.provision`` for a provision cited in this chat."""
        if not value or "|" not in value:
            return "<p>Ask a question first, then choose one of the provisions it cites.</p>"
        doc_id, ref = value.split("|", 1)
        passages = self.assistant.provision(doc_id, ref)
        meta = self.assistant.documents.get(doc_id, {})
        return render_provision(f"{meta.get('short') or doc_id}, {ref}", passages)

    def api_ask(self, question: str, documents: list[str] | None = None, k: int = 5) -> dict[str, Any]:
        """API endpoint: one question (no conversation) -> the Answer as JSON, as `regassist ask --json`."""
        docs = self.check_documents(documents)
        try:
            answer = self.assistant.ask(question, k=max(1, min(int(k), 20)), doc=docs, llm=self.llm)
        except QuestionError as exc:
            raise gr.Error(str(exc)) from exc
        return answer.to_dict()

    def goods(self, query: str, cn: str, cas: str):
        """Goods check tab: ``assistant.goods.screen``, imported only when used."""
        try:
            from assistant.goods import GoodsInputError, screen
        except ImportError as exc:
            return unavailable("Goods screening", "assistant.goods", exc), None
        try:
            result = screen(self.assistant, query or "", cn=cn or "", cas=cas or "")
        except GoodsInputError as exc:
            return f'<div class="ra-notice">⚠ {esc(str(exc))}</div>', None
        parts = ['<div class="ra-answer">']
        if getattr(result, "no_match", False):
            parts.append('<div class="ra-abstain"><strong>No listed entry matches.</strong></div>')
        notice = getattr(result, "notice", "")
        if notice:
            parts.append(f'<div class="ra-notice">⚠ {esc(notice)}</div>')
        parts.append(f'<div class="ra-pre">{esc(result.to_text())}</div></div>')
        return "".join(parts), result.to_dict()

    def quiz(self, doc: str | None, scope: str, n: float, types: list[str] | None, fmt: str, seed: float):
        """Quiz tab: ``assistant.quiz.build_quiz`` + ``export``; a preview and a file to download."""
        try:
            from assistant.quiz import QuizError, build_quiz, export
        except ImportError as exc:
            return unavailable("Quiz building", "assistant.quiz", exc), "", None
        fmt = fmt if fmt in QUIZ_FORMATS else "gift"
        try:
            result = build_quiz(
                self.assistant,
                doc=doc or None,
                scope=(scope or "").strip() or None,
                n=int(n),
                types=list(types) if types else None,
                seed=int(seed or 0),
                llm=self.llm,
            )
            text = export(result, fmt)
        except QuizError as exc:
            return f'<div class="ra-notice">⚠ {esc(str(exc))}</div>', "", None
        folder = Path(tempfile.mkdtemp(dir=self.export_dir))
        name = "-".join(x for x in ("regassist-quiz", doc or "all", re.sub(r"\W+", "-", scope or "").strip("-")) if x)
        path = folder / f"{name}.{QUIZ_FORMATS[fmt]}"
        path.write_text(text, encoding="utf-8")
        summary = f"<p><strong>{esc(result.summary_line())}</strong> · file: {esc(path.name)}</p>"
        return summary, text, str(path)


def unavailable(what: str, module: str, exc: Exception) -> str:
    return (
        f'<div class="ra-notice">⚠ {esc(what)} is not available in this installation '
        f"({esc(module)} could not be imported: {esc(str(exc))}).</div>"
    )


# -- the app ------------------------------------------------------------------------------------
def theme() -> gr.themes.Base:
    """System fonts only: a web font would make every page load reach out to the internet."""
    return gr.themes.Default(
        primary_hue="blue",
        font=["system-ui", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"],
        font_mono=["ui-monospace", "SFMono-Regular", "Consolas", "Liberation Mono", "monospace"],
    )


def build_app(assistant: Assistant, llm: LLMConfig | None = None) -> gr.Blocks:
    """The Blocks app (chat, goods check, quiz, API); launch it with ``launch`` (theme, CSS)."""
    ui = ChatUI(assistant, llm)
    with gr.Blocks(title=TITLE, analytics_enabled=False, delete_cache=(3600, 86400)) as app:
        gr.Markdown(
            "## regassist: EU trade controls assistant\n"
            "Answers quote and cite Regulation (EU) 2019/125 (anti-torture), Regulation (EU) 2021/821 "
            "(dual-use) and the related acts, conclusions and notes. Runs on this computer: questions are "
            "not sent anywhere. Not legal advice: check the quoted provision in the official text."
        )
        gr.Markdown(f"**Answer mode:** {ui.mode_text}", elem_id="ra-mode-banner")
        session = gr.State(None)
        with gr.Tabs():
            with gr.Tab("Chat", id="chat"):
                with gr.Row(equal_height=False):
                    with gr.Column(scale=3):
                        chatbot = gr.Chatbot(
                            label="Conversation",
                            elem_id="ra-chat",
                            height=900,  # a long answer (paragraphs quoted whole) still shows its first source on a 1200-pixel-high screen
                            autoscroll=False,  # SCROLL_TO_LAST_QUESTION shows the answer's start instead
                            latex_delimiters=[],
                            feedback_options=None,
                            buttons=[],
                            placeholder="Ask about Regulation (EU) 2019/125 or 2021/821, or pick an example question.",
                        )
                        with gr.Row():
                            question = gr.Textbox(
                                label="Your question",
                                placeholder="e.g. Who chairs the Anti-Torture Coordination Group?",
                                lines=2,
                                max_lines=6,
                                scale=5,
                                elem_id="ra-question",
                            )
                            ask = gr.Button("Ask", variant="primary", scale=1, elem_id="ra-ask")
                        status = gr.Markdown("", elem_id="ra-status")
                        with gr.Row():
                            new = gr.Button("New conversation", size="sm", elem_id="ra-new")
                            download = gr.DownloadButton(
                                "Export conversation (Markdown)", size="sm", elem_id="ra-export"
                            )
                    with gr.Column(scale=2):
                        documents = gr.Dropdown(
                            ui.document_choices(),
                            value=[],
                            multiselect=True,
                            label="Search only these documents (empty: all)",
                            elem_id="ra-docs",
                        )
                        gr.Markdown("**Example questions**")
                        for persona, questions in EXAMPLES.items():
                            gr.Examples([[q] for q in questions], inputs=[question], label=persona)
                        with gr.Group():
                            provision = gr.Dropdown(
                                [], label="Cited provisions", interactive=True, elem_id="ra-provision-choice"
                            )
                            show = gr.Button("Show the whole article", size="sm", elem_id="ra-show")
                provision_view = gr.HTML("", elem_id="ra-provision")

                outputs = [chatbot, session, question, provision, download, status]
                chat_args = dict(concurrency_limit=ASK_CONCURRENCY, concurrency_id="assistant")
                ask.click(ui.chat, [question, documents, session], outputs, api_name="chat", **chat_args).then(
                    None, js=SCROLL_TO_LAST_QUESTION
                )
                question.submit(
                    ui.chat, [question, documents, session], outputs, api_visibility="private", **chat_args
                ).then(None, js=SCROLL_TO_LAST_QUESTION)
                reset_outputs = [chatbot, session, provision, download, status, provision_view]
                new.click(ui.reset, [session], reset_outputs, api_visibility="private")
                # the chat's own trash icon must forget the session too, not only the display
                chatbot.clear(ui.reset, [session], reset_outputs, api_visibility="private")
                show.click(ui.show_provision, [provision], [provision_view], api_name="provision", scroll_to_output=True)

            with gr.Tab("Goods check", id="goods"):
                gr.Markdown(
                    "Is a product listed? Describe it, or give its CN code or CAS number: the matching entries "
                    "of the goods lists, the regime (prohibited or authorisation) and the obligations, cited."
                )
                with gr.Row():
                    g_query = gr.Textbox(label="Product description", placeholder="e.g. pepper spray for police", scale=3)
                    g_cn = gr.Textbox(label="CN code", placeholder="e.g. 8543 70 90", scale=1)
                    g_cas = gr.Textbox(label="CAS number", placeholder="e.g. 76-74-4", scale=1)
                g_go = gr.Button("Check", variant="primary", elem_id="ra-goods-go")
                g_out = gr.HTML("", elem_id="ra-goods-result")
                with gr.Accordion("Result as JSON", open=False):
                    g_json = gr.JSON()
                g_go.click(ui.goods, [g_query, g_cn, g_cas], [g_out, g_json], api_name="goods", concurrency_id="assistant")

            with gr.Tab("Quiz", id="quiz"):
                gr.Markdown(
                    "Questions with answer keys and citations for a course; download them for Moodle (GIFT), "
                    "Aiken, a spreadsheet (CSV) or JSON."
                )
                with gr.Row():
                    q_doc = gr.Dropdown([("All documents", ""), *ui.document_choices()], value="", label="Document")
                    q_scope = gr.Textbox(label="Scope", placeholder="e.g. Chapter V, Articles 20-23, Annex III")
                    q_n = gr.Slider(1, 50, value=10, step=1, label="Number of questions")
                with gr.Row():
                    q_types = gr.CheckboxGroup(QUIZ_TYPES, value=[], label="Question types (none ticked: all)")
                    q_fmt = gr.Radio(list(QUIZ_FORMATS), value="gift", label="File format")
                    q_seed = gr.Number(0, precision=0, label="Seed (same seed, same quiz)")
                q_go = gr.Button("Build quiz", variant="primary", elem_id="ra-quiz-go")
                q_summary = gr.HTML("")
                q_preview = gr.Code(label="Preview", interactive=False, lines=18, max_lines=40, wrap_lines=True)
                q_file = gr.File(label="Download", interactive=False)
                q_go.click(
                    ui.quiz,
                    [q_doc, q_scope, q_n, q_types, q_fmt, q_seed],
                    [q_summary, q_preview, q_file],
                    api_name="quiz",
                    concurrency_id="assistant",
                )

        gr.api(ui.api_ask, api_name="ask", concurrency_limit=ASK_CONCURRENCY, concurrency_id="assistant")
    app.queue(default_concurrency_limit=ASK_CONCURRENCY, max_size=256)
    return app


def launch(
    app: gr.Blocks,
    host: str = "127.0.0.1",
    port: int = 7860,
    prevent_thread_lock: bool = False,
    quiet: bool = False,
):
    """Launch with this project's guarantees: never a share link, no SSR node server, no
    telemetry, no web fonts; theme and CSS are launch options in Gradio 6."""
    return app.launch(
        server_name=host,
        server_port=port,
        share=False,
        prevent_thread_lock=prevent_thread_lock,
        quiet=quiet,
        show_error=True,
        ssr_mode=False,
        mcp_server=False,
        pwa=False,
        enable_monitoring=False,
        footer_links=["api", "settings"],
        theme=theme(),
        css=CSS,
    )


def serve(assistant: Assistant, host: str = "127.0.0.1", port: int = 7860, llm: LLMConfig | None = None) -> None:
    """What `regassist serve` runs: build the app and serve it until interrupted."""
    launch(build_app(assistant, llm), host=host, port=port)
