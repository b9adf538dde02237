"""The eval: the relevance rule, question-file validation, the JSON keys, the floor check."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from evals.metrics import (
    Gold,
    QuestionFileError,
    facts_present,
    first_relevant_rank,
    load_questions,
    relevant,
)
from evals.run import check_floor, run_eval

runner = CliRunner()
GOOD = {
    "id": "x1", "persona": "official", "question": "Who chairs the Anti-Torture Coordination Group?", "answerable": True,
    "gold": [{"doc": "32019R0125", "ref": "Article 31(1)", "quote": "chaired by a representative of the Commission"}],
    "must_include": ["Commission"],
}
OUT_OF_SCOPE = {"id": "x2", "persona": "exporter", "question": "What is the VAT rate in Belgium?", "answerable": False, "gold": [], "must_include": []}


def test_relevance_rule_folds_whitespace_stars_and_case():
    gold = Gold("32019R0125", "Article 31(1)", "Chaired by a   representative of the *Commission*")
    assert relevant("32019R0125", "1. An ATCG chaired by a\nrepresentative of the Commission shall", gold)
    assert not relevant("32021R0821", "chaired by a representative of the Commission", gold)
    assert not relevant("32019R0125", "chaired by a representative of the Council", gold)
    assert first_relevant_rank([("32021R0821", "x"), ("32019R0125", "chaired by a representative of the commission")], (gold,)) == 2
    assert facts_present("The group is chaired by the COMMISSION.", ("commission",))
    assert not facts_present("The group is chaired by the Council.", ("Commission",))


@pytest.mark.parametrize(
    "line, message",
    [
        ("{not json", "invalid JSON"),
        (json.dumps({k: v for k, v in GOOD.items() if k != "gold"} | {"id": "x9"}), "missing field(s) gold"),
        (json.dumps({**GOOD, "id": "x9", "gold": [{"doc": "99X9999", "ref": "", "quote": "q"}]}), "unknown document id '99X9999'"),
        (json.dumps({**GOOD, "id": "x9", "answerable": "yes"}), "'answerable' must be true or false"),
        (json.dumps(GOOD), "duplicate id 'x1'"),
    ],
    ids=["json", "missing-field", "unknown-doc", "bad-type", "duplicate-id"],
)
def test_bad_question_file_names_the_line_and_runs_nothing(index_dir, tmp_path, line, message):
    path = tmp_path / "q.jsonl"
    path.write_text(json.dumps(GOOD) + "\n" + line + "\n" + json.dumps(OUT_OF_SCOPE) + "\n")
    out = tmp_path / "out.json"
    result = runner.invoke(app, ["eval", "--questions", str(path), "--index", str(index_dir), "--no-baseline", "--json", str(out)])
    assert result.exit_code == 1
    errors = [x for x in result.stderr.splitlines() if x.startswith("error:")]
    assert len(errors) == 1 and f"{path}:2" in errors[0] and message in errors[0], result.stderr
    assert not out.exists()  # nothing ran half-way
    with pytest.raises(QuestionFileError):
        load_questions(path, known_docs={"32019R0125"})


def test_eval_json_has_the_agreed_keys_and_scores_the_baseline(assistant, tmp_path):
    path = tmp_path / "q.jsonl"
    path.write_text(json.dumps(GOOD) + "\n" + json.dumps(OUT_OF_SCOPE) + "\n")
    result = run_eval(assistant, path, k=5, baseline=True)
    for key in ("n", "recall@1", "recall@5", "mrr", "citation_accuracy", "fact_accuracy", "abstention_accuracy",
                "p50_ms", "p95_ms", "chars_per_passage", "baseline"):
        assert key in result
    assert set(result["baseline"]) >= {"recall@1", "recall@5", "mrr", "p50_ms", "chars_per_passage"}
    assert result["n"] == 2 and result["recall@1"] == 1.0 and result["abstention_accuracy"] == 1.0
    assert result["citation_accuracy"] == 1.0 and result["fact_accuracy"] == 1.0
    assert 0.0 <= result["baseline"]["recall@5"] <= 1.0 and result["baseline"]["chars_per_passage"] > 0
    assert set(result["by_persona"]) == {"official", "exporter"}


def test_cli_eval_writes_json_report_and_chart(index_dir, tmp_path):
    path = tmp_path / "q.jsonl"
    path.write_text(json.dumps(GOOD) + "\n" + json.dumps(OUT_OF_SCOPE) + "\n")
    out, report = tmp_path / "out.json", tmp_path / "report.md"
    result = runner.invoke(app, ["eval", "--questions", str(path), "--index", str(index_dir), "--json", str(out), "--report", str(report)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert list(data)[:11] == ["n", "n_answerable", "recall@1", "recall@5", "mrr", "all_gold_recall@k", "citation_accuracy",
                               "fact_accuracy", "abstention_accuracy", "p50_ms", "p95_ms"][:11]
    assert "| recall@1 |" in report.read_text() and report.with_suffix(".png").stat().st_size > 1000
    assert "| recall@1 |" in result.stdout


def test_a_baseline_without_the_indexed_files_is_refused_before_anything_runs(index_dir, tmp_path):
    """A corpus path that misses the index's files built an empty baseline, scored 0.0 on every
    metric and cleared the cached one: now one error line, exit 1, nothing written or cleared."""
    path = tmp_path / "q.jsonl"
    path.write_text(json.dumps(GOOD) + "\n")
    empty = tmp_path / "elsewhere"
    empty.mkdir()
    marker = index_dir / "baseline" / "baseline.json"
    before = marker.read_text() if marker.exists() else None
    out = tmp_path / "out.json"
    result = runner.invoke(app, ["eval", "--questions", str(path), "--index", str(index_dir), "--corpus-path", str(empty), "--json", str(out)])
    assert result.exit_code == 1
    errors = [x for x in result.stderr.splitlines() if x.startswith("error:")]
    assert len(errors) == 1 and str(empty) in errors[0] and "32019R0125" in errors[0] and "not found" in errors[0], result.stderr
    assert not out.exists()
    assert (marker.read_text() if marker.exists() else None) == before


def test_floor_check_reports_every_metric_below_its_floor(tmp_path):
    floor = tmp_path / "floor.json"
    floor.write_text(json.dumps({"recall@1": 0.8, "mrr": 0.5}))
    assert check_floor({"recall@1": 0.79, "mrr": 0.6}, floor) == ["recall@1 0.79 < floor 0.8"]
    assert check_floor({"recall@1": 0.8, "mrr": 0.5}, floor) == []


def test_a_second_baseline_build_waits_for_the_first(tmp_path, monkeypatch):
    """Two eval runs started at once on one index both cleared and rebuilt its baseline folder
    ("attempt to write a readonly database"): a build now waits on a lock beside the folder."""
    import fcntl
    import threading
    import time

    import evals.baseline as baseline_module

    text = tmp_path / "doc.md"
    text.write_text("Article 1\n\nStun guns need an export authorisation. " * 20)
    monkeypatch.setattr(baseline_module, "corpus_files", lambda search_path=None: [("doc", text)])
    folder = tmp_path / "index" / "baseline"
    folder.parent.mkdir()
    built: list = []
    with (folder.parent / "baseline.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another run is building
        worker = threading.Thread(target=lambda: built.append(baseline_module.build_baseline(folder)))
        worker.start()
        time.sleep(1.5)
        assert not folder.exists() and not built  # it waits rather than clearing the folder
        fcntl.flock(lock, fcntl.LOCK_UN)
    worker.join(timeout=300)
    assert built and built[0].chunks >= 1 and built[0].search("stun guns", k=1)[0][0] == "doc"
