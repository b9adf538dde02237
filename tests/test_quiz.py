"""Quiz builder (issue 5): generation, the item checks (each shown rejecting a bad item),
the exports (GIFT read back by an independent parser, Aiken by its rules), determinism, the
optional model phrasing and the CLI.

The GIFT parser is ``pygiftparser`` from PyPI (test extra). Its package imports ``markdown``
for HTML rendering only; on setups where that old ``markdown`` cannot import (it needs
``pkg_resources``), a stand-in module is registered: the parsing code never calls it.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
import types
from dataclasses import replace
from pathlib import Path

import pytest

from assistant.quiz import Basis, QuizError, QuizItem, build_quiz, check_item, check_quiz, export
from assistant.quiz import checks as C
from assistant.quiz.checks import Pool
from assistant.quiz.export import gift_escape, one_line
from assistant.quiz.model import Quiz, QuizStats
from assistant.quiz.scope import parse_scope

ROOT = Path(__file__).resolve().parent.parent
DOC = "32019R0125"


# -- helpers ------------------------------------------------------------------------------------
def gift_parser():
    try:
        import markdown  # noqa: F401
    except ImportError:
        sys.modules["markdown"] = types.ModuleType("markdown")
    from pygiftparser import parser, utils

    return parser, utils


def parse_gift(text: str):
    parser, utils = gift_parser()
    return parser.parseFile(io.StringIO(text)), utils.transformSpecials


AIKEN_OPTION = re.compile(r"^([A-Z])[.)] (\S.*)$")
AIKEN_ANSWER = re.compile(r"^ANSWER: ([A-Z])$")


def parse_aiken(text: str) -> list[dict]:
    """A strict reading of Moodle's Aiken rules: a one-line question, options 'A.'-'D.' in
    order (at least two), then exactly one 'ANSWER: X' naming one of them; blank line between."""
    questions = []
    for block in text.strip("\n").split("\n\n"):
        lines = block.split("\n")
        assert len(lines) >= 4, f"question, two options and the answer line expected: {block!r}"
        question, *options, answer = lines
        assert (
            question.strip()
            and not AIKEN_OPTION.match(question)
            and not AIKEN_ANSWER.match(question)
        )
        letters, texts = [], []
        for line in options:
            m = AIKEN_OPTION.match(line)
            assert m, f"not an option line: {line!r}"
            letters.append(m.group(1))
            texts.append(m.group(2))
        assert "".join(letters) == "ABCD"[: len(letters)] and 2 <= len(letters) <= 4, letters
        m = AIKEN_ANSWER.match(answer)
        assert m and m.group(1) in letters, f"bad answer line {answer!r}"
        questions.append(
            {"question": question, "options": texts, "answer": texts[letters.index(m.group(1))]}
        )
    return questions


@pytest.fixture(scope="module")
def chapter_v(assistant):
    return build_quiz(assistant, doc=DOC, scope="Chapter V", n=10, seed=0)


@pytest.fixture(scope="module")
def by_id(passages):
    return {p.id: p for p in passages}


@pytest.fixture(scope="module")
def pool(passages):
    return Pool([p for p in passages if p.doc_id == DOC])


@pytest.fixture()
def good_item(by_id) -> QuizItem:
    """A hand-made item on Article 23(1): notification 'not later than 30 days'."""
    p = by_id[f"{DOC}/art23/1"]
    return QuizItem(
        type="number",
        stem=f"Which option fills the gap? {p.citation}: “Such notification shall be made not later than _____ following the date of the decision or annulment.”",
        options=["six months", "30 days", "three years", "10 working days"],
        values=["six months", "30 days", "three years", "10 working days"],
        key="30 days",
        explanation=f"{p.citation}: “Such notification shall be made not later than 30 days following the date of the decision or annulment.”",
        citation=p.citation,
        url=p.url,
        passage_id=p.id,
        doc_id=DOC,
        difficulty="medium",
        basis=Basis(
            "cloze",
            DOC,
            before="Such notification shall be made not later than ",
            after=" following the date of the decision or annulment.",
        ),
        facet="period",
    )


def reasons(item: QuizItem, by_id, pool) -> set[str]:
    return {p.reason for p in check_item(item, by_id.get(item.passage_id), pool)}


# -- generation ---------------------------------------------------------------------------------
def test_chapter_v_quiz_items_are_complete_and_in_scope(chapter_v, by_id):
    quiz = chapter_v
    assert len(quiz.items) == 10
    kinds = {item.type for item in quiz.items}
    assert len(kinds) >= 4, kinds  # a mix of kinds, not ten of one
    for item in quiz.items:
        p = by_id[item.passage_id]
        assert p.doc_id == DOC and p.chapter.startswith("Chapter V ")
        assert (
            item.stem
            and item.key in item.options
            and item.explanation
            and item.difficulty in ("easy", "medium", "hard")
        )
        assert len(item.options) == (2 if item.type == "truefalse" else 4)
        assert item.citation == p.citation and item.url.startswith("https://eur-lex.europa.eu/")
        quoted = re.findall(r"“([^”]+)”", item.explanation)
        assert quoted and all(q.removesuffix(" …") in p.text for q in quoted), (
            item.explanation
        )  # verbatim quote
    assert quiz.summary_line().startswith("10 items: ")
    assert re.search(
        r"\d+ generated, \d+ passed the checks, \d+ rejected.*\d+ replaced", quiz.summary_line()
    )


def test_every_kept_item_passes_every_check(chapter_v, assistant, by_id):
    pool = Pool([p for p in assistant.passages if p.doc_id == DOC])
    for item in chapter_v.items:
        assert check_item(item, by_id[item.passage_id], pool) == [], item.stem
    assert check_quiz(chapter_v.items) == []
    assert len({i.passage_id for i in chapter_v.items}) == len(chapter_v.items)


def test_every_kind_is_generated_without_a_model(assistant, by_id):
    quiz = build_quiz(assistant, doc=DOC, n=30, seed=2)
    assert {i.type for i in quiz.items} == {
        "mcq",
        "number",
        "truefalse",
        "which-article",
        "definition",
        "annex",
    }
    facets = {i.facet for i in quiz.items}
    assert {"period", "goods", "definition", "article"} <= facets
    goods = next(i for i in quiz.items if i.facet == "goods")
    assert set(goods.options) >= {"Annex II", "Annex III", "Not listed"}
    definition = next(i for i in quiz.items if i.type == "definition")
    assert by_id[definition.passage_id].term == definition.key


def test_scope_annex_and_articles_and_types(assistant, by_id):
    annex = build_quiz(assistant, doc=DOC, scope="Annex III", n=6, seed=1)
    assert all(by_id[i.passage_id].annex == "III" for i in annex.items)
    articles = build_quiz(
        assistant, doc=DOC, scope="Articles 20-23", n=8, types=["which-article", "number"], seed=1
    )
    assert all(20 <= int(by_id[i.passage_id].article) <= 23 for i in articles.items)
    assert {i.type for i in articles.items} <= {"which-article", "number"}
    defs = build_quiz(assistant, doc="32021R0821", n=5, types="definition")
    assert {i.type for i in defs.items} == {"definition"} and all(
        i.doc_id == "32021R0821" for i in defs.items
    )


def test_same_seed_same_quiz_other_seed_other_quiz(assistant):
    a = export(build_quiz(assistant, doc=DOC, scope="Chapter V", n=10, seed=7), "json")
    b = export(build_quiz(assistant, doc=DOC, scope="Chapter V", n=10, seed=7), "json")
    c = export(build_quiz(assistant, doc=DOC, scope="Chapter V", n=10, seed=8), "json")
    assert a == b and a != c


def test_same_seed_same_quiz_in_other_processes(index_dir):
    """Hash randomisation differs per process: the quiz must not depend on set or dict-of-set order."""
    code = (
        "import sys, json; from pathlib import Path; from types import SimpleNamespace\n"
        "from ingest.index import load_passages, read_pointer\n"
        "from assistant.quiz import build_quiz, export\n"
        "d = Path(sys.argv[1]); ptr = read_pointer(d)\n"
        "a = SimpleNamespace(passages=load_passages(d / ptr['folder']), documents=ptr['documents'])\n"
        "print(export(build_quiz(a, n=30, seed=11), 'gift'))\n"
    )
    outputs = set()
    for hash_seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=hash_seed)
        run = subprocess.run(
            [sys.executable, "-c", code, str(index_dir)],
            capture_output=True,
            text=True,
            env=env,
            cwd=ROOT,
            timeout=300,
        )
        assert run.returncode == 0, run.stderr
        outputs.add(run.stdout)
    assert len(outputs) == 1


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"doc": "32099R9999"}, "unknown document id"),
        ({"doc": DOC, "scope": "Section 9"}, "unknown scope"),
        ({"doc": DOC, "scope": "Chapter XV"}, "matches no passage"),
        ({"doc": DOC, "types": ["essay"]}, "unknown question type"),
        ({"doc": DOC, "scope": "Article 12", "n": 40}, "pass the checks"),
        ({"doc": DOC, "scope": "Chapter V", "types": ["definition"]}, "can be built"),
        ({"doc": "ST-6303-2024-INIT"}, "can be built"),
        ({"doc": DOC, "n": 0}, "number of items"),
    ],
)
def test_bad_requests_raise_one_line_quiz_errors(assistant, kwargs, message):
    with pytest.raises(QuizError) as err:
        build_quiz(assistant, **kwargs)
    assert message in str(err.value) and "\n" not in str(err.value)
    assert isinstance(err.value, ValueError)


def test_scope_strings_parse():
    assert [(r.kind, r.lo, r.hi) for r in parse_scope("Chapter V")] == [("chapter", 5, 5)]
    assert [(r.kind, r.lo, r.hi) for r in parse_scope("Articles 20-23")] == [("article", 20, 23)]
    assert [(r.kind, r.lo, r.hi) for r in parse_scope("Article 12")] == [("article", 12, 12)]
    assert [(r.kind, r.lo, r.hi) for r in parse_scope("Annex III")] == [("annex", 3, 3)]
    assert [(r.kind, r.lo, r.hi) for r in parse_scope("Articles 20–23, Annexes II-IV")] == [
        ("article", 20, 23),
        ("annex", 2, 4),
    ]
    assert [(r.kind, r.lo, r.hi) for r in parse_scope("Articles 20 and 23")] == [
        ("article", 20, 20),
        ("article", 23, 23),
    ]
    for bad in ("", "Chapter", "Articles 23-20", "Part 2", "Annex 3b", "Chapter V and civil"):
        with pytest.raises(QuizError):
            parse_scope(bad)


# -- each check rejecting a bad item ------------------------------------------------------------
def test_the_good_hand_made_item_passes(good_item, by_id, pool):
    assert reasons(good_item, by_id, pool) == set()


def test_check_key_must_be_the_option_the_cited_passage_supports(good_item, by_id, pool):
    wrong_key = replace(good_item, key="six months")
    assert {C.KEY_UNSUPPORTED, C.OTHER_SUPPORTED} <= reasons(wrong_key, by_id, pool)


def test_check_no_other_option_supported_by_the_cited_passage(good_item, by_id, pool):
    twice = replace(
        good_item,
        options=["30 days", "thirty days", "two years", "six months"],
        values=["30 days", "thirty days", "two years", "six months"],
    )
    assert C.OTHER_SUPPORTED in reasons(twice, by_id, pool)


def test_check_no_distractor_supported_by_a_passage_of_the_scope(by_id, pool):
    """'in the preceding three years' is in Article 12(1) and in Article 17(1): Article 17 is no distractor."""
    p = by_id[f"{DOC}/art12/1"]
    phrase = "has been dismissed by another Member State in the preceding three years"
    assert phrase in p.text and phrase in by_id[f"{DOC}/art17/1"].text
    item = QuizItem(
        "which-article",
        f"Which Article of Regulation (EU) 2019/125 provides: “{phrase}”?",
        ["Article 12", "Article 17", "Article 13", "Article 10"],
        ["12", "17", "13", "10"],
        "Article 12",
        f"{p.citation}: “{phrase}”",
        p.citation,
        p.url,
        p.id,
        DOC,
        "hard",
        Basis("attribute", DOC, attr="article", phrase=phrase),
    )
    assert reasons(item, by_id, pool) == {C.DISTRACTOR_SUPPORTED}
    fixed = replace(
        item,
        options=["Article 12", "Article 19", "Article 13", "Article 10"],
        values=["12", "19", "13", "10"],
    )
    assert reasons(fixed, by_id, pool) == set()


def test_check_options_unique(good_item, by_id, pool):
    same_amount = replace(
        good_item,
        options=["30 days", "one month", "two years", "six months"],
        values=["30 days", "one month", "two years", "six months"],
    )
    assert reasons(same_amount, by_id, pool) == {C.DUPLICATE_OPTIONS}


def test_check_options_of_comparable_length(good_item, by_id, pool):
    long_one = "a period to be determined by national law or practice"
    item = replace(
        good_item,
        options=["30 days", "six months", "three years", long_one],
        values=["30 days", "six months", "three years", long_one],
    )
    assert reasons(item, by_id, pool) == {C.LENGTHS}


def test_check_key_not_the_longest_by_a_wide_margin(good_item, by_id, pool):
    key = "30 days following the date"
    options = [key, "three months", "twelve weeks", "eleven weeks"]
    stem = good_item.stem.replace("_____ following the date", "_____")
    item = replace(
        good_item,
        stem=stem,
        options=options,
        values=options,
        key=key,
        basis=replace(good_item.basis, after=" of the decision or annulment."),
    )
    assert reasons(item, by_id, pool) == {C.KEY_LONGEST}


def test_check_no_all_or_none_of_the_above(good_item, by_id, pool):
    item = replace(
        good_item,
        options=["six months", "30 days", "None of the above", "10 working days"],
        values=["six months", "30 days", "None of the above", "10 working days"],
    )
    assert C.ALL_NONE in reasons(item, by_id, pool)


def test_check_stem_does_not_give_the_answer_away(good_item, by_id, pool):
    leaky = replace(good_item, stem=good_item.stem.replace("_____", "_____ (hint: 30 days)"))
    assert reasons(leaky, by_id, pool) == {C.GIVEAWAY}


def test_check_stem_does_not_repeat_the_keys_distinctive_words(by_id, pool):
    p = by_id[f"{DOC}/art2/f"]  # 'technical assistance' means any technical support ...
    phrase = "any technical support related to repairs, development, manufacture, testing, maintenance, assembly"
    item = QuizItem(
        "definition",
        f"Under Article 2 of Regulation (EU) 2019/125, which term is defined as “{phrase} …”?",
        ["technical assistance", "brokering services", "distributor", "transit"],
        ["technical assistance", "brokering services", "distributor", "transit"],
        "technical assistance",
        f"{p.citation}: “{phrase}”",
        p.citation,
        p.url,
        p.id,
        DOC,
        "easy",
        Basis("attribute", DOC, attr="term", phrase=phrase),
    )
    assert reasons(item, by_id, pool) == {C.GIVEAWAY}


def test_check_stem_stays_about_the_cited_provision(good_item, by_id, pool):
    vague = replace(good_item, stem="Which of these periods is right?")
    assert reasons(vague, by_id, pool) == {C.OFF_TOPIC}


def test_check_true_false_key_must_match_the_passage(good_item, by_id, pool):
    true_item = replace(
        good_item,
        type="truefalse",
        stem="True or false? Such notification shall be made not later than 30 days following the date of the decision or annulment.",
        options=["True", "False"],
        values=["true", "false"],
        key="True",
        basis=replace(good_item.basis, asserted="30 days"),
    )
    assert reasons(true_item, by_id, pool) == set()
    false_item = replace(
        true_item,
        stem=true_item.stem.replace("30 days", "six months"),
        basis=replace(true_item.basis, asserted="six months"),
    )
    assert {C.KEY_UNSUPPORTED, C.OTHER_SUPPORTED} <= reasons(false_item, by_id, pool)
    assert reasons(replace(false_item, key="False"), by_id, pool) == set()


def test_check_no_two_items_test_the_same_passage(good_item):
    other = replace(good_item, stem=good_item.stem + " ")
    problems = check_quiz([good_item, other])
    assert [p.reason for p in problems] == [C.SAME_PASSAGE]


def test_rejected_candidates_are_counted_and_replaced(assistant):
    quiz = build_quiz(assistant, n=60, seed=1)
    s = quiz.stats
    assert s.passed == 60 and s.generated == s.passed + s.rejected
    assert s.rejected > 0 and s.replaced == s.rejected and sum(s.reasons.values()) >= s.rejected
    assert (
        f"{s.rejected} rejected" in quiz.summary_line()
        and f"{s.replaced} replaced" in quiz.summary_line()
    )


# -- exports ---------------------------------------------------------------------------------
def test_gift_is_accepted_by_an_independent_parser(chapter_v):
    text = export(chapter_v, "gift")
    questions, unescape = parse_gift(text)
    assert len(questions) == len(chapter_v.items)
    for q, item in zip(questions, chapter_v.items, strict=True):
        assert q.valid, q.full
        assert unescape(q.text) == one_line(item.stem)
        assert item.citation in unescape(q.generalFeedback) and item.url in unescape(
            q.generalFeedback
        )
        if item.type == "truefalse":
            assert type(q.answers).__name__ == "TrueFalseSet"
            assert q.answers.answer is (item.key == "True")
            assert item.citation in unescape(q.answers.feedbackCorrect)
        else:
            answers = q.answers.answers
            assert [unescape(a.answer) for a in answers] == item.options
            assert [unescape(a.answer) for a in answers if a.fraction == 100] == [item.key]
            right = next(a for a in answers if a.fraction == 100)
            assert item.citation in unescape(right.feedback)
    assert text.count("$CATEGORY:") == 1


MOODLE_ESCAPES = {
    "\\:": "&&058;",
    "\\#": "&&035;",
    "\\=": "&&061;",
    "\\{": "&&123;",
    "\\}": "&&125;",
    "\\~": "&&126;",
}


def moodle_gift_parse(text: str) -> list[dict]:
    """GIFT read the way Moodle's importer (question/format/gift) reads it, strictly.

    Escaped characters become placeholders first; the answer block runs from the first '{'
    to the first '}'; '####' starts the general feedback; answers split at '~' and '=', each
    answer's feedback at '#'. Anything that would need guessing is an assertion error.
    """

    def post(s: str) -> str:
        s = s.replace("&&092;", "\\")
        for esc, ph in MOODLE_ESCAPES.items():
            s = s.replace(ph, esc[1])
        return s.strip()

    out = []
    for block in re.split(r"\n\s*\n", text):
        lines = [
            ln
            for ln in block.splitlines()
            if ln.strip() and not ln.lstrip().startswith("//") and not ln.startswith("$CATEGORY:")
        ]
        if not lines:
            continue
        q = "\n".join(lines).replace("\\\\", "&&092;")
        for esc, ph in MOODLE_ESCAPES.items():
            q = q.replace(esc, ph)
        assert q.startswith("::"), q
        name_end = q.index("::", 2)
        name, q = q[2:name_end], q[name_end + 2 :]
        start, end = q.index("{"), q.index("}")
        assert start < end and q[end + 1 :].strip() == "", "one answer block, nothing after it"
        stem, answer = q[:start], q[start + 1 : end]
        assert (
            "{" not in answer
            and "}" not in stem + answer
            and ":" not in stem + answer
            and ":" not in name
        )
        answer, _, general = answer.partition("####")
        answer = answer.strip()
        item = {"name": post(name), "stem": post(stem), "general": post(general)}
        tf = re.fullmatch(r"(T|F|TRUE|FALSE)((?:#[^#]*){0,2})", answer)
        if tf:
            item.update(
                kind="truefalse",
                key=tf.group(1).startswith("T"),
                feedback=[post(f) for f in tf.group(2).split("#")[1:]],
            )
        else:
            assert answer[0] in "=~", answer
            parts = [a for a in answer.replace("=", "~=").split("~") if a.strip()]
            options, keys, feedback = [], [], []
            for part in parts:
                body, _, fb = part.strip().partition("#")
                assert "#" not in fb, part
                correct = body.startswith("=")
                options.append(post(body[1:] if correct else body))
                feedback.append(post(fb))
                if correct:
                    keys.append(options[-1])
            assert len(keys) == 1, f"exactly one correct answer: {answer!r}"
            item.update(kind="multichoice", options=options, key=keys[0], feedback=feedback)
        out.append(item)
    return out


def special_quiz() -> Quiz:
    nasty = "Which ~ = # { } : \\ sign {closes}? a=b #1 ~x: y"
    options = ["A ~ tilde", "B = equals", "C # hash", "D {brace}: colon"]
    item = QuizItem(
        "mcq",
        nasty,
        options,
        options,
        options[3],
        "Quote: “x = {y}” ~ #z",
        "Regulation (EU) 2019/125, Article 1",
        "https://eur-lex.europa.eu/x?uri=CELEX:1#art_1",
        "x/1",
        DOC,
        "easy",
        Basis("cloze", DOC),
    )
    return Quiz(
        [
            item,
            replace(
                item,
                type="truefalse",
                options=["True", "False"],
                values=["true", "false"],
                key="False",
            ),
        ],
        DOC,
        None,
        0,
        ["mcq"],
        QuizStats(),
        "T: {x}",
    )


def test_gift_escapes_every_special_character():
    assert gift_escape("~=#{}:\\") == "\\~\\=\\#\\{\\}\\:\\\\"
    quiz = special_quiz()
    text = export(quiz, "gift")
    mc, tf = moodle_gift_parse(text)
    assert mc["stem"] == one_line(quiz.items[0].stem) and mc["options"] == quiz.items[0].options
    assert (
        mc["key"] == "D {brace}: colon"
        and "“x = {y}” ~ #z" in mc["general"]
        and "https://eur-lex.europa.eu/x?uri=CELEX:1#art_1" in mc["general"]
    )
    assert tf["kind"] == "truefalse" and tf["key"] is False and tf["stem"] == mc["stem"]
    # pygiftparser reads the same file; its answer pattern ends the answer block at the first
    # '}' even when escaped (a limitation of that parser, not of the file), so the brace option is cut
    questions, unescape = parse_gift(text)
    assert len(questions) == 2 and all(q.valid for q in questions)
    assert unescape(questions[0].text).replace("\\\\", "\\") == one_line(quiz.items[0].stem)
    assert [unescape(a.answer) for a in questions[0].answers.answers][:3] == quiz.items[0].options[
        :3
    ]
    assert questions[1].answers.answer is False
    # both parsers notice a missing escape
    broken = text.replace("B \\= equals", "B = equals", 1)
    with pytest.raises(AssertionError, match="exactly one correct answer"):
        moodle_gift_parse(broken)
    questions, unescape = parse_gift(broken)
    assert [unescape(a.answer) for a in questions[0].answers.answers][:3] != quiz.items[0].options[
        :3
    ]


def test_gift_is_read_by_the_moodle_rules_too(assistant, chapter_v):
    for quiz in (chapter_v, build_quiz(assistant, n=40, seed=9)):
        parsed = moodle_gift_parse(export(quiz, "gift"))
        assert len(parsed) == len(quiz.items)
        for q, item in zip(parsed, quiz.items, strict=True):
            assert q["stem"] == one_line(item.stem)
            assert item.citation in q["general"]
            if item.type == "truefalse":
                assert q["key"] is (item.key == "True")
            else:
                assert q["options"] == item.options and q["key"] == item.key


def test_aiken_follows_its_rules(assistant, chapter_v):
    for quiz in (chapter_v, build_quiz(assistant, n=30, seed=4)):
        parsed = parse_aiken(export(quiz, "aiken"))
        assert len(parsed) == len(quiz.items)
        for q, item in zip(parsed, quiz.items, strict=True):
            assert q["question"] == one_line(item.stem)
            assert q["options"] == item.options and q["answer"] == item.key
    assert export(chapter_v, "aiken").count("\nANSWER: ") == len(chapter_v.items)


def test_csv_and_json_round_trip(chapter_v):
    rows = list(csv.DictReader(io.StringIO(export(chapter_v, "csv"))))
    assert len(rows) == len(chapter_v.items)
    for row, item in zip(rows, chapter_v.items, strict=True):
        assert row[f"option_{row['answer'].lower()}"] == item.key == row["answer_text"]
        assert (
            row["citation"] == item.citation
            and row["passage_id"] == item.passage_id
            and row["url"] == item.url
        )
    data = json.loads(export(chapter_v, "json"))
    assert data["summary"]["items"] == 10 and data["summary"]["line"] == chapter_v.summary_line()
    assert [d["key"] for d in data["items"]] == [i.key for i in chapter_v.items]
    assert all(d["key_letter"] and d["explanation"] and d["passage_id"] for d in data["items"])


def test_unknown_export_format(chapter_v):
    with pytest.raises(QuizError, match="unknown format"):
        export(chapter_v, "qti")


# -- optional model phrasing --------------------------------------------------------------------
class Reply:
    def __init__(self, content: str):
        self.content = content


class FakeModel:
    """Rewords every stem; every second rewording leaks the key (the checks must catch it)."""

    def __init__(self):
        self.calls = 0

    def invoke(self, messages):
        self.calls += 1
        user = messages[-1][1]
        stem = user.split("Current stem:\n<<<\n", 1)[1].split("\n>>>", 1)[0]
        options = [
            line[2:]
            for line in user.split(
                "(do not reveal which is correct; do not include any of them):\n", 1
            )[1].splitlines()
            if line.startswith("- ")
        ]
        if self.calls % 2:
            return Reply(f"For a customs course: {stem}")
        return Reply(
            f"{stem} Hint: think of {options[0]}, {options[1]}, {options[2]} and {options[3]}."
        )


def test_model_phrasing_is_checked_and_rejections_replaced(assistant):
    model = FakeModel()
    quiz = build_quiz(
        assistant,
        doc=DOC,
        scope="Chapter V",
        n=10,
        types=["mcq", "number", "which-article"],
        seed=0,
        llm=model,
    )
    s = quiz.stats
    assert s.llm_phrased == model.calls == 10
    assert s.llm_kept == 5 and s.llm_rejected == 5 and s.llm_reasons[C.GIVEAWAY] == 5
    assert sum(i.phrased_by.startswith("llm:") for i in quiz.items) == 5
    assert all("Hint" not in i.stem for i in quiz.items)
    assert "LLM phrased 10: 5 kept, 5 rejected" in quiz.summary_line()


def test_unreachable_model_keeps_the_template_wording(assistant):
    from assistant.llm import LLMConfig

    dead = LLMConfig("openai", "nothing", base_url="http://127.0.0.1:9/v1", timeout=5)
    quiz = build_quiz(assistant, doc=DOC, scope="Chapter V", n=4, seed=0, llm=dead)
    plain = build_quiz(assistant, doc=DOC, scope="Chapter V", n=4, seed=0)
    assert [i.stem for i in quiz.items] == [i.stem for i in plain.items]
    assert quiz.stats.notices and "template wording kept" in quiz.summary_line()


# -- CLI -----------------------------------------------------------------------------------------
def test_cli_writes_an_importable_gift_file(index_dir, tmp_path):
    from typer.testing import CliRunner

    from assistant.cli import app

    runner = CliRunner()
    args = [
        "quiz",
        "--doc",
        DOC,
        "--scope",
        "Chapter V",
        "--n",
        "10",
        "--format",
        "gift",
        "--index",
        str(index_dir),
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    questions, _ = parse_gift(result.stdout)
    assert len(questions) == 10 and all(q.valid for q in questions)
    out = tmp_path / "chapter-v.gift"
    result = runner.invoke(app, [*args, "--out", str(out)])
    assert result.exit_code == 0 and out.read_text(encoding="utf-8").count("::Q") == 10
    bad = runner.invoke(app, ["quiz", "--doc", DOC, "--scope", "Part 9", "--index", str(index_dir)])
    assert (
        bad.exit_code != 0
        and "error: unknown scope" in bad.output
        and "Traceback" not in bad.output
    )
