"""The `regassist` command: the spine every interface shares.

Each command is a thin shell over a public function (``run_ingest``, ``Assistant.ask``,
``screen``, ``build_quiz``, ``run_eval``); the chat UI calls the same functions.
Errors are one line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from ingest import settings

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Offline assistant for EU trade controls: Regulation (EU) 2019/125 (anti-torture) and "
    "Regulation (EU) 2021/821 (dual-use). Every answer quotes and cites its provision.",
)

IndexOpt = Annotated[
    str | None, typer.Option("--index", help=f"Index folder (env {settings.INDEX_DIR_ENV}; default var/index in the checkout).")
]
ChromaOpt = Annotated[
    str | None,
    typer.Option("--chroma-url", help=f"Chroma server URL, e.g. http://127.0.0.1:8000 (env {settings.CHROMA_URL_ENV}); default: embedded Chroma on disk."),
]
CorpusOpt = Annotated[
    str | None,
    typer.Option("--corpus-path", help=f"Folders holding the corpus files, separated by '{__import__('os').pathsep}' (env {settings.CORPUS_PATH_ENV})."),
]


def fail(message: str, code: int = 1) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def _assistant(index: str | None, chroma: str | None):
    from assistant.service import Assistant
    from ingest.index import IndexMissing

    try:
        return Assistant(index, chroma)
    except IndexMissing as exc:
        fail(str(exc))


def ensure_index(index: str | None, chroma: str | None, corpus: str | None) -> None:
    """First run: ingest the corpus when no index exists yet; refresh one built by older ingest code."""
    from ingest.index import FORMAT, read_pointer

    pointer = read_pointer(settings.index_dir(index))
    if pointer is None:
        typer.echo("No index yet: ingesting the corpus first (about a minute).", err=True)
    elif pointer.get("format") != FORMAT:
        typer.echo("The index was built by an older version: updating it (vectors are reused).", err=True)
    else:
        return
    _run_ingest(index, chroma, corpus, add=None, kind="report", title=None, force=False, as_json=False)


# -- ingest ---------------------------------------------------------------------------------
def _run_ingest(index, chroma, corpus, add, kind, title, force, as_json) -> int:
    from ingest.load import LoadError
    from ingest.manifest import KINDS, ManifestError, load_manifest
    from ingest.pipeline import added_documents, register_added, run_ingest

    folder = settings.index_dir(index)
    search_path = settings.corpus_search_path(corpus)
    if add:
        if kind not in KINDS:
            fail(f"--kind must be one of: {', '.join(KINDS)}")
        path = Path(add).expanduser()
        if not path.exists():
            fail(f"{path}: no such file or folder")
        try:
            known = {d.id for d in load_manifest()} | {d.id for d in added_documents(folder)}
            entries = register_added(folder, path, kind, title, known)
        except (LoadError, ManifestError) as exc:
            fail(str(exc))
        for e in entries:
            typer.echo(f"added {e['id']}: {e['path']} ({e['kind']})", err=True)

    bar = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if as_json:
            return
        if bar is None:
            from tqdm import tqdm

            bar = tqdm(total=total, desc="embedding passages", unit="passage", file=sys.stderr)
        bar.update(done - bar.n)

    try:
        report = run_ingest(
            folder,
            settings.chroma_url(chroma),
            search_path,
            force=force,
            progress=progress,
            log=(lambda m: None) if as_json else (lambda m: typer.echo(m, err=True)),
        )
    except ManifestError as exc:
        fail(str(exc))
    except Exception as exc:  # the store itself failed (server down, disk full): one line, non-zero
        fail(f"ingest failed: {type(exc).__name__}: {exc}")
    if bar is not None:
        bar.close()
    summary = report.summary()
    if as_json:
        typer.echo(json.dumps(summary, indent=2, ensure_ascii=False))
    else:
        verb = "updated" if summary["changed"] else "unchanged"
        typer.echo(
            f"Index {verb} ({summary['index']}): {summary['documents_ok']}/{summary['documents']} documents, "
            f"{summary['passages']} passages ({summary['articles']} articles, {summary['annex_entries']} annex entries, "
            f"{summary['recitals']} recitals); embedded {summary['embedded']}, reused {summary['reused']}, "
            f"removed {summary['removed']}; {summary['seconds']} s, {summary['passages_per_s']} passages/s"
        )
        for e in summary["errors"]:
            typer.echo(f"  failed: {e}")
    return 0 if report.ok else 1


@app.command()
def ingest(
    index: IndexOpt = None,
    chroma_url: ChromaOpt = None,
    corpus_path: CorpusOpt = None,
    add: Annotated[str | None, typer.Option("--add", help="Also ingest this PDF/Markdown/HTML/text file, or every such file in a folder (remembered for later runs).")] = None,
    kind: Annotated[str, typer.Option("--kind", help="Kind of the added document (regulation, delegated_regulation, council_conclusions, report, commentary, press_release).")] = "report",
    title: Annotated[str | None, typer.Option("--title", help="Title of the added document.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Write a new index generation even if nothing changed.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
):
    """Read the corpus (manifest + your added files) into passages, vectors and a keyword index."""
    code = _run_ingest(index, chroma_url, corpus_path, add, kind, title, force, as_json)
    raise typer.Exit(code)


@app.command()
def documents(index: IndexOpt = None, chroma_url: ChromaOpt = None):
    """List the documents in the index, with their kind, passages and official link."""
    from ingest.index import read_pointer

    pointer = read_pointer(settings.index_dir(index))
    if not pointer:
        fail("no index yet: run 'regassist ingest'")
    for doc_id, meta in pointer.get("documents", {}).items():
        typer.echo(f"{doc_id:28} {meta.get('kind', ''):22} {meta.get('passages', 0):5} passages  {meta.get('url', '')}")


@app.command()
def show(
    doc: Annotated[str, typer.Argument(help="Document id, e.g. 32019R0125.")],
    ref: Annotated[str, typer.Argument(help="Provision: 'Article 31', 'Article 31(4)', 'Annex III 3.3', 'recital 33', '1C450'.")],
    index: IndexOpt = None,
    chroma_url: ChromaOpt = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
):
    """Print one provision's passages with their citations (read the article itself)."""
    assistant = _assistant(index, chroma_url)
    if doc not in assistant.documents:
        fail(f"unknown document id {doc!r}; known: {', '.join(assistant.documents)}")
    passages = assistant.provision(doc, ref)
    if not passages:
        fail(f"{doc} has no provision matching {ref!r}")
    if as_json:
        typer.echo(json.dumps([p.to_record() for p in passages], indent=2, ensure_ascii=False))
        return
    for p in passages:
        typer.echo(f"{p.citation}" + (f" (part {p.part})" if p.part else "") + f"\n{p.url}\n{p.text}\n")


