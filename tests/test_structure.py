"""The passages the parsers make from the real corpus files (no model, no store: fast)."""

from __future__ import annotations

import re

import pytest

from ingest.manifest import load_manifest
from ingest.passage import fold
from ingest.pipeline import parse_document
from ingest.wordpieces import WINDOW, count


@pytest.fixture(scope="module")
def parsed(corpus_path):
    out = {}
    for spec in load_manifest():
        passages, report = parse_document(spec, corpus_path)
        out[spec.id] = (passages, report)
    return out


def by_id(parsed, doc):
    return {p.id: p for p in parsed[doc][0]}


def test_2019_125_has_36_articles_and_all_definitions(parsed):
    passages, report = parsed["32019R0125"]
    assert report.articles == 36
    assert {p.article for p in passages if p.article} == {str(n) for n in range(1, 37)}
    ids = by_id(parsed, "32019R0125")
    for letter in "abcdefghijklmnopqrs":
        p = ids.get(f"32019R0125/art2/{letter}") or ids.get(f"32019R0125/art2/{letter}/part1")
        assert p is not None, f"definition ({letter}) missing"
        assert p.citation == f"Regulation (EU) 2019/125, Article 2({letter})"
        assert p.term, f"definition ({letter}) has no term"
    assert ids["32019R0125/art2/l"].term == "broker"
    assert ids["32019R0125/art2/s"].term == "transit"


def test_paragraph_passages_carry_pinpoint_citations(parsed):
    ids = by_id(parsed, "32019R0125")
    p = ids["32019R0125/art31/4"]
    assert p.citation == "Regulation (EU) 2019/125, Article 31(4)"
    assert p.text.startswith("4. The Commission shall submit an annual report")
    assert "The discussions in the Anti-Torture Coordination Group shall be kept confidential." in p.text
    assert "Anti-Torture Coordination Group" in p.context and "Chapter VI" in p.context
    assert p.url.endswith("#art_31")
    assert ids["32019R0125/art13"].citation == "Regulation (EU) 2019/125, Article 13"  # no numbered paragraphs


def test_annex_goods_items_with_cn_codes_and_cas(parsed):
    ids = by_id(parsed, "32019R0125")
    annex2 = [f"{s}.{i}" for s, n in ((1, 4), (2, 8), (3, 2), (4, 2)) for i in range(1, n + 1)]
    for item in annex2:
        p = ids[f"32019R0125/annex2/{item}"]
        assert p.annex == "II" and p.item == item
        assert p.cn_codes, f"Annex II {item} has no CN code"
    assert ids["32019R0125/annex2/2.1"].cn_codes == ("ex 85437090",)
    p33 = ids["32019R0125/annex3/3.3"]
    assert p33.citation == "Regulation (EU) 2019/125, Annex III, item 3.3"
    assert p33.cas == ("8023-77-6",) and p33.cn_codes == ("ex 33019030",)
    assert "Oleoresin capsicum" in p33.text
    p25 = ids["32019R0125/annex2/2.5"]
    assert "does not prohibit chairs only fitted with straps or belts" in p25.text
    annex4 = [p for p in parsed["32019R0125"][0] if p.annex == "IV" and p.item == "1.1"]
    assert {p.citation for p in annex4} == {"Regulation (EU) 2019/125, Annex IV, item 1.1"}
    assert any("76-74-4" in p.cas for p in annex4)
    assert any("thiopental sodium salt" in p.text for p in annex4)


def test_footnotes_attach_to_the_passage_that_cites_them(parsed):
    ids = by_id(parsed, "32019R0125")
    p = ids["32019R0125/art2/d"]
    assert "[^" not in p.text
    assert any("Union Customs Code" in f for f in p.footnotes)


def test_recitals_come_from_the_oj_text_without_duplicate_articles(parsed):
    passages, report = parsed["32019R0125"]
    recitals = {p.recital for p in passages if p.recital}
    assert recitals == {str(n) for n in range(1, 54)}
    assert by_id(parsed, "32019R0125")["32019R0125/recital/33"].citation == "Regulation (EU) 2019/125, recital 33"
    ids = [p.id for p in passages]
    assert len(ids) == len(set(ids))
    assert sum(1 for p in passages if p.article == "31") == 4  # the OJ file's articles are not ingested


