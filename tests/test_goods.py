"""Goods check (issue 6) on the real index: codes, notes and exclusions, wording, input, eval, CLI.

Expectations are derived from the passages where they can be (which entries carry a CN code),
so a parsing regression fails here instead of being copied into the test.
"""

from __future__ import annotations

import json
import re

import pytest

from assistant.goods import EX_TEXT, NO_MATCH, GoodsInputError, normalise_cas, normalise_cn, screen


def _without_wordings(monkeypatch, *words: str) -> None:
    """Take out the goods wordings that read a product's words as exactly ``words`` (the counterfactual)."""
    import assistant.goods as goods

    monkeypatch.setattr(goods, "_GOODS_SYNONYMS", [(rx, w) for rx, w in goods._GOODS_SYNONYMS if w not in words])

AT, DU = "32019R0125", "32021R0821"


def labels(result) -> list[str]:
    return [c.entry for c in result.candidates]


def fold(text: str) -> str:
    return " ".join(text.replace("*", "").split()).lower()


def goods_entries_with_cn(passages, prefix: str) -> set[str]:
    """Entries of the anti-torture lists whose CN codes start with the prefix, read from the passages."""
    return {
        f"Annex {p.annex} {p.item}"
        for p in passages
        if p.doc_id == AT and p.annex in ("II", "III", "IV") and p.item
        and any(re.sub(r"\D", "", c).startswith(prefix) for c in p.cn_codes)
    }


# -- CN codes ----------------------------------------------------------------------------------
@pytest.mark.parametrize("form", ["85437090", "8543 70 90", "8543.70.90", "ex 8543 70 90", " 8543 7090 "])
def test_cn_forms_normalise_to_the_same_code(form):
    assert normalise_cn(form) == "85437090"


def test_cn_forms_give_the_same_entries(assistant, passages):
    results = [labels(screen(assistant, "", cn=form)) for form in ("85437090", "8543 70 90", "8543.70.90")]
    assert results[0] == results[1] == results[2]
    assert set(results[0]) == goods_entries_with_cn(passages, "85437090")
    assert "Annex III 2.2" not in results[0]  # its code is 8543 90 00


@pytest.mark.parametrize("heading", ["8543", "854370", "9401", "660200"])
def test_a_heading_lists_every_entry_under_it(assistant, passages, heading):
    result = screen(assistant, "", cn=heading)
    expected = goods_entries_with_cn(passages, heading)
    assert expected, "the corpus should have entries under this heading"
    assert set(labels(result)) == expected  # all of them, not cut at the default limit of 5
    assert not result.no_match
    assert all("CN code" in c.matched_by for c in result.candidates)


def test_ex_codes_say_the_description_decides(assistant):
    result = screen(assistant, "", cn="9304 00 00")
    assert result.candidates
    for c in result.candidates:
        assert any(code == "ex 9304 00 00" for code in c.cn_codes)
        assert c.ex == EX_TEXT
    assert EX_TEXT in result.to_text()


def test_with_a_description_the_cn_code_only_keeps_entries_that_fit(assistant):
    result = screen(assistant, "taser dart gun for police", cn="9304 00 00")
    assert labels(result)[0] == "Annex III 2.1"
    assert "Annex II 3.1" not in labels(result)  # spiked batons share the code, not the description
    assert "Annex II 3.1" in result.message and EX_TEXT in result.message


def test_a_cn_code_that_no_entry_carries(assistant):
    result = screen(assistant, "office chair", cn="9401 30 10")
    assert result.no_match
    assert "9401 30 10" in result.message


# -- CAS numbers -------------------------------------------------------------------------------
def test_cas_matches_exactly(assistant):
    result = screen(assistant, "", cas="76-74-4")
    assert labels(result)[0] == "Annex IV 1.1"
    first = result.candidates[0]
    assert "CAS number" in first.matched_by
    assert any("pentobarbital" in why and "76-74-4" in why for why in first.why)
    assert first.regime == "capital punishment goods: authorisation, EU GEA"


def test_cas_of_a_dual_use_chemical(assistant):
    result = screen(assistant, "", cas="75-44-5")
    assert labels(result) == ["Annex I 1C450"]
    assert result.candidates[0].doc_id == DU
    assert result.candidates[0].regime == "dual-use: export authorisation"


def test_a_cas_number_that_a_note_excludes_is_not_a_match(assistant):
    result = screen(assistant, "N,N-dimethylaminoethanol", cas="108-01-0")
    assert result.no_match
    assert [m["entry"] for m in result.near_misses] == ["Annex I 1C450"]
    assert "108-01-0" in result.near_misses[0]["note"] and "does not control" in result.near_misses[0]["note"]


def test_an_unlisted_cas_number(assistant):
    result = screen(assistant, "aspirin tablets", cas="50-78-2")
    assert result.no_match
    assert "50-78-2 is not listed" in result.message


# -- descriptions, notes and exclusions --------------------------------------------------------
@pytest.mark.parametrize(
    ("query", "entry"),
    [
        ("pepper spray for police", "Annex III 3.1"),
        ("leg irons", "Annex III 1.1"),
        ("thiopental sodium", "Annex IV 1.1"),
        ("stun baton", "Annex III 2.1"),
        ("spiked baton", "Annex II 3.1"),
        ("image intensifier tubes", "Annex I 6A002"),
    ],
)
def test_descriptions_find_their_entry(assistant, query, entry):
    assert labels(screen(assistant, query))[:1] == [entry]


def test_ordinary_handcuffs_are_excluded_by_the_note(assistant):
    result = screen(assistant, "ordinary handcuffs, standard police model")
    assert result.no_match
    assert result.message.startswith(NO_MATCH)
    miss = next(m for m in result.near_misses if m["entry"] == "Annex III 1.1")
    assert "ordinary handcuffs" in miss["note"]
    assert miss["citation"] == "Regulation (EU) 2019/125, Annex III, item 1.1"


def test_no_match_still_points_to_the_nearest_entries(assistant):
    """An office chair is no restraint chair, but a reader checking a chair should see which entry
    was nearest and why it was not matched: "no listed entry" must not read as an unexplained
    clearance. (An execution chair described by its parts was the example here until the check
    learnt to offer it Annex II 1.2.)"""
    result = screen(assistant, "Ergonomic office swivel chair with mesh back, adjustable armrests and lumbar support")
    assert result.no_match
    assert [n["entry"] for n in result.nearest][:1] == ["Annex II 2.5"]
    assert result.nearest[0]["regime"] == "prohibited"
    assert result.nearest[0]["citation"] == "Regulation (EU) 2019/125, Annex II, item 2.5"
    assert "Nearest entries, not matched: Annex II 2.5" in result.message
    assert "Nearest entries, not matched" in result.to_text() and result.to_dict()["nearest"] == result.nearest


def test_nearest_entries_leave_out_what_a_note_set_aside_and_unrelated_goods(assistant):
    handcuffs = screen(assistant, "ordinary handcuffs, standard police model")
    assert "Annex III 1.1" not in [n["entry"] for n in handcuffs.nearest]  # told under "set aside" instead
    assert screen(assistant, "children's bicycle with an aluminium frame and 20-inch wheels").nearest == []


def test_a_chair_with_straps_only_is_excluded_by_the_note(assistant):
    result = screen(assistant, "restraint chair with straps only")
    assert result.no_match
    miss = next(m for m in result.near_misses if m["entry"] == "Annex II 2.5")
    assert "only fitted with straps" in miss["note"]


def test_a_chair_with_straps_whose_other_restraints_are_denied_is_excluded_by_the_note(assistant, monkeypatch):
    """"Webbing straps with buckles, no locks or metal cuffs" says "straps only" without the word:
    the straps are all that restrains. Straps beside metal cuffs are not."""
    import assistant.goods as goods

    query = "Positioning chair for psychiatric wards: padded frame, webbing straps for wrists and ankles with buckles, no locks or metal cuffs."
    assert "@straps_only" in goods.concepts(query)
    assert "@straps_only" not in goods.concepts("Chair with leather straps and steel cuffs with locks on the arms.")
    result = screen(assistant, query)
    assert result.no_match and "Annex II 2.5" in [m["entry"] for m in result.near_misses]
    without = goods.CONCEPTS["@straps_only"].replace(f"|{goods.STRAPS_AND_NOTHING_ELSE}", "")
    monkeypatch.setitem(goods._CONCEPTS, "@straps_only", re.compile(without, re.I))
    assert "@straps_only" not in goods.concepts(query)
    assert "Annex II 2.5" not in [m["entry"] for m in screen(assistant, query + " ").near_misses if m["reason"] == "note"]


def test_the_same_chair_with_shackles_is_listed(assistant):
    result = screen(assistant, "restraint chair with metal shackles for arms and ankles")
    assert labels(result)[0] == "Annex II 2.5"
    assert result.candidates[0].regime == "prohibited"


def test_personal_protection_exclusion(assistant):
    result = screen(assistant, "pepper spray carried by a traveller for her own protection")
    assert result.no_match
    assert any(m["entry"] == "Annex III 3.1" and "own personal protection" in m["note"] for m in result.near_misses)


def test_a_description_that_rules_out_what_the_entry_requires(assistant):
    result = screen(assistant, "plain wooden police truncheon without spikes")
    assert result.no_match
    miss = next(m for m in result.near_misses if m["entry"] == "Annex II 3.1")
    assert miss["reason"] == "contradiction" and "spikes" in miss["requires"]


def test_a_note_that_sends_goods_to_another_entry(assistant):
    result = screen(assistant, "electric shock belt for prisoners")
    assert labels(result)[0] == "Annex II 2.1"
    assert "Annex III 2.1" not in labels(result)
    assert any(m["entry"] == "Annex III 2.1" and m.get("refers_to") == "Annex II 2.1" for m in result.near_misses)


def test_candidates_carry_their_notes(assistant):
    first = screen(assistant, "leg irons").candidates[0]
    assert first.entry == "Annex III 1.1"
    exclusions = [n["text"] for n in first.notes if n["kind"] == "exclusion"]
    assert any("ordinary handcuffs" in t for t in exclusions)
    assert any("item 2.3 of Annex II" in t for t in exclusions)


def test_words_only_inside_chemical_names_do_not_match(assistant):
    assert screen(assistant, "ethanol").no_match  # a solvent example of Annex III 3.4, not listed itself
    assert labels(screen(assistant, "sodium cyanide"))[:1] == ["Annex I 1C350"]


# -- regimes, obligations, other regimes -------------------------------------------------------
def test_entry_labels_and_regimes(assistant):
    expected = {
        "spiked baton": ("Annex II 3.1", "prohibited"),
        "spit hood": ("Annex III 1.3", "export authorisation"),
        "pentobarbital": ("Annex IV 1.1", "capital punishment goods: authorisation, EU GEA"),
        "ricin": ("Annex I 1C351", "dual-use: export authorisation"),
    }
    for query, (entry, regime) in expected.items():
        first = screen(assistant, query).candidates[0]
        assert (first.entry, first.regime) == (entry, regime), query
        assert re.fullmatch(r"Annex [IVX]+ (\d\.\d+|\d[A-E]\d{3})", first.entry)


def test_obligations_cite_the_articles_and_quote_them_verbatim(assistant, passages):
    texts = [fold(p.text) for p in passages if p.article or p.annex == "V"]
    prohibited = screen(assistant, "spiked baton").candidates[0]
    cited = {o["citation"] for o in prohibited.obligations}
    for ref in ("Article 3(1)", "Article 4(1)", "Article 5(1)", "Article 6", "Article 7", "Article 8", "Article 9", "Article 10(1)"):
        assert f"Regulation (EU) 2019/125, {ref}" in cited
    capital = screen(assistant, "pentobarbital").candidates[0]
    cited = {o["citation"] for o in capital.obligations}
    assert {"Regulation (EU) 2019/125, Article 16(1)", "Regulation (EU) 2019/125, Annex V, Part 1"} <= cited
    assert "Regulation (EU) 2019/125, Article 21(1)" in cited and "Regulation (EU) 2019/125, Article 22(1)" in cited
    for ob in prohibited.obligations + capital.obligations:
        quote = fold(ob["quote"].removesuffix(" …"))
        assert quote and any(quote in t for t in texts), ob


def test_dual_use_obligations_and_intra_eu_transfers(assistant):
    first = screen(assistant, "high explosive with detonation velocity above 8000 m/s").candidates[0]
    assert first.entry == "Annex I 1C239"
    assert first.also_listed == ["Annex IV 1C239"]
    cited = {o["citation"] for o in first.obligations}
    assert {"Regulation (EU) 2021/821, Article 3(1)", "Regulation (EU) 2021/821, Article 11(1)", "Regulation (EU) 2021/821, Article 12(1)"} <= cited


def test_firearms_point_to_their_own_regime(assistant):
    result = screen(assistant, "hunting rifle")
    assert result.no_match
    firearms = next(r for r in result.other_regimes if r["regime"] == "firearms")
    assert firearms["citation"] == "Regulation (EU) 2019/125, Article 11(1)"
    assert "258/2012" in firearms["quote"]
    assert "258/2012" in result.to_text()


# -- wording -----------------------------------------------------------------------------------
def test_no_match_wording_and_notice(assistant):
    result = screen(assistant, "garden hose")
    assert result.no_match and result.candidates == []
    assert result.message.startswith(f"{NO_MATCH} for “garden hose”")
    for text in (result.message, result.to_text()):
        assert "not controlled" not in text.lower()
    assert "competent authority" in result.notice and "Annex I" in result.notice and "technical features" in result.notice
    assert result.notice in result.to_text()
    json.dumps(result.to_dict())


def test_the_notice_is_there_when_something_matches(assistant):
    result = screen(assistant, "ricin")
    assert not result.no_match
    assert "competent authority" in result.notice and "2021/821" in result.notice
    data = json.loads(json.dumps(result.to_dict()))
    assert data["candidates"][0]["entry"] == "Annex I 1C351"
    assert set(data) >= {"query", "cn", "cas", "candidates", "no_match", "message", "notice", "timings"}


# -- bad input ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("query", "cn", "cas", "says"),
    [
        ("", "", "", "describe the product"),
        ("   ", "", "", "describe the product"),
        ("chair", "85A3", "", "malformed CN code '85A3'"),
        ("chair", "854", "", "malformed CN code '854'"),
        ("chair", "8543709", "", "this one has 7"),
        ("chemical", "", "76744", "malformed CAS number '76744'"),
        ("chemical", "", "76-74-5", "check digit"),
        ("???", "", "", "no words"),
    ],
)
def test_bad_input_has_a_clear_one_line_message(assistant, query, cn, cas, says):
    with pytest.raises(GoodsInputError) as err:
        screen(assistant, query, cn=cn, cas=cas)
    assert says in str(err.value)
    assert "\n" not in str(err.value)


def test_cas_normalisation():
    assert normalise_cas("CAS RN 76-74-4") == "76-74-4"
    assert normalise_cas("") == ""


# -- the eval function -------------------------------------------------------------------------
def test_goods_eval_on_a_small_file(assistant, tmp_path):
    from evals.goods_eval import run_goods_eval

    path = tmp_path / "goods.jsonl"
    lines = [
        {"id": "t1", "query": "spit hood", "cn": "", "cas": "", "expected": [{"doc": AT, "entry": "Annex III 1.3"}]},
        {"id": "t2", "query": "", "cn": "", "cas": "75-44-5", "expected": [{"doc": DU, "entry": "Annex I 1C450"}]},
        {"id": "t3", "query": "garden hose", "cn": "", "cas": "", "expected": []},
        {"id": "t4", "query": "spit hood", "expected": [{"doc": AT, "entry": "Annex II 4.1"}]},
    ]
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n\n", encoding="utf-8")
    metrics = run_goods_eval(assistant, path)
    assert {"hit@1", "recall@3", "no_match_accuracy", "p50_ms", "n", "items"} <= set(metrics)
    assert metrics["n"] == 4
    assert metrics["hit@1"] == pytest.approx(2 / 3, abs=1e-3)
    assert metrics["recall@3"] == pytest.approx(2 / 3, abs=1e-3)
    assert metrics["no_match_accuracy"] == 1.0
    assert metrics["p50_ms"] > 0
    assert [i["id"] for i in metrics["items"]] == ["t1", "t2", "t3", "t4"]


@pytest.mark.parametrize(
    ("second_line", "says"),
    [
        ('{"id": "b", "query": "x", "cn": "", "cas": ""}', "missing field 'expected'"),
        ("{not json", "invalid JSON"),
        ('{"id": "b", "query": "x", "expected": [{"doc": "32019R0125", "entry": "III 3.1"}]}', "not of the form"),
        ('{"id": "a", "query": "x", "expected": []}', "duplicate id"),
        ('{"id": "b", "query": "x", "cn": "85A3", "expected": []}', "malformed CN code"),
    ],
)
def test_goods_eval_names_the_bad_line(assistant, tmp_path, second_line, says):
    from evals.goods_eval import GoodsFileError, run_goods_eval

    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "a", "query": "spit hood", "expected": []}\n' + second_line + "\n", encoding="utf-8")
    with pytest.raises(GoodsFileError) as err:
        run_goods_eval(assistant, path)
    assert f"{path}:2" in str(err.value) and says in str(err.value)


def test_goods_eval_missing_file(assistant, tmp_path):
    from evals.goods_eval import GoodsFileError, run_goods_eval

    with pytest.raises(GoodsFileError, match="no such file"):
        run_goods_eval(assistant, tmp_path / "absent.jsonl")