# -- questions ------------------------------------------------------------------------------
def _llm_from_options(llm: str | None, base_url: str | None):
    if not llm:
        from assistant.llm import configured_llm

        return configured_llm()
    from assistant.llm import LLMConfig

    return LLMConfig.parse(llm, base_url)


def _setup(index, chroma, corpus, llm: str | None = None, llm_base_url: str | None = None):
    """What every question-answering command needs: a valid LLM choice, an index, the assistant."""
    try:
        config = _llm_from_options(llm, llm_base_url)
    except ValueError as exc:
        fail(str(exc))
    ensure_index(index, chroma, corpus)
    return _assistant(index, chroma), config


def render_answer(answer) -> str:
    lines = [answer.text]
    for notice in answer.notices:
        lines.append(f"\nNote: {notice}")
    if answer.citations:
        lines.append("\nClosest passages:" if answer.abstained else "\nSources:")
        for c in answer.citations:
            lines.append(f"[{c.number}] {c.citation} ({c.kind_label})")
            if c.url:
                lines.append(f"    {c.url}")
            if c.also_in:
                lines.append(f"    Nearly the same wording: {'; '.join(c.also_in)}")
    if answer.related:
        lines.append("\nDefinitions:")
        for c in answer.related:
            lines.append(f"    {c.citation}: {c.quote[:300]}")
    lines.append(f"\n[{answer.mode} answer, {answer.timings.get('total_ms', 0):.0f} ms]")
    return "\n".join(lines)


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="Your question, in your own words.")],
    doc: Annotated[list[str] | None, typer.Option("--doc", help="Only these document ids (repeatable).")] = None,
    kind: Annotated[list[str] | None, typer.Option("--kind", help="Only these kinds (repeatable).")] = None,
    k: Annotated[int, typer.Option("--k", min=1, max=20, help="Passages to retrieve.")] = 5,
    as_json: Annotated[bool, typer.Option("--json", help="Print the full answer object as JSON.")] = False,
    llm: Annotated[str | None, typer.Option("--llm", help="PROVIDER:MODEL, e.g. openai:qwen2.5 or ollama:llama3.1 (env REGASSIST_LLM).")] = None,
    llm_base_url: Annotated[str | None, typer.Option("--llm-base-url", help="OpenAI-compatible server URL (env REGASSIST_LLM_BASE_URL).")] = None,
    index: IndexOpt = None,
    chroma_url: ChromaOpt = None,
    corpus_path: CorpusOpt = None,
):
    """Ask one question; get quoted, cited provisions or a plain 'the documents do not answer this'."""
    from assistant.service import QuestionError, clean_question

    try:
        clean_question(question)
    except QuestionError as exc:
        fail(str(exc))
    assistant, config = _setup(index, chroma_url, corpus_path, llm, llm_base_url)
    bad = [d for d in doc or [] if d not in assistant.documents]
    if bad:
        fail(f"unknown document id {bad[0]!r}; known: {', '.join(assistant.documents)}")
    try:
        answer = assistant.ask(question, k=k, doc=doc or None, kind=kind or None, llm=config)
    except (QuestionError, ValueError) as exc:
        fail(str(exc))
    typer.echo(json.dumps(answer.to_dict(), indent=2, ensure_ascii=False) if as_json else render_answer(answer))