def test_2021_821_articles_and_control_list_entries(parsed):
    passages, report = parsed["32021R0821"]
    assert report.articles == 32
    assert {p.article for p in passages if p.article} == {str(n) for n in range(1, 33)}
    items = {p.item for p in passages if p.annex == "I"}
    for code in ("0A001", "1C350", "1C450", "5A002", "9A012", "3A225"):
        assert code in items
    p = next(p for p in passages if p.item == "1C450" and p.annex == "I")
    assert p.citation == "Regulation (EU) 2021/821, Annex I, entry 1C450"
    assert "Toxic chemicals" in p.text
    phosgene = [p for p in passages if "Phosgene" in p.text and p.item == "1C450"]
    assert phosgene and "75-44-5" in phosgene[0].cas
    assert any(p.section.endswith("EU001, Part 3") for p in passages if p.annex == "II")


def test_long_control_list_entries_are_cited_to_the_sub_item_that_holds_each_part(parsed):
    passages = parsed["32021R0821"][0]

    def holding(words):
        found = [p for p in passages if p.annex == "I" and words in p.text]
        assert found, words
        return found[0]

    # the note on 3A001.a.1.c is in the part holding all of a.1; spread-spectrum radios are 5A001.b.3
    assert holding("3A001.a.1.c. does not control Metal Insulator").citation.endswith("entry 3A001.a.1")
    radios = holding('Being radio equipment employing "spread spectrum" techniques')
    assert radios.citation.endswith("entry 5A001.b.3") and radios.item == "5A001" and radios.point == "b.3"
    assert "b. Telecommunication systems" in radios.context  # its parent's opening words, for the dense model
    assert holding("1A006 does not control equipment when accompanying its operator").citation.endswith("entry 1A006")
    # every pinpoint names its own entry and a sub-item whose label opens a line of the entry
    for p in passages:
        if p.annex == "I" and p.item and p.point:
            assert p.citation.endswith(f"entry {p.item}.{p.point}")
            label = p.point.split(".")[-1]
            entry = " ".join(x.text for x in passages if x.item == p.item and x.annex == "I")
            assert re.search(rf"(^|\n| ){re.escape(label)}\. ", entry), p.id


def test_item_paths_follow_indentation_and_notes():
    from ingest.structure.blocks import Block
    from ingest.structure.item_paths import common_path, item_paths, pinpoint

    blocks = [
        Block("9X999 Widgets as follows:"),
        Block("a. Small widgets, as follows:", item=True),
        Block("1. Blue ones;", indent=3, item=True),
        Block("a. Bright blue;", indent=6, item=True),
        Block("Note:", indent=6),  # at the depth of 1.'s own points: a note on a.1
        Block("a.1. does not control toys.", indent=0),  # wrapped at the margin: continues the note
        Block("b. Large widgets;", item=True),
        Block("Note: 9X999 does not control samples.", indent=0),  # a note at the margin: the entry's
    ]
    paths = item_paths(blocks)
    codes = [pinpoint("9X999", p) for p in paths]
    assert codes == ["9X999", "9X999.a", "9X999.a.1", "9X999.a.1.a", "9X999.a.1", "9X999.a.1", "9X999.b", "9X999"]
    assert paths[3][-1][1] == "a. Bright blue;"
    assert pinpoint("9X999", common_path(paths[2:6])) == "9X999.a.1"
    assert common_path([paths[3], paths[6]]) == ()


