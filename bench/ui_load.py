"""Load check of the chat UI: 20 concurrent clients, 20 different questions, no cross-talk.

    python bench/ui_load.py --index /tmp/idx1            # starts `regassist serve` itself
    python bench/ui_load.py --url http://127.0.0.1:7861/ # or measures a running server

Why: one server is shared by a whole licensing office. Under load, a reply must still answer
*its own* question -- a reply carrying another session's question or sources would be worse
than no reply. Each client (its own gradio_client session) therefore checks that

* ``/ask`` returns its own question and the same cited passages as when the question was asked
  alone (sequential reference pass), and cites the provision expected for it;
* ``/chat`` (the per-session conversation) shows exactly its own question and answer.

It prints latency p50/p95/max for both endpoints and exits 1 on any cross-talk. A benchmark
that prints figures, not a timed test: the figures depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from ingest import settings  # noqa: F401  (offline switches, before gradio_client is imported)

ROOT = Path(__file__).resolve().parent.parent

#: (question, the provision its reply must cite): twenty questions whose answers differ.
QUESTIONS: list[tuple[str, str]] = [
    ("Who chairs the Anti-Torture Coordination Group?", "Regulation (EU) 2019/125, Article 31"),
    ("Who chairs the Dual-Use Coordination Group?", "Regulation (EU) 2021/821, Article 24"),
    ("How does Article 2(s) of Regulation 2019/125 define 'transit'?", "Regulation (EU) 2019/125, Article 2(s)"),
    ("Who counts as a 'distributor' under Regulation 2019/125?", "Regulation (EU) 2019/125, Article 2(r)"),
    ("How does Regulation 2021/821 define 'cyber-surveillance items'?", "Regulation (EU) 2021/821, Article 2(20)"),
    ("Can we show thumbscrews and finger-cuffs on our stand at a security trade fair in Paris?", "Regulation (EU) 2019/125, Article 8"),
    ("A history museum outside the EU wants to buy an old electric chair from our collection for an exhibition. Is that export completely banned?", "Regulation (EU) 2019/125, Article 3"),
    ("Customs stopped a consignment of stun guns that was declared for export without any authorisation. What happens to the goods if the exporter never applies for one?", "Regulation (EU) 2019/125, Article 22"),
    ("Our logistics firm trucks non-EU pepper-spray launchers through Rotterdam to a third country. When would that transit be illegal?", "Regulation (EU) 2019/125, Article 13"),
    ("We make handcuffs with an unusually long chain, about 30 cm from cuff to cuff when locked. Can an EU country require us to get an export licence for them even if they are not on the EU list?", "Regulation (EU) 2019/125, Article 14"),
    ("According to the recitals of Regulation 2019/125, why should exports of spit hoods be controlled?", "Regulation (EU) 2019/125, recital 21"),
    ("Why doesn't the anti-torture regulation control trade in these goods between EU Member States?", "Regulation (EU) 2019/125, recital 50"),
    ("Our national preventive mechanism under the UN torture convention's Optional Protocol asked us for information on licence applicants and end-users. May we share it?", "Regulation (EU) 2019/125, Article 20"),
    ("Under Regulation 2021/821, which body has to set up the Enforcement Coordination Mechanism?", "Regulation (EU) 2021/821, Article 25"),
    ("Our monitoring software is not on any control list, but the ministry told us the buyer abroad may use it to spy on journalists and suppress protests. Do we still need a licence?", "Regulation (EU) 2021/821, Article 5"),
    ("Can our Member State ban or require a licence for an item that is not on the EU dual-use list because of human rights concerns?", "Regulation (EU) 2021/821, Article 9"),
    ("We notified a dual-use licence denial three years ago. Do we have to do anything with it now?", "Regulation (EU) 2021/821, Article 16"),
    ("Our customs office has stopped a dual-use export licensed in another Member State because of new suspicions. How long can the goods be held while we consult that State?", "Regulation (EU) 2021/821, Article 21"),
    ("What must the Commission's annual report on Regulation 2021/821 say about cyber-surveillance items?", "Regulation (EU) 2021/821, Article 26"),
    ("From what date does Delegated Regulation (EU) 2021/139 apply?", "Delegated Regulation (EU) 2021/139, Article 2"),
]


def cites(citations: list[str], expected: str) -> bool:
    """``expected`` names the provision ("…, Article 31"); a pinpoint below it counts too."""
    return any(c == expected or c.startswith(expected + "(") or c.startswith(expected + ",") for c in citations)


def message_text(message: dict) -> str:
    content = message["content"]
    if isinstance(content, str):
        return content
    return " ".join(part.get("text", "") for part in content if isinstance(part, dict))


@dataclass
class Result:
    question: str
    ask_ms: float = 0.0
    chat_ms: float = 0.0
    problems: list[str] = field(default_factory=list)
    wrong_provision: bool = False


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(index: str | None, port: int) -> subprocess.Popen:
    """The real `regassist serve` command, as a user starts it."""
    cmd = [sys.executable, "-m", "assistant.cli", "serve", "--port", str(port)]
    if index:
        cmd += ["--index", index]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH", "")]))}
    return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def wait_ready(url: str, proc: subprocess.Popen | None, timeout: float = 180) -> float:
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < timeout:
        if proc is not None and proc.poll() is not None:
            sys.exit(f"server exited ({proc.returncode}): {proc.stderr.read()[-2000:] if proc.stderr else ''}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return time.perf_counter() - t0
        except OSError:
            time.sleep(0.3)
    sys.exit(f"server at {url} not ready after {timeout:.0f} s")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def one_client(url: str, question: str, expected: str, reference: list[str], barrier: threading.Barrier) -> Result:
    """One user: own session; waits for all others, then /ask and /chat back to back."""
    from gradio_client import Client

    result = Result(question)
    client = Client(url, verbose=False)
    barrier.wait()
    t0 = time.perf_counter()
    reply = client.predict(question, api_name="/ask")
    result.ask_ms = (time.perf_counter() - t0) * 1000
    if reply["question"] != question:
        result.problems.append(f"/ask answered another question: {reply['question']!r}")
    ids = [c["passage_id"] for c in reply["citations"]]
    if ids != reference:
        result.problems.append(f"/ask cited {ids}, alone it cited {reference}")
    if not cites([c["citation"] for c in reply["citations"]], expected):
        result.wrong_provision = True

    t0 = time.perf_counter()
    history = client.predict(question, [], api_name="/chat")[0]
    result.chat_ms = (time.perf_counter() - t0) * 1000
    texts = [message_text(m) for m in history]
    if [m["role"] for m in history] != ["user", "assistant"]:
        result.problems.append(f"/chat history has {len(history)} messages, expected this session's 2")
    elif question.replace("'", "&#x27;") not in texts[0] and question not in texts[0]:
        result.problems.append(f"/chat shows another question: {texts[0][:120]!r}")
    elif expected not in texts[1]:
        result.problems.append(f"/chat answer does not cite {expected}")
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", help="index folder for the server this script starts")
    parser.add_argument("--url", help="measure an already running server instead")
    parser.add_argument("--clients", type=int, default=len(QUESTIONS), help="concurrent clients (max 20 distinct questions)")
    args = parser.parse_args()

    from gradio_client import Client

    proc = None
    url = args.url
    if not url:
        port = free_port()
        proc = start_server(args.index, port)
        url = f"http://127.0.0.1:{port}/"
    try:
        up = wait_ready(url, proc)
        print(f"server {url} ready in {up:.1f} s; {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} (other work skews the figures)")
        questions = QUESTIONS[: max(1, min(args.clients, len(QUESTIONS)))]

        # warm-up (loads the embedding model), then the reference pass: each question alone
        solo = Client(url, verbose=False)
        solo.predict(questions[0][0], api_name="/ask")
        reference: dict[str, list[str]] = {}
        solo_ms: list[float] = []
        for question, _ in questions:
            t0 = time.perf_counter()
            reply = solo.predict(question, api_name="/ask")
            solo_ms.append((time.perf_counter() - t0) * 1000)
            reference[question] = [c["passage_id"] for c in reply["citations"]]

        barrier = threading.Barrier(len(questions))
        t0 = time.perf_counter()
        with ThreadPoolExecutor(len(questions)) as pool:
            futures = [pool.submit(one_client, url, q, e, reference[q], barrier) for q, e in questions]
            results = [f.result() for f in futures]
        wall = time.perf_counter() - t0
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()

    ask_ms = [r.ask_ms for r in results]
    chat_ms = [r.chat_ms for r in results]
    crosstalk = [r for r in results if r.problems]
    wrong = [r for r in results if r.wrong_provision]
    n = len(results)
    print(f"clients: {n} concurrent sessions, {n} different questions, {2 * n} requests in {wall:.2f} s ({2 * n / wall:.1f} req/s)")
    print(f"alone  /ask : p50 {percentile(solo_ms, .5):7.0f} ms   p95 {percentile(solo_ms, .95):7.0f} ms   (each question alone, one after another, after a warm-up)")
    print(f"loaded /ask : p50 {percentile(ask_ms, .5):7.0f} ms   p95 {percentile(ask_ms, .95):7.0f} ms   max {max(ask_ms):7.0f} ms")
    print(f"loaded /chat: p50 {percentile(chat_ms, .5):7.0f} ms   p95 {percentile(chat_ms, .95):7.0f} ms   max {max(chat_ms):7.0f} ms")
    print(f"loaded/alone p50 ratio (/ask): {statistics.median(ask_ms) / max(statistics.median(solo_ms), 1e-9):.1f}x")
    print(f"replies answering their own question: {n - len(crosstalk)}/{n}; citing the expected provision: {n - len(wrong)}/{n}")
    for r in crosstalk:
        print(f"  CROSS-TALK {r.question[:70]!r}: {'; '.join(r.problems)}")
    for r in wrong:
        print(f"  (retrieval, not cross-talk) {r.question[:70]!r} did not cite its expected provision")
    return 1 if crosstalk else 0


if __name__ == "__main__":
    sys.exit(main())