@app.command()
def search(
    question: Annotated[str, typer.Argument()],
    doc: Annotated[list[str] | None, typer.Option("--doc")] = None,
    kind: Annotated[list[str] | None, typer.Option("--kind")] = None,
    k: Annotated[int, typer.Option("--k", min=1, max=50)] = 10,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    index: IndexOpt = None,
    chroma_url: ChromaOpt = None,
):
    """Show the ranked passages for a query (no answer composition): for checking retrieval."""
    from assistant.service import QuestionError

    assistant = _assistant(index, chroma_url)
    try:
        result = assistant.search(question, k=k, doc=doc or None, kind=kind or None)
    except QuestionError as exc:
        fail(str(exc))
    if as_json:
        typer.echo(json.dumps([h.to_dict() | {"text": h.passage.text} for h in result.hits], indent=2, ensure_ascii=False))
        return
    for n, h in enumerate(result.hits, start=1):
        ref = f"  <- {h.reference}" if h.reference else ""
        typer.echo(f"{n:2}. {h.score:.4f}  {h.passage.citation}{ref}\n    {h.passage.text[:200]}")


@app.command()
def chat(
    doc: Annotated[list[str] | None, typer.Option("--doc")] = None,
    llm: Annotated[str | None, typer.Option("--llm")] = None,
    llm_base_url: Annotated[str | None, typer.Option("--llm-base-url")] = None,
    index: IndexOpt = None,
    chroma_url: ChromaOpt = None,
    corpus_path: CorpusOpt = None,
):
    """A conversation in the terminal; follow-ups ('and for Annex IV?') use the previous turn."""
    from assistant.conversation import Conversation
    from assistant.service import QuestionError

    assistant, config = _setup(index, chroma_url, corpus_path, llm, llm_base_url)
    conversation = Conversation(assistant, llm=config, doc=doc or None)
    typer.echo("Ask about Regulation (EU) 2019/125 or 2021/821. Empty line or Ctrl-D to quit.")
    while True:
        try:
            question = input("\n> ").strip()
        except (EOFError, KeyboardInterrupt):
            typer.echo("")
            break
        if not question or question.lower() in ("quit", "exit", ":q"):
            break
        try:
            answer = conversation.ask(question)
        except QuestionError as exc:
            typer.echo(f"error: {exc}", err=True)
            continue
        typer.echo(render_answer(answer))


# -- the other tools ------------------------------------------------------------------------
@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="Bind address (loopback unless you say otherwise).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port")] = 7860,
    llm: Annotated[str | None, typer.Option("--llm")] = None,
    llm_base_url: Annotated[str | None, typer.Option("--llm-base-url")] = None,
    index: IndexOpt = None,
    chroma_url: ChromaOpt = None,
    corpus_path: CorpusOpt = None,
):
    """Start the chat UI (Gradio) on http://HOST:PORT; never a public share link."""
    from assistant.ui import serve as serve_ui

    assistant, config = _setup(index, chroma_url, corpus_path, llm, llm_base_url)
    serve_ui(assistant, host=host, port=port, llm=config)


@app.command()
def goods(
    query: Annotated[str, typer.Argument(help="Product description, e.g. 'pepper spray for police'.")] = "",
    cn: Annotated[str, typer.Option("--cn", help="CN code: 85437090, '8543 70 90' or 8543.70.90; 4 or 6 digits list a heading.")] = "",
    cas: Annotated[str, typer.Option("--cas", help="CAS number, e.g. 76-74-4.")] = "",
    as_json: Annotated[bool, typer.Option("--json")] = False,
    index: IndexOpt = None,
    chroma_url: ChromaOpt = None,
    corpus_path: CorpusOpt = None,
):
    """Is a product listed? Matching entries of the goods lists, the regime and the obligations, cited."""
    from assistant.goods import GoodsInputError, screen

    assistant, _ = _setup(index, chroma_url, corpus_path)
    try:
        result = screen(assistant, query, cn=cn, cas=cas)
    except GoodsInputError as exc:
        fail(str(exc))
    typer.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False) if as_json else result.to_text())