def test_seed_documents_yield_passages_with_context(parsed):
    council = by_id(parsed, "ST-6303-2024-INIT")
    cites = {p.citation for p in council.values()}
    for n in range(1, 5):
        assert any(c.endswith(f"conclusion {n}") for c in cites)
    for letter in "abcd":
        assert any(c.endswith(f"consideration {letter})") for c in cites)
    assert all(p.context.startswith("Council document 6303/24") for p in council.values())
    commentary = parsed["commentary-2019-125-art31"][0]
    comment = [p for p in commentary if p.section == "Comment"]
    assert comment, "the commentary's 'Comment:' section was not recognised"
    text = " ".join(p.text for p in commentary)
    assert "punishment49" not in text and "punishment." in text
    assert any("COM(2019) 449" in f for p in commentary for f in p.footnotes)
    assert "New notification tools were introduced" in text  # body text after a footnote block survives
    news = parsed["news-2018-06-29-alliance"][0]
    assert any("nearly 60 countries" in p.text for p in news)
    assert not any(p.text.startswith("Current portal location") for p in news)


def test_every_passage_fits_the_embedding_window(parsed):
    over = [
        (p.id, count(p.embed_text) + 2)
        for passages, _ in parsed.values()
        for p in passages
        if count(p.embed_text) + 2 > WINDOW
    ]
    assert not over, over[:5]


def test_split_parts_share_the_citation(parsed):
    passages = parsed["32021R0821"][0]
    parts = [p for p in passages if p.id.startswith("32021R0821/annex1/1C350/part")]
    assert len(parts) > 2
    assert [p.part for p in parts] == list(range(1, len(parts) + 1))
    # a paragraph too long for one passage: its parts share its citation (each listed substance
    # of 1C350 is cited to its own sub-item, see below)
    article = [p for p in passages if p.id.startswith("32021R0821/art12/4/part")]
    assert len(article) > 1 and {p.citation for p in article} == {"Regulation (EU) 2021/821, Article 12(4)"}
    note3 = [p for p in parts if "1C350 does not control" in p.text or p.text.startswith(".")]
    assert len(note3) > 1 and {p.citation for p in note3} == {"Regulation (EU) 2021/821, Annex I, entry 1C350"}


def test_a_sentence_split_into_clauses_runs_on_and_keeps_its_opening(parsed):
    """Note 3 to 1C350 is one sentence listing ~70 entries, too long for one passage: its clauses
    run on in one line (".6, .7, .8", not one number per line), and its opening words ("1C350
    does not control ... specified in entries 1C350.2") start the part holding its first clauses,
    not the end of the part before (which left a part of bare numbers)."""
    from ingest.structure.chunking import join_pieces, pieces_within, sentence_starts

    passages = parsed["32021R0821"][0]
    parts = [p for p in passages if p.id.startswith("32021R0821/annex1/1C350/part")]
    note3 = next(p for p in parts if "Note 3:" in p.text)
    assert "specified in entries 1C350.2, .6, .7, .8, .9, .10, .14" in note3.text
    assert not any("\n.6," in p.text or not re.search(r"[a-z]{3}", p.text) for p in parts)
    pieces = pieces_within("Lead, " + ", ".join(f"item number {i}" for i in range(80)) + ".", 40)
    assert len(pieces) > 2 and "\n" not in join_pieces(pieces)
    assert join_pieces(["Note 3:", *pieces]).startswith("Note 3:\nLead,")
    assert sentence_starts(["A short block.", "Note 3:", *pieces], held=0) == {1: 0}


def test_every_curated_gold_quote_is_inside_one_passage(parsed):
    """The relevance rule needs each gold quote whole inside a passage of its document."""
    import json
    from pathlib import Path

    texts = {doc: [fold(p.text) for p in ps] for doc, (ps, _) in parsed.items()}
    missing = []
    for path in sorted((Path(__file__).parent.parent / "evals").glob("questions_*.jsonl")):
        for line in path.read_text().splitlines():
            q = json.loads(line)
            for g in q["gold"]:
                if not any(fold(g["quote"]) in t for t in texts[g["doc"]]):
                    missing.append((path.name, q["id"], g["ref"]))
    assert not missing, missing


def test_ids_are_stable_structural_paths(parsed):
    for doc, (passages, _) in parsed.items():
        for p in passages:
            assert p.id.startswith(doc + "/")
            assert re.fullmatch(r"[\w./~()-]+", p.id), p.id