# -- the command -------------------------------------------------------------------------------
def test_cli_goods_json(index_dir):
    from typer.testing import CliRunner

    from assistant.cli import app

    result = CliRunner().invoke(app, ["goods", "leg irons", "--index", str(index_dir), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    first = data["candidates"][0]
    assert (first["doc_id"], first["entry"], first["regime"]) == (AT, "Annex III 1.1", "export authorisation")
    assert any(o["citation"] == "Regulation (EU) 2019/125, Article 11(1)" for o in first["obligations"])
    assert data["no_match"] is False and data["notice"]


def test_cli_goods_text_and_bad_cn(index_dir):
    from typer.testing import CliRunner

    from assistant.cli import app

    runner = CliRunner()
    ok = runner.invoke(app, ["goods", "ordinary handcuffs", "--index", str(index_dir)])
    assert ok.exit_code == 0, ok.output
    assert NO_MATCH in ok.stdout and "Notice:" in ok.stdout
    bad = runner.invoke(app, ["goods", "chair", "--cn", "85A3", "--index", str(index_dir)])
    assert bad.exit_code == 1
    assert "malformed CN code" in bad.output and "Traceback" not in bad.output


@pytest.mark.parametrize(
    ("query", "entry"),
    [
        ("IMSI catcher for mobile networks", "Annex I 5A001"),
        ("Cubesat spacecraft", "Annex I 9A004"),
    ],
)
def test_dual_use_trade_names_find_the_list_wording(assistant, monkeypatch, query, entry):
    import assistant.goods as goods

    first = screen(assistant, query).candidates[0]
    assert first.entry == entry and "description" in first.matched_by
    without = [(rx, words) for rx, words in goods._GOODS_SYNONYMS if (rx.pattern, words) not in goods.DUAL_USE_NAMES]
    monkeypatch.setattr(goods, "_GOODS_SYNONYMS", without)
    result = screen(assistant, query)
    # without the list's wording, at most the closest entry "matching only in part"
    assert result.no_match or result.candidates[0].entry != entry or result.candidates[0].matched_by == [goods.PARTIAL]


def test_an_entry_first_by_meaning_and_keywords_is_offered_as_the_closest(assistant, monkeypatch):
    import assistant.goods as goods

    query = "Wireless shock belt worn by prisoners during transport"
    result = screen(assistant, query)
    assert not result.no_match and result.candidates[0].entry == "Annex II 2.1"
    assert result.candidates[0].matched_by == [goods.PARTIAL]
    assert result.message.startswith("Closest listed entry") and "only in part" in result.message
    monkeypatch.setattr(goods, "CONSENSUS_DENSE", 1.01)  # without the consensus route: no entry
    monkeypatch.setattr(goods, "KIND_LEAD", 10.0)  # (nor the clear lead of an anti-torture entry)
    assert screen(assistant, query).no_match


@pytest.mark.parametrize(
    "query",
    [
        "capsicum muscle-rub ointment, medicinal product with EU marketing authorisation",  # a note sets it aside
        "ergonomic office chairs",
        "garden hose",
    ],
)
def test_the_consensus_route_does_not_list_excluded_or_unrelated_products(assistant, query):
    assert screen(assistant, query).no_match


def test_standard_police_handcuffs_are_the_ordinary_handcuffs_of_the_note(assistant):
    result = screen(assistant, "Standard chain-linked police handcuffs, 240 mm overall when locked")
    assert result.no_match
    assert [m["entry"] for m in result.near_misses] == ["Annex III 1.1"]


def test_an_ex_cn_code_does_not_outweigh_the_note_that_excludes_the_product(assistant):
    result = screen(assistant, "restraint chair fitted only with straps and belts", cn="9401 79 00")
    assert result.no_match, [c.entry for c in result.candidates]
    assert "Annex II 2.5" in [m["entry"] for m in result.near_misses]


def test_an_entry_tied_first_by_meaning_is_still_the_closest(assistant, monkeypatch):
    import assistant.goods as goods

    query = "Oil diffusion vacuum pump with a 500 mm inlet, 25 m³/s pumping speed for nitrogen and an ultimate pressure of 5 × 10⁻⁵ Pa"
    result = screen(assistant, query)  # 2B233 is as close by meaning (within 0.02); 2B231 (vacuum pumps) leads on keywords
    assert result.candidates[0].entry == "Annex I 2B231" and result.candidates[0].matched_by == [goods.PARTIAL]
    monkeypatch.setattr(goods, "CONSENSUS_DENSE_MARGIN", 0.0)
    assert screen(assistant, query).no_match


def test_a_civil_vehicle_note_sets_aside_only_the_goods_it_names(assistant):
    """'6A008 does not control: ... Civil Automotive Radar' sets a car radar aside; '6A002.f. does not
    control read-out integrated circuits ... for civil automotive applications' does not set aside a
    camera for cars: the note names other goods."""
    radar = screen(assistant, "Forward-looking radar module for passenger cars, used for adaptive cruise control")
    assert radar.no_match and any("Civil Automotive Radar" in json.dumps(miss) for miss in radar.near_misses)
    camera = screen(assistant, "Thermal imaging camera with an uncooled microbolometer designed for installation into passenger cars for night vision")
    assert not camera.no_match and camera.candidates[0].entry == "Annex I 6A002"


def test_a_dual_use_match_cites_the_sub_item_that_describes_the_product(assistant):
    """The entry is the match ('Annex I 5A001'); its source is the sub-item whose words fit
    ('entry 5A001.b.3', spread-spectrum radios), which an exporter compares the product with."""
    result = screen(assistant, "Frequency hopping handheld radio with user programmable spreading codes")
    top = result.candidates[0]
    assert top.entry == "Annex I 5A001" and top.citation.endswith("entry 5A001.b.3")


@pytest.mark.parametrize(
    ("note", "query", "within"),
    [
        # the acts write decimal commas and "× 10^3"; a query may give either unit of the note
        ("1C235 does not control a product or device containing less than 1,48 × 10^3 GBq (40 Ci) of tritium.",
         "exit signs each containing 20 Ci of tritium", True),
        ("1C235 does not control a product or device containing less than 1,48 × 10^3 GBq (40 Ci) of tritium.",
         "tritium light source of 2,000 GBq", False),
        ("6A005.a.2. does not control Argon \"lasers\" having an output power equal to or less than 50 W.",
         "argon laser, 50 W output", True),
        ("1C232 does not control a product or device containing less than 1 g of helium-3.",
         "helium-3, 1 g in a cylinder", False),  # "less than": the bound itself is controlled
        ("1C216 does not control forms in which all linear dimensions are 75 mm or less.",
         "maraging steel rings 120 mm across", None),  # the note's words ("linear dimensions") are not the product's
        ("1C216 does not control forms in which all linear dimensions are 75 mm or less.",
         "maraging steel blocks, all linear dimensions 60 mm", True),
        ("9B105 does not control wind-tunnels for speeds of Mach 3 or less with dimension of the "
         "'test cross section size' equal to or less than 250 mm.", "wind tunnel, 200 mm test section", None),  # two conditions
        ("1C235 does not control a product or device containing less than 1,48 × 10^3 GBq (40 Ci) of tritium.",
         "tritium exit signs", None),  # no figure stated
    ],
)
def test_a_release_note_with_one_bound_is_decided_by_the_products_figure(note, query, within):
    from assistant.goods import _note_words, below_threshold, stems

    bound = below_threshold(note, query, _note_words(note) - frozenset(stems("tritium helium")), frozenset(stems(query)))
    assert (bound if bound is None else bound[0]) is within


def test_a_product_below_a_release_notes_bound_is_set_aside_with_the_note(assistant):
    result = screen(assistant, "Self-luminous tritium EXIT signs, each containing about 20 Ci (740 GBq) of tritium gas")
    assert result.no_match, labels(result)
    miss = next(m for m in result.near_misses if m["entry"] == "Annex I 1C235")
    assert "40 Ci" in miss["note"] and miss["figure"] == "20 Ci, 740 GBq"
    assert "states 20 Ci, 740 GBq, within the note's limit" in result.to_text()
    assert "Annex I 1C235" in labels(screen(assistant, "Tritium gas, 500 Ci in a steel cylinder"))


def test_consumer_goods_packaged_for_retail_are_set_aside_by_the_chemical_notes(assistant):
    result = screen(assistant, "Fluoride toothpaste with 0.32 % sodium fluoride, 75 ml tubes in retail cartons for supermarkets")
    assert result.no_match, labels(result)
    assert labels(screen(assistant, "sodium fluoride, 25 kg bags, technical grade"))[:1] == ["Annex I 1C350"]


@pytest.mark.parametrize(
    "query", ["Lyophilised live culture of Xanthomonas albilineans for a plant pathology laboratory",
              "Frozen culture of Ralstonia solanacearum race 3, two vials"],
)
def test_a_product_named_after_of_is_named_by_what_follows(assistant, monkeypatch, query):
    import assistant.goods as goods

    assert labels(screen(assistant, query))[:1] == ["Annex I 1C354"]
    monkeypatch.setattr(goods, "HEAD_END", re.compile(goods.HEAD_END.pattern.replace("|made|", "|made|of|"), re.I))
    assert screen(assistant, query).no_match  # "culture" alone names nothing listed


def test_a_product_below_every_bound_of_an_entry_is_set_aside_with_its_figure(assistant):
    result = screen(assistant, "Fast step pulse generator, 15 V into 50 ohms, 70 ps rise time")
    short = {m["entry"]: m for m in result.near_misses if m["reason"] == "short"}
    assert short["Annex I 3A229"]["figure"] == "15 V" and short["Annex I 3A229"]["requires"] == ["greater than 1 kV"]
    assert "is set at “greater than 1 kV”; the description states 15 V, below it" in result.to_text()
    # an area is shown as written by people ("cm²"), not as the act's text is read ("cm^2")
    tube = screen(assistant, "Photomultiplier tube, photocathode area 12 cm², anode pulse rise time 0.8 ns")
    assert "is set at “greater than 20 cm²”; the description states 12 cm², below it" in tube.to_text()


@pytest.mark.parametrize(
    ("code", "query", "short"),
    [
        ("2B004", "hot isostatic press, chamber inside diameter 300 mm", True),
        ("2B004", "hot isostatic press, chamber inside diameter 0.5 m", False),  # 500 mm: compared in one unit
        ("2B116", "vibration test system, 20 Hz to 2 kHz, 60 kN", None),  # a band of the entry, not a floor
        ("2B004", "hot isostatic press", None),  # no figure
        ("9A112", "spraying drone pump delivering 8 litres per minute", None),  # a flow is not the entry's volume
        # a share of one element says nothing of 1C002's "10 % by weight or more" of another
        ("1C002", "aluminium alloy powder, Zn 5.6 % by weight, Mg 2.5 % by weight", None),
        ("9A104", "sounding rocket, range 150 km", True),  # "at least 300 km" is a lower bound
        # "greater than 20 cm^2" is an area: a 76 mm tube reaches it or not by its 28 cm² photocathode
        ("6A202", "photomultiplier tube, 76 mm diameter, photocathode area 28 cm², rise time 0.8 ns", False),
        ("6A202", "photomultiplier tube, 76 mm diameter, photocathode area 12 cm2, rise time 0.8 ns", True),
        # a band's lower end is a floor ("greater than 0,1 m³ (100 litres) and less than 20 m³"), and
        # "made from any of the following materials" is no band; volumes compare across m³ and litres
        ("2B350", "glass-lined pilot reactor with stirrer, 50 l working volume, PTFE seals", True),
        ("2B350", "glass-lined process reactor with stirrer, 2.5 m3 volume, PTFE seals", False),
        ("2B350", "glass-lined process reactor with stirrer, 630 litres, PTFE seals", False),
        # "exceeding 165 mm" is not reached by 165 mm; the figure compared is the one measuring what
        # the bound does ("inside circumference"), not the cuffs' overall length
        ("Annex III 1.2", "locking neck ring on a chain, inside circumference 165 mm at the last notch", True),
        ("Annex III 1.2", "locking neck ring on a chain, inside circumference 175 mm at the last notch", False),
        ("Annex III 1.2", "hinged cuffs, overall length 300 mm when locked, inside circumference 150 mm at the last notch", True),
        ("Annex III 1.2", "hinged cuffs, overall length 300 mm when locked, inside circumference 180 mm at the last notch", False),
        # upper bounds in a unit the entry never bounds from below: 9A350's droplet "VMD of less than 50 µm"
        ("9A350", "UAV spray boom, droplet VMD 150-400 um, 8 l/min", True),
        ("9A350", "UAV spray system, droplet VMD 30 microns, 3 litres per minute", False),
        ("9A350", "UAV spray system, droplet VMD 50 µm", True),  # "less than 50 µm" is not reached by 50 µm
        # "equal to or less (better) than 6 µm": 6 µm is inside it, 8 µm is not
        ("2B201", "5-axis machining centre, positioning accuracy 8 um with all compensations", True),
        ("2B201", "5-axis machining centre, positioning accuracy 6 um with all compensations", False),
        # a unit the entry bounds from below as well is no ceiling's: nothing is decided by it
        ("1C116", "maraging steel tube, wall thickness 8 mm, outside diameter 120 mm", None),
    ],
)
def test_an_entrys_bounds_against_the_products_figure(assistant, code, query, short):
    from assistant.goods import catalogue, short_of_entry

    entry = next(e for e in catalogue(assistant).entries if code in (e.item, e.label))
    got = short_of_entry(entry, query)
    assert (got is not None) is bool(short)  # False: the figure reaches the bound; None: nothing to decide


def test_an_entry_naming_no_word_of_the_product_is_the_closest_only_with_a_clear_lead(assistant, monkeypatch):
    import assistant.goods as goods

    query = "Solid marine seismic streamer sections, 6.25 m hydrophone group interval, 8 km per vessel spread"
    result = screen(assistant, query)
    assert labels(result)[:1] == ["Annex I 6A001"] and result.candidates[0].matched_by == [goods.PARTIAL]
    monkeypatch.setattr(goods, "CONSENSUS_LEAD", 1.0)
    assert screen(assistant, query).no_match


@pytest.mark.parametrize(
    ("query", "cas", "listed"),
    [
        # 1C350 Note 3: mixtures in which sodium fluoride (.43) is no more than 30 % by weight
        ("Sodium fluoride 20 % solution in water, 200 litre drums", "7681-49-4", False),
        ("Sodium fluoride 40 % slurry, 200 litre drums", "7681-49-4", True),
        ("Sodium fluoride, 99 % technical grade, 25 kg bags", "7681-49-4", True),
        # thiodiglycol (.1): 10 % for States not Party to the Chemical Weapons Convention, 30 % for
        # States Party; 20 % depends on the destination, 5 % is released for both
        ("Thiodiglycol 20 % aqueous solution, 200 litre drums", "111-48-8", True),
        ("Thiodiglycol 5 % aqueous solution, 200 litre drums", "111-48-8", False),
    ],
)
def test_a_mixture_within_the_release_note_of_a_listed_chemical_is_set_aside(assistant, monkeypatch, query, cas, listed):
    import assistant.goods as goods

    result = screen(assistant, query, cas=cas)
    assert ("Annex I 1C350" in labels(result)) is listed
    if not listed:
        aside = {m["entry"]: m for m in result.near_misses}["Annex I 1C350"]
        assert "in which no individually specified chemical constitutes more than" in aside["note"]
        assert f"CAS {cas} is listed in Annex I 1C350" in result.message
        monkeypatch.setattr(goods, "MIXTURE_RELEASE", re.compile("(?!)"))
        assert "Annex I 1C350" in labels(screen(assistant, query, cas=cas))


def test_only_the_listed_chemicals_share_of_a_stated_composition_is_weighed(assistant, monkeypatch):
    """1C450's note on methyldiethanolamine (.b.8) counts "no individually specified chemical ...
    more than 30 %": the water making up two thirds of a treating solvent is no specified chemical."""
    import assistant.goods as goods

    def composition(share: int) -> str:
        return (f"Gas treating solvent: methyldiethanolamine (CAS 105-59-9) {share} % w/w; "
                f"sulfolane 5 % w/w; water {95 - share} % w/w. 1,000 litre IBCs for a refinery.")

    assert "Annex I 1C450" not in labels(screen(assistant, composition(25), cas="105-59-9"))
    assert "Annex I 1C450" in labels(screen(assistant, composition(45), cas="105-59-9"))
    # counterfactual: weighing every stated share, the water's 70 % keeps the solvent listed
    monkeypatch.setattr(goods, "_share_of", lambda listed, query: query)
    assert "Annex I 1C450" in labels(screen(assistant, composition(25), cas="105-59-9"))


def test_a_cas_number_labelled_in_a_pasted_composition_is_read_as_the_cas_number(assistant, monkeypatch):
    """An exporter pastes a data sheet's composition instead of filling the CAS field: the number
    it labels "CAS" identifies the chemical the name alone does not bring up among the solvents."""
    import assistant.goods as goods

    query = "Gas treating solvent: methyldiethanolamine (CAS 105-59-9) 45 % w/w; sulfolane 5 % w/w; water 50 % w/w."
    result = screen(assistant, query)
    assert labels(result)[:1] == ["Annex I 1C450"] and "CAS number" in result.candidates[0].matched_by
    # a number that fails its check digit, or is listed nowhere, is not taken for one
    assert goods.cas_in_description(goods.catalogue(assistant), "solvent (CAS 105-59-8) 45 %") == ""
    assert goods.cas_in_description(goods.catalogue(assistant), "water (CAS 7732-18-5) 50 %") == ""
    monkeypatch.setattr(goods, "cas_in_description", lambda cat, text: "")
    assert "Annex I 1C450" not in labels(screen(assistant, query))


def test_a_listed_chemical_in_retail_consumer_goods_is_set_aside_despite_its_cas_number(assistant, monkeypatch):
    import assistant.goods as goods

    query = "Potassium fluoride desensitising gel, 50 ml retail tubes for household use"
    assert "Annex I 1C350" not in labels(screen(assistant, query, cas="7789-23-3"))
    monkeypatch.setattr(goods, "_released_despite_cas", lambda run, entry, listed: None)
    assert "Annex I 1C350" in labels(screen(assistant, query, cas="7789-23-3"))


@pytest.mark.parametrize(
    ("query", "entry"),
    [
        ("Leg irons: hinged steel ankle cuffs with key double-lock, joined by a 38 cm welded steel chain, for prisoner "
         "transport; 500 pairs for a prison service abroad.", "Annex III 1.1"),
        ("Steel thumb cuffs with serrated inner jaws, double-lock, supplied in pairs with key; 100 pairs.", "Annex II 2.2"),
    ],
)
def test_a_description_naming_an_anti_torture_entrys_kind_is_offered_it(assistant, monkeypatch, query, entry):
    """Specifications and circumstances the list does not speak of dilute the description's
    coverage; naming the kind of goods ("leg irons", "whip") still points to the entry, said to
    match only in part."""
    import assistant.goods as goods

    result = screen(assistant, query)
    assert labels(result)[:1] == [entry] and result.candidates[0].matched_by == [goods.PARTIAL]
    assert "the kind of goods the description names" in " ".join(result.candidates[0].why)
    monkeypatch.setattr(goods, "KIND_HEAD_COVERAGE", 1.01)
    monkeypatch.setattr(goods, "KIND_LEAD", 10.0)
    monkeypatch.setattr(goods, "KIND_WHOLE_NAME", 1.01)  # (the product's whole name is in the entry too)
    monkeypatch.setattr(goods, "KIND_SHORT_NAME", 1)  # (and "thumb-cuffs" is one of 2.2's listed kinds)
    assert screen(assistant, query).no_match


@pytest.mark.parametrize(
    ("query", "entry"),
    [
        ("Riot-control vehicle with a roof-mounted water cannon, 10,000 litre tank, 6x4 chassis and joystick-controlled "
         "monitor for crowd dispersal.", "Annex III 3.6"),
        ("Steel-cored truncheons, 55 cm, with a knurled rubber handle and rows of pointed studs on the striking shaft, for "
         "a correctional facility.", "Annex II 3.1"),
    ],
)
def test_an_anti_torture_entry_clearly_ahead_of_all_others_is_offered(assistant, monkeypatch, query, entry):
    """A truck's tank volume and chassis, a baton's handle and length: words no list uses dilute the
    share of the description the entry covers, below the bar of the kind rule; the entry still
    names two of the description's terms and some of the product's name, and is clearly ahead of
    every other entry, so it is offered, said to match only in part."""
    import assistant.goods as goods

    result = screen(assistant, query)
    assert labels(result)[:1] == [entry] and result.candidates[0].matched_by == [goods.PARTIAL]
    monkeypatch.setattr(goods, "KIND_LEAD", 10.0)
    monkeypatch.setattr(goods, "KIND_WHOLE_NAME", 1.01)  # (a water cannon truck's whole name may be in the entry too)
    assert screen(assistant, query).no_match


def test_a_lock_with_a_chain_is_not_taken_for_restraints(assistant):
    # names "lock" and "chain" of the restraint entries, but is not close to them in meaning
    assert screen(assistant, "Bicycle lock with a 90 cm hardened steel chain and a key").no_match


def test_a_technical_note_scoped_to_a_sub_item_says_what_its_goods_are(assistant, monkeypatch):
    """2B352's "For the purposes of 2B352.b. fermenters include bioreactors, single-use
    (disposable) bioreactors ..." stands in a passage of its own: its words join 2B352.b's, so a
    disposable bioreactor for live cells is matched by its description, not only as the closest."""
    import assistant.goods as goods

    query = ("Disposable bioreactor, 200 litre working volume, cultivates live cells for viral vaccine production, "
             "sealed to prevent aerosol release")
    result = screen(assistant, query)
    assert labels(result)[:1] == ["Annex I 2B352"] and "description" in result.candidates[0].matched_by
    entry = next(e for e in goods.catalogue(assistant).entries if e.item == "2B352")
    assert "bioreactor" in entry.bags["32021R0821/annex1/2B352/part2"][0]
    try:
        monkeypatch.setattr(goods, "SCOPED_NOTE", re.compile("(?!)"))
        goods._bags(entry)
        assert "bioreactor" not in entry.bags["32021R0821/annex1/2B352/part2"][0]
        assert screen(assistant, query).candidates[0].matched_by == [goods.PARTIAL]
    finally:
        monkeypatch.undo()
        goods._bags(entry)


def test_a_fermenter_below_the_listed_volume_is_set_aside(assistant):
    small = screen(assistant, "Autoclavable glass fermenter, 5 litres total volume, for cell culture without aerosol release")
    assert "Annex I 2B352" not in labels(small)
    assert any(m["entry"] == "Annex I 2B352" and m["reason"] == "short" for m in small.near_misses)
    big = screen(assistant, "Autoclavable steel fermenter, 50 litres total volume, for cell culture without aerosol release")
    assert "Annex I 2B352" in labels(big)


@pytest.mark.parametrize(
    ("query", "first", "short", "by_the_step"),
    [
        # a listed substance at a stated concentration in a solvent is Annex III 3.4's mixture, not 3.3
        ("liquid concentrate of 0.5 % by weight capsicum extract (oleoresin capsicum) dissolved in ethanol", "Annex III 3.4", False, True),
        ("PAVA solution 0.3 % w/w in an ethanol carrier, bulk 20 L cans", "Annex III 3.4", False, False),
        # below the mixture entry's "at least 0,3 % by weight": set aside with its figure
        ("PAVA solution 0.2 % w/w in ethanol, bulk 20 L cans", None, True, False),
        # the substance itself stays its own entry
        ("Oleoresin capsicum (OC), pure extract, 1 kg drums", "Annex III 3.3", False, False),
    ],
)
def test_a_listed_substance_in_a_solvent_is_the_mixture_entrys(assistant, monkeypatch, query, first, short, by_the_step):
    """Annex III 3.3 lists oleoresin capsicum, 3.4 "mixtures containing at least 0,3 % by weight of
    PAVA or OC and a solvent": a 0.5 % solution named by its substance matched 3.3 (or nothing),
    and the mixture entry's bound was not read (no "%" unit, no "at least")."""
    import assistant.goods as goods

    result = screen(assistant, query)
    if first:
        assert labels(result)[:1] == [first]
    else:  # (the devices that disperse such agents, 3.1 and 3.5, still come up by their words)
        assert "Annex III 3.4" not in labels(result)
    misses = {m["entry"]: m for m in result.near_misses}
    assert ("Annex III 3.4" in misses and misses["Annex III 3.4"]["reason"] == "short") is short
    if by_the_step:
        monkeypatch.setattr(goods, "MIXTURE_ENTRY", re.compile("(?!)"))
        assert labels(screen(assistant, query + " "))[:1] != ["Annex III 3.4"]


def test_a_drug_injection_console_is_annex_ii_only_when_built_to_execute(assistant, monkeypatch):
    """A syringe pump that delivers a lethal injection protocol is Annex II 1.4's "automatic drug
    injection system designed for the purpose of executing human beings"; a hospital syringe pump
    is a medical device the lists do not name."""
    import assistant.goods as goods

    query = ("Dual-channel programmable syringe pump console for a state correctional department, delivering the "
             "sequential three-drug lethal injection protocol from a control room behind the execution chamber.")
    result = screen(assistant, query)
    assert not result.no_match and result.candidates[0].entry == "Annex II 1.4"
    assert screen(assistant, "Hospital syringe pump for continuous intravenous drug infusion, 0.1 to 1,200 ml/h, for intensive care wards").no_match
    without = [(rx, words) for rx, words in goods._GOODS_SYNONYMS if "drug injection systems" not in words]
    monkeypatch.setattr(goods, "_GOODS_SYNONYMS", without)
    assert screen(assistant, query).no_match


def test_stated_figures_that_reach_a_dual_use_entrys_bounds_offer_it(assistant, monkeypatch):
    """1C202 controls aluminium alloys of "460 MPa or more" in solid forms "with an outside
    diameter of more than 75 mm": a bar of 160 mm and 540 MPa reaches both, however many trade
    words dilute its description. A figure short of a bound in another unit keeps the entry off."""
    import assistant.goods as goods

    query = "Forged aluminium alloy round bar, diameter 160 mm, tensile strength 540 MPa, mill certificate EN 10204 3.1, 1.8 t for a machine shop."
    result = screen(assistant, query)
    assert not result.no_match and result.candidates[0].entry == "Annex I 1C202"
    assert "reach its bounds" in " ".join(result.candidates[0].why)
    assert screen(assistant, query.replace("160 mm", "60 mm")).no_match  # short of "more than 75 mm"
    # far ahead by keywords, 1C202 is also the closest by meaning and keywords: without that route,
    # the figures alone offer it
    monkeypatch.setattr(goods, "KEYWORD_CLOSER_WIDE", goods.KEYWORD_CLOSER)
    assert screen(assistant, query).candidates[0].entry == "Annex I 1C202"
    monkeypatch.setattr(goods, "FIGURES_MET", 99)
    assert screen(assistant, query).no_match


def test_another_acts_note_on_a_distant_entry_does_not_hide_the_first_entry(assistant, monkeypatch):
    """1A004's note ("protective equipment ... limited by design to ... veterinary" hazards) is
    set aside for a veterinary pentobarbital solution; that note of the other act, on an entry far
    behind, says nothing of the product, so Annex IV 1.1 (barbiturates, "products containing" them)
    is still offered. A note on an entry of the same list keeps its weight: a chilli sauce with
    oleoresin capsicum stays unlisted."""
    import assistant.goods as goods

    query = "Veterinary euthanasia solution with pentobarbital sodium 200 mg/ml in 100 ml bottles for animal clinics"
    result = screen(assistant, query)
    assert not result.no_match and result.candidates[0].entry == "Annex IV 1.1"
    assert screen(assistant, "Hot chilli sauce with garlic, vinegar and 0.5 % oleoresin capsicum in 150 ml bottles").no_match
    monkeypatch.setattr(goods, "SET_ASIDE_MARGIN", 10.0)  # any note set aside anywhere blocks it again
    assert screen(assistant, query).no_match


def test_trade_names_and_model_codes_are_not_the_products_name(assistant, monkeypatch):
    """"ShockGuard", "RB-50", "'Volt Pro 9'" name a make, not what the product is; read as its
    name, they dilute it. "AUV-3000" keeps its "AUV" (a kind of goods); formulas such as "UF6"
    are no model codes."""
    import assistant.goods as goods

    text = "ShockGuard RB-50 belt; conducted energy device 'Volt Pro 9'; AUV-3000 vehicle; UF6 cylinder; the officer's key; ZX-4 baton; CO2 laser"
    names = [text[a:b] for a, b in goods._trade_names(text, assistant.idf)]
    assert names == ["ShockGuard", "RB-50", "'Volt Pro 9'", "3000", "ZX-4"]
    query = "Reactor system model GL-6300: glass-lined steel vessel, 6,300 L total volume, jacketed, with agitator; 2 units for a fine-chemicals plant"
    head = goods.analyse_query(query, assistant.idf).head_text
    assert "gl-6300" not in head and "reactor system" in head
    monkeypatch.setattr(goods, "TRADE_NAME", re.compile(r"(?!x)x"))
    assert "gl-6300" in goods.analyse_query(query, assistant.idf).head_text


def test_a_product_named_in_full_by_an_anti_torture_entry_is_of_its_kind(assistant, monkeypatch):
    """"Conducted energy device" is read as Annex III 2.1's "electric discharge weapons": its whole
    name is in the entry, though its probes, cartridges and pulse rates are words no list uses."""
    import assistant.goods as goods

    query = "Conducted energy device 'Volt Pro 9': fires two barbed probes from a replaceable cartridge to 7 m, 19 pulses per second, drive-stun mode; 500 units plus cartridges for a police agency."
    result = screen(assistant, query)
    assert not result.no_match and result.candidates[0].entry == "Annex III 2.1"
    monkeypatch.setattr(goods, "KIND_WHOLE_NAME", 1.01)
    monkeypatch.setattr(goods, "kit_clash", lambda entry, qt: "")  # (2.2's kits, first, no longer step aside,
    monkeypatch.setattr(goods, "NAMED_EXAMPLES", re.compile(r"(?!x)x"))  # nor is 2.1's "stun guns" a name of its kind)
    assert screen(assistant, query).no_match


def test_what_a_product_looks_like_is_not_its_name(assistant, monkeypatch):
    """"Pistol-shaped conducted energy device": the shape is no kind of goods; read as the
    product's name, "pistol" and "shaped" left the entry naming "conducted energy device" with a
    third of the name and no offer."""
    import assistant.goods as goods

    query = "Pistol-shaped conducted energy device that fires two hooked probes up to 5 m and delivers pulsed shocks; 60 units with spare cartridges for a border police unit."
    head = [g.text for g in goods.analyse_query(query, assistant.idf).groups if g.head]
    assert head == ["conducted energy device"]
    result = screen(assistant, query)
    assert not result.no_match and result.candidates[0].entry == "Annex III 2.1"
    monkeypatch.setattr(goods, "LOOKS_LIKE", re.compile(r"(?!x)x"))
    monkeypatch.setattr(goods, "kit_clash", lambda entry, qt: "")  # (2.2's kits, first, no longer step aside,
    monkeypatch.setattr(goods, "NAMED_EXAMPLES", re.compile(r"(?!x)x"))  # nor is 2.1's "stun guns" a name of its kind)
    assert screen(assistant, query).no_match


def test_a_residual_entry_gives_way_to_the_entry_it_defers_to(assistant, monkeypatch):
    """7A105 covers satellite navigation receivers "other than those specified in 7A005": a GPS
    receiver with an adaptive null-steering antenna array is 7A005's, though it uses more of
    7A105's words ("anti-jam", "null steering antenna"); 7A105 stays beside it. A maraging steel
    bar whose strength reaches 1C216's bound is left to 1C216, whatever it defers to."""
    import assistant.goods as goods

    query = "GPS anti-jam receiver with adaptive null-steering antenna array for survey vessels, 5 elements; 12 units."
    got = [c.entry for c in screen(assistant, query).candidates]
    assert got[:2] == ["Annex I 7A005", "Annex I 7A105"]
    steel = "Maraging steel round bars, grade 350, 200 mm diameter, tensile strength 2,350 MPa after ageing; 4 t for a forge."
    assert screen(assistant, steel).candidates[0].entry == "Annex I 1C216"
    monkeypatch.setattr(goods, "RESIDUAL_MARGIN", -1.0)
    assert screen(assistant, query).candidates[0].entry == "Annex I 7A105"


def test_a_dual_use_entry_first_by_keywords_and_well_ahead_is_offered(assistant, monkeypatch):
    """A survey drone described in trade terms ("beyond visual line of sight", "4 hours
    endurance") stays far from 9A012 ("unmanned aerial vehicles ... 'endurance'") by meaning;
    first by keywords, well ahead of every other entry and naming several of its terms, the entry
    is offered as a partial match."""
    import assistant.goods as goods

    query = "Fixed-wing survey drone flown beyond visual line of sight, 4 hours endurance, for pipeline inspection."
    result = screen(assistant, query)
    assert not result.no_match and result.candidates[0].entry == "Annex I 9A012"
    assert result.candidates[0].matched_by == [goods.PARTIAL]
    monkeypatch.setattr(goods, "KEYWORD_LEAD", 9.0)
    monkeypatch.setattr(goods, "MEASURED_ONLY", frozenset())  # the endurance alone finds it too (see below)
    assert screen(assistant, query).no_match


def test_a_belt_triggered_from_afar_to_shock_its_wearer_is_annex_ii(assistant, monkeypatch):
    """A detainee's belt that an officer triggers to give an incapacitating electric pulse is
    Annex II 2.1's "electric-shock devices ... worn on the body by a restrained individual, such as
    belts", whatever it is called; a tool belt, a conveyor belt with shock-absorbing rollers or a
    remote-controlled door opener with a belt drive is not."""
    import assistant.goods as goods

    query = "Remotely activated detainee transport belt, worn under clothing, delivers an incapacitating pulse at the press of a fob; 100 units."
    result = screen(assistant, query)
    assert not result.no_match and result.candidates[0].entry == "Annex II 2.1"
    for other in (
        "Conveyor belt with shock-absorbing rollers, 800 mm wide, for a parcel sorting centre; 12 units.",
        "Leather tool belt for electricians, insulated pockets rated 1 kV, for a utility company; 200 units.",
        "Remote-controlled garage door opener with belt drive, 433 MHz key fob; 500 units for a DIY chain.",
    ):
        assert screen(assistant, other).no_match, other
    without = [(rx, words) for rx, words in goods._GOODS_SYNONYMS if "remote(?:ly)?" not in rx.pattern]
    monkeypatch.setattr(goods, "_GOODS_SYNONYMS", without)
    assert screen(assistant, query).no_match


def test_a_point_of_a_release_note_with_its_own_bound_decides_by_the_products_figure(assistant):
    """0C001's note releases depleted uranium fabricated as "Counter-weights having a mass not
    greater than 100 kg": the note as a whole sets several bounds, its point one. A 9 kg
    counterweight is released, a 140 kg one is not, and a 9 kg ingot is no counterweight (nor
    ballast) whatever its mass."""

    def first(query):
        result = screen(assistant, query)
        return result.candidates[0].entry if result.candidates else None

    made = "Depleted-uranium counterweights specially fabricated for aircraft rudder balancing, {} each, cadmium-plated"
    small = screen(assistant, made.format("9 kg"))
    assert small.no_match and any(m["entry"] == "Annex I 0C001" and m["reason"] == "note" for m in small.near_misses)
    assert first(made.format("140 kg")) == "Annex I 0C001"
    assert first("Depleted-uranium metal billets, 9 kg each, cadmium-plated") == "Annex I 0C001"


def test_an_enquirys_opening_is_not_the_products_name(assistant, monkeypatch):
    """"Request for quotation from a prison service: 200 pairs of thumb restraints, ...": the
    product is what follows the colon. Thumb restraints are Annex II 2.2's thumb-cuffs."""
    import assistant.goods as goods

    query = (
        "Request for quotation from a regional prison service: 200 pairs of thumb restraints, hardened steel, "
        "two serrated thumb rings joined by a short link, double lock, two keys per pair."
    )
    head = goods.analyse_query(query, assistant.idf).head_text
    assert "thumb restraints" in head and "quotation" not in head
    result = screen(assistant, query)
    assert result.candidates and result.candidates[0].entry == "Annex II 2.2"
    # counterfactual: read from its first word, the enquiry names no product
    monkeypatch.setattr(goods, "PREAMBLE", re.compile(r"(?!x)x"))
    assert "thumb restraints" not in goods.analyse_query(query, assistant.idf).head_text


def test_a_product_holding_an_entrys_whole_short_name_is_of_its_kind(assistant, monkeypatch):
    """"Shields with metal spikes" (Annex II 3.2, prohibited): a riot shield "with 30 tempered steel
    spikes" holds every word of that name, however much else it states; a riot shield without
    spikes does not."""
    import assistant.goods as goods

    query = "Crowd-control riot shield, 5 mm polycarbonate, 550 x 1,000 mm, front face with 30 tempered steel spikes, 150 units"
    result = screen(assistant, query)
    assert result.candidates and result.candidates[0].entry == "Annex II 3.2"
    plain = screen(assistant, "Crowd-control riot shield, 5 mm polycarbonate, 550 x 1,000 mm, smooth front face without spikes, 150 units")
    assert not plain.candidates or plain.candidates[0].entry != "Annex II 3.2"
    # counterfactual: without the short-name route, the shield's other words keep the entry off
    monkeypatch.setattr(goods, "KIND_SHORT_NAME", 1)
    again = screen(assistant, query + " ")
    assert not again.candidates or again.candidates[0].entry != "Annex II 3.2"


def test_a_toxin_named_in_full_is_the_pathogen_lists_entry(assistant, monkeypatch):
    """"8. Tetrodotoxin;" in 1C351.d has no CAS number, yet naming it names the listed toxin, as
    a chemical's full name does; a product sharing no such name ("sodium channel blocker") is not."""
    import assistant.goods as goods

    query = "Tetrodotoxin, citrate-free, lyophilised, purity 98 % (HPLC), 1 mg vial, research reagent for a neuroscience lab"
    assert "Annex I 1C351" in labels(screen(assistant, query))
    assert "Annex I 1C351" not in labels(screen(assistant, "Lidocaine hydrochloride, 1 g vial, sodium channel blocker, research reagent"))
    # counterfactual: without the agents' names the toxin's one word is too little to match
    entry = next(e for (_, label), e in goods.catalogue(assistant).by_key.items() if label == "Annex I 1C351")
    assert "tetrodotoxin" in goods._chemical_names(entry.units)[2]
    monkeypatch.setattr(goods, "AGENT_LIST", re.compile(r"(?!x)x"))
    assert "tetrodotoxin" not in goods._chemical_names(entry.units)[2]


def test_a_note_leaving_goods_to_another_entry_takes_only_what_that_entry_takes(assistant, monkeypatch):
    """Annex III 1.1 "does not control the leg restraints ... prohibited by item 2.3 of Annex II"
    (bar fetters, weighted leg restraints). Leg irons joined by a link chain are not those: the
    note stays out of the way, and neither is a "standard handcuff key" ordinary handcuffs."""
    import assistant.goods as goods

    query = ("Leg irons, nickel-plated carbon steel, two ankle cuffs with double-lock mechanism, connected by a 380 mm "
             "link chain, standard handcuff key. 500 pairs for a prisoner escort service.")
    result = screen(assistant, query)
    assert "Annex III 1.1" not in {m["entry"] for m in result.near_misses}
    weighted = screen(assistant, "Weighted leg restraints, 5 kg steel ankle rings with locking mechanism, for a prison")
    assert "Annex II 2.3" in labels(weighted)
    # counterfactual: a note's own words decide alone again
    monkeypatch.setattr(goods._Run, "fits", lambda self, doc_id: lambda label: None)
    monkeypatch.setattr(goods, "_GOODS_SYNONYMS", [(re.compile(rx.pattern.replace(goods.ACCESSORY, ""), re.I), w) for rx, w in goods._GOODS_SYNONYMS])
    again = screen(assistant, query + " ")
    assert "Annex III 1.1" in {m["entry"] for m in again.near_misses}


def test_an_enquiry_counting_the_goods_before_its_colon_names_them_there(assistant, monkeypatch):
    """"Hi all, we'd like to quote 300 handheld electric batons for a national police unit: 53 cm
    shaft": the product is named before the colon, from its count on."""
    import assistant.goods as goods

    query = ("Hi all, we'd like to quote 300 handheld electric batons for a national police unit: 53 cm shaft, "
             "contact electrodes at the tip, 50 kV pulse.")
    head = goods.analyse_query(query, assistant.idf).head_text
    assert "electric batons" in head
    assert goods.PREAMBLE.match("Request for 2B350 reactor parts") is None  # a code is no count
    # counterfactual: the old opening (any words up to the colon) masks the product's name
    monkeypatch.setattr(goods, "PREAMBLE", re.compile(rf"[^:.;]{{0,120}}{goods.ENQUIRY}[^:.;]{{0,120}}:\s*", re.I))
    assert "electric batons" not in goods.analyse_query(query, assistant.idf).head_text


def test_an_opening_that_names_who_asks_or_what_document_it_is_is_not_the_products_name(assistant, monkeypatch):
    """"Hi, we have an enquiry from a state correctional department for 40 ... belts": the product
    starts at the count, however long the asker's name. "Datasheet excerpt - planetary MOCVD
    system" is a document's label. "Public-order water cannon truck:" asks for nothing."""
    import assistant.goods as goods

    def head(q: str) -> str:
        return goods.analyse_query(q, assistant.idf).head_text

    asked = "Hi, we have an enquiry from the procurement office of a regional prison authority for 60 remote-controlled transport belts."
    label = "Data sheet extract: MOCVD reactor for GaN epitaxy, 19 x 4 inch carrier"
    public = "Public-order water cannon truck: 9,000 L tank, two roof monitors"
    assert "belts" in head(asked) and "mocvd reactor" in head(label) and "water cannon" in head(public)
    # a figure in the name's stretch names nothing: "phosphine" is the whole name
    heads = [g.text for g in goods.analyse_query("Phosphine 99.9999 %, electronic grade", assistant.idf).groups if g.head]
    assert heads == ["Phosphine"] or heads == ["phosphine"]
    # counterfactual: the opening of session 36 (no label, 40 characters from "enquiry" to the count, any "order")
    monkeypatch.setattr(goods, "PREAMBLE", re.compile(
        rf"[^:.;\d]{{0,120}}\b(?:enquiry|orders?)\b[^:.;\d]{{0,120}}:\s*(?:{goods.COUNTED})?"
        rf"|[^:.;\d]{{0,120}}\b(?:enquiry|orders?)\b[^:.;\d]{{0,40}}?{goods.COUNTED}", re.I))
    assert "belts" not in head(asked) and "mocvd" not in head(label) and "water cannon" not in head(public)


def test_a_kind_named_by_an_inclusion_note_or_before_a_definition_is_the_entrys(assistant, monkeypatch):
    """Annex III 3.6 "also controls water cannons"; Annex II 2.5 "Restraint chairs: chairs fitted
    with shackles ...". A description naming that kind is of it, however many specifications
    (tank, throw, frame) dilute the share of its words the entry uses."""
    import assistant.goods as goods

    cannon = ("Public-order water cannon vehicle: 9,500 L tank, two remote-controlled roof monitors (60 m throw), "
              "dye/additive injection, armoured cab. 3 vehicles for an interior ministry.")
    chair = ("Interrogation restraint chair, welded steel frame with floor anchors, lockable steel ankle shackles at "
             "the front legs, padded seat and back, 3 units for a police station.")
    assert labels(screen(assistant, cannon))[:1] == ["Annex III 3.6"]
    assert labels(screen(assistant, chair))[:1] == ["Annex II 2.5"]
    assert frozenset({"water", "cannon"}) in goods._included_names(goods.catalogue(assistant).by_key[(AT, "Annex III 3.6")])
    # counterfactual: only the entries' whole titles name a kind
    monkeypatch.setattr(goods, "_included_names", lambda entry: [])
    monkeypatch.setattr(goods, "_short_names", lambda entry: {frozenset(goods.stems(entry.title)) - goods.BOILERPLATE})
    assert "Annex III 3.6" not in labels(screen(assistant, cannon + " "))
    assert "Annex II 2.5" not in labels(screen(assistant, chair + " "))


def test_a_dual_use_entry_holding_the_products_whole_name_and_far_ahead_is_offered(assistant, monkeypatch):
    """Arsine and phosphine are 3C004's "hydrides of arsenic/phosphorus"; a reaction wheel is part of a
    spacecraft's attitude and orbit control (9A004.e.3); a cellular identity collector is an IMSI
    catcher (5A001.f). With the product's whole name in the entry, first by keywords and well
    ahead, the entry is offered however few of the specifications it words."""
    import assistant.goods as goods

    arsine = "Arsine, 6N purity (99.9999 %), undiluted, 1.5 kg in sub-atmospheric cylinders, for a GaAs epitaxy fab."
    wheel = "Reaction wheel for microsatellites: 0.2 Nms momentum storage, 10 mNm torque, 5,000 rpm, LEO-qualified, 6 flight units."
    collector = ("Cellular identity collector in a backpack, emulates 2G/3G/4G cells, phones within 1 km register with it, "
                 "operator laptop software. For a national police.")
    assert labels(screen(assistant, arsine))[:1] == ["Annex I 3C004"]
    assert labels(screen(assistant, wheel))[:1] == ["Annex I 9A004"]
    assert labels(screen(assistant, collector))[:1] == ["Annex I 5A001"]
    # counterfactual: without the whole-name rule the arsine falls through; without the field words the rest do
    monkeypatch.setattr(goods, "KIND_WHOLE_NAME", 1.01)
    assert "Annex I 3C004" not in labels(screen(assistant, arsine + " "))
    monkeypatch.setattr(goods, "_GOODS_SYNONYMS", [
        (rx, w) for rx, w in goods._GOODS_SYNONYMS if not any(x in rx.pattern for x in ("momentum", "identity|imsi"))
    ])
    assert labels(screen(assistant, wheel + " "))[:1] != ["Annex I 9A004"]
    assert "Annex I 5A001" not in labels(screen(assistant, collector + " "))


def test_the_entry_a_products_figures_are_outside_of_gives_way_to_the_next(assistant):
    """An agricultural spraying drone ("droplets 150-500 um", 40 L tank, autonomous flight) is close
    to 9A350's spraying systems, but its droplets are far above their "VMD of less than 50 µm": it
    is set aside with its figure, and 9A112's UAVs with an aerosol dispensing system of more than
    20 litres are weighed in its place."""
    import assistant.goods as goods

    query = ("Agricultural spraying drone, hexacopter, 35 L pesticide tank, 6 centrifugal nozzles (droplet size 120-450 um), "
             "RTK-GNSS fully autonomous route flying, MTOW 68 kg. 20 units for a farm cooperative.")
    result = screen(assistant, query)
    assert labels(result)[:1] == ["Annex I 9A112"]
    short = {m["entry"]: m for m in result.near_misses if m["reason"] == "short"}
    assert "Annex I 9A350" in short and "above it" in result.to_text()
    # counterfactual: without ceilings (cleared from the cached catalogue) the spraying system
    # stays first, and the closest entry is no longer offered
    saved = {e.key: e.ceilings for e in goods.catalogue(assistant).entries}
    try:
        for e in goods.catalogue(assistant).entries:
            e.ceilings = {}
        assert labels(screen(assistant, query + " "))[:1] != ["Annex I 9A112"]
    finally:
        for e in goods.catalogue(assistant).entries:
            e.ceilings = saved[e.key]


@pytest.mark.parametrize(
    ("query", "released"),
    [
        # 6A005 Note 2.d: 2,5-3,3 kW "and having a BPP exceeding 2,5 mm•mrad"
        ("Multimode CW fibre laser for cutting, 1,064 nm, 2.8 kW output, beam parameter product 3.2 mm*mrad, 35 % wall-plug efficiency", True),
        # the same power with a finer beam (BPP 2.0) meets no point of the note: 6A005 stays
        ("Multimode CW fibre laser for cutting, 1,064 nm, 2.8 kW output, beam parameter product 2.0 mm·mrad, 35 % wall-plug efficiency", False),
        # 4.5 kW falls under point e (3,3-6 kW, BPP exceeding 3,5): 3.2 is not enough
        ("Multimode CW fibre laser for cutting, 1,064 nm, 4.5 kW output, beam parameter product 3.2 mm mrad, 35 % wall-plug efficiency", False),
        ("Multimode CW fibre laser for cutting, 1,064 nm, 4.5 kW output, beam parameter product 5 mm·mrad, 35 % wall-plug efficiency", True),
    ],
)
def test_a_note_point_setting_several_figures_releases_a_product_meeting_them_all(assistant, query, released):
    """A product released by a note only when its figures meet every condition of one of its points."""
    result = screen(assistant, query)
    notes = {m["entry"]: m for m in result.near_misses if m["reason"] == "note"}
    assert ("Annex I 6A005" in notes) is released
    assert ("Annex I 6A005" in labels(result)) is not released


def test_an_entry_limited_to_forms_the_product_is_not_gives_way(assistant, monkeypatch):
    """1C116's maraging steels must take "any of the following forms: sheet, plate or tubing ...;
    tubular forms ...": a round bar is none of them. It is set aside, saying why, and 1C216's
    ("maraging steel ... capable of an ultimate tensile strength of 1 950 MPa or more") is weighed."""
    import assistant.goods as goods

    bar = "Maraging steel grade 300 round bar, 160 mm diameter x 2 m, solution annealed; UTS after ageing about 2,050 MPa at room temperature. 4 bars."
    bars = "Maraging steel 18Ni(300) round bars, dia. 180 mm, solution annealed, 2,000 MPa tensile strength after ageing; 2 t for a tool shop."
    result = screen(assistant, bar)
    assert "Annex I 1C116" not in labels(result)
    assert {m["entry"]: m["reason"] for m in result.near_misses}.get("Annex I 1C116") == "contradiction"
    assert labels(screen(assistant, bars))[:1] == ["Annex I 1C216"]
    entry = goods.catalogue(assistant).by_key[(DU, "Annex I 1C116")]
    tube = goods.analyse_query("Maraging steel tubing, 3 mm wall, 120 mm outside diameter, solution annealed", assistant.idf)
    assert goods.form_clash(entry, tube) == ""  # tubing is one of its forms
    # counterfactual: without the forms, 1C116 is offered for the bar, and 1C216 not for the bars
    monkeypatch.setattr(goods, "form_clash", lambda entry, qt: "")
    assert labels(screen(assistant, bar + " "))[:1] == ["Annex I 1C116"]
    assert labels(screen(assistant, bars + " "))[:1] != ["Annex I 1C216"]


def test_a_product_rated_beyond_an_entrys_ambient_temperatures_is_offered_it(assistant, monkeypatch):
    """4A001.a.1: computers "rated for operation at an ambient temperature below 228 K (– 45 °C) or
    above 358 K (85 °C)". A rugged computer qualified from -50 C to +90 C is offered it, with its
    figures as the reason; the same computer rated 0 C to +50 C is not."""
    import assistant.goods as goods

    cold = ("Rugged fanless embedded computer, Intel Atom x6400E, conduction-cooled housing, qualified for operation "
            "from -50 C to +90 C ambient, for remote pipeline stations. 30 units.")
    result = screen(assistant, cold)
    assert labels(result)[:1] == ["Annex I 4A001"]
    assert "rated temperature (-50 °C, 90 °C) lies beyond the entry's bounds (below -45 °C or above 85 °C)" in result.candidates[0].why[0]
    assert "Annex I 4A001" not in labels(screen(assistant, cold.replace("-50 C to +90 C", "0 C to +50 C")))
    assert goods.temperatures_stated("from -50 C to +60 C, 175 degC, −40 °C, 5 C") == [-50.0, 60.0, 175.0, -40.0]
    # counterfactual: without the rating the description alone matches nothing
    monkeypatch.setattr(goods, "RATED_SHORTLIST", 0)
    assert "Annex I 4A001" not in labels(screen(assistant, cold + " "))


def test_handcuffs_meeting_every_condition_of_ordinary_handcuffs_are_released(assistant, monkeypatch):
    """Annex III 1.1 "does not control 'ordinary handcuffs'", defined in the next note by conditions
    that must all be met: overall dimension between 150 and 280 mm, inside circumference at most
    165 mm at the last notch and at least 200 mm at the first, not modified. Each figure is held
    against the condition its own words name; a figure outside its band keeps the entry."""
    import assistant.goods as goods

    query = ("Police-pattern chain handcuffs, nickel plated, double lock. Overall length both cuffs closed: 242 mm; "
             "inside circumference 161 mm at the last notch and 212 mm at the first notch; unmodified. 900 pairs.")
    result = screen(assistant, query)
    assert result.no_match
    set_aside = {(n["entry"], n["reason"], n.get("figure")) for n in result.near_misses}
    assert ("Annex III 1.1", "note", "242 mm, 161 mm, 212 mm") in set_aside  # the answer says why, with the figures
    note = next(f"{u.text} {goods._defined_after(e, u)}" for e in goods.catalogue(assistant).entries
                if e.label == "Annex III 1.1" and e.doc_id == "32019R0125" for u in e.exclusions if "ordinary" in u.text)
    assert goods.meets_all_conditions(note, query) == (True, "242 mm, 161 mm, 212 mm")
    assert goods.meets_all_conditions(note, query.replace("242 mm", "320 mm")) == (False, "320 mm")
    assert goods.meets_all_conditions(note, query.replace("212 mm", "190 mm")) == (False, "190 mm")
    assert goods.meets_all_conditions(note, query.replace("; unmodified", "")) is None  # not said: not known
    monkeypatch.setattr(goods, "ALL_CONDITIONS", re.compile(r"(?!x)x"))
    goods._all_conditions.cache_clear()
    assert not any(n["entry"] == "Annex III 1.1" for n in screen(assistant, query).near_misses)
    goods._all_conditions.cache_clear()


def test_a_long_acting_barbiturate_is_not_annex_iv(assistant, monkeypatch):
    """Annex IV 1.1 lists "short and intermediate acting barbiturate anaesthetic agents": a product
    stated to be long-acting (phenobarbital) is another kind; a short-acting one stays."""
    import assistant.goods as goods

    query = "Long-acting barbiturate tablets (phenobarbital 60 mg) for seizure control, 5,000 packs."
    assert screen(assistant, query).no_match
    assert [c.entry for c in screen(assistant, "Pentobarbital sodium 500 mg vials, short-acting barbiturate, 200 vials.").candidates][:1] == ["Annex IV 1.1"]
    monkeypatch.setattr(goods, "ACTING", re.compile(r"(?!x)x"))
    assert not screen(assistant, query).no_match


def test_a_vessel_with_ordinary_steel_wetted_parts_is_not_2b350(assistant, monkeypatch):
    """2B350's reactors are controlled only when every surface touching the chemicals is of its
    listed materials (high-nickel alloys, fluoropolymers, glass, tantalum, ...): 1.4571 stainless
    steel is none; a glass-lined reactor is."""
    import assistant.goods as goods

    query = "Batch reactor, 1,200 litres, wetted parts 1.4571 stainless steel, anchor stirrer, for a cosmetics plant."
    assert screen(assistant, query).no_match
    lined = screen(assistant, "Batch reactor, 1,200 litres, glass-lined, anchor stirrer, for a fine-chemicals plant.")
    assert [c.entry for c in lined.candidates][:1] == ["Annex I 2B350"]
    monkeypatch.setattr(goods, "WETTED_STEEL", re.compile(r"(?!x)x"))
    assert [c.entry for c in screen(assistant, query).candidates][:1] == ["Annex I 2B350"]


def test_a_solvent_free_oleoresin_is_the_substance_not_a_mixture(assistant, monkeypatch):
    """"Solvent-free" or "solvent-extracted" capsicum oleoresin at 6 % capsaicinoids is oleoresin
    capsicum itself (Annex III 3.3), not a mixture of it in a solvent (3.4)."""
    import assistant.goods as goods

    query = "Capsicum oleoresin, solvent-free, 6 % capsaicinoids, 20 kg drums."
    assert [c.entry for c in screen(assistant, query).candidates][:1] == ["Annex III 3.3"]
    assert goods.MIXTURE_WORDS.search("2 % OC dissolved in ethanol") and goods.MIXTURE_WORDS.search("OC in a solvent")
    monkeypatch.setattr(goods, "MIXTURE_WORDS", re.compile(r"\bsolvents?\b", re.I))
    assert [c.entry for c in screen(assistant, query).candidates][:1] == ["Annex III 3.4"]


def test_a_dual_use_entry_holding_the_whole_name_and_first_by_meaning_is_offered(assistant, monkeypatch):
    """An "autonomous underwater vehicle" whose every name word is in 8A001, which is ahead overall
    and close by meaning, is offered though a sonar entry (6A001) uses more of its survey words."""
    import assistant.goods as goods

    query = ("Autonomous underwater vehicle for seabed survey, depth rating 2,000 m, runs pre-programmed waypoint missions "
             "without a pilot, acoustic modem for commands and status, 20 h endurance, payload bay for customer sensors "
             "(not supplied); shipped with launch and recovery frame.")
    # (without the wordings that now read its missions and modem as 8A001.c.1's, which match it anyway)
    added = ("deciding a course|without real-time human assistance", "acoustic data or command link")
    _without_wordings(monkeypatch, *added)
    assert [c.entry for c in screen(assistant, query).candidates][:1] == ["Annex I 8A001"]
    monkeypatch.setattr(goods, "WHOLE_NAME_BM25", 1.01)
    assert [c.entry for c in screen(assistant, query).candidates][:1] != ["Annex I 8A001"]


def test_a_figure_is_labelled_by_its_own_sentence_and_the_words_before_its_colon(monkeypatch):
    """"Overall length with both cuffs locked: 246 mm. Inside circumference at the last notch: 161 mm":
    the length is not the inside circumference of the next sentence, and the circumference is
    what its label before the colon says."""
    import assistant.goods as goods

    text = "Overall length with both cuffs locked: 246 mm. Inside circumference at the last notch: 161 mm."
    length, circumference = goods.figures_in_context(text)
    assert "insid" not in length[3] and {"last", "notch"} <= circumference[3]
    monkeypatch.setattr(goods, "CLAUSE_END", re.compile(r"[,;:()]"))
    goods.figures_in_context.cache_clear()
    length, circumference = goods.figures_in_context(text)
    assert "insid" in length[3] or not circumference[3]
    goods.figures_in_context.cache_clear()


def test_a_pasted_documents_own_label_and_the_askers_words_are_not_the_products_name(assistant, monkeypatch):
    """"Export declaration, line 3: ...", "Tender line item 7 - National Police, Lima: 250 ...",
    "RFQ via our agent for ..., Lilongwe. Item: ...", "Email from a distributor: we'd like to ship
    5,000 ...": the product's name comes after the document's label, the asker and the count."""
    import assistant.goods as goods

    def head(q: str) -> str:
        return goods.analyse_query(q, assistant.idf).head_text

    declaration = "Customs declaration, line 4: thumb cuffs, steel, two small ratchet rings joined by a chain; 300 pairs."
    tender = "Tender lot 12 - Ministry of Interior, Quito: 80 conducted energy devices, pistol-type, with spare cartridges."
    rfq = "RFQ through our broker for the prison service, Harare. Item: remote-activated stun belt worn by detainees."
    email = "Email from a police-supply distributor: we'd like to ship 2,000 anti-spit hoods to a police service in Kenya."
    assert "thumb cuffs" in head(declaration) and "conducted energy devices" in head(tender)
    assert "stun belt" in head(rfq) and "anti-spit hoods" in head(email)
    context = "We supply prison services across Africa. Our new thumb cuffs are nickel-plated steel with a ratchet."
    assert "thumb cuffs" in head(context) and "prison" not in head(context)
    catalogue = "Supplier catalogue p. 22: riding flogger - nine braided leather tails on a wooden handle"
    assert "flogger" in head(catalogue) and "nine" not in head(catalogue) and "supplier" not in head(catalogue)
    assert labels(screen(assistant, rfq))[:1] == ["Annex II 2.1"]
    # counterfactual: the opening of session 37 (no document labels, no asker before the count)
    monkeypatch.setattr(goods, "PREAMBLE", re.compile(
        rf"{goods.LABEL}|[^:.;\d]{{0,120}}{goods.ENQUIRY}[^:.;\d]{{0,120}}:\s*(?:{goods.COUNTED})?"
        rf"|[^:.;\d]{{0,120}}{goods.ENQUIRY}[^:.;\d]{{0,80}}?{goods.COUNTED}", re.I))
    assert not any(n in head(q) for n, q in (("thumb cuffs", declaration), ("conducted energy", tender), ("stun belt", rfq), ("anti-spit", email), ("thumb cuffs", context)))
    monkeypatch.setattr(goods, "HEAD_END", re.compile(r"[,;:()]"))
    assert "nine" in head(catalogue)


def test_features_a_product_denies_and_notes_on_straps_set_entries_aside(assistant, monkeypatch):
    """A "smooth shaft" has none of Annex II 3.1's metal spikes; a chair restraining by straps and a
    lap belt is what 2.5's note leaves out ("chairs only fitted with straps or belts": "fitted" is no
    word the product must use); a "riot stick" is a baton, and its name ends with its sentence."""
    import assistant.goods as goods

    baton = "Telescopic baton, 26 in extended, hardened steel tubes, rubber grip, smooth shaft; 300 pcs for a city police force."
    assert screen(assistant, baton).no_match
    chair = next(e for e in goods.catalogue(assistant).entries if e.label == "Annex II 2.5" and e.doc_id == "32019R0125")
    assert goods._object_stems(chair.exclusions[0], chair) == frozenset(goods.stems("chairs straps belts"))
    stick = "Could you quote 100 of your oak riot stick? Spec sheet: 60 cm long, upper part of the shaft studded with 12 steel points, leather thong."
    assert labels(screen(assistant, stick))[:1] == ["Annex II 3.1"]
    assert "spec" not in goods.analyse_query(stick, assistant.idf).head_text
    monkeypatch.setattr(goods, "ANTONYMS", {})
    assert labels(screen(assistant, baton))[:1] == ["Annex II 3.1"]
    monkeypatch.setattr(goods, "HEAD_END", re.compile(r"[,;:()]"))
    assert "spec" in goods.analyse_query(stick, assistant.idf).head_text


def test_an_entry_set_aside_for_what_the_product_lacks_does_not_stop_the_next(assistant, monkeypatch):
    """Ankle shackles joined by a chain, "no connecting bar and no weights", contradict Annex II
    2.3's bar fetters and weighted leg restraints: that says what the product is not, not what it
    is, so Annex III 1.1's shackles, first overall, are still offered."""
    import assistant.goods as goods

    query = "Ankle shackles, chrome-plated carbon steel, two cuffs with double lock, 35 cm welded chain between them, no connecting bar and no weights; 800 pairs."
    assert labels(screen(assistant, query))[:1] == ["Annex III 1.1"]
    monkeypatch.setattr(goods, "DECIDED", ("short",))
    assert screen(assistant, query).no_match


def test_a_computer_with_its_app_in_weighted_teraflops_is_4a003(assistant, monkeypatch):
    """A compute cluster's "Adjusted Peak Performance 120 Weighted TeraFLOPS" reaches 4A003.b's
    "exceeding 70 Weighted TeraFLOPS (WT)": a unit only three entries set bounds in, so the one
    figure says which entry. A description naming no software or technology is goods: 4E001
    ("technology" for such computers) and 4D001 give way."""
    import assistant.goods as goods

    query = "Compute cluster for an oceanography institute: 48 GPU nodes, 100 Gb/s fabric, Adjusted Peak Performance 120 Weighted TeraFLOPS, delivered in four racks."
    assert goods.stated_figures("APP around 180 WT") == (("180 WT", "WT", 180.0),)
    assert labels(screen(assistant, query))[:1] == ["Annex I 4A003"]
    # (the rare figure alone, looked for among the first ten, would find 4A003 behind 4E001)
    monkeypatch.setattr(goods, "INTANGIBLE_PRIOR", 1.0)
    monkeypatch.setattr(goods, "_by_rare_figure", lambda run: None)
    assert labels(screen(assistant, query))[:1] != ["Annex I 4A003"]
    monkeypatch.undo()
    monkeypatch.setattr(goods.catalogue(assistant), "rare_units", frozenset())
    assert screen(assistant, query).no_match


def test_a_64_bit_peak_in_petaflops_reaches_the_adjusted_peak_performance_of_4a003(assistant, monkeypatch):
    """Makers state a cluster's double-precision peak in TFLOPS or PFLOPS, not the APP in Weighted
    TeraFLOPS; read at the higher weight of 4A003's Technical Note (0.9), 6 PFLOPS is far beyond 70
    WT, and such a figure in a unit hardly any entry uses finds the entry its trade words miss.
    A rate at 16 or 32 bits is not the 64-bit rate the APP weighs."""
    import assistant.goods as goods

    query = ("Compute partition for a weather service: 30 nodes, each with 4 accelerator cards, aggregate "
             "double-precision peak about 6 PFLOPS, liquid cooled, 4 racks.")
    assert [(base, round(value)) for _, base, value in goods.stated_figures(query)] == [("WT", 5400)]
    assert goods.stated_figures("8 accelerators, 16 PFLOPS FP16 with sparsity") == ()
    assert labels(screen(assistant, query))[:1] == ["Annex I 4A003"]
    # counterfactual: the rate not read as a figure, the trade words alone find nothing
    monkeypatch.setattr(goods, "LOWER_PRECISION", re.compile(""))
    goods.figures_in_context.cache_clear()
    assert "Annex I 4A003" not in labels(screen(assistant, query))
    goods.figures_in_context.cache_clear()
    monkeypatch.undo()
    # the figure finds the entry when another comes first by the words (processors, interconnect)
    first_by_words = ("Tender line 2 - 40 nodes, each with 2 x 64-core CPUs and 4 accelerator modules; aggregate "
                      "double-precision peak approx. 8.5 PFLOPS; NDR 200 Gb/s fat-tree interconnect, direct liquid cooling.")
    assert labels(screen(assistant, first_by_words))[:1] == ["Annex I 4A003"]
    monkeypatch.setattr(goods, "_by_rare_figure", lambda run: None)
    assert "Annex I 4A003" not in labels(screen(assistant, first_by_words))


def test_a_note_of_an_entry_leaving_goods_to_the_first_does_not_set_the_product_aside(assistant, monkeypatch):
    """6A205 covers lasers "other than those specified in ... 6A005", and its note "6A205.c. does
    not control single mode oscillators" matches a single-mode fibre laser's words. That note says
    nothing of 6A005, which the laser's 1.5 kW at 1,070 nm reaches (6A005.a.6.a): the closest entry
    by meaning and keywords is still offered (six fibre lasers of six read goods sets had found
    nothing)."""
    import assistant.goods as goods

    query = "Continuous-wave ytterbium fibre laser, single-mode (M² < 1.1), 1,070 nm, 1.5 kW output, water-cooled, 19-inch rack."
    result = screen(assistant, query)
    assert not result.no_match and labels(result)[:1] == ["Annex I 6A005"]
    # counterfactual: the deferring entry's note read as describing the product, nothing is offered
    monkeypatch.setattr(goods, "_defers_to", lambda entry, first: False)
    assert "Annex I 6A005" not in labels(screen(assistant, query))


def test_the_ex_of_a_model_code_is_not_the_kind_of_goods(assistant):
    """"AUV-3000" names its kind before the number, so only "3000" is the model; the "EX" of
    "EX-10G" is no kind, though the acts use "ex" everywhere (the 'ex' CN codes): read as one, it
    became the product's whole name and a Layer-2 encryptor named nothing of 5A002."""
    from assistant.goods import _trade_names

    text = "SecureWire EX-40G encryptor and an AUV-3000 vehicle"
    assert [text[s:e] for s, e in _trade_names(text, assistant.idf)] == ["SecureWire", "EX-40G", "3000"]


def test_a_letters_greeting_and_its_we_make_are_not_the_products_name(assistant, monkeypatch):
    """"Dear Sir/Madam, our company makes the SB-20 belt for prisoner escort ...": the product's name
    starts after the greeting and the "we make"; read from "Dear", the name is "Dear Sir/Madam" and
    the shock belt worn by a prisoner (Annex II 2.1) is not found."""
    import assistant.goods as goods

    query = ("Dear Sir/Madam, our company makes the SB-20 belt for prisoner escort and court appearances. The belt is locked "
             "round the inmate's waist and the escorting officer can trigger a 50,000 V shock from a handheld transmitter.")
    head = goods.analyse_query(query, assistant.idf).head_text
    assert "belt" in head and "dear" not in head and "makes" not in head
    assert "leg cuffs" in goods.analyse_query("Good morning, we manufacture leg cuffs with a 380 mm chain.", assistant.idf).head_text
    result = screen(assistant, query)
    assert result.candidates and result.candidates[0].entry == "Annex II 2.1"
    # counterfactual: without the greeting's alternative the opening is read as the name
    monkeypatch.setattr(goods, "PREAMBLE", re.compile(goods.PREAMBLE.pattern[: goods.PREAMBLE.pattern.index("|\\s*(?:dear|hi")], re.I))
    assert "dear" in goods.analyse_query(query, assistant.idf).head_text
    assert screen(assistant, query).no_match


def test_a_name_in_another_language_is_read_through_its_bracketed_gloss(assistant, monkeypatch):
    """"Wasserwerfer WW-7 (water cannon truck): ...": the documents use none of the name's words, and
    the words in brackets say what the product is; they are its name. The truck is Annex III 3.6
    ("This item also controls water cannons"); read only as "Wasserwerfer WW-7" nothing is found."""
    import assistant.goods as goods

    query = "Wasserwerfer WW-7 (water cannon truck): 8,000 L tank, two roof monitors, dosing unit for adding irritant agents to the jet."
    assert "water cannon" in goods.analyse_query(query, assistant.idf).head_text
    # a known name keeps its own end: "Handcuffs (chain, nickel)" is not named by its bracket
    assert "nickel" not in goods.analyse_query("Handcuffs (chain, nickel) for police", assistant.idf).head_text
    result = screen(assistant, query)
    assert result.candidates and result.candidates[0].entry == "Annex III 3.6"
    monkeypatch.setattr(goods, "_glossed", lambda masked, end, idf: end.start() if end and end.start() > 0 else len(masked))
    assert "water cannon" not in goods.analyse_query(query, assistant.idf).head_text
    assert screen(assistant, query).no_match


def test_a_mixtures_share_stated_in_weight_percent_is_read_per_component(assistant, monkeypatch):
    """"25.0 wt % MDEA (CAS 105-59-9), 5.0 wt % piperazine, 70 % water": 1C450 Note 3 releases
    mixtures in which MDEA (1C450.b.8) is at most 30 % by weight. The share is read in the notes'
    own form ("wt %" is "% by weight") and only from MDEA's own component, not the water's 70 %;
    at 35 wt % the mixture stays listed."""
    import assistant.goods as goods

    def query(share: str) -> str:
        return (f"Amine solvent: {share} wt % N-methyldiethanolamine (CAS 105-59-9), 5.0 wt % piperazine (CAS 110-85-0), "
                "70 % demineralised water. 20 IBCs for CO2 removal at a fertiliser plant.")

    assert screen(assistant, query("25.0"), cas="105-59-9").no_match
    listed = screen(assistant, query("35.0"), cas="105-59-9")
    assert listed.candidates and listed.candidates[0].entry == "Annex I 1C450"
    # counterfactuals: a component ending only before a letter takes in the water's 70 %; and
    # "wt %" not read as a share leaves the whole composition to weigh
    monkeypatch.setattr(goods, "COMPONENT_END", re.compile(r"[;\n]|,\s+(?=[A-Za-z])"))
    assert not screen(assistant, query("25.0"), cas="105-59-9").no_match
    monkeypatch.undo()
    monkeypatch.setattr(goods, "BY_WEIGHT", re.compile(r"(?!x)x"))
    assert not screen(assistant, query("25.0"), cas="105-59-9").no_match


def test_a_figure_is_labelled_by_the_words_that_say_something_before_it(assistant, monkeypatch):
    """"Inside circumference of each cuff 155 mm at the last notch and 214 mm at the first notch":
    the first figure is the circumference Annex III 1.2 bounds ("exceeding 165 mm when the ratchet
    is engaged at the last notch"), though "of each cuff" stands between; counting those words as
    label words leaves no figure labelled so, and the overall length (245 mm) then reaches the
    bound."""
    import assistant.goods as goods

    query = ("Police chain handcuffs PC-3, nickel-plated steel, double lock. Overall length with both cuffs locked 245 mm; "
             "inside circumference of each cuff 155 mm at the last ratchet notch and 214 mm at the first notch. Unmodified.")
    assert screen(assistant, query).no_match
    monkeypatch.setattr(goods, "_label_words", lambda words: words)
    goods.figures_in_context.cache_clear()
    assert not screen(assistant, query).no_match
    goods.figures_in_context.cache_clear()


def test_the_cryptography_note_sets_aside_a_router_sold_in_shops(assistant, monkeypatch):
    """Category 5 Part 2's Note 3 (the Cryptography Note) releases 5A002 items "generally available
    to the public by being sold ... from stock at retail selling points" whose cryptography the user
    cannot change. It stands before the entries it names, so it is read as a note of each; a router
    "sold to consumers through electronics shops" is released, an encryptor "not sold through retail
    channels" is not."""
    import assistant.goods as goods

    router = ("Dual-band home router HR-600 with WPA3/AES and a built-in VPN server, sold to consumers through electronics "
              "shops and online marketplaces; set up by the buyer with an app, encryption options fixed.")
    encryptor = ("19-inch 40 Gbit/s network encryptor, AES-256-GCM with ECDH key agreement, configured to the customer's "
                 "specification for a government network, not sold through retail channels.")
    released = screen(assistant, router)
    assert released.no_match
    assert any("Cryptography Note" in str(n) for n in released.near_misses)
    listed = screen(assistant, encryptor)
    assert listed.candidates and listed.candidates[0].entry == "Annex I 5A002"
    monkeypatch.setattr(goods, "CATEGORY_NOTE", re.compile(r"(?!x)x"))
    goods._CATALOGUES.clear()
    assert not screen(assistant, router).no_match
    goods._CATALOGUES.clear()


def test_a_use_the_description_denies_does_not_bring_a_note_on_it(assistant, monkeypatch):
    """"Not a medical device": Annex II's note that items 1.3 and 1.4 do not cover medical-technical
    goods is not about this console, which is an automatic drug injection system for executions."""
    import assistant.goods as goods

    query = ("LX-2 injection console: programmable two-channel syringe driver with a remote start button, runs a fixed "
             "lethal-injection drug sequence for execution chambers of prison authorities. Not a medical device.")
    found = screen(assistant, query)
    assert found.candidates and found.candidates[0].entry == "Annex II 1.4"
    monkeypatch.setattr(goods, "stated_concepts", goods.concepts)
    assert screen(assistant, query).no_match


def test_a_customs_description_label_is_not_the_products_name(assistant, monkeypatch):
    """"Customs description: restraint chair ..." names the chair after the label; read as the
    product's name, the label keeps Annex II 2.5 (restraint chairs) from being matched."""
    import assistant.goods as goods

    query = ("Customs description: restraint chair, steel frame, padded seat; fitted with two lockable steel wrist cuffs "
             "and two lockable steel ankle cuffs, plus a nylon lap strap. Qty 4.")
    found = screen(assistant, query)
    assert found.candidates and found.candidates[0].entry == "Annex II 2.5"
    monkeypatch.setattr(goods, "PREAMBLE", re.compile(goods.PREAMBLE.pattern.replace("(?:declarations?|descriptions?)", "declarations?"), re.I))
    without = screen(assistant, query)
    assert not without.candidates or without.candidates[0].entry != "Annex II 2.5"


def test_a_dispersal_unit_is_fixed_equipment_for_dissemination(assistant, monkeypatch):
    """A "dispersal unit" or a unit "dispensing" OC is what Annex III 3.5 calls equipment for the
    "dissemination of incapacitating or irritating chemical substances"."""
    import assistant.goods as goods

    query = ("Wall-mounted custody-suite dispersal unit 'SafeCell': tamper-proof housing with a 400 ml OC canister, "
             "aerosol released into the cell by the duty officer via remote control.")
    found = screen(assistant, query)
    assert found.candidates and found.candidates[0].entry == "Annex III 3.5"
    without = [(rx, w) for rx, w in goods._GOODS_SYNONYMS if "dispers" not in rx.pattern]
    monkeypatch.setattr(goods, "_GOODS_SYNONYMS", without)
    goods._CATALOGUES.clear()
    assert screen(assistant, query).no_match
    goods._CATALOGUES.clear()


def test_goods_denied_in_a_list_are_all_denied(assistant, monkeypatch):
    """"No metal cuffs or shackles": both are denied, not only the first, so a chair fitted only with
    straps is not Annex II 2.5's restraint chair ("chairs fitted with shackles"), as its note says."""
    import assistant.goods as goods

    assert [m.group(1) for m in goods.NEGATION.finditer("straps only; no steel cuffs or shackles")] == ["steel cuffs or shackles"]
    query = ("Patient restraint chair for secure hospitals: padded frame on castors, with nylon wrist, ankle and chest "
             "straps and quick-release buckles; no steel cuffs or shackles.")
    assert screen(assistant, query).no_match
    first_only = re.compile(goods.NEGATION.pattern.split("(?:(?:,")[0] + ")", re.I)
    monkeypatch.setattr(goods, "NEGATION", first_only)
    found = screen(assistant, query)
    assert found.candidates and found.candidates[0].entry == "Annex II 2.5"


def test_a_sauce_holding_oc_is_a_mixture_whose_note_speaks_to_it(assistant, monkeypatch):
    """A hot sauce listing oleoresin capsicum at 0.9 %, with OC's CAS number, is not the substance
    of Annex III 3.3: it is a mixture of it, and the mixtures entry (3.4) "does not control sauces
    ... provided that PAVA or OC is not the only constituent flavour". The bulk substance stays 3.3."""
    import assistant.goods as goods

    sauce = ("Scotch bonnet pepper sauce, 200 ml bottles; ingredients: scotch bonnet peppers, cider vinegar, mango, "
             "onion, salt, oleoresin capsicum 0.9 %. 3 pallets for a grocery wholesaler.")
    found = screen(assistant, sauce, cas="8023-77-6")
    assert found.no_match and any(m["entry"] == "Annex III 3.4" and "sauces" in m["note"] for m in found.near_misses)
    bulk = screen(assistant, "Oleoresin capsicum extract, 2 million SHU, 25 kg drums for a maker of defence sprays", cas="8023-77-6")
    assert bulk.candidates and bulk.candidates[0].entry == "Annex III 3.3"
    # nearly pure, for a pharmaceutical maker: the substance, whatever the mixtures' note on medicines says
    pure = screen(assistant, "Nonivamide 97 % crystalline powder, pharmaceutical intermediate grade, 25 kg drums", cas="2444-46-4")
    assert pure.candidates and pure.candidates[0].entry == "Annex III 3.2"
    monkeypatch.setattr(goods, "_a_minor_share", lambda text: True)
    assert not screen(assistant, "Nonivamide 97 % crystalline powder, pharmaceutical intermediate grade, 25 kg drums ", cas="2444-46-4").candidates
    monkeypatch.undo()
    monkeypatch.setattr(goods, "_mixture_note", lambda run, entry: None)
    found = screen(assistant, sauce, cas="8023-77-6")
    assert found.candidates and found.candidates[0].entry == "Annex III 3.3"


def test_software_and_technology_entries_read_the_goods_they_serve(assistant):
    """The goods a D or E entry is for come from its own words: ranges ("1A002 to 1A005"), whole
    groups ("1B or 1C"), "this Category"; other categories' items named in passing are not its
    goods (9E003 names 1C010), and what it is for ("development", "production", "use") is kept."""
    from assistant.goods import catalogue

    by_item = {e.item: e for e in catalogue(assistant).entries if e.doc_id == DU}
    assert {"1A003", "1C010", "1B001"} <= by_item["1E001"].serves and by_item["1E001"].activities == {"development", "production"}
    assert "0B001" in by_item["0E001"].serves and "1C010" not in by_item["9E003"].serves
    assert by_item["6E002"].activities == {"production"} and by_item["6E001"].activities == {"development"}
    assert by_item["3E225"].serves == {"3A225"} and not by_item["3E225"].activities
    assert all(item[0] == "7" and item[1] in "ABC" for item in by_item["7D101"].serves)


@pytest.mark.parametrize(
    ("query", "entry"),
    [
        ("Production know-how package: furnace recipes and QC procedures needed to manufacture carbon fibre "
         "with tensile strength 6.1 GPa and modulus 300 GPa", "Annex I 1E001"),
        ("Technology transfer: process recipes and yield data to manufacture uncooled microbolometer focal plane "
         "arrays, 1024 x 768 pixels, 8-14 µm", "Annex I 6E002"),
        ("Technology transfer: design rules and simulation models for developing uncooled microbolometer focal "
         "plane arrays, 1024 x 768 pixels, 8-14 µm", "Annex I 6E001"),
        ("Licence key that unlocks an output frequency of 1,800 Hz on our three-phase frequency changers "
         "(20 kVA, frequency control 0.05 %)", "Annex I 3E225"),
    ],
)
def test_technology_for_listed_goods_is_its_category_s_technology_entry(assistant, monkeypatch, query, entry):
    """Know-how, recipes or an unlock key name the goods they serve, not the short E entry: the
    goods are found first, then the entry of their category that serves them, for what is asked
    (making the arrays is 6E002's "production", designing them 6E001's "development"), the
    narrowest first (3E225's keys for 3A225, not 3E201's technology for a dozen items)."""
    import assistant.goods as goods

    found = screen(assistant, query)
    assert found.candidates and found.candidates[0].entry == entry
    assert "served goods" in found.candidates[0].matched_by
    monkeypatch.setattr(goods, "_by_served_goods", lambda run, assistant: None)
    without = screen(assistant, query)
    assert not without.candidates or without.candidates[0].entry != entry


def test_goods_sold_with_training_stay_goods(assistant, monkeypatch):
    """A machine delivered "with operator training and manuals" is the machine: only a product whose
    own name is software or technology is read as serving goods."""
    import assistant.goods as goods

    query = "Five-axis milling machine, positioning accuracy 2 µm, delivered with operator training and manuals"
    found = screen(assistant, query)
    assert found.candidates and all(c.entry[9] in "ABC" for c in found.candidates if c.doc_id == DU)
    assert not any("served goods" in c.matched_by for c in found.candidates)
    monkeypatch.setattr(goods, "TECHNOLOGY_NAME", re.compile(r""))  # any name read as technology
    assert any("served goods" in c.matched_by for c in screen(assistant, query).candidates)


def test_software_the_description_names_is_kept_over_a_narrower_one(assistant, monkeypatch):
    """Source code for an inertial navigation system: 7D002 ("source code" for inertial navigation
    equipment), which the description names, comes first; the rule does not swap it for another
    software entry that serves the same goods."""
    import assistant.goods as goods

    query = "Source code of the control software of our ring laser gyro inertial navigation system"
    found = screen(assistant, query)
    assert found.candidates[0].entry == "Annex I 7D002"
    monkeypatch.setattr(goods, "_matched_in_category", lambda run, kinds, category: [])
    assert screen(assistant, query).candidates[0].entry != "Annex I 7D002"


def test_apparent_power_is_read_in_volt_amperes(assistant):
    """"22 kVA" is a power of 22,000 VA, the unit 3A225 ("a power of 40 VA or greater") and 0B001's
    motor stators set their bound in; not a voltage in kV."""
    from assistant.goods import catalogue, stated_figures

    assert ("22 kVA", "VA", 22000.0) in stated_figures("3-phase output 22 kVA, 0–2,000 Hz")
    by_item = {e.item: e for e in catalogue(assistant).entries if e.doc_id == DU}
    assert by_item["3A225"].floors["VA"][0].value == 40.0


def test_a_general_frequency_changer_is_3a225_not_the_centrifuge_stators(assistant, monkeypatch):
    """A frequency converter's 12 kVA and 1,900 Hz reach 3A225's bounds and those of 0B001's stators
    for gas centrifuges alike; 3A225 covers frequency changers "other than those specified in
    0B001.b.13", so a product naming no nuclear use is offered 3A225. At 400 Hz it is neither;
    a stator for gas centrifuges stays 0B001."""
    import assistant.goods as goods

    inverter = "Static frequency converter: three-phase output, 12 kVA, adjustable output 700–1,900 Hz, frequency stability ±0.01 %"
    found = screen(assistant, inverter)
    assert found.candidates and found.candidates[0].entry == "Annex I 3A225"
    assert screen(assistant, inverter.replace("700–1,900 Hz", "50–400 Hz")).no_match
    stator = "Ring-shaped motor stator for a hysteresis motor running in vacuum at 1,500 Hz, 60 VA, for gas centrifuges"
    assert screen(assistant, stator).candidates[0].entry == "Annex I 0B001"
    monkeypatch.setattr(goods, "_residual_of_other_kind", lambda found: found[0])
    assert screen(assistant, inverter).candidates[0].entry == "Annex I 0B001"


def test_a_sleeve_worn_by_a_person_pulsing_in_kilovolts_is_an_electric_shock_device(assistant, monkeypatch):
    """An escort sleeve "over the forearm of the person in custody" that delivers "a pulse of 40 kV"
    is Annex II 2.1's electric shock device worn by a restrained individual, though it never says
    "shock"; a heat-shrink sleeve for 11 kV cables is worn by no one."""
    import assistant.goods as goods

    sleeve = ("Escort sleeve with padded cuff fastened over the forearm of the person in custody, two locking straps, "
              "radio receiver; on command it delivers a 3 s pulse of 40 kV")
    found = screen(assistant, sleeve)
    assert found.candidates and found.candidates[0].entry == "Annex II 2.1"
    assert screen(assistant, "Heat-shrink cable joint sleeve kit for 11 kV XLPE power cables, 3-core, 95-240 mm2").no_match
    without = [(rx, words) for rx, words in goods._GOODS_SYNONYMS if "kV" not in rx.pattern]
    monkeypatch.setattr(goods, "_GOODS_SYNONYMS", without)
    found = screen(assistant, sleeve)
    assert not found.candidates or found.candidates[0].entry != "Annex II 2.1"


def test_tooling_for_intrusion_software_is_4d004_and_teaching_it_4e001(assistant, monkeypatch):
    """2021/821 defines "intrusion software" by what it does (avoids detection by monitoring tools,
    extracts data or changes the execution path); an enquiry states that, not the term. Software
    building, delivering and commanding such implants is 4D004's; a course teaching to build them is
    4E001.c's technology; an endpoint product that detects and blocks them is neither."""
    import assistant.goods as goods

    tooling = ("Operator console and C2 server: builds covert implants for Android handsets, delivers them by "
               "one-click links, keeps them hidden from antivirus apps and exfiltrates chats and photos")
    course = ("Training course (30 days) on how to build exploit chains and rootkits that evade EDR products and "
              "allow remote code execution on target servers")
    found = screen(assistant, tooling)
    assert found.candidates and found.candidates[0].entry == "Annex I 4D004"
    assert "intrusion software" in found.candidates[0].matched_by
    assert screen(assistant, course).candidates[0].entry == "Annex I 4E001"
    guard = "Endpoint protection suite: detects implants that evade signature scanners, blocks command-and-control beacons and prevents data exfiltration"
    assert not any(c.entry in ("Annex I 4D004", "Annex I 4E001") for c in screen(assistant, guard).candidates)
    monkeypatch.setattr(goods, "_by_intrusion_software", lambda run: None)
    for query in (tooling, course):
        without = screen(assistant, query)
        assert not without.candidates or without.candidates[0].entry not in ("Annex I 4D004", "Annex I 4E001")
    monkeypatch.undo()
    monkeypatch.setattr(goods, "DEFENDS", re.compile(r"(?!)"))
    assert any(c.entry == "Annex I 4D004" for c in screen(assistant, guard).candidates)
    monkeypatch.undo()


def test_covert_or_stealthy_implants_avoid_detection(assistant, monkeypatch):
    """"Covertly push implants" says what "avoiding detection by monitoring tools" says."""
    import assistant.goods as goods

    query = ("Agent platform: server software and console to build and covertly push monitoring implants onto "
             "target handsets, remote microphone activation and data exfiltration")
    assert screen(assistant, query).candidates[0].entry == "Annex I 4D004"
    monkeypatch.setattr(goods, "EVADES", re.compile(goods.EVADES.pattern.replace(r"|\bcovert\w*|\bstealth\w*", ""), re.I))
    assert not any(c.entry == "Annex I 4D004" and "intrusion software" in c.matched_by for c in screen(assistant, query + " ").candidates)


def test_a_material_named_in_full_matches_like_a_chemical_with_its_cas_number(assistant, monkeypatch):
    """0C003 names its substances before its condition: "Deuterium, heavy water (deuterium oxide)
    ... in which the isotopic ratio ... exceeds 1:5 000". A product named "heavy water" is that
    substance, whatever its drums and grade, and comes before 0B004's plant for producing it;
    "deuterium" alone names a deuterium lamp too, and a class of goods ("metal alloys") names no
    substance."""
    import assistant.goods as goods

    by_item = {e.item: e for e in goods.catalogue(assistant).entries if e.doc_id == DU}
    assert {"heavywater", "deuteriumoxide"} <= set(by_item["0C003"].chemical_keys)
    assert "deuterium" not in by_item["0C003"].chemical_keys and not goods._substance_names(by_item["1C002"])
    query = "Heavy water, reactor grade 99.95 % D2O, 200 kg in stainless steel drums, for a research reactor's moderator"
    found = screen(assistant, query)
    assert found.candidates and found.candidates[0].entry == "Annex I 0C003"
    assert not any(c.entry == "Annex I 0C003" for c in screen(assistant, "Deuterium lamp for UV-VIS spectrophotometers, 30 W").candidates)
    monkeypatch.setattr(goods, "NAME_LEAD", 0.0)  # named, but ranked as described: the plant for making it first
    assert screen(assistant, query).candidates[0].entry == "Annex I 0B004"
    monkeypatch.undo()
    monkeypatch.setattr(goods, "_substance_names", lambda entry: [])
    goods._CATALOGUES.clear()
    try:
        without = screen(assistant, query)
        assert not without.candidates or without.candidates[0].entry != "Annex I 0C003"
    finally:
        monkeypatch.undo()
        goods._CATALOGUES.clear()


def test_an_entry_far_ahead_by_keywords_is_the_closest_though_others_are_nearer_in_meaning(assistant, monkeypatch):
    """A glass-lined reactor is 2B350.a's ("glass (including vitrified or enamelled coating or glass
    lining)"), first by keywords and far ahead overall; the embedding puts the nuclear reactor
    entries nearer in meaning ("reactor"). With such a lead, several entries closer by meaning do
    not stop 2B350 being offered as the closest."""
    import assistant.goods as goods

    query = "Glass-lined steel reactor 8,000 L, jacketed, with glass-lined impeller and flush bottom outlet valve, for a pesticide intermediates plant"
    found = screen(assistant, query)
    assert found.candidates and found.candidates[0].entry == "Annex I 2B350"
    # ... nor ten, for a reactor told with its jacket, seal, skid and gear motor (goods_dev30's ho10;
    # 8 allowed until session 47)
    told = ("Glass-lined jacketed reactor GL-6300 (DIN 28136 type AE): nominal capacity 6,300 L, total internal volume "
            "7,450 L, 1.2 mm enamel on all wetted surfaces including anchor agitator and baffle, carbon-steel jacket 6 bar, "
            "double mechanical seal, on skid with gear motor 11 kW. 1 unit, 12,800 kg, open-top container.")
    assert screen(assistant, told).candidates[0].entry == "Annex I 2B350"
    monkeypatch.setattr(goods, "KEYWORD_CLOSER_WIDE", 8)
    assert not any(c.entry == "Annex I 2B350" for c in screen(assistant, told + " ").candidates)
    monkeypatch.setattr(goods, "KEYWORD_CLOSER_WIDE", goods.KEYWORD_CLOSER)
    assert not any(c.entry == "Annex I 2B350" for c in screen(assistant, query).candidates)


def test_a_fibre_s_specific_modulus_and_strength_come_from_its_modulus_strength_and_density(assistant, monkeypatch):
    """1C010 and 1C210 bound a fibre's "specific modulus" and "specific tensile strength" (in
    metres: modulus over weight per volume); a datasheet gives modulus, strength and density. An
    intermediate-modulus carbon tow (290 GPa, 5.7 GPa, 1.80 g/cm³: 16.4 × 10^6 m and 32.3 × 10^4 m)
    passes 1C010.b's 14,65 × 10^6 m and 26,82 × 10^4 m: 1C010 is offered first, before 1C210,
    which covers only fibres "other than those specified in 1C010"."""
    import assistant.goods as goods

    figures = dict((base, value) for _, base, value in goods.stated_figures("tensile modulus 290 GPa, tensile strength 5.7 GPa, density 1.80 g/cm3"))
    assert figures["m (specific modulus)"] == pytest.approx(290e9 / (1800 * 9.80665))
    assert figures["m (specific tensile strength)"] == pytest.approx(5.7e9 / (1800 * 9.80665))
    by_item = {e.item: e for e in goods.catalogue(assistant).entries if e.doc_id == DU}
    assert 14.65e6 in [f.value for f in by_item["1C010"].floors["m (specific modulus)"]]
    query = "Intermediate-modulus carbon fibre, continuous 12K tow, tensile strength 5.7 GPa, tensile modulus 290 GPa, density 1.80 g/cm3, on 5 kg bobbins"
    found = screen(assistant, query)
    assert found.candidates and found.candidates[0].entry == "Annex I 1C010"
    monkeypatch.setattr(goods, "_specific_figures", lambda query, figures: [])
    goods.figures_in_context.cache_clear()  # (the figures of a description are read once)
    without = screen(assistant, query)
    goods.figures_in_context.cache_clear()
    assert not without.candidates or without.candidates[0].entry != "Annex I 1C010"


def test_chopped_fibre_is_not_1c210_s_continuous_tows(assistant, monkeypatch):
    """"In 1C210, 'fibrous or filamentary materials' is restricted to continuous 'monofilaments',
    'yarns', 'rovings', 'tows' or 'tapes'", and 1C010.b's note sets aside carbon fibre cut to
    25 mm or less: chopped fibre from the same tow is in neither, however high its modulus."""
    import assistant.goods as goods

    by_item = {e.item: e for e in goods.catalogue(assistant).entries if e.doc_id == DU}
    assert by_item["1C210"].forms == {"continuous"}
    query = "Chopped carbon fibre, 6 mm cut length, from 12K tow with tensile modulus 290 GPa, tensile strength 5.7 GPa, density 1.80 g/cm3"
    assert not any(c.entry in ("Annex I 1C010", "Annex I 1C210") for c in screen(assistant, query).candidates)
    monkeypatch.setattr(goods, "RESTRICTED_FORMS", re.compile(r"(?!)"))
    goods._CATALOGUES.clear()
    try:
        assert any(c.entry == "Annex I 1C210" for c in screen(assistant, query).candidates)
    finally:
        monkeypatch.undo()
        goods._CATALOGUES.clear()


def test_durations_are_read_in_hours_and_minutes(assistant):
    """A drone's "3 h 40 min" (one duration) and "a 25-minute flight time" are durations, in seconds; 9A012 sets its
    'endurance' in them ("greater than or equal to 30 minutes but less than 1 hour", "1 hour or
    greater"), the first the lower end of a band its point pairs with wind gusts."""
    from assistant.goods import catalogue, stated_figures

    assert [f[1:] for f in stated_figures("endurance 3 h 40 min, a 25-minute flight time")] == [("s", 13200.0), ("s", 1500.0)]
    by_item = {e.item: e for e in catalogue(assistant).entries if e.doc_id == DU}
    floors = by_item["9A012"].floors["s"]
    assert [(f.value, f.strict, f.banded) for f in floors] == [(1800.0, False, True), (3600.0, False, False)]


def test_a_drone_s_endurance_decides_9a012(assistant, monkeypatch):
    """A survey drone flown beyond the operator's sight whose endurance reaches 9A012's "1 hour or
    greater" is offered 9A012, by that figure; a toy quadcopter flying 20 minutes is short of every
    bound; one flying 40 minutes is in the band that also needs gusts of 46,3 km/h, so its figure
    alone does not offer the entry. An AUV's "9 h endurance" is not held against 8A001's "operate
    autonomously for 10 hours or more", which is of manned craft."""
    import assistant.goods as goods

    survey = ("Long-range fixed-wing RPAS with VTOL take-off, 3 h 40 min endurance, flown beyond visual line of sight "
              "over a 60 km encrypted datalink, LiDAR pod; 2 aircraft and a ground station")
    found = screen(assistant, survey)
    assert found.candidates and found.candidates[0].entry == "Annex I 9A012"
    assert any("3 h 40 min" in w for w in found.candidates[0].why)
    toy = "Mini folding quadcopter with 2.7K camera, a 20-minute flight time, 4 km video link; gift boxed, 900 units"
    assert "Annex I 9A012" not in labels(screen(assistant, toy))
    mid = "Folding camera quadcopter, max flight time 40 min, max wind resistance 10 m/s, 12 km video link; 300 units"
    assert "Annex I 9A012" not in labels(screen(assistant, mid))
    auv = ("Autonomous underwater vehicle, 9 h endurance, 300 m depth rating, follows pre-programmed survey lines "
           "without operator input, acoustic modem; 1 vehicle for a research institute")
    assert screen(assistant, auv).candidates[0].entry == "Annex I 8A001"
    flight_time = survey.replace("3 h 40 min endurance", "flight time 2 h 10 min")
    assert screen(assistant, flight_time).candidates[0].entry == "Annex I 9A012"
    monkeypatch.setattr(goods, "MEASURED_ONLY", frozenset())
    assert "Annex I 8A001" not in labels(screen(assistant, auv))
    found = screen(assistant, survey)
    assert not found.candidates or found.candidates[0].entry != "Annex I 9A012"
    monkeypatch.undo()
    monkeypatch.setattr(goods, "ENDURANCE", frozenset())
    goods.figures_in_context.cache_clear()
    found = screen(assistant, flight_time)
    goods.figures_in_context.cache_clear()
    assert not found.candidates or found.candidates[0].entry != "Annex I 9A012"



def test_uas_and_rpas_are_uavs(assistant, monkeypatch):
    """Aviation authorities write "UAS" and "RPAS" for what the list calls "UAVs": the product's own
    name then names 9A012's goods, and its endurance tells what it is."""
    import assistant.goods as goods

    query = "Hybrid VTOL UAS, 3 h 50 min endurance, pusher propeller, autopilot with waypoint navigation, LTE and satcom link, gimbal camera; 2 aircraft with ground station"
    assert screen(assistant, query).candidates[0].entry == "Annex I 9A012"
    without = [(rx, words) for rx, words in goods._GOODS_SYNONYMS if "rpas" not in rx.pattern]
    monkeypatch.setattr(goods, "_GOODS_SYNONYMS", without)
    found = screen(assistant, query)
    assert not found.candidates or found.candidates[0].entry != "Annex I 9A012"


def test_a_bound_on_an_amount_of_a_named_stuff_is_read(assistant):
    """2B352.e's freeze dryers have "a condenser capacity of 10 kg of ice or more in 24 hours and less
    than 1 000 kg of ice in 24 hours": "10 kg of ice or more" is a lower bound, the lower end of a
    band, so a benchtop dryer condensing 5 kg of ice a day is short of the entry and a production
    dryer condensing 80 kg is not."""
    from assistant.goods import catalogue

    by_item = {e.item: e for e in catalogue(assistant).entries if e.doc_id == DU}
    assert [(f.value, f.banded) for f in by_item["2B352"].floors["g"]] == [(10000.0, True)]
    bench = "Benchtop laboratory freeze dryer, condenser capacity 5 kg ice per 24 h, -80 °C condenser, 12-port manifold; 4 units"
    found = screen(assistant, bench)
    assert "Annex I 2B352" not in labels(found)
    assert any(m["entry"] == "Annex I 2B352" and m.get("reason") == "short" for m in found.near_misses)
    plant = "Steam-sterilisable production freeze dryer for vaccine vials, condenser capacity 80 kg ice per 24 h, 6 shelves"
    assert "Annex I 2B352" in labels(screen(assistant, plant))


def test_a_brand_in_capitals_is_a_trade_name(assistant, monkeypatch):
    """"STORMPAW K2 conducted energy device": a brand in capitals that the documents never use, with
    its model, names nothing; the product's name is "conducted energy device", Annex III 2.1's
    portable electric discharge weapons. An acronym the lists use ("MEMS") stays a word."""
    import assistant.goods as goods

    assert goods._trade_names("STORMPAW K2 conducted energy device", assistant.idf) == [(0, 11)]
    assert goods._trade_names("MEMS vibration sensor", assistant.idf) == []
    query = ("BLITZRAY Q5 conducted energy device: pistol-grip launcher, two barbed probes on wires from 7 m cartridges, "
             "50 kV open-circuit, drive-stun mode, Li-ion battery; 120 units and 500 cartridges")
    found = screen(assistant, query)
    assert found.candidates and found.candidates[0].entry == "Annex III 2.1"
    monkeypatch.setattr(goods, "TRADE_NAME", re.compile(goods.TRADE_NAME.pattern.rsplit("|", 1)[0]))
    monkeypatch.setattr(goods, "kit_clash", lambda entry, qt: "")  # (2.2's kits, first, no longer step aside,
    monkeypatch.setattr(goods, "NAMED_EXAMPLES", re.compile(r"(?!x)x"))  # nor is 2.1's "stun guns" a name of its kind)
    found = screen(assistant, query)
    assert not found.candidates or found.candidates[0].entry != "Annex III 2.1"


def test_a_short_model_code_is_a_trade_name_even_when_its_letters_are_a_word(assistant, monkeypatch):
    """"SR-4", "CS-9": one or two capitals hyphened to a number are a model, though the documents
    use "Sr" (strontium) and "CS" (the irritant) as words; read as the product's name they diluted
    it. Formulas ("UF6", "CO2") have no hyphen and stay words."""
    import assistant.goods as goods

    text = "SecureRest SR-4 bed; CellSafe CS-9 unit; UF6 cylinder; CO2 laser"
    names = [text[a:b] for a, b in goods._trade_names(text, assistant.idf)]
    assert names == ["SecureRest", "SR-4", "CellSafe", "CS-9"]
    monkeypatch.setattr(goods, "SHORT_MODEL", re.compile(r"(?!x)x"))
    names = [text[a:b] for a, b in goods._trade_names(text, assistant.idf)]
    assert "SR-4" not in names and "CS-9" not in names


def test_an_entry_name_listing_kinds_names_each(assistant, monkeypatch):
    """"Shackle boards and shackle beds" (Annex II 2.6, prohibited): a bed fitted with shackles is
    a shackle bed, whether or not it is a board; the name is read as its listed kinds."""
    import assistant.goods as goods

    entry = next(e for (d, label), e in goods.catalogue(assistant).by_key.items() if d == goods.ANTI_TORTURE and label == "Annex II 2.6")
    assert frozenset(goods.stems("shackle beds")) in goods._short_names(entry)
    query = "Detention restraint bed RB-3: steel frame fixed to the cell floor, padded mattress, locking steel shackles at wrists and ankles; 4 beds for a remand prison."
    found = screen(assistant, query)
    assert found.candidates and found.candidates[0].entry == "Annex II 2.6"
    monkeypatch.setattr(goods, "NAME_LIST", re.compile(r"(?!x)x"))
    found = screen(assistant, query + " ")
    assert not found.candidates or found.candidates[0].entry != "Annex II 2.6"


def test_a_denied_list_is_denied_whole(assistant, monkeypatch):
    """"no cuffs, shackles or cage": every item of the list is denied, not only the first; a
    clinic's observation bed with soft straps is no shackle bed. A list not ended by "or" ("no
    spikes, black finish") denies only its first item."""
    import assistant.goods as goods

    assert [m.group(1) for m in goods.NEGATION.finditer("no cuffs, shackles or cage. 10 beds")] == ["cuffs, shackles or cage"]
    assert [m.group(1) for m in goods.NEGATION.finditer("no spikes, black finish")] == ["spikes"]
    query = "Observation bed for a psychiatric clinic: adjustable frame, soft fixation straps with magnetic buttons for waist and limbs; no cuffs, shackles or cage. 10 beds."
    assert screen(assistant, query).no_match
    monkeypatch.setattr(goods, "NEGATION", re.compile(goods.NEGATION.pattern.replace(r"(?:,\s*", r"(?:,\s*(?!)", 1), re.I))
    assert [m.group(1) for m in goods.NEGATION.finditer("no cuffs, shackles or cage")] == ["cuffs"]
    assert not screen(assistant, query + " ").no_match


def test_spikes_of_a_shape_are_still_metal_spikes(assistant, monkeypatch):
    """"18 steel pointed spikes", "hardened steel conical spikes": a shape between the metal and its
    spikes changes nothing; the shield holds Annex II 3.2's "metal spikes"."""
    import assistant.goods as goods

    query = "Anti-riot shield, clear polycarbonate 1,000 x 550 mm, face fitted with 18 steel pointed spikes, forearm straps; 60 units."
    spikes = [g for g in goods.analyse_query(query, assistant.idf).groups if "spike" in g.text]
    assert spikes and "metal spikes" in spikes[0].alt_text
    found = screen(assistant, query)
    assert found.candidates and found.candidates[0].entry == "Annex II 3.2"
    old = r"\b(?:(?:hardened|stainless|tempered)\s+)?(?:steel|iron|metal|alumin(?:i)?um|titanium|brass)\s+(?:studs?/)?(?:spikes?|studs?|points?)\b"
    monkeypatch.setattr(goods, "_GOODS_SYNONYMS", [(re.compile(old, re.I), w) if w == "metal spikes" else (rx, w) for rx, w in goods._GOODS_SYNONYMS])
    spikes = [g for g in goods.analyse_query(query, assistant.idf).groups if "spike" in g.text]
    assert not spikes or "metal spikes" not in spikes[0].alt_text


def test_a_release_bound_is_held_against_the_figure_measuring_what_it_bounds(assistant, monkeypatch):
    """1C234 "does not control zirconium in the form of foil having a thickness of 0,10 mm or
    less": a foil 0.05 mm thick is released, though its sheets measure 200 x 400 mm; the sheets'
    size is no thickness."""
    import assistant.goods as goods

    note = "1C234 does not control zirconium in the form of foil having a thickness of 0,10 mm or less."
    query = "Zirconium foil for nuclear research, reactor grade (Hf below 100 ppm), thickness 0.05 mm, supplied as 200 x 400 mm sheets; 1 kg."
    obj, have = frozenset(goods.stems("foil form thickness mm")), frozenset(goods.stems(query))
    assert goods.below_threshold(note, query, obj, have) == (True, "0.05 mm")
    assert "Annex I 1C234" not in labels(screen(assistant, query))
    thick = query.replace("thickness 0.05 mm", "thickness 0.5 mm")
    assert goods.below_threshold(note, thick, obj, have)[0] is False
    monkeypatch.setattr(goods, "_measure_words", lambda text: frozenset())  # (no figure says what it measures)
    assert goods.below_threshold(note, query, obj, have)[0] is False


def test_handcuffs_with_no_added_features_are_unmodified(assistant, monkeypatch):
    """Ordinary handcuffs (Annex III 1.1, Note 3) must "not have been modified to cause physical
    pain or suffering": "no spikes or added features" says so, and the cuffs' figures meet the
    other three conditions."""
    import assistant.goods as goods

    query = ("Chain handcuffs, nickel-plated steel, double-lock, 2-link swivel chain. Overall length with both cuffs locked: "
             "245 mm. Inside circumference per cuff: 160 mm on last notch, 215 mm on first notch. No spikes or added features. 200 pairs.")
    assert screen(assistant, query).no_match
    monkeypatch.setattr(goods, "UNMODIFIED", re.compile(goods.NOT_MODIFIED_WORDS, re.I))
    assert "Annex III 1.1" in labels(screen(assistant, query + " "))


def test_how_a_product_is_worked_is_not_its_name(assistant, monkeypatch):
    """"Remote-activated", "battery-powered": how the product is worked says nothing of what it is,
    and read as its name it diluted "stun belt" (Annex II 2.1, prohibited); a synonym's span that
    starts with such a word ("remote-controlled prisoner transport belts") stays the name."""
    import assistant.goods as goods

    query = "Remote-activated stun belt for court escorts: battery pack under the clothing delivers a 50 kV pulse from a handheld transmitter (60 m); 20 belts"
    heads = [g.text for g in goods.analyse_query(query, assistant.idf).groups if g.head]
    assert "stun belt" in heads and "remote" not in heads
    found = screen(assistant, query)
    assert found.candidates and found.candidates[0].entry == "Annex II 2.1"
    monkeypatch.setattr(goods, "LOOKS_LIKE", re.compile(goods.LOOKS_LIKE.pattern.replace(f"|{goods.WORKED_BY}", ""), re.I))
    assert "remote" in [g.text for g in goods.analyse_query(query, assistant.idf).groups if g.head]


def test_an_assembled_weapon_is_no_kit_and_the_weapon_entry_is_weighed_next(assistant, monkeypatch):
    """Annex III 2.2 is for "Kits containing all essential components for assembly of portable
    electric discharge weapons": an assembled baton, whose electrodes and switch are words 2.2 shares,
    is no kit, and Annex III 2.1, which names "electric shock batons" among its examples, is weighed
    as the first entry; a kit of components stays 2.2's."""
    import assistant.goods as goods

    baton = "Rechargeable electric shock baton, 50 cm, polymer body, two tip electrodes, built-in torch and safety switch; 100 pieces for a municipal police force."
    kit = "Electric shock baton kit: unassembled housing, circuit board, electrodes, battery pack and switch, all components for assembly; 200 kits."
    entry = next(e for (d, label), e in goods.catalogue(assistant).by_key.items() if d == goods.ANTI_TORTURE and label == "Annex III 2.1")
    assert frozenset(goods.stems("electric shock batons")) in goods._short_names(entry)
    found = screen(assistant, baton)
    assert found.candidates and found.candidates[0].entry == "Annex III 2.1"
    assert labels(screen(assistant, kit))[:1] == ["Annex III 2.2"]
    monkeypatch.setattr(goods, "kit_clash", lambda entry, qt: "")
    found = screen(assistant, baton + " ")
    assert not found.candidates or found.candidates[0].entry != "Annex III 2.1"


def test_the_chat_is_not_pointed_to_a_kit_entry_the_product_is_not(assistant):
    """A question about seized electric shock batons: the goods check sets Annex III 2.2's kits aside
    (the batons are assembled), and that set-aside entry is no note for the chat to bring forward,
    unlike a note that speaks to the product (which the chat's hints weigh up)."""
    import assistant.goods as goods

    question = "Customs stopped our consignment of electric shock batons because we had no export authorisation. What happens now?"
    result = screen(assistant, question)
    assert any(m.get("reason") == "contradiction" and m["entry"] == "Annex III 2.2" for m in result.near_misses)
    hints = goods.retrieval_hints(assistant, question)
    assert not any("annex3/2.2" in pid for pid in hints.notes)
    assert assistant.search(question, k=3).hits[0].passage.citation != "Regulation (EU) 2019/125, Annex III, item 2.2"


def test_locking_cuffs_on_chains_are_shackles(assistant, monkeypatch):
    """Annex III 1.1 defines shackles as "two cuffs or rings fitted with a locking mechanism, with a
    connecting chain"; a bed with locking cuffs on chains welded to it is Annex II 2.6's shackle bed."""
    import assistant.goods as goods

    query = "Detention bed: welded steel frame, four locking cuffs on short chains fixed to the corners, vinyl mattress."
    assert labels(screen(assistant, query))[:1] == ["Annex II 2.6"]
    monkeypatch.setattr(goods, "_GOODS_SYNONYMS", [(rx, w) for rx, w in goods._GOODS_SYNONYMS if "chains?" not in rx.pattern or w != "shackles"])
    assert labels(screen(assistant, query + " "))[:1] != ["Annex II 2.6"]


def test_the_consignments_weight_is_not_a_pieces_mass(assistant, monkeypatch):
    """Depleted-uranium counterweights of 18 kg each are what 0C001's note releases ("Counter-weights
    having a mass not greater than 100 kg"); the 760 kg of the crates they travel in is the
    consignment's weight, which was held against the bound and kept them listed."""
    import assistant.goods as goods

    query = (
        "Depleted uranium counterweights for helicopter rotor heads, machined to drawing and nickel-plated, "
        "19 kg each. 36 pieces in 3 wooden crates, 760 kg."
    )
    result = screen(assistant, query)
    assert result.no_match, [c.entry for c in result.candidates]
    assert any(n["entry"] == "Annex I 0C001" and n["reason"] == "note" for n in result.near_misses), result.near_misses
    monkeypatch.setattr(goods, "CONSIGNMENT_MASS", False)
    goods.figures_in_context.cache_clear()
    assert [c.entry for c in screen(assistant, query).candidates][:1] == ["Annex I 0C001"]


def test_a_cuff_on_an_anchor_plate_is_a_cuff_anchored_to_a_wall(assistant, monkeypatch):
    """A wrist cuff on a chain from "an anchor plate fixed to masonry" is Annex II 2.4's cuff
    "designed to be anchored to a wall, floor or ceiling"; the lists never say "anchor plate"."""
    import assistant.goods as goods

    query = (
        "Detention-room restraint point DR-2: steel anchor plate fixed to masonry with four expansion bolts, "
        "50 cm of welded chain ending in a hinged wrist cuff. 40 units in 2 crates."
    )
    assert [c.entry for c in screen(assistant, query).candidates][:1] == ["Annex II 2.4"]
    # the wordings before: "bolted", "anchored", "fixed to a wall", no anchor plate, no masonry
    before = re.compile(r"\bwall[- ]mounted\b|\bbolted\b|\banchored\b|\bfixed to (?:a|the) (?:wall|floor|ceiling)\b", re.I)
    without = [(before if w == "anchored|wall|floor|ceiling" else rx, w) for rx, w in goods._GOODS_SYNONYMS if w != "anchored to a wall"]
    monkeypatch.setattr(goods, "_GOODS_SYNONYMS", without)
    assert [c.entry for c in screen(assistant, query).candidates][:1] != ["Annex II 2.4"]


def test_a_camera_named_by_its_infrared_band_is_a_thermal_camera(assistant, monkeypatch):
    """An "LWIR camera core" or a "long-wave infrared camera module" is a thermal imaging camera
    (6A003), though its maker never says "thermal" or "camera" alone."""
    import assistant.goods as goods

    query = "LWIR camera core NX-384: 384 x 288 uncooled microbolometer, 17 µm pitch, 60 Hz, USB 3 output. 25 cores in ESD boxes."
    assert [c.entry for c in screen(assistant, query).candidates][:1] == ["Annex I 6A003"]
    without = [(rx, w) for rx, w in goods._GOODS_SYNONYMS if "lwir" not in rx.pattern]
    assert len(without) == len(goods._GOODS_SYNONYMS) - 1
    monkeypatch.setattr(goods, "_GOODS_SYNONYMS", without)
    assert [c.entry for c in screen(assistant, query).candidates][:1] != ["Annex I 6A003"]


def test_a_product_delivered_as_software_is_checked_as_software(assistant, monkeypatch):
    """A "messaging server suite ... delivered as source-code licence" ships no equipment: it is
    5D002's software for 5A002's encryption, though its name never says "software"."""
    import assistant.goods as goods

    query = (
        "SecureTalk conferencing server suite: end-to-end encrypted video and chat with AES-256 and ECDH key exchange, "
        "delivered as a virtual appliance, installed by our engineers. 1 licence, 800 users."
    )
    assert [c.entry for c in screen(assistant, query).candidates][:1] == ["Annex I 5D002"]
    monkeypatch.setattr(goods, "DELIVERED_AS_SOFTWARE", re.compile(r"(?!x)x"))
    assert [c.entry for c in screen(assistant, query).candidates][:1] != ["Annex I 5D002"]


def test_leg_irons_without_weights_are_shackles_not_weighted_restraints(assistant, monkeypatch):
    """Leg irons "with no weights" contradict Annex II 2.3's "weighted leg restraints", the entry
    first by keywords; Annex III 1.1's shackles, which name leg irons better, are weighed next. A
    dressage whip "with no metal parts" contradicts 4.2's metal-fitted whips, and 4.1, naming the
    whip no better, is not offered in its place."""
    import assistant.goods as goods

    irons = "Leg irons LR-300: hinged steel ankle cuffs, double-lock mechanism, 400 mm welded link chain, no weights attached; 600 pairs."
    whip = "Dressage whip, 120 cm fibreglass shaft with rubber grip and a short leather lash end, no metal parts; 400 pieces."
    assert labels(screen(assistant, irons))[:1] == ["Annex III 1.1"]
    assert not labels(screen(assistant, whip))
    monkeypatch.setattr(goods, "CONTRADICTION_SKIPS", False)
    assert labels(screen(assistant, irons + " "))[:1] != ["Annex III 1.1"]


def test_a_licence_for_a_number_of_users_is_not_the_goods_served(assistant, monkeypatch):
    """"CipherCall server software v3: ... supplied with integration and training. Licence for 500
    users.": the "for" after the last word naming it ("training") counts users; it introduces no
    goods. The goods are the description after the name (an encrypted messaging system, 5A002's),
    and the software is 5D002's, not the software of whatever "500 users" resembles."""
    import assistant.goods as goods

    query = (
        "CipherCall server software v3: customised encrypted messaging system, AES-256 end-to-end encryption with "
        "user-configurable key management, supplied under contract with integration and training. Licence for 500 users."
    )
    assert [c.entry for c in screen(assistant, query).candidates][:1] == ["Annex I 5D002"]
    monkeypatch.setattr(goods, "FOR_OF", re.compile(r"\b(?:for|of)\b", re.I))
    assert [c.entry for c in screen(assistant, query + " ").candidates][:1] != ["Annex I 5D002"]


def test_a_density_is_held_against_a_density_bound(assistant, monkeypatch):
    """0C004 is graphite "with a density greater than 1,50 g/cm3": purified graphite of 1.42 g/cm3
    is short of it and set aside; at 1.85 g/cm3 it is the entry's. Densities were no unit the
    bounds were read in, so both were offered 0C004."""
    import assistant.goods as goods

    light = "Isostatic graphite blocks, boron equivalent 2 ppm after purification, bulk density 1.42 g/cm3, for furnace heaters; 2,000 kg."
    dense = "Isostatic graphite blocks, boron equivalent 2 ppm after purification, bulk density 1.85 g/cm3, for a research reactor; 2,000 kg."
    assert "Annex I 0C004" not in labels(screen(assistant, light))
    assert any(m["entry"] == "Annex I 0C004" and m["reason"] == "short" for m in screen(assistant, light).to_dict()["near_misses"])
    assert labels(screen(assistant, dense))[:1] == ["Annex I 0C004"]
    unit = goods.UNIT.replace(r"(?:g/cm|kg/m)(?:³|\^3|<sup>3</sup>|3(?!\d))|g/cc|", "")
    assert unit != goods.UNIT
    monkeypatch.setattr(goods, "QUANTITY", re.compile(rf"(?<![\w,.])(?P<n>{goods.NUMBER})\s*(?P<u>{unit}){goods.UNIT_END}{goods.RATE}"))
    goods.figures_in_context.cache_clear()
    assert "Annex I 0C004" in labels(screen(assistant, light + " "))


def test_a_product_named_as_a_sauce_is_a_mixture_whatever_share_it_states(assistant, monkeypatch):
    """"We produce spicy sauces with chilli extract (oleoresin capsicum)": no share is stated, so
    the product was taken for the substance, Annex III 3.3. Its name makes it a sauce, which item
    3.4's note on mixtures speaks of ("does not control sauces and preparations therefor")."""
    import assistant.goods as goods

    question = "We produce spicy sauces with chilli extract (oleoresin capsicum). Is an export licence needed under the anti-torture regulation?"
    found = screen(assistant, question)
    assert not found.candidates
    assert any(m["entry"] == "Annex III 3.4" and m["reason"] == "note" and "sauces" in m["note"] for m in found.to_dict()["near_misses"])
    monkeypatch.setattr(goods, "MIXTURE_BY_NAME", False)
    assert labels(screen(assistant, question + " "))[:1] == ["Annex III 3.3"]


def test_the_entry_closest_in_part_weighs_a_little_in_the_chat(assistant, monkeypatch):
    """Mesh hoods "guards pull over a prisoner's head so they can't spit" match Annex III 1.3's spit
    hoods only in part (the question's other words dilute the description): the chat weighs that
    entry a little (x1.1), enough to put it before recital 21, which tells why spit hoods are listed."""
    import assistant.goods as goods

    question = (
        "We manufacture mesh hoods that guards pull over a prisoner's head so they can't spit at staff. "
        "A police force in Southeast Asia wants to order 500. Is there any paperwork we need before shipping?"
    )
    assert screen(assistant, question).candidates[0].matched_by == [goods.PARTIAL]
    assert goods.retrieval_hints(assistant, question).entries == {"32019R0125/annex3/1.3": goods.PARTIAL_ENTRY_BOOST}
    assert assistant.search(question, k=5).hits[0].passage.id == "32019R0125/annex3/1.3"
    monkeypatch.setattr(goods, "PARTIAL_ENTRY_BOOST", 1.0)
    assert not goods.retrieval_hints(assistant, question).entries
    assert assistant.search(question, k=5).hits[0].passage.id != "32019R0125/annex3/1.3"


def test_an_exploit_changes_the_execution_path_intrusion_software_modifies(assistant, monkeypatch):
    """"Delivers covert agents through zero-click exploits" states the definition's other half without
    naming data: an exploit is what modifies "the standard execution path of a program" to run
    externally provided instructions."""
    import assistant.goods as goods

    query = ("Mobile agent framework: generates covert agents for iOS and Android targets and delivers them through "
             "zero-click messaging exploits; operators task and remove the agents from one console")
    assert screen(assistant, query).candidates[0].entry == "Annex I 4D004"
    monkeypatch.setattr(goods, "INTRUDES", re.compile(goods.INTRUDES.pattern.replace(r"|\bexploit(?:s|ing|ed|ation)?\b", ""), re.I))
    assert goods.INTRUDES.search(query) is None
    assert not any(c.entry == "Annex I 4D004" and "intrusion software" in c.matched_by for c in screen(assistant, query + " ").candidates)


def test_a_cameras_frames_per_second_are_read_against_the_framing_rate_bounds(assistant, monkeypatch):
    """6A003.a.4 sets "exceeding 1 000 000 frames/s" and 6A203 "225 000 frames per second": a video
    camera of "5,000,000 fps" reaches them, in a unit no other entry uses, so 6A003 is offered for
    comparison although the maker's words ("video camera", "burst recording") are not the entry's.
    A thermal camera read out at "300 fps full frame" stays 6A003's (b.4: "more than 125 full
    frames per second"), not set aside as short of the framing cameras' million."""
    import assistant.goods as goods

    video = "Ultra-high-speed video camera for ballistics labs: 5,000,000 fps burst recording, 256 images, 50 ns minimum exposure, 400 x 250 px."
    swir = ("SWIR camera: InGaAs 640 x 512 focal plane array, 15 µm pitch, spectral band 0.9-1.7 µm, TEC stabilised, "
            "300 fps full frame, 14-bit output, C-mount.")
    assert screen(assistant, video).candidates[0].entry == "Annex I 6A003"
    assert screen(assistant, swir).candidates[0].entry == "Annex I 6A003"
    frames = r"(?:full )?frames?/s|(?:full )?frames? per second|fps|"
    assert frames in goods.UNIT
    unit = goods.UNIT.replace(frames, "")
    goods.figures_in_context.cache_clear()  # (a description's figures are read once)
    monkeypatch.setattr(goods, "QUANTITY", re.compile(rf"(?<![\w,.])(?P<n>{goods.NUMBER})\s*(?P<u>{unit}){goods.UNIT_END}{goods.RATE}"))
    assert not screen(assistant, video).candidates
    goods.figures_in_context.cache_clear()


def test_password_recovery_by_brute_force_is_cryptanalysis(assistant, monkeypatch):
    """Software that "recovers the passwords of encrypted disk images by brute force" defeats
    cryptographic mechanisms "in order to derive ... passwords or cryptographic keys": 5A004.a's
    'cryptanalytic functions', whose software is 5D002.c.3.a's. The list never says "password
    recovery" or "brute force"."""
    import assistant.goods as goods

    query = ("CipherCrack Suite 2 password-recovery software for police forensic units: GPU brute-force attacks that "
             "recover the passwords of encrypted disk images and archives. 10 licences.")
    entries = [c.entry for c in screen(assistant, query).candidates]
    assert entries[:2] == ["Annex I 5D002", "Annex I 5A004"], entries
    monkeypatch.setattr(goods, "_GOODS_SYNONYMS", [(rx, w) for rx, w in goods._GOODS_SYNONYMS if "cryptanalytic" not in w])
    assert screen(assistant, query + " ").no_match


def test_a_whip_woven_with_steel_wire_is_fitted_with_metal_wire(assistant, monkeypatch):
    """Annex II 4.2 prohibits whips "fitted with barbs, hooks, spikes, metal wire or similar objects";
    a maker writes "thong woven through with galvanised steel wire", which is read as the entry's
    "metal wire". A plain single-tail whip stays unlisted (4.1 needs multiple lashes)."""

    wired = "Braided leather whip, one tail, 1.6 m, the thong woven through with galvanised steel wire, turned oak handle. 80 pcs."
    plain = "Signal whip, nylon braided, 1.2 m single tail, popper end, wooden handle. 100 pcs."
    first = screen(assistant, wired).candidates[0]
    assert first.entry == "Annex II 4.2" and "steel wire (as “metal wire”)" in " ".join(first.why), first.why
    assert screen(assistant, plain).no_match
    _without_wordings(monkeypatch, "metal wire")
    without = screen(assistant, wired + " ").candidates
    assert not without or "“metal wire”" not in " ".join(without[0].why)


def test_a_chair_with_cuffs_welded_to_it_is_a_restraint_chair(assistant, monkeypatch):
    """Annex II 2.5 prohibits "chairs fitted with shackles or other devices to restrain a human
    being"; a maker writes "restraint seat with lockable metal cuffs bolted to the arm rests", which
    is read as those devices and the lists' chairs. Without the two wordings nothing is listed."""

    chair = ("RS-2 restraint seat for holding cells: welded box-steel frame, lockable metal cuffs bolted to the arm rests, "
             "ankle bar at the base, anti-tamper fixings. 12 units.")
    first = screen(assistant, chair, cn="9401 79 00").candidates[0]
    assert first.entry == "Annex II 2.5", first.entry
    assert "(as “shackles”)" in " ".join(first.why) and "(as “chairs”)" in " ".join(first.why), first.why
    _without_wordings(monkeypatch, "shackles|devices to restrain", "chairs")
    without = screen(assistant, chair + " ", cn="9401 79 00").candidates
    assert not without or without[0].entry != "Annex II 2.5"


def test_air_traffic_management_software_is_air_traffic_control_software(assistant, monkeypatch):
    """6D003.h.1 lists "Air Traffic Control (ATC) software ... at Air Traffic Control centres"; an air
    navigation supplier sells "air traffic management" software for "area control centres". Read so,
    it is offered 6D003; without the wording, nothing."""

    software = ("NavCentre 7 air traffic management software for area control centres: runs on commercial Linux servers, "
                "multi-sensor tracker fusing up to 12 primary surveillance radars, 20 SSR/Mode S radars and ADS-B, controller "
                "working positions, flight-plan correlation and safety nets. Licence for one centre.")
    first = screen(assistant, software).candidates[0]
    assert first.entry == "Annex I 6D003" and "(as “air traffic control”)" in " ".join(first.why), first.why
    _without_wordings(monkeypatch, "air traffic control")
    assert not screen(assistant, software + " ").candidates


def test_an_auv_on_programmed_missions_with_an_acoustic_modem_is_8a001(assistant, monkeypatch):
    """8A001.c.1 lists unmanned submersible vehicles "designed for deciding a course ... without
    real-time human assistance" or with an "acoustic data or command link"; a maker writes
    "pre-programmed survey missions without operator input" and "acoustic modem". Read so, the AUV
    is 8A001; without the two wordings it is not."""

    auv = ("Seeker-2000 autonomous underwater vehicle for pipeline inspection: 2,000 m depth rating, 20 h endurance, "
           "pre-programmed survey missions without operator input, acoustic modem for status messages, side-scan sonar "
           "and camera payload. 1 vehicle with its launch frame.")
    first = screen(assistant, auv).candidates[0]
    assert first.entry == "Annex I 8A001" and "(as “deciding a course”)" in " ".join(first.why), first.why
    added = ("deciding a course|without real-time human assistance", "acoustic data or command link")
    _without_wordings(monkeypatch, *added)
    without = screen(assistant, auv + " ").candidates
    assert not without or without[0].entry != "Annex I 8A001"  # (a UAV entry, 9A012, instead)