@app.command()
def quiz(
    doc: Annotated[str | None, typer.Option("--doc")] = None,
    scope: Annotated[str | None, typer.Option("--scope", help="'Chapter V', 'Articles 20-23', 'Annex III'.")] = None,
    n: Annotated[int, typer.Option("--n", min=1, max=200)] = 10,
    types: Annotated[str | None, typer.Option("--types", help="Comma list of: mcq, truefalse, which-article, definition, annex, number (default: all).")] = None,
    seed: Annotated[int, typer.Option("--seed")] = 0,
    fmt: Annotated[str, typer.Option("--format", help="gift | aiken | csv | json")] = "json",
    out: Annotated[str | None, typer.Option("--out", help="Write to this file instead of standard output.")] = None,
    llm: Annotated[str | None, typer.Option("--llm")] = None,
    llm_base_url: Annotated[str | None, typer.Option("--llm-base-url")] = None,
    index: IndexOpt = None,
    chroma_url: ChromaOpt = None,
    corpus_path: CorpusOpt = None,
):
    """Build a quiz with answer keys and citations, for Moodle (GIFT), Aiken, CSV or JSON."""
    from assistant.quiz import QuizError, build_quiz, export

    assistant, config = _setup(index, chroma_url, corpus_path, llm, llm_base_url)
    try:
        result = build_quiz(
            assistant, doc=doc, scope=scope, n=n, types=types.split(",") if types else None, seed=seed, llm=config
        )
        text = export(result, fmt)
    except QuizError as exc:
        fail(str(exc))
    if out:
        Path(out).write_text(text, encoding="utf-8")
        typer.echo(f"wrote {len(result.items)} items to {out} ({fmt}); {result.summary_line()}", err=True)
    else:
        typer.echo(text)


@app.command("eval")
def eval_cmd(
    questions: Annotated[str | None, typer.Option("--questions", help="Question file (JSON lines); default: the curated test half.")] = None,
    goods_file: Annotated[str | None, typer.Option("--goods", help="Evaluate goods screening on this file instead.")] = None,
    k: Annotated[int, typer.Option("--k", min=1, max=50)] = 5,
    json_out: Annotated[str | None, typer.Option("--json", help="Write the metrics as JSON to this file.")] = None,
    report: Annotated[str | None, typer.Option("--report", help="Write a Markdown report (with a PNG chart beside it).")] = None,
    baseline: Annotated[bool, typer.Option("--baseline/--no-baseline", help="Also score the naive LangChain baseline.")] = True,
    floor: Annotated[str | None, typer.Option("--floor", help="Fail (exit 1) if any metric falls below this floor file.")] = None,
    index: IndexOpt = None,
    chroma_url: ChromaOpt = None,
    corpus_path: CorpusOpt = None,
):
    """Score retrieval and answers on a question file (and the naive baseline in the same run)."""
    assistant, _ = _setup(index, chroma_url, corpus_path)
    if goods_file:
        from evals.goods_eval import GoodsFileError, run_goods_eval

        try:
            metrics = run_goods_eval(assistant, Path(goods_file))
        except GoodsFileError as exc:
            fail(str(exc))
        typer.echo(json.dumps({k_: v for k_, v in metrics.items() if k_ != "items"}, indent=2))
        if json_out:
            Path(json_out).write_text(json.dumps(metrics, indent=2, ensure_ascii=False), encoding="utf-8")
        return
    from evals.baseline import BaselineCorpusError
    from evals.metrics import QuestionFileError
    from evals.run import check_floor, default_questions, print_table, run_eval, write_report

    path = Path(questions) if questions else default_questions()
    try:
        result = run_eval(assistant, path, k=k, baseline=baseline, corpus_path=settings.corpus_search_path(corpus_path))
    except (QuestionFileError, BaselineCorpusError) as exc:
        fail(str(exc))
    print_table(result)
    if json_out:
        Path(json_out).write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    if report:
        write_report(result, Path(report))
        typer.echo(f"report written to {report}", err=True)
    if floor:
        problems = check_floor(result, Path(floor))
        for p in problems:
            typer.echo(f"below floor: {p}", err=True)
        if problems:
            raise typer.Exit(1)


@app.command()
def download(
    target: Annotated[str, typer.Option("--to", help="Folder to save the texts in.")] = str(settings.PROJECT_ROOT / "corpus" / "documents"),
):
    """Fetch the corpus texts from their official sources (needs internet; EUR-Lex by CELEX number)."""
    from ingest.download import download_corpus

    code = download_corpus(Path(target), log=lambda m: typer.echo(m, err=True))
    raise typer.Exit(code)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