def test_a_part_of_a_general_authorisation_carries_what_the_authorisation_is_for(parsed):
    # "Part 3 — Conditions" of EU004 is only findable for "exhibition" if its header says so
    parts = [p for p in parsed["32021R0821"][0] if p.id.startswith("32021R0821/annex2/section-d-eu004-part-")]
    assert parts
    for p in parts:
        assert "exhibition or fair" in p.context.lower(), p.context
        assert "eu004" in p.context.lower()


def test_the_citations_of_an_act_are_one_passage_before_its_recitals(parsed):
    # "on what legal basis was it adopted?": the citations say so ("... and in particular the
    # first paragraph of Article 24 thereof"); they stand alone, apart from recitals and annexes
    for doc in ("32020R0621", "32021R0139", "32019R0125"):
        passages = by_id(parsed, doc)
        citations = passages[f"{doc}/citations"]
        assert citations.citation.endswith(", citations")
        assert citations.text.startswith("THE EUROPEAN")
        assert "Having regard to the Treaty on the Functioning of the European Union" in citations.text
        assert "Whereas" not in citations.text and not citations.recital and not citations.annex
    assert "in particular the first paragraph of Article 24 thereof" in by_id(parsed, "32021R0139")["32021R0139/citations"].text
    # the consolidated 2021/821 text has no preamble: nothing is invented
    assert "32021R0821/citations" not in by_id(parsed, "32021R0821")


def test_the_date_and_place_of_adoption_are_a_passage_of_their_own(parsed):
    # "when was 2020/621 adopted, and by whom signed?": only the closing formula says so
    for doc, date in (("32020R0621", "18 February 2020"), ("32021R0139", "4 December 2020")):
        passages = by_id(parsed, doc)
        signature = passages[f"{doc}/signature"]
        assert signature.citation.endswith(", signature")
        assert signature.text.startswith(f"Done at Brussels, {date}.")
        assert "For the Commission" in signature.text
        # the last article keeps its own text only, and no annex text is swallowed
        last = passages[f"{doc}/art2"]
        assert "Done at" not in last.text and "directly applicable" in last.text
        assert "Annex" not in signature.text and "[^" not in signature.text


def test_numbered_and_lettered_points_of_a_part_are_cited_one_by_one(parsed, corpus_path):
    """The conditions of a general authorisation are cited to their point ("EU007, Part 3, point 3",
    "Annex V, Part 3, point (1)(e)"), read from the text's own numbering, and a lettered point
    keeps its numbered point's opening words in its heading path."""
    dual = by_id(parsed, "32021R0821").values()
    source = next(p / "32021R0821.md" for p in corpus_path if (p / "32021R0821.md").exists()).read_text(encoding="utf-8")
    part3 = source.split("UNION GENERAL EXPORT AUTHORISATION No EU007")[1].split("Part 3")[1].split("ENCRYPTION")[0]
    numbered = re.findall(r"^- (\d)\.(\S.{20})", part3, re.M)
    assert len(numbered) >= 5
    for n, start in numbered:
        hits = [p for p in dual if "EU007, Part 3, point " in p.citation and p.text.startswith(f"{n}.{start}")]
        assert len(hits) == 1, (n, start)
        assert re.search(rf"Part 3, point {n}(?:\(a\))?$", hits[0].citation)
    icp = next(p for p in dual if p.citation.endswith("EU007, Part 3, point 3"))
    assert "Internal Compliance Programme" in icp.text and icp.section.endswith("EU007, Part 3")
    gea = by_id(parsed, "32019R0125").values()
    e = next(p for p in gea if p.citation == "Regulation (EU) 2019/125, Annex V, Part 3, point (1)(e)")
    assert e.text.startswith("(e) the exporter is the manufacturer") and "may not be used if" in e.context


def test_the_points_of_an_amending_annex_are_cited_one_by_one(parsed, corpus_path):
    """"Delegated Regulation (EU) 2020/621, Annex, point (3)(c)", not "Annex": each amendment,
    read from the text's own numbering, with what it inserts and its numbered point's opening
    words in its heading path; an address quoted as a table is text, not pipes."""
    source = next(p / "32020R0621.md" for p in corpus_path if (p / "32020R0621.md").exists()).read_text(encoding="utf-8")
    annex = source.split("## ANNEX")[1]
    letters = re.findall(r"^- \(([a-l])\) the entry concerning ([\w ]+?) is replaced", annex, re.M)
    assert len(letters) >= 10
    passages = list(by_id(parsed, "32020R0621").values())
    for letter, state in letters:
        hits = [p for p in passages if p.citation == f"Delegated Regulation (EU) 2020/621, Annex, point (1)({letter})"]
        assert hits, (letter, state)
        assert hits[0].text.startswith(f"({letter}) the entry concerning {state}")
        assert "in Annex I, point A is amended" in hits[0].context
        assert len(hits[0].text) > 120  # the address it inserts comes with it
    madagascar = [p for p in passages if "‘Madagascar’ is inserted" in p.text]
    assert [p.citation for p in madagascar] == ["Delegated Regulation (EU) 2020/621, Annex, point (3)(c)"]
    uk = [p for p in parsed["32021R0139"][0] if "Export Control Joint Unit" in p.text]
    assert uk and all("|" not in p.text for p in uk)
    assert {p.citation for p in uk} == {"Delegated Regulation (EU) 2021/139, Annex, point (1)(b)"}


def test_an_article_of_one_sentence_without_a_full_stop_is_not_taken_for_its_title(parsed):
    # 2020/621, Article 1: "Annexes I and V to Regulation (EU) 2019/125 are amended in accordance
    # with the Annex to this Regulation" (no full stop in the source) was lost as a title
    for doc in ("32020R0621", "32021R0139"):
        article = by_id(parsed, doc)[f"{doc}/art1"]
        assert article.text.startswith("Annexes I and V to Regulation (EU) 2019/125 are amended in accordance with the Annex")
        assert article.citation.endswith(", Article 1")


def test_annex_i_definitions_are_not_cited_as_a_numbered_point(parsed):
    # "1. A single instance of the item; or 2. One customer ..." inside one definition once made
    # every later definition ("In the public domain", "Laser") "Annex I, Part I, point 2"
    dual = list(by_id(parsed, "32021R0821").values())
    definitions = [p for p in dual if p.annex == "I" and re.match(r'"(?:In the public domain|Laser|Missiles)"', p.text)]
    assert len(definitions) == 3
    assert all(p.citation.startswith("Regulation (EU) 2021/821, Annex I, Part I, definition of") for p in definitions)
    assert not any("point" in p.citation for p in definitions)
    notes = sorted(p.citation for p in dual if re.match(r"[1-4]\.(?:For control|The object|Goods specified|In some instances)", p.text))
    assert notes == [f"Regulation (EU) 2021/821, Annex I, Part I, point {n}" for n in range(1, 5)]


def test_a_list_grouped_under_annex_i_entries_is_cited_to_each_entry_item(parsed, corpus_path):
    # EU006, Part 1 lists its chemicals under "1C350:", "1C450.a.:" and "1C450.b.:", each group
    # numbered from 1: "4. Phosgene" is item 1C450.a.4, not one of three "point 4"s of Part 1
    source = next(p / "32021R0821.md" for p in corpus_path if (p / "32021R0821.md").exists()).read_text(encoding="utf-8")
    part1 = source.split("UNION GENERAL EXPORT AUTHORISATION No EU006")[1].split("Part 2")[0]
    listed: list[tuple[str, str, str]] = []  # (group, number, first words)
    group = ""
    for line in part1.splitlines():
        line = line.lstrip("#- ").strip()
        if m := re.match(r"^(\d[A-E]\d{3}(?:\.[a-z])*)\.?:$", line):
            group = m.group(1)
        elif group and (m := re.match(r"^(\d{1,2})\.\s*(\S.{10})", line)):
            listed.append((group, m.group(1), m.group(2)))
    assert {g for g, _, _ in listed} == {"1C350", "1C450.a", "1C450.b"} and len(listed) > 60
    eu006 = [p for p in by_id(parsed, "32021R0821").values() if ", EU006, Part 1, " in p.citation]
    for g, n, start in listed:
        hits = [p for p in eu006 if p.citation.endswith(f"EU006, Part 1, item {g}.{n}")]
        assert len(hits) == 1, (g, n)
        assert hits[0].text.startswith(f"{n}. {start}") and g in hits[0].context
    assert len({p.citation for p in eu006}) == len(eu006)


def test_a_categorys_numbered_notes_are_cited_each_and_none_is_taken_for_a_heading(parsed):
    # Note 2 of Category 5, Part 2 ("Category 5, Part 2 does not control products when
    # accompanying their user ...") was read as a Category heading: its words became the heading
    # path of every later entry of Category 5, and the Cryptography Note was cited "Category 5"
    dual = list(by_id(parsed, "32021R0821").values())
    note2 = [p for p in dual if "does not control products when accompanying their user" in p.text]
    assert [p.citation for p in note2] == ["Regulation (EU) 2021/821, Annex I, Category 5, Part 2, Note 2"]
    crypto = [p for p in dual if "Cryptography Note" in p.text and p.text.startswith("Note 3:")]
    assert [p.citation for p in crypto] == ["Regulation (EU) 2021/821, Annex I, Category 5, Part 2, Note 3"]
    assert "retail selling points" in crypto[0].text
    assert not any("does not control" in p.context for p in dual)
    entry = next(p for p in dual if p.id == "32021R0821/annex1/5A002/part1")
    assert 'Part 2 - "information security"' in entry.context


def test_each_listed_substance_of_a_control_entry_is_cited_to_its_own_sub_item(parsed, corpus_path):
    # 1C350's 89 precursors were cut six to a part, each part cited "entry 1C350": the citation
    # of triethanolamine is "entry 1C350.46"
    source = next(p / "32021R0821.md" for p in corpus_path if (p / "32021R0821.md").exists()).read_text(encoding="utf-8")
    entry = source.split("\n1C350")[1].split("Note 1")[0]
    listed = re.findall(r"^\s*- (\d{1,2})\. (.{8}).*\(CAS", entry, re.M)
    assert len(listed) > 80
    dual = list(by_id(parsed, "32021R0821").values())
    for n, start in listed:
        hits = [p for p in dual if p.citation == f"Regulation (EU) 2021/821, Annex I, entry 1C350.{n}"]
        assert len(hits) == 1 and hits[0].text.startswith(f"{n}. {start}"), (n, start)
        assert "1C350 Chemicals, which may be used as precursors" in hits[0].context


def test_each_annex_i_definition_is_a_passage_of_its_own_with_its_term(parsed):
    """"How does the list define 'intrusion software'?" is answered by that definition, cited to
    it, not by a page of Part I holding its neighbours too. A quoted word that opens no definition
    ("Intrusion software" does not include ...) or a technical note's single-quoted term
    (‘Monitoring tools’) stays on the definition it belongs to."""
    dual = [p for p in parsed["32021R0821"][0] if p.annex == "I" and p.term]
    terms = {p.term for p in dual}
    assert len(terms) >= 170
    assert {"Intrusion software", "In the public domain", "Information security", "Bias", "Source code", "Laser",
            "Gate-All-Around Field-Effect Transistor", "States (not) Party to the Chemical Weapon Convention"} <= terms
    intrusion = [p for p in dual if p.term == "Intrusion software"]
    assert intrusion[0].citation == 'Regulation (EU) 2021/821, Annex I, Part I, definition of "Intrusion software"'
    assert intrusion[0].text.startswith('"Intrusion software" (4 5) means')
    whole = " ".join(p.text for p in intrusion)
    assert "does not include any of the following" in whole and "‘Monitoring tools’" in whole
    assert all(p.id.startswith("32021R0821/annex1/part-i/definition-intrusion-software/") for p in intrusion)
    public = next(p for p in dual if p.term == "In the public domain")
    assert '"Information security"' not in public.text  # the next definition is its own passage
    for p in dual:  # each opens with its own term, or continues a definition split for length
        assert p.text.startswith(f'"{p.term}') or p.id.endswith(("/2", "/3", "/4"))
