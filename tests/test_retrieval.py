"""Hybrid retrieval on the real index: both sides contribute, references resolve, filters hold."""

from __future__ import annotations

import re

import numpy as np
import pytest


def ids(result):
    return [h.passage.id for h in result.hits]


@pytest.mark.parametrize(
    "query, target",
    [
        ("76-74-4", "32019R0125/annex4/1.1"),  # a CAS number: no embedding model knows it
        ("8543 70 90", "32019R0125/annex2/2.1"),  # a CN code
        ("PAVA", "32019R0125/annex3/3.2"),
    ],
)
def test_keyword_side_finds_what_the_dense_side_cannot(assistant, query, target):
    result = assistant.retriever.search(query, k=5, references=False)
    hit = next(h for h in result.hits if h.passage.id.startswith(target))
    assert hit.bm25_rank and hit.bm25_rank <= 3
    if query != "PAVA":
        assert hit.dense_rank == 0 or hit.dense_rank > 5  # the dense side alone would miss it


def test_dense_side_finds_a_paraphrase_with_no_shared_words(assistant):
    question = "Which institution heads the panel steering work on torment devices?"
    result = assistant.retriever.search(question, k=5, references=False)
    hit = next((h for h in result.hits if h.passage.id == "32019R0125/art31/1"), None)
    assert hit is not None, ids(result)
    assert hit.bm25_rank == 0 and hit.dense_rank > 0


@pytest.mark.parametrize(
    "question, first",
    [
        ("What does Article 31(4) say?", "32019R0125/art31/4"),
        ("Explain point 3.3 of Annex III", "32019R0125/annex3/3.3"),
        ("Article 25(2) of Regulation 2021/821", "32021R0821/art25/2"),
        ("Art. 13 of the anti-torture regulation", "32019R0125/art13"),
        ("What is 1C450?", "32021R0821/annex1/1C450/part1"),
        ("Which goods does 1C450 cover, and are consumer goods excluded?", "32021R0821/annex1/1C450/part1"),
        ("recital 33 of Regulation 2019/125", "32019R0125/recital/33"),
        ("How does Article 2(k) of 2019/125 define brokering services?", "32019R0125/art2/k"),
    ],
)
def test_explicit_references_come_first(assistant, question, first):
    result = assistant.search(question, k=5)
    assert result.hits[0].passage.id.startswith(first), ids(result)  # split units: their first part
    assert result.hits[0].reference


def test_named_regulation_ranks_its_passages_first(assistant):
    result = assistant.search("What are the rules on brokering services in Regulation 2021/821?", k=5)
    assert result.hits[0].passage.doc_id == "32021R0821"
    other = assistant.search("What are the rules on brokering services in Regulation 2019/125?", k=5)
    assert other.hits[0].passage.doc_id == "32019R0125"


def test_naming_an_act_also_favours_the_documents_amending_it(assistant):
    # the UK withdrawal is dealt with only by Delegated Regulation 2021/139, which amends 2019/125
    # (relates_to in the manifest): naming the main act must not bury the act amending it
    retriever = assistant.retriever
    assert assistant.documents["32021R0139"]["relates_to"] == ["32019R0125"]
    boost = retriever.doc_boost(["32019R0125"], strong=["32019R0125"])
    of = retriever.doc_of
    assert boost[of == "32019R0125"].min() > 1.0
    assert boost[of == "32021R0139"].min() == boost[of == "32019R0125"].min()
    assert boost[of == "32021R0821"].max() == 1.0


def test_unknown_reference_is_reported(assistant):
    result = assistant.search("What does Article 99 of Regulation 2019/125 say?", k=5)
    assert result.unknown_reference == "Article 99"


def test_filters_by_document_and_kind(assistant):
    result = assistant.search("Who chairs the coordination group?", k=8, doc="32021R0821")
    assert result.hits and {h.passage.doc_id for h in result.hits} == {"32021R0821"}
    result = assistant.search("Alliance for Torture-Free Trade", k=5, kind="press_release")
    assert result.hits and {h.passage.kind for h in result.hits} == {"press_release"}
    result = assistant.search("anti-torture coordination group", k=5, kind=["commentary", "council_conclusions"])
    assert {h.passage.kind for h in result.hits} <= {"commentary", "council_conclusions"}


def test_defined_terms_bring_their_definition(assistant):
    result = assistant.search("Does a broker need an authorisation for goods in Annex III?", k=5)
    assert any(p.id == "32019R0125/art2/l" for p in result.related), [p.id for p in result.related]


def test_authority_breaks_ties_regulation_before_commentary(assistant):
    """The commentary quotes Article 31 verbatim: the regulation must rank above its quotation."""
    question = "An Anti-Torture Coordination Group chaired by a representative of the Commission"
    result = assistant.search(question, k=20)
    quoted = "commentary-2019-125-art31/article-31-anti-torture-coordina/point-1"
    assert ids(result)[0] == "32019R0125/art31/1"
    # the quotation has nearly the same words: it gives up its place and is named with the article
    commentary = assistant.reader.by_id[quoted]
    assert commentary.citation in result.hits[0].same_text and quoted not in ids(result)
    # and it lost the tie on authority, not on the words
    bm = assistant.reader.bm25_scores(question)
    at = assistant.reader.position
    assert bm[at["32019R0125/art31/1"]] == pytest.approx(bm[at[quoted]], rel=0.2)


@pytest.mark.parametrize(
    "question",
    [
        "How long do exporters have to keep their dual-use records?",
        "What does the Anti-Torture Coordination Group do?",
        "Which chemical precursors are listed in 1C350?",
        "How long must registers of dual-use exports be kept?",
        "What must a Member State do when it refuses an anti-torture authorisation?",
    ],
)
def test_hits_show_their_neighbours_in_the_same_provision(assistant, question):
    from assistant.retrieve import FIRST_WINDOW_CHARS, SPLIT_EXTRA, WINDOW_CHARS, unit_of

    result = assistant.search(question, k=5)
    seen: set[str] = set()
    for rank, hit in enumerate(result.hits):
        window = hit.shown
        assert hit.passage in window
        assert {unit_of(p) for p in window} == {unit_of(hit.passage)}  # never crosses a provision
        assert [p.order for p in window] == sorted(p.order for p in window)  # reading order
        if len(window) > 1:
            split = any(  # the other parts of a split paragraph, or of a list entry (they cite its sub-items)
                (p.citation == hit.passage.citation or (p.part and p.item)) and p is not hit.passage for p in window
            )
            budget = FIRST_WINDOW_CHARS if rank == 0 else WINDOW_CHARS  # the top hit shows more of its provision
            assert sum(len(p.text) for p in window) <= budget + (SPLIT_EXTRA if split else 0)
        ids = {p.id for p in window}
        assert len(ids) == len(window), "a passage twice in one window"
        assert not ids & seen, "a passage shown twice"
        seen |= ids
        assert hit.text == "\n".join(p.text for p in window)
    assert any(len(h.shown) > 1 for h in result.hits)
    from collections import Counter

    from assistant.retrieve import MAX_PER_UNIT

    assert max(Counter(unit_of(h.passage) for h in result.hits).values()) <= MAX_PER_UNIT
    # a well-ranked paragraph of a provision already shown joins that window when it fits
    for n, later in enumerate(result.hits):
        for earlier in result.hits[:n]:
            if unit_of(earlier.passage) == unit_of(later.passage):
                assert len(earlier.text) + len(later.passage.text) > WINDOW_CHARS


def test_a_paragraph_split_in_parts_is_shown_whole(assistant):
    import numpy as np

    from assistant.retrieve import SPLIT_EXTRA, WINDOW_CHARS

    r = assistant.retriever
    allowed = np.ones(len(r.passages), dtype=bool)
    checked = 0
    for i, p in enumerate(r.passages):
        if p.part != 1:
            continue
        parts = [  # a list entry's parts cite its sub-items ("entry 1C001.a"): they are one entry
            j for j, q in enumerate(r.passages)
            if q.part and q.doc_id == p.doc_id and (q.citation == p.citation if not p.item else (q.annex, q.item) == (p.annex, p.item))
        ]
        total = sum(len(r.passages[j].text) for j in parts)
        if len(parts) == 2 and WINDOW_CHARS < total <= WINDOW_CHARS + SPLIT_EXTRA:
            assert set(parts) <= set(r.window(i, allowed)), p.citation  # beyond the plain budget
            checked += 1
    assert checked >= 3


def test_paragraphs_of_a_well_matching_provision_rise_together():
    import numpy as np

    from assistant.retrieve import UNIT_SHARE, unit_lift

    units = [("d", "article", "27"), ("d", "article", "27"), ("d", "article", "5"), ("d", "article", "9")]
    scores = np.array([0.9, 0.1, 0.3, 0.0], dtype=np.float32)
    lifted = unit_lift(scores, units)
    assert lifted[0] == pytest.approx(0.9)  # the best of its provision keeps its score
    assert lifted[1] == pytest.approx((1 - UNIT_SHARE) * 0.1 + UNIT_SHARE * 0.9)
    assert lifted[1] > scores[1]  # the weak paragraph of the well-matching article rose
    assert lifted[2] == pytest.approx(0.3) and lifted[3] == 0.0


@pytest.mark.parametrize(
    "question, words, not_words",
    [
        ("Our office arranges sales of restraint chairs from a factory abroad. Is that not allowed?", "brokering prohibited", "chaired"),
        ("Who chairs the coordination group?", "chaired", "brokering"),
        ("We arranged the deal but never touched the goods.", "brokering", "chaired"),
        ("How long do we keep records of shipments to our sister company in Poland?", "intra-Union transfer", "brokering"),
        ("We are a company in Germany shipping sensors to China.", "export", "intra-Union"),
        ("We'll show him how to service the machine at our plant.", "technical assistance", "exhibition"),
        ("Can we take the radar to a trade show in Dubai?", "exhibition", "assistance"),
        ("Which authority do we apply to in Denmark, and what is its e-mail?", "competent authorities email", "exhibition"),
        ("Can the ministry stop a careless exporter from using the EU general authorisations?", "prohibit the exporter from using", "exhibition"),
        # words with two senses: only the one the acts use brings the legal wording
        ("Is it fine if the goods stay within the EU?", "intra-Union", "penalties"),
        ("Is it fine if the goods stay within the EU?", "intra-Union", "period"),
        ("Can a Member State maintain a national ban on these goods?", "prohibited", "assistance"),
        ("Our engineers maintain the machines in Brazil.", "technical assistance", "prohibited"),
        ("Within how many days must the authority decide?", "period days", "assistance"),
        ("Our bank will execute the payment order.", "", "capital"),
        ("What are the fines for breaches?", "penalties", "capital"),
        # an item repaired for its owner abroad goes back under EU003 ("export after repair/replacement")
        ("A customer sent the analyser to our factory for repair. Can we ship it back to them?", "export after repair", "transit"),
        ("Can we send the repaired unit back to Canada?", "export after repair", "brokering"),
        ("Can we send the spare parts to our distributor?", "export", "repair"),
        # what the exporter itself found out is what it is "aware" of; an authority's letter is not
        ("We have just learned that the buyer may use our pumps in a missile programme.", "aware exporter notify", "repair"),
        ("The ministry informed us that the buyer may use our pumps in a missile programme.", "missiles", "aware"),
        # "not on the dual-use list" is the catch-all's "not listed in Annex I"
        ("Our software is not on the dual-use list. Do we need an authorisation?", "not listed in Annex I", "aware"),
        # training as the service supplied, not a trainer's framing of the question
        ("Could a consultant run a course abroad for prison staff on the use of shackle boards?", "technical assistance training", "exhibition"),
        ("Can we deliver that training to the police in Peru?", "technical assistance training", "exhibition"),
        ("Training question: which authority grants a licence for spit hoods?", "competent authority", "assistance"),
        ("In our compliance training, people ask whether a global licence needs an ICP.", "internal compliance programme ICP", "assistance"),
        ("For my training slides: how long is an individual licence valid?", "period", "assistance"),
        ("We have been granted an individual licence for a lathe. How long can we use it?", "valid period of validity", "assistance"),
        ("How long can we use the machine before servicing?", "", "validity"),
        # putting goods on the annexes in a hurry is the urgency procedure; notifying quickly is not
        ("How can the Commission add a new device to the annexes quickly?", "urgency procedure", "assistance"),
        ("How quickly must we notify the authority of a refusal?", "denial", "urgency"),
        ("Can the lists be amended with immediate effect when a new device appears?", "urgency procedure", "assistance"),
        ("How can the Commission get a new device onto the annexes quickly?", "urgency procedure", "assistance"),
        ("If the torture-goods lists must be updated in a rush, does the change wait for Parliament?", "urgency procedure", "assistance"),
        ("We rushed the licence application for the list of goods.", "", "urgency"),
        ("Must we inform the authority immediately of the refusal?", "notify", "urgency"),
        # a Member State asking for goods to be listed makes Article 25's request to add goods
        ("Our ministry wants this new baton put on the EU lists. What do we send?", "request add goods Annex", "urgency"),
        ("Can we add a new country to the list of destinations?", "", "request"),
        # goods from outside on their way to another non-EU country pass through: a transit
        ("Goods from China bound for another non-EU country are in our port. Can we block them?", "transit non-Union", "export"),
        ("We ship sensors bound for a third country.", "export", "transit"),
        # what must be "in place" before using an authorisation is the compliance programme it implements
        ("What do we need to have in place before using EU007?", "implement internal compliance programme", "assistance"),
        ("Is the ban still in force?", "", "implement"),
        # goods anyone can buy in a shop are "generally available to the public" (the Cryptography Note)
        ("Our encrypted USB stick is sold in electronics stores and online. Is it controlled?", "retail selling points", "assistance"),
        ("We sell spare parts to a distributor in Chile. Do we need a licence?", "authorisation", "retail"),
        # shipments repeating to one end-user are recital 34's "multiple shipments ... periodic basis"
        ("We license monthly shipments of thiopental to one hospital. Must we check the end-user each time?", "multiple shipments periodic basis", "retail"),
        ("How many days does the exporter have to notify each shipment?", "period", "periodic"),
        # conclusions "invite" where a reader says "asked"; how often a body meets, not a review's cycle
        ("What did the working party ask the Commission to do about the ECM?", "invites encourages", "frequency"),
        ("How often should the ECM meet, according to the conclusions?", "sufficient frequency", "invites"),
        ("How often is the Commission's review of the regulation repeated?", "", "frequency"),
        # a foreign engineer trained at the exporter's own site: technical assistance to a resident of
        # a third country "temporarily present in the customs territory of the Union" (2021/821 Art. 2(10)(c))
        ("Two engineers from our Indian customer are coming to our factory in Turin for training on a listed press.", "temporarily present", "transit"),
        ("We send our engineers to the customer's plant in India to train its staff.", "", "temporarily"),
        # second-hand goods: the list's General Note 3, "both new and used goods"
        ("We resell second-hand CNC lathes abroad. Does the control list cover them at all?", "both new and used goods", "transit"),
        ("A trader says the list only covers brand-new machines.", "both new and used goods", "transit"),
        ("We have used this form for years.", "", "both"),
        # detainees "abused" is what the acts call torture or other cruel, inhuman or degrading treatment
        ("Reports say detainees there are abused. When must we refuse the licence?", "torture cruel inhuman degrading", "transit"),
        ("Is the licence fee abusively high?", "", "torture"),
        # what other Member States must "be told" is a notification; what an authority "told us" is not
        ("We refused a licence. Do the other Member States have to be told?", "notify notification", "transit"),
        ("The authority has told us the buyer may divert the goods.", "", "notification"),
    ],
)
def test_everyday_words_get_their_legal_wording(question, words, not_words):
    from assistant.synonyms import expand

    added = expand(question).split()
    assert set(words.split()) <= set(added) and not_words not in added


def test_dense_search_finds_nearly_all_exact_nearest_passages(assistant):
    # Chroma's graph search is approximate; with its default width it missed 108 of the 5,920
    # exact top-80 neighbours of these questions (1.8%). Built wide (ingest/index.py HNSW) it
    # misses at most a few; compared with a brute-force cosine ranking, questions made from the
    # words of every 25th passage.
    import numpy as np

    reader = assistant.reader
    ids = [p.id for p in reader.passages]
    vectors = reader.embeddings(ids)
    matrix = np.vstack([vectors[i] for i in ids])
    questions = [f"What does it say about {' '.join(p.text.split()[3:12])}?" for p in reader.passages[::25]]
    queries = assistant.embedder.embed(questions)
    missed = nearest_missed = 0
    for v in queries:
        found = [pid for pid, _ in reader.dense(v, 80)]
        order = np.argsort(-(matrix @ v))
        missed += len({ids[i] for i in order[:80]} - set(found))
        nearest_missed += ids[order[0]] not in found[:1]
    total = 80 * len(questions)
    assert missed <= 0.002 * total, f"{missed} of {total} nearest passages missed"
    assert nearest_missed == 0


def test_a_passage_announcing_a_list_is_shown_with_the_list(assistant):
    # "... shall not be used if:" at the end of a passage: its points open the next passage,
    # which the window shows first, before any better-ranked paragraph of the same provision
    import numpy as np

    from assistant.retrieve import WINDOW_CHARS

    r = assistant.retriever
    allowed = np.ones(len(r.passages), dtype=bool)
    checked = 0
    for i, p in enumerate(r.passages):
        at = r.place[i]
        if not p.text.rstrip().endswith(":") or at + 1 >= len(r.sequence):
            continue
        nxt = r.sequence[at + 1]
        if r.units[nxt] != r.units[i] or len(p.text) + len(r.passages[nxt].text) > WINDOW_CHARS:
            continue
        others = [j for j in range(len(r.passages)) if r.units[j] == r.units[i] and j not in (i, nxt)]
        window = r.window(i, allowed, first=others[::-1])
        assert nxt in window, p.citation
        checked += 1
    assert checked >= 3


def test_a_procedure_named_beside_goods_puts_the_goods_entries_behind_the_articles(assistant, monkeypatch):
    """Arranging a sale (brokering) or a licence's period: the goods only set the scene, and
    their list entries weigh 0.4 instead of taking places ahead of the provisions that apply."""
    import assistant.retrieve as retrieve

    cases = [
        ("An Italian trader arranges the sale of spiked batons from a Chinese factory to a buyer in Nigeria; "
         "the goods never enter the EU. Is that allowed?", "Regulation (EU) 2019/125, Article 6"),
        ("We hold an individual licence for leg irons going to a Moroccan prison service. How long is it valid?",
         "Regulation (EU) 2019/125, Article 21(1)"),
    ]

    def top(question):
        return [h.passage for h in assistant.retriever.search(question, k=5).hits]

    for question, article in cases:
        hits = top(question)
        assert hits[0].citation == article and not any(p.item for p in hits), [p.citation for p in hits]
    monkeypatch.setattr(retrieve, "PROCEDURE_ITEM_PRIOR", 1.0)
    assert all(any(p.item for p in top(question)) for question, _ in cases)


def test_an_operative_article_takes_the_last_place_when_only_lists_match(assistant, monkeypatch):
    # the goods lists match the words best; the exporter also needs the article saying what applies
    import assistant.retrieve as retrieve

    cases = [
        ("Is brokering electric-shock belts between two countries outside the Union allowed?", "Regulation (EU) 2019/125, Article 6"),
        ("Can we send pentobarbital to a prison pharmacy in Texas?", "Regulation (EU) 2019/125, Article 16"),
    ]
    # the slot alone: the priors for activity questions would otherwise lift the article themselves
    monkeypatch.setattr(retrieve, "ACTIVITY_ITEM_PRIOR", 1.0)
    monkeypatch.setattr(retrieve, "PROCEDURE_ITEM_PRIOR", 1.0)
    monkeypatch.setattr(retrieve, "IMPLIED_ANNEX_BOOST", 1.0)
    monkeypatch.setattr(retrieve, "ACTIVITY_RULE_BOOST", 1.0)
    monkeypatch.setattr(retrieve, "ANNEX_ACTIVITY_BOOST", 1.0)
    operative = assistant.retriever._operative
    for question, article in cases:
        hits = assistant.search(question, k=5).hits
        assert hits[-1].passage.citation.startswith(article)
        assert not any(operative(assistant.reader.position[h.passage.id]) for h in hits[:-1])
        assert hits[-1].passage.id not in {p.id for h in hits[:-1] for p in h.shown}
    monkeypatch.setattr(retrieve, "ARTICLE_SLOT_RATIO", 99.0)  # switched off: the lists take every place
    monkeypatch.setattr(assistant.retriever, "governing", {})  # (and the rule for the top entry's list)
    missing = [not any(h.passage.citation.startswith(article) for h in assistant.search(question, k=5).hits) for question, article in cases]
    assert any(missing)


def test_legal_basis_question_finds_the_citations(assistant):
    hits = assistant.search("On what legal basis was Delegated Regulation 2020/621 adopted?", k=3).hits
    assert hits[0].passage.id == "32020R0621/citations"
    assert [p.id for p in hits[0].shown] == ["32020R0621/citations"]  # its window holds no annex text


def test_the_name_of_an_act_does_not_draw_the_keyword_side(assistant, monkeypatch):
    # "the anti-torture regulation" names the act (boosted as a whole); its words must not make
    # the "Anti-Torture Coordination Group" (Article 31, and the commentary on it) the answer
    from assistant.retrieve import Retriever

    question = "What does the anti-torture regulation say about the confidentiality of information received from applicants?"
    assert "torture" not in assistant.retriever.without_act_names(question).lower()
    assert "confidentiality" in assistant.retriever.without_act_names(question)
    top = assistant.search(question, k=1).hits[0].passage
    assert top.doc_id == "32019R0125" and top.article != "31"
    monkeypatch.setattr(Retriever, "without_act_names", lambda self, text: text)  # the name kept
    assert "Article 31" in assistant.search(question, k=3).hits[0].passage.citation


def test_the_rarest_words_of_a_question_lift_the_passages_holding_them(assistant):
    # "Northern Ireland" is what tells this question apart; common words ("licence",
    # "authority") and the act's name are not counted
    r = assistant.retriever
    question = "Under the anti-torture regulation, which authority decides on licence applications from firms in Northern Ireland?"
    coverage = r.rare_coverage(question)
    ni = [i for i, p in enumerate(r.passages) if "Northern Ireland" in p.text]
    assert ni and all(coverage[i] > 0 for i in ni)
    assert coverage[[i for i, p in enumerate(r.passages) if p.id == "32021R0821/art1"][0]] == 0
    assert (coverage == 0).mean() > 0.9  # a few passages rise, not the corpus
    assert coverage.max() <= 1.0
    assert not r.rare_coverage("What does the anti-torture regulation say?").any()  # only the act's name: nothing rare



def test_nearly_identical_passages_take_one_place_and_name_the_others(assistant, monkeypatch):
    """The general authorisations repeat their conditions word for word: one of them shows the
    text, the others are named, and the freed places go to other provisions."""
    from assistant.retrieve import Retriever

    question = "Which exporters must notify the first use of a Union general export authorisation?"
    retriever = assistant.retriever
    alike = Retriever._alike

    def alike_pairs(result):
        ix = [retriever.reader.position[h.passage.id] for h in result.hits]
        return [(a, b) for n, a in enumerate(ix) for b in ix[n + 1 :] if alike(retriever, a, b)]

    result = assistant.search(question)
    assert not alike_pairs(result)
    named = [c for h in result.hits for c in h.same_text]
    assert len(named) >= 2 and len(set(named)) == len(named)
    assert not set(named) & {h.passage.citation for h in result.hits}
    monkeypatch.setattr(Retriever, "_alike", lambda self, i, j: False)
    assert alike_pairs(assistant.search(question))  # without the rule, twins take several places


@pytest.mark.parametrize(
    "text, articles",
    [
        ("under Articles 15 and 19", [("15", ""), ("19", "")]),  # two articles, not 15 to 19
        ("Articles 15, 16 and 19", [("15", ""), ("16", ""), ("19", "")]),
        ("Articles 12(3) and 14", [("12", "3"), ("14", "")]),
        ("Articles 20-23", [("20", ""), ("21", ""), ("22", ""), ("23", "")]),
        ("Articles 5 to 7", [("5", ""), ("6", ""), ("7", "")]),
    ],
)
def test_a_list_of_articles_is_not_read_as_a_range(text, articles):
    from assistant.references import parse

    assert [(r.article, r.paragraph) for r in parse(text).articles] == articles


def test_a_passage_both_rankers_put_first_keeps_a_place_beside_the_named_articles(assistant):
    # the articles a question names set its scene ("the prior authorisation under Articles 15 and
    # 19"); what it asks is answered by the passage both the dense and the keyword side rank first
    question = (
        "We are writing national explanatory notes for applicants on the prior authorisation for brokering and "
        "technical assistance under Articles 15 and 19 of 2019/125. Was guidance on this shared in the coordination group?"
    )
    hits = assistant.search(question, k=5).hits
    agreed = [h for h in hits if h.dense_rank == 1 and h.bm25_rank == 1]
    assert agreed and not agreed[0].reference
    assert hits.index(agreed[0]) <= 1, [h.passage.citation for h in hits]
    assert any(h.reference for h in hits)  # the named articles keep their places too


def test_the_recitals_of_an_act_amending_annexes_are_not_held_back(assistant):
    # a delegated act's annex only says "the entry ... is replaced by"; its recitals say who asked
    # for the change and why, so they compete on equal terms (a main act's recitals are held back)
    hits = assistant.search(
        "Which Member States told the Commission that their competent-authority entries in the anti-torture annex had to change in 2020?", k=5
    ).hits
    assert hits[0].passage.id.startswith("32020R0621/recital/1"), [h.passage.citation for h in hits]
    retriever = assistant.retriever
    delegated = [i for i, p in enumerate(retriever.passages) if p.recital and p.kind == "delegated_regulation"]
    main = [i for i, p in enumerate(retriever.passages) if p.recital and p.kind == "regulation"]
    assert delegated and main
    assert not retriever.main_act_recital[delegated].any() and retriever.main_act_recital[main].all()


def test_the_parts_of_a_general_authorisation_are_one_provision(assistant):
    # what EU003 covers (Part 1), where to (Part 2) and on what conditions (Part 3) are one
    # authorisation: they rise together and a hit's window may show another part, while each
    # part keeps its own two places among the hits
    from assistant.retrieve import MAX_PER_UNIT, part_of, unit_of

    eu003 = [p for p in assistant.passages if p.doc_id == "32021R0821" and "EU003, Part" in p.section]
    assert {p.section.split(", ")[-1] for p in eu003} == {"Part 1", "Part 2", "Part 3"}
    assert len({unit_of(p) for p in eu003}) == 1
    assert len({part_of(p) for p in eu003}) == 3
    hits = assistant.search(
        "Our customer in Brazil returned a dual-use analyser for repair. May we send it back under a Union general export authorisation?", k=5
    ).hits
    shown = [p.section for h in hits[:1] for p in h.shown]
    assert any("EU003, Part 1" in s for s in shown) and any("EU003, Part 3" in s for s in shown), shown
    for h in hits:
        assert sum(part_of(g.passage) == part_of(h.passage) for g in hits) <= MAX_PER_UNIT


def test_an_activity_with_listed_goods_brings_the_article_governing_their_annex(assistant):
    # the goods match Annex II item 2.6 best; the article on training in their use is what answers
    result = assistant.retriever.search(
        "We were asked to train a foreign police force in the use of shackle beds. Is that allowed?", k=3
    )
    assert "32019R0125/art7" in ids(result), ids(result)
    # a question about the goods themselves keeps the list entry first
    result = assistant.retriever.search("Are electric shock belts controlled under the anti-torture regulation?", k=3)
    assert result.hits[0].passage.id == "32019R0125/annex2/2.1", ids(result)


@pytest.mark.parametrize(
    "question, state",
    [
        ("Which authority do we apply to in Germany for exporting leg cuffs?", "germany"),
        ("We are a Danish firm: where do we send our application for an export licence for pepper spray?", "denmark"),
        ("Which Greek ministry handles these licences?", "greece"),
        ("Must we apply to the Italian ministry for an authorisation to export handcuffs?", "italy"),
        # the goods named by a reference set the scene; the authority is what is asked
        ("We sell stun guns (Annex III, item 2.1) from Copenhagen. Which Danish authority do we apply to?", "denmark"),
    ],
)
def test_which_authority_of_a_member_state_finds_its_entry_in_the_list_of_authorities(assistant, question, state):
    result = assistant.retriever.search(question, k=3)
    assert result.hits[0].passage.id.startswith(f"32019R0125/annex1/section-a-{state}"), ids(result)


@pytest.mark.parametrize(
    "question",
    [
        "Can the German authority refuse a licence for handcuffs to a country that still uses the death penalty?",
        "Which German authority issues dual-use export licences?",  # the list is that of 2019/125 only
        # Northern Ireland is not Ireland: its authority is set by 2021/139, not by Ireland's entry
        "After Brexit, which authority decides on anti-torture export authorisations for firms in Northern Ireland?",
    ],
)
def test_a_question_not_asking_which_authority_is_not_sent_to_the_list(assistant, question):
    result = assistant.retriever.search(question, k=3)
    assert not result.hits[0].passage.id.startswith("32019R0125/annex1/"), ids(result)


def test_a_question_asking_what_a_defined_term_means_finds_its_definition_first(assistant, monkeypatch):
    import assistant.retrieve as retrieve

    question = "What is a global authorisation under the anti-torture rules?"
    assert assistant.search(question, k=3).hits[0].passage.id.startswith("32019R0125/art2/"), "definition 2(q)"
    monkeypatch.setattr(retrieve, "DEFINITION_BOOST", 1.0)  # without the prior the articles using the term win
    assert not assistant.search(question, k=3).hits[0].passage.id.startswith("32019R0125/art2/")


def _rank(assistant, question: str, citation: str, k: int = 10) -> int:
    hits = assistant.search(question, k=k).hits
    return next((n for n, h in enumerate(hits, 1) if h.passage.citation == citation), k + 1)


def _rank_without(assistant, monkeypatch, words: str, question: str, citation: str) -> int:
    """The citation's rank once the expansion adding ``words`` is taken out (the counterfactual)."""
    import assistant.synonyms as synonyms

    monkeypatch.setattr(synonyms, "_COMPILED", [(rx, w) for rx, w in synonyms._COMPILED if words not in w])
    return _rank(assistant, question, citation, k=5)


def _ranks_with_and_without(assistant, monkeypatch, words: str, questions: tuple[str, ...], citation: str) -> tuple[list[int], list[int]]:
    """The citation's rank for each question, then once the expansion adding ``words`` is taken out."""
    ranks = [_rank(assistant, q, citation, k=5) for q in questions]
    return ranks, [_rank_without(assistant, monkeypatch, words, q + " ", citation) for q in questions]


def test_how_long_a_licence_can_be_used_or_run_asks_its_validity(assistant, monkeypatch):
    """"An individual licence for dual-use valves: how long can we keep using it?" and "a global
    licence ...: how long can it run?" ask how long the licence is valid."""
    cases = (  # (question, the provision, the place it reaches: the first of 2021/821 is short of first)
        ("Once granted an individual licence for dual-use pumps, how long can we keep using it?", "Regulation (EU) 2021/821, Article 12(3)", 5),
        ("If we get a global licence to export pepper-spray launchers to several police customers, how long can it run?", "Regulation (EU) 2019/125, Article 21(1)", 1),
    )
    for question, citation, place in cases:
        assert _rank(assistant, question, citation, k=5) <= place, question
    assert all(_rank_without(assistant, monkeypatch, "period of validity", q, c) > place for q, c, place in cases)


def test_what_the_delivery_papers_must_say_about_controls_is_article_11_9(assistant, monkeypatch):
    """"What must the delivery note say about controls?" asks what Article 11(9) of 2021/821 wants of
    the "commercial documents ... invoice or dispatch note": to "indicate clearly that those items
    are subject to controls". The records article (27(1), "invoices, manifests") came first."""
    import assistant.synonyms as synonyms

    question = "We send listed dual-use sensors to a client in another EU country: what must our delivery note say about controls?"
    citation = "Regulation (EU) 2021/821, Article 11(9)"
    assert _rank(assistant, question, citation) == 1
    monkeypatch.setattr(synonyms, "_COMPILED", [
        (rx, w) for rx, w in synonyms._COMPILED if w not in ("dispatch note commercial documents", "indicate clearly subject to controls")
    ])
    assert _rank(assistant, question, citation) > 1


def test_what_an_exporter_must_do_is_answered_by_the_rule_not_the_definition(assistant, monkeypatch):
    """"Our unlisted monitoring tool may be used to spy on activists: what are we supposed to do?"
    was answered with the definition of cyber-surveillance items (Article 2(20)), first by meaning
    and keywords; the duty to notify is Article 5(2)."""
    import assistant.retrieve as retrieve

    question = (
        "Our network monitoring tool is not on the control list, but our due diligence suggests the buyer's "
        "security service may use it to spy on activists. What are we supposed to do?"
    )
    citation = "Regulation (EU) 2021/821, Article 5(2)"
    assert _rank(assistant, question, citation) == 1
    import assistant.synonyms as synonyms

    monkeypatch.setattr(retrieve, "DUTY_DEFINITION_PRIOR", 1.0)
    # ("activists" also reads as the repression Article 5 names: taken out too)
    repression = "internal repression serious violations of human rights"
    monkeypatch.setattr(synonyms, "_COMPILED", [(rx, w) for rx, w in synonyms._COMPILED if w != repression])
    assert _rank(assistant, question, citation) > 1


def test_which_system_is_answered_by_the_passages_naming_one(assistant, monkeypatch):
    """"Which electronic system do licensing authorities use to tell each other ...?" asks for a
    system's name: the commentary's "Dual-Use electronic system (DUeS), a secure and encrypted
    system", which the rules on refusals (Articles 12 and 23(4)) do not give, weighs up."""
    import assistant.retrieve as retrieve

    question = "Which electronic system do licensing authorities use to tell each other when they refuse an anti-torture export licence?"

    def place() -> int:
        ids = [h.passage.id for h in assistant.search(question, k=5).hits]
        return next((n for n, i in enumerate(ids, 1) if i.startswith("commentary-2019-125-art31/comment/paragraph-1")), 99)

    assert place() <= 3
    monkeypatch.setattr(retrieve, "SYSTEM_BOOST", 1.0)
    assert place() > 3


def test_a_measured_value_is_answered_by_the_passages_stating_one(assistant, monkeypatch):
    """"Above what concentration ...?" asks for a figure: Annex III 3.4's mixtures "containing at
    least 0,3 % by weight of PAVA or OC" weigh up over recital 25, which speaks of the same sprays
    without any figure."""
    import assistant.retrieve as retrieve

    question = "We bottle a chilli-based self-defence liquid. Above what concentration of capsaicin does it need an export authorisation?"
    assert retrieve.MEASURE_QUESTION.search(question)
    assert assistant.search(question, k=5).hits[0].passage.id == "32019R0125/annex3/3.4"
    monkeypatch.setattr(retrieve, "MEASURE_BOOST", 1.0)
    assert assistant.search(question, k=5).hits[0].passage.id != "32019R0125/annex3/3.4"


def test_a_unit_on_a_un_or_eu_mission_is_article_11_3s_personnel(assistant, monkeypatch):
    """"Our army's contingent on a UN deployment" is Article 11(3)'s "military or civilian personnel
    of a Member State ... taking part in an EU or UN peace keeping or crisis management operation";
    the EU's Heads of Mission and a non-EU police force are no such personnel."""
    import assistant.synonyms as synonyms

    question = "Handcuffs are to be shipped to our army's contingent on a UN deployment in Lebanon. Does the anti-torture regulation require a licence?"
    cited = "Regulation (EU) 2019/125, Article 11(3)"
    assert assistant.search(question, k=5).hits[0].passage.citation == cited
    personnel = "taking part in an EU or UN peace keeping"
    for other in ("What role do the periodic reports of EU Heads of Mission play?", "We refused cuffs for a non-EU police force."):
        assert not any(personnel in w for w in synonyms.legal_wordings(other)), other
    monkeypatch.setattr(synonyms, "_COMPILED", [(rx, w) for rx, w in synonyms._COMPILED if personnel not in w])
    assert assistant.search(question, k=5).hits[0].passage.citation != cited


def test_whether_a_duty_exists_is_answered_by_the_rule_not_the_definition(assistant, monkeypatch):
    """"Must a holder of a global licence run an internal compliance programme?" asks whether the
    duty exists: Article 12(4)'s "shall implement an ICP", not Article 2(21)'s definition of an ICP,
    which shares the question's words and came second."""
    import assistant.retrieve as retrieve

    question = "Quiz statement: an exporter with a global dual-use licence must run an internal compliance programme. Right or wrong?"

    def top_two() -> list[str]:
        return [h.passage.id for h in assistant.search(question, k=5).hits[:2]]

    assert top_two()[0].startswith("32021R0821/art12/4") and "32021R0821/art2/21" not in top_two()
    before = re.compile(retrieve.DUTY_ASKED.pattern.split("|\\b(?:mandatory")[0], re.I)
    assert not before.search(question)
    monkeypatch.setattr(retrieve, "DUTY_ASKED", before)
    assert "32021R0821/art2/21" in top_two()


def test_goods_named_by_a_global_licence_holder_only_set_the_scene(assistant, monkeypatch):
    """"Having obtained a global licence for thermal cameras, do we need a compliance programme?" asks
    about the licence, not the cameras: 6A003's notes, first without that reading, give way to
    Article 12(4)."""
    import assistant.retrieve as retrieve

    question = "Having obtained a global licence for thermal cameras, do we need a formal compliance programme in-house?"
    rule = "Regulation (EU) 2021/821, Article 12(4)"
    assert _rank(assistant, question, rule, k=5) == 1
    added = r"|\bcompliance programme|\bICP\b|\bglobal (?:[\w/-]+ ){0,2}?(?:licen[cs]es?|authori[sz]ations?)\b"
    assert added in retrieve.PROCEDURE_WORDING.pattern
    before = re.compile(retrieve.PROCEDURE_WORDING.pattern.replace(added, ""), re.I)
    assert not before.search(question)
    monkeypatch.setattr(retrieve, "PROCEDURE_WORDING", before)
    assert _rank(assistant, question + " ", rule, k=5) > 1


def test_a_question_the_reports_answer_takes_no_goods_entry_from_the_goods_check(assistant, monkeypatch):
    """"How many representatives from how many countries attended the Brussels meeting on torture
    instruments?" reads to the goods check as a product ("instruments", "meeting",
    "representatives": 3A002); the press release answers it before any act, so that entry is not
    brought in at the k-th place and weighed above the release's paragraphs."""
    import assistant.retrieve as retrieve
    from assistant.goods import retrieval_hints

    question = "How many representatives from how many countries attended the Brussels meeting on torture instruments in June 2018?"
    entry = "32021R0821/annex1/3A002/part18"
    assert entry in retrieval_hints(assistant, question).entries  # (the goods check's reading)

    def first() -> str:
        return assistant.search(question + " " * int(retrieve.REPORT_FIRST_NO_GOODS), k=5).hits[0].passage.id

    assert first().startswith("news-2018-06-29-alliance/")
    monkeypatch.setattr(retrieve, "REPORT_FIRST_NO_GOODS", False)
    assert first() == entry


def test_an_amendment_of_a_year_sets_the_other_years_acts_aside(assistant, monkeypatch):
    """"Which countries were added in 2020 ...?" and "what did the 2020 amendment change?" name
    2020/621: 2021/139's recitals (the United Kingdom, 2021) are no answer and leave the first three
    to 2020/621 and the annex it amended."""
    import assistant.retrieve as retrieve

    questions = (
        "Which countries were added in 2020 to the destinations of the general authorisation for execution drugs, and on what grounds?",
        "What did the 2020 amendment change in the general authorisation for medicines?",
    )

    def from_2021(question: str) -> list[str]:
        hits = assistant.search(question + " " * int(retrieve.OTHER_YEAR_PRIOR * 10), k=5).hits[:3]
        return [h.passage.citation for h in hits if h.passage.doc_id == "32021R0139"]

    assert [from_2021(q) for q in questions] == [[], []]
    monkeypatch.setattr(retrieve, "OTHER_YEAR_PRIOR", 1.0)
    assert all(from_2021(q) for q in questions)


def test_a_date_in_an_acts_title_is_no_date_of_what_happened(assistant, monkeypatch):
    """"When did the working party agree its conclusions on the enforcement mechanism?" is answered by
    the note's "as agreed by the Group on 24 January 2024", not by a consideration citing the Union
    Customs Code "of 9 October 2013": a date in an act's title says when that act was adopted."""
    import numpy as np

    import assistant.retrieve as retrieve

    assert not retrieve.states_a_date("Regulation (EU) No. 952/2013 of the European Parliament and of the Council of 9 October 2013 laying down")
    assert retrieve.states_a_date("as agreed by the Group on 24 January 2024.")
    assert retrieve.states_a_date("Done at Brussels, 18 February 2020.")
    question = ("When did the dual-use working party of the Council agree the operational conclusions on enforcement cooperation "
                "between licensing authorities and customs?")
    note = "Council document 6303/24, NOTE, paragraph 2"
    assert _rank(assistant, question, note, k=5) == 1
    monkeypatch.setattr(retrieve, "ACT_DATES_APART", False)
    monkeypatch.setattr(assistant.retriever, "has_date", np.array([retrieve.states_a_date(p.text) for p in assistant.passages]))
    assert _rank(assistant, question + " ", note, k=5) > 1


def test_what_the_authority_looks_at_before_approving_is_what_it_takes_into_account(assistant, monkeypatch):
    """"What will the licensing authority look at before approving?" asks what it takes into account
    in deciding (Article 17(1) of 2019/125 for Annex IV goods: "taking into account all relevant
    considerations"); without that reading recital 36 and the barbiturates' list item come first.
    Goods named in such a question only set the scene: 6A003 gives way to Article 15."""
    import assistant.retrieve as retrieve

    question = ("We produce pentobarbital and plan to sell it via a distributor in a country that has capital punishment. "
                "What will the licensing authority look at before approving?")
    rule = "Regulation (EU) 2019/125, Article 17(1)"
    assert _rank(assistant, question, rule, k=5) == 1
    assert _rank_without(assistant, monkeypatch, "all relevant considerations", question + " ", rule) > 1
    monkeypatch.undo()
    cameras = "What do the licensing officials take into account when deciding on our application to export thermal cameras?"

    def entries(q: str) -> list[str]:
        return [h.passage.citation for h in assistant.search(q, k=5).hits[:3] if "Annex I, entry" in h.passage.citation]

    assert entries(cameras) == []
    added = r"|\ball relevant considerations\b"
    assert added in retrieve.PROCEDURE_WORDING.pattern
    monkeypatch.setattr(retrieve, "PROCEDURE_WORDING", re.compile(retrieve.PROCEDURE_WORDING.pattern.replace(added, ""), re.I))
    assert entries(cameras + " ")


def test_from_what_date_a_country_change_applies_is_the_final_provision(assistant, monkeypatch):
    """"The United Kingdom was added to the destinations ... From which date does that apply?" asks for
    2021/139's Article 2 ("shall apply from 1 January 2021"), not the instruction inserting the
    country, which came first; "can we ship there, and from what date?" still weighs both."""
    import assistant.retrieve as retrieve

    question = ("The United Kingdom was added to the destinations of the anti-torture general authorisation after Brexit. "
                "From which date does that apply?")
    final = "Delegated Regulation (EU) 2021/139, Article 2"
    assert not retrieve.MAY_WE.search(question) and retrieve.MAY_WE.search("Can we ship there, and from what date?")
    assert _rank(assistant, question, final, k=5) == 1
    monkeypatch.setattr(retrieve, "APPLIES_FROM_FIRST", False)
    assert _rank(assistant, question + " ", final, k=5) > 1


def test_is_a_programme_required_asks_whether_the_duty_exists(assistant, monkeypatch):
    """"Is a formal internal compliance programme required of us?" asks whether the duty exists, as
    "must we run one?" does: the definition of the programme, first without that reading, gives way
    to Article 12(4)."""
    import assistant.retrieve as retrieve

    question = "Our firm now holds a global licence for dual-use pumps. Is a formal internal compliance programme required of us?"
    rule = "Regulation (EU) 2021/821, Article 12(4)"
    assert retrieve.DUTY_ASKED.search(question)
    assert _rank(assistant, question, rule, k=5) == 1
    before = re.compile(retrieve.DUTY_ASKED.pattern.split("|\\b(?:is|are)\\s+")[0], re.I)
    assert not before.search(question)
    monkeypatch.setattr(retrieve, "DUTY_ASKED", before)
    assert _rank(assistant, question + " ", rule, k=5) > 1


def test_a_foreign_customers_staff_trained_at_our_site_is_article_2_10_c(assistant, monkeypatch):
    """Technicians of a foreign client "hosted at our site" to learn servicing are Article 2(10)(c)'s
    "resident of a third country temporarily present in the customs territory of the Union", though
    "nothing leaves the EU"."""
    question = (
        "We are hosting two technicians from a Kazakh client at our site in Austria to show them how to service "
        "listed pumps. Is that technical assistance even though nothing leaves the EU?"
    )
    cited = "Regulation (EU) 2021/821, Article 2(10)"
    assert _rank(assistant, question, cited, k=5) == 1
    assert _rank_without(assistant, monkeypatch, "temporarily present in the customs territory", question, cited) > 1


def test_what_a_general_authorisation_leaves_out_is_its_except_clause(assistant, monkeypatch):
    """"Does the intra-group authorisation cover all our technology, or is something left out?" asks
    for EU007's Part 1, "covers all technology and software specified in Annex I, except those
    listed in ...": an annex's "except" sets goods aside as a release note does."""
    import assistant.retrieve as retrieve

    question = "Does the intra-group general authorisation cover all our software and technology for our daughter company in India, or is something left out?"
    assert retrieve.RELEASE_ASKED.search(question)
    assert assistant.search(question, k=5).hits[0].passage.id == "32021R0821/annex2/section-g-eu007-part-1/1"
    monkeypatch.setattr(retrieve, "RELEASE_BOOST", 1.0)
    assert assistant.search(question, k=5).hits[0].passage.id != "32021R0821/annex2/section-g-eu007-part-1/1"


def test_activists_and_dissidents_are_the_repression_article_5_1_names(assistant, monkeypatch):
    """Unlisted monitoring software for a government "that tracks dissidents" is Article 5(1)'s
    "for use in connection with internal repression and/or the commission of serious violations of
    human rights": the act never says "dissidents" or "activists"."""
    import assistant.synonyms as synonyms

    question = "Unlisted monitoring software is about to go to a government that tracks dissidents. What allows us to impose a licence requirement?"
    cited = "Regulation (EU) 2021/821, Article 5(1)"
    assert assistant.search(question, k=5).hits[0].passage.citation == cited
    repression = "internal repression serious violations of human rights"
    monkeypatch.setattr(synonyms, "_COMPILED", [(rx, w) for rx, w in synonyms._COMPILED if w != repression])
    assert assistant.search(question, k=5).hits[0].passage.citation != cited


def test_an_aviation_authoritys_certificate_is_the_civil_aircraft_note(assistant, monkeypatch):
    """Inertial units "with an airworthiness approval from the FAA for passenger jets" are what 7A003's
    note releases: "certified for use on 'civil aircraft' by civil aviation authorities"."""
    question = "Our inertial measurement units have an airworthiness approval from the FAA for passenger jets. Does the inertial equipment entry still apply to them?"
    hits = assistant.search(question, k=5).hits
    assert hits[0].passage.id == "32021R0821/annex1/7A003/part2", [h.passage.id for h in hits]
    import assistant.synonyms as synonyms

    monkeypatch.setattr(synonyms, "_COMPILED", [(rx, w) for rx, w in synonyms._COMPILED if "civil aviation authorities" not in w])
    assert assistant.search(question, k=5).hits[0].passage.id != "32021R0821/annex1/7A003/part2"


def test_the_brokering_licence_model_is_a_form_and_weighs_less(assistant, index_dir, monkeypatch):
    """Annex III B of 2021/821 ("Model for brokering services / technical assistance") is a form, a
    table of boxes naming the broker, the originating third country and the consignee: it came
    first for a question after when brokering needs a licence (Article 6(1)). Its context says
    "Model for", not "form", so it escaped the prior on forms."""
    import assistant.retrieve as retrieve

    question = (
        "We are a trading house in the EU arranging a sale of listed dual-use goods from Turkey to a buyer in Pakistan; "
        "the goods never enter the EU. When does our brokering need a licence?"
    )
    assert _rank(assistant, question, "Regulation (EU) 2021/821, Article 6(1)") == 1
    monkeypatch.setattr(retrieve, "FORM_MODELS", False)  # read when the retriever is built: a new one
    from assistant.service import Assistant

    assert _rank(Assistant(index_dir), question, "Regulation (EU) 2021/821, Article 6(1)") > 1


def test_a_question_whether_goods_are_taken_out_weighs_up_the_releasing_notes(assistant, monkeypatch):
    """"Limited to 9 frames per second: is it excluded from / does that take it out of the infrared
    camera entry?" asks for the note setting goods aside (6A003's Note 3: "6A003.b.4.b. does not
    control imaging cameras having ... a maximum frame rate equal to or less than 9 Hz"); 6A203's
    framing cameras, which share "frames per second", came first."""
    import assistant.retrieve as retrieve

    questions = (
        "A thermal camera core of ours is limited to 9 frames per second: is it excluded from the infrared camera entry?",
        "Our thermal imaging core runs at no more than 9 frames per second. Does that take it out of the infrared camera control?",
    )
    note = "32021R0821/annex1/6A003/part9"
    assert all(assistant.search(q, k=3).hits[0].passage.id == note for q in questions)
    monkeypatch.setattr(retrieve, "RELEASE_BOOST", 1.0)
    assert all(assistant.search(q, k=3).hits[0].passage.id != note for q in questions)


def test_a_question_about_when_an_act_applies_prefers_its_final_provision(assistant, monkeypatch):
    import assistant.retrieve as retrieve

    question = "The amending act 2020/621 was published on 7 May 2020: from which day is it in force?"
    final = "Delegated Regulation (EU) 2020/621, Article 2"
    with_prior = _rank(assistant, question, final)
    monkeypatch.setattr(retrieve, "ENTRY_INTO_FORCE_BOOST", 1.0)
    assert with_prior == 1 and _rank(assistant, question, final) > 1


def test_a_question_asking_for_a_date_prefers_passages_stating_one(assistant, monkeypatch):
    import assistant.retrieve as retrieve

    # (2021/139's "ends on 31 December 2020" is now shown inside recital 1's window, not ranked alone)
    question = "When did the Anti-Torture Coordination Group report get adopted by the Commission?"
    dated = "Commentary on Article 31 of Regulation (EU) 2019/125, Comment, paragraph 1"  # "On 7 October 2019, ..."
    with_prior = _rank(assistant, question, dated)
    assert with_prior == 1
    monkeypatch.setattr(retrieve, "DATE_BOOST", 1.0)
    assert with_prior < _rank(assistant, question, dated)


def test_goods_only_one_act_lists_draw_the_question_to_that_act(assistant, monkeypatch):
    import assistant.retrieve as retrieve

    words = assistant.retriever.regime_goods
    assert {"spit", "thiopent", "shackl"} <= words["32019R0125"], "anti-torture goods words"
    assert not {"licenc", "authoris", "export", "broker"} & (words["32019R0125"] | words["32021R0821"]), "shared words"
    question = "We broker sales of spit hoods between two third countries. What must the licence application tell the authority?"
    # measured with the milder prior of activity questions: under brokering's own prior the spit
    # hoods entry drops out and 2021/821's brokering form is second with the regime's boost or without; the form
    # weighs less since it counts as a form (session 48): its place is read among the first ten
    monkeypatch.setattr(retrieve, "PROCEDURE_ITEM_PRIOR", retrieve.ACTIVITY_ITEM_PRIOR)

    def first_dual_use() -> int:
        hits = assistant.search(question, k=10).hits
        return next((n for n, h in enumerate(hits, 1) if h.passage.doc_id == "32021R0821"), 11)

    with_prior = first_dual_use()
    monkeypatch.setattr(retrieve, "REGIME_GOODS_BOOST", 1.0)
    assert with_prior > first_dual_use()


def test_the_goods_check_points_the_chat_to_the_note_that_answers(assistant, monkeypatch):
    import assistant.goods as goods

    question = "A tourist carries a small pepper spray in her handbag for her own protection when flying to Kenya. Does she need an authorisation?"
    assert goods.retrieval_hints(assistant, question).notes == {"32019R0125/annex3/3.1": goods.GOODS_NOTE_BOOST}
    top = assistant.search(question, k=1).hits[0].passage
    assert top.citation == "Regulation (EU) 2019/125, Annex III, item 3.1", top.citation  # its note: own protection
    monkeypatch.setattr(goods, "GOODS_NOTE_BOOST", 1.0)
    # (the chat's own reading of "in her handbag" finds the note too: both are taken out)
    import assistant.synonyms as synonyms

    monkeypatch.setattr(synonyms, "_COMPILED", [(rx, w) for rx, w in synonyms._COMPILED if "own personal protection" not in w])
    assert assistant.search(question, k=3).hits[0].passage.citation != top.citation


def test_the_note_the_goods_check_finds_outranks_a_recital_on_the_same_substance(assistant, monkeypatch):
    """"A chilli hot sauce made with oleoresin capsicum" shares more words with recital 25 (on OC
    and PAVA controls) than with item 3.4, whose note "does not control sauces" answers it: the
    goods check's hint must weigh enough to put the note first (at 3.0 the recital stayed first)."""
    import assistant.goods as goods

    question = "We export a chilli hot sauce made with oleoresin capsicum. Does it need an export licence under the anti-torture regulation?"
    assert assistant.search(question, k=3).hits[0].passage.citation == "Regulation (EU) 2019/125, Annex III, item 3.4"
    monkeypatch.setattr(goods, "GOODS_NOTE_BOOST", 3.0)
    assert assistant.search(question + " ", k=3).hits[0].passage.citation != "Regulation (EU) 2019/125, Annex III, item 3.4"


def test_the_entry_the_goods_check_matches_is_weighed_up_in_the_chat(assistant, monkeypatch):
    """"Can pepper spray be exported to Norway without a licence?": the acts never say "pepper",
    and the chat's own top hits were Article 12's criteria for deciding; the goods check reads
    "oleoresin capsicum" for it and matches item 3.1. That entry is weighed up (brought in even
    when no word of the question reaches it), with the article saying what applies to it; a match
    is no sign by itself that the documents answer, and a question asking why gets no entry."""
    import assistant.goods as goods

    question = "Can pepper spray be exported to Norway without a licence?"
    hints = goods.retrieval_hints(assistant, question)
    assert hints.entries == {"32019R0125/annex3/3.1": goods.MATCHED_ENTRY_BOOST} and hints.notes == {}
    answer = assistant.ask(question)
    assert answer.citations[0].citation == "Regulation (EU) 2019/125, Annex III, item 3.1"
    assert "For any export of goods listed in Annex III, an authorisation shall be required" in answer.text
    assert not answer.evidence["goods_note"]
    assert goods.retrieval_hints(assistant, "Why does the EU control exports of pepper spray at all?").entries == {}
    monkeypatch.setattr(goods, "MATCHED_ENTRY_BOOST", 1.0)
    assert assistant.ask(question + " ").citations[0].citation != "Regulation (EU) 2019/125, Annex III, item 3.1"


def test_two_words_run_together_are_read_as_the_acts_two_words():
    """"thumbcuffs", "legirons": the acts write "thumb-cuffs" and "leg irons"; a token they never
    use that splits into two of their words is read as both (the longest first word wins)."""
    from ingest.tokens import split_compound, tokenize

    known = {t: 1.0 for t in tokenize("thumb-cuffs leg irons spit hoods thumbs")}
    assert split_compound(tokenize("thumbcuffs")[0], known) == ("thumb", "cuff")
    assert split_compound(tokenize("legirons")[0], known) == ("leg", "iron")
    assert split_compound(tokenize("handcuffs")[0], known) is None  # "hand" is no word of these
    assert split_compound("thumb", known) is None  # a word the documents use is left alone
    assert split_compound(tokenize("thumbcuffs")[0], {"thumb": 1.0}) is None


def test_a_run_together_product_name_finds_its_entry_and_the_rule_for_the_activity(assistant):
    """"Can we sell thumbcuffs to a prison in Peru?" was answered from recital 20 and the
    advertising ban (Article 9) without the entry or the export ban: the run-together word finds
    item 2.2, and selling abroad brings the list's export rule, not another of its rules."""
    answer = assistant.ask("Can we sell thumbcuffs to a prison in Peru?")
    cited = [c.citation for c in answer.citations]
    assert cited[0] == "Regulation (EU) 2019/125, Annex II, item 2.2", cited
    assert "Regulation (EU) 2019/125, Article 3(1)" in cited[:3], cited


def test_a_question_about_no_product_gets_no_hints(assistant):
    from assistant.goods import retrieval_hints

    hints = retrieval_hints(assistant, "Who chairs the Anti-Torture Coordination Group?")
    assert hints.notes == {} and hints.entries == {}


def test_query_vectors_are_cached_and_read_only(assistant):
    first = assistant.embedder.embed_query("leg irons for a prison in Peru")
    again = assistant.embedder.embed_query("leg irons for a prison in Peru")
    assert again is first and not first.flags.writeable
    assert assistant.embedder.embed_query("leg irons for a prison in Chile") is not first
    assistant.embedder.forget_queries()
    assert assistant.embedder.embed_query("leg irons for a prison in Peru") is not first


def test_texts_batched_by_length_keep_their_order_and_vectors(assistant, monkeypatch):
    """A few texts are embedded in batches of similar length (less padding) in float32: the
    vectors must be those of one plain batch, row for row. (Where bfloat16 is used, one batch
    runs instead: tests/test_embed.py.)"""
    import numpy as np

    monkeypatch.setattr(assistant.embedder, "_bf16", False)

    texts = ["Leg irons.", "The exporter shall keep registers.", "x" * 5 + " short",
             "This general export authorisation may not be used if the exporter has been prohibited from using it "
             "in accordance with Article 20(1) of Regulation (EU) 2019/125.", "Spiked batons", "Thumb-cuffs and thumbscrews."]
    plain = assistant.embedder.model.encode(texts, normalize_embeddings=True, convert_to_numpy=True)
    batched = assistant.embedder.embed(texts)
    assert batched.shape == plain.shape and np.abs(batched - plain).max() < 1e-4


@pytest.mark.parametrize(
    ("question", "answer", "legal_words"),
    [
        ("A company with a global dual-use authorisation for 300 units wants us to divide it into two licences. Must we?",
         "Regulation (EU) 2021/821, Article 12(4)", "split"),
        ("Can the customs office in Spain demand the anti-torture licence in Spanish?",
         "Regulation (EU) 2019/125, Article 22(1)", "translation official language"),
        ("May a Member State issue anti-torture authorisations digitally instead of on paper?",
         "Regulation (EU) 2019/125, Article 21(3)", "electronic documents processed electronically"),
        ("Our police officers join an EU peacekeeping operation abroad with their handcuffs. Is an export authorisation required?",
         "Regulation (EU) 2019/125, Article 11(3)", "peace keeping"),
        ("Our inspectors have held a container of spiked batons and thumb-cuffs bound for a third country; there is no licence. What should happen to the cargo?",
         "Regulation (EU) 2019/125, Article 22(2)", "detain detained goods"),
        # (naming a general authorisation too, the recital saying why the UK was inserted is
        # favoured anyway: see the test on the UK's insertion)
        # the instrument the act names in full, by the short name its readers use
        ("The NPM set up under the OPCAT asks us for the end-users named in a stun gun licence application. Can we give it that information?",
         "Regulation (EU) 2019/125, Article 20(10)", "national preventive mechanism Optional Protocol United Nations Convention against Torture"),
        ("Why does the United Kingdom qualify for the list of destinations?",
         "Delegated Regulation (EU) 2021/139, recital 10", "meets the requirements conditions for inclusion"),
    ],
)
def test_everyday_administrative_words_reach_the_acts_wording(assistant, monkeypatch, question, answer, legal_words):
    import assistant.synonyms as synonyms

    assert legal_words in synonyms.expand(question)
    assert assistant.search(question, k=3).hits[0].passage.citation == answer
    monkeypatch.setattr(synonyms, "_COMPILED", [(rx, words) for rx, words in synonyms._COMPILED if legal_words not in words])
    assert assistant.search(question, k=3).hits[0].passage.citation != answer


def test_a_named_sub_item_of_a_control_entry_comes_first(assistant):
    """'caught by 5A001.b.3?' is answered by 5A001.b.3, not by the opening of 5A001 (which an
    explicit entry code alone puts first)."""
    from assistant.references import parse

    refs = parse("Is our radio caught by 5A001.b.3, or by 3A001 at all? See 5A002.", {})
    assert refs.sub_items == ["5A001.b.3"] and refs.entries == ["5A001", "3A001", "5A002"]
    hits = assistant.retriever.search("Quiz: a frequency-hopping handheld radio transmits at 0.5 W. Is it caught by 5A001.b.3?", k=5).hits
    assert hits[0].passage.citation.endswith("entry 5A001.b.3")
    plain = assistant.retriever.search("Quiz: a frequency-hopping handheld radio transmits at 0.5 W. Is it caught by 5A001?", k=5).hits
    assert plain[0].passage.citation.endswith("entry 5A001")  # the entry's head when no sub-item is named


@pytest.mark.parametrize(
    "question, recital_of",
    [
        ("Why were The Gambia and Madagascar added to the destinations of the Union general export authorisation?", "32020R0621"),
        ("Why is the United Kingdom a destination of the Union general export authorisation for capital punishment goods?", "32021R0139"),
    ],
)
def test_a_why_question_about_an_amendment_is_answered_by_its_recitals(assistant, question, recital_of):
    """The annex of an amending act says what changed ('the following is inserted: The Gambia'); its
    recitals say why: a 'why' question puts them first."""
    top = assistant.retriever.search(question, k=5).hits[0].passage
    assert top.doc_id == recital_of and top.recital, top.citation


@pytest.mark.parametrize(
    ("question", "activity"),
    [
        ("A container of listed dual-use items is transiting the port. Can the authorities stop it?", True),
        ("We are moving a listed component from our plant in Germany to a customer in France.", True),
        ("Can we take our listed camera to a trade fair and bring it back afterwards?", True),
        ("Is a thermal camera with a 640x512 detector listed in Annex I?", False),
        ("Customs have stopped our shipment of stun batons. What happens to the goods now?", True),
        ("Our technicians service the shackle beds we sold to a prison abroad. Do we need an authorisation?", True),
        ("I'm a security consultant taking my own stun gun abroad. Is it covered?", False),
        ("I'm a security consultant taking my own stun gun abroad. Do I need an export licence?", False),
        # "what is the deadline" asks about the procedure; "what is a spiked baton" about the goods
        ("We turned down an application for shock batons. What is the deadline for telling the other Member States?", True),
        ("Can we sell them abroad? What is a spiked baton under the regulation?", False),
    ],
)
def test_a_question_about_an_activity_with_listed_goods_is_read_as_one(question, activity):
    """Entries weigh less when a question asks about an activity (transit, a transfer, a fair):
    the article on the activity answers. "Listed goods" in such a question does not make it a
    question about what is listed; "is it listed in Annex I?" is one."""
    from assistant.retrieve import ACTIVITY_QUESTION, GOODS_QUESTION

    is_activity = bool(ACTIVITY_QUESTION.search(question)) and not GOODS_QUESTION.search(question)
    assert is_activity is activity


def test_a_question_naming_one_regime_is_not_answered_by_the_other_acts_rule(assistant, monkeypatch):
    """'a global authorisation for dual-use items': 2019/125's Article 21(1) speaks of 'the
    period of validity of a global authorisation' in the same words, but it is the anti-torture
    rule, not the answer. Its family weighs 0.7 when a question names only 2021/821 and uses none
    of 2019/125's goods words; with those words ('stun batons') it keeps its place."""
    import assistant.retrieve as retrieve

    question = "How long is a global authorisation for dual-use items valid?"
    hits = assistant.retriever.search(question, k=3).hits
    assert all(h.passage.doc_id == "32021R0821" for h in hits), [h.passage.citation for h in hits]
    mixed = assistant.retriever.search("Are stun batons for the police covered by the dual-use regulation, or by another act?", k=5).hits
    assert any(h.passage.doc_id == "32019R0125" for h in mixed)
    monkeypatch.setattr(retrieve, "OTHER_REGIME_PRIOR", 1.0)
    monkeypatch.setattr(retrieve, "GLOBAL_BOOST", 1.0)  # (which also weighs 2021/821's Article 12(3) above it)
    assert assistant.retriever.search(question, k=3).hits[0].passage.citation == "Regulation (EU) 2019/125, Article 21(1)"


def test_the_named_acts_own_goods_keep_the_other_regime_weighed_down(assistant):
    """'shipping pentobarbital-containing products ... under the anti-torture regulation':
    'shipping' and 'pharmaceutical' are words of the dual-use list too, but the question names
    2019/125 and its goods (pentobarbital), so the dual-use general authorisations stay out."""
    question = (
        "We're a pharmaceutical wholesaler shipping pentobarbital-containing products to Norway under the "
        "Union general export authorisation of the anti-torture regulation. Must we tell anyone we use it?"
    )
    hits = assistant.retriever.search(question, k=5).hits
    assert all(h.passage.doc_id != "32021R0821" for h in hits), [h.passage.citation for h in hits]


def test_a_named_entry_does_not_crowd_out_the_article_on_the_activity(assistant):
    """'transfer 1C351 toxins to Germany': the named entry is pinned first with a score far above
    any other passage; the last place still goes to the operative article on intra-Union
    transfers, judged against the best passage the question did not name."""
    hits = assistant.retriever.search("Do I need an authorisation to transfer 1C351 toxins to Germany from France?", k=5).hits
    assert hits[0].passage.citation.startswith("Regulation (EU) 2021/821, Annex I, entry 1C351")
    assert any(h.passage.doc_id == "32021R0821" and h.passage.article == "11" for h in hits), [h.passage.citation for h in hits]


def test_an_amending_instruction_gives_way_to_the_recital_that_explains_it(assistant, monkeypatch):
    """"(a) the entry 'Former Yugoslav Republic of Macedonia' is deleted" is shown, but the recital
    saying why (the Prespa Agreement's new name) comes first."""
    import assistant.retrieve as retrieve

    question = "Our destination list still shows Former Yugoslav Republic of Macedonia. What changed?"
    ids = [h.passage.id for h in assistant.retriever.search(question, k=5).hits]
    assert ids[0] == "32020R0621/recital/6"
    assert any(i.startswith("32020R0621/annex/point-3-a") for i in ids[:3])
    monkeypatch.setattr(retrieve, "AMENDMENT_PRIOR", 1.0)  # guard: without the prior the instruction led
    assert assistant.retriever.search(question + " ", k=5).hits[0].passage.id.startswith("32020R0621/annex/point-3-a")


def test_the_control_list_entry_takes_the_place_of_a_general_authorisations_restatement(assistant):
    """EU006 lists "4. Phosgene: Carbonyl dichloride (CAS 75-44-5);" word for word as Annex I does
    in 1C450.a: asked which entry covers phosgene, the Annex I entry is cited, EU006 named with it."""
    hits = assistant.search("Is phosgene on the EU dual-use list, and under which entry?", k=5).hits
    assert hits[0].passage.citation == "Regulation (EU) 2021/821, Annex I, entry 1C450.a.4"
    assert "Regulation (EU) 2021/821, Annex II, Section F, EU006, Part 1, item 1C450.a.4" in hits[0].same_text
    assert not any(", EU006, Part 1, item 1C450.a.4" in h.passage.citation for h in hits)


def test_a_council_documents_covering_note_gives_way_to_its_conclusions(assistant, monkeypatch):
    """'Delegations will find attached the Operational Conclusions ...' names every word of a
    question on what the working party concluded, but only transmits; it still answers when the
    conclusions were agreed."""
    import assistant.retrieve as retrieve

    def top(question):
        return assistant.retriever.search(question, k=3).hits[0].passage

    concluded = "What did the Working Party on Dual Use Goods conclude about the Enforcement Coordination Mechanism?"
    assert top(concluded).section != "NOTE", top(concluded).citation
    agreed = top("When did the WPDU agree its operational conclusions on the ECM?")
    assert agreed.section == "NOTE" and "24 January 2024" in agreed.text
    monkeypatch.setattr(retrieve, "COVER_NOTE_PRIOR", 1.0)
    assert top(concluded).section == "NOTE"


def test_a_question_on_what_was_found_in_practice_is_answered_by_the_reports(assistant, monkeypatch):
    """Article 9 states the advertising ban; whether anyone found it falls short in practice is
    what the commentary on the coordination group's report says."""
    import assistant.retrieve as retrieve

    question = "Were any loopholes in the advertising ban for Annex II goods discussed by the coordination group?"
    top = assistant.retriever.search(question, k=3).hits[0].passage
    assert top.kind == "commentary", top.citation
    monkeypatch.setattr(retrieve, "FINDING_BOOST", 1.0)
    assert assistant.retriever.search(question, k=3).hits[0].passage.kind != "commentary"


def test_a_country_named_brings_the_amendment_that_listed_it(assistant, monkeypatch):
    """The consolidated destination list names a hundred countries in one passage; the delegated
    act that inserted 'The Gambia' (and its recital saying why) is what tells whether it counts.
    The United Kingdom, named in nearly every passage of 2021/139, points to none of them."""
    import assistant.retrieve as retrieve
    from assistant.synonyms import countries_named

    assert countries_named("After Brexit, can a hospital in London still get it?") == {"United Kingdom"}
    assert countries_named("the entry 'Former Yugoslav Republic of Macedonia'") == {"North Macedonia"}
    assert countries_named("a distributor in Chad") == {"Chad"} and countries_named("a chad of paper") == set()
    assert countries_named("our plant in Germany") == set()  # a Member State is no destination
    assert "United Kingdom" not in assistant.retriever.country_amended
    question = "Is The Gambia now among the destinations for lethal-injection drugs?"
    top = assistant.retriever.search(question, k=3).hits[0].passage
    assert top.doc_id == "32020R0621" and "Gambia" in top.text, top.citation
    monkeypatch.setattr(retrieve, "COUNTRY_AMENDMENT_BOOST", 1.0)
    assert assistant.retriever.search(question, k=3).hits[0].passage.doc_id != "32020R0621"


def test_a_recital_is_shown_with_the_one_it_builds_on(assistant):
    """2020/621's recital 5 says Gambia and Madagascar ratified 'that Protocol'; which protocol is
    recital 4's. An amending act's recitals are shown together, so the answer can name it. A main
    act's recitals stand alone, unless one builds on the one before ('It is therefore necessary
    to impose controls' in 2019/125's recital 30 rests on recital 29's diverted medicines)."""
    r = assistant.retriever
    at = {p.id: i for i, p in enumerate(r.passages)}
    assert r.units[at["32020R0621/recital/4"]] == r.units[at["32020R0621/recital/5"]]
    assert r.units[at["32019R0125/recital/33"]] != r.units[at["32019R0125/recital/34"]]
    everywhere = np.ones(len(r.passages), dtype=bool)
    assert at["32019R0125/recital/29"] in r.window(at["32019R0125/recital/30"], everywhere)
    assert at["32019R0125/recital/20"] not in r.window(at["32019R0125/recital/21"], everywhere)  # no back-reference
    question = "What treaty did Gambia and Madagascar ratify that got them onto the destination list of the anti-torture general export authorisation?"
    answer = assistant.ask(question)
    first = answer.retrieved[0]
    assert first["citation"] == "Delegated Regulation (EU) 2020/621, recital 5"
    assert "32020R0621/recital/4" in first["window"]
    assert "Second Optional Protocol" in answer.text


def test_an_amending_instruction_is_shown_with_the_recital_saying_why(assistant):
    """'the entry "Madagascar" is inserted' says what changed; recital 5 ('Gambia and Madagascar
    meet the conditions for inclusion in the list laid down in Annex V') says why, and is shown
    with it. The new addresses of point (1) are another provision than point (3)'s destinations."""
    r = assistant.retriever
    at = {p.id: i for i, p in enumerate(r.passages)}
    everywhere = np.ones(len(r.passages), dtype=bool)
    madagascar = at["32020R0621/annex/point-3-c/1"]
    assert r.reasons[madagascar] == [at["32020R0621/recital/5"]]
    assert at["32020R0621/recital/5"] in r.window(madagascar, everywhere, budget=600)
    assert r.units[madagascar] == r.units[at["32020R0621/annex/point-3-b/1"]]
    assert r.units[madagascar] != r.units[at["32020R0621/annex/point-1-a/1"]]
    # the United Kingdom joins the destinations in 2021/139's point (2); recital 10 says why
    assert r.reasons[at["32021R0139/annex/point-2/1"]] == [at["32021R0139/recital/10"]]  # not 11's "therefore ... amend"
    assert at["32020R0621/annex/point-3-a/1"] not in r.reasons  # no recital names the entry and Annex V
    answer = assistant.ask("Has Madagascar been added to the destinations of the EU general export authorisation for capital-punishment medicines?")
    assert answer.retrieved[0]["citation"] == "Delegated Regulation (EU) 2020/621, Annex, point (3)(c)"
    assert "32020R0621/recital/5" in answer.retrieved[0]["window"]
    assert "meet the conditions for inclusion" in answer.text


def test_telling_anyone_that_a_general_authorisation_is_used_is_its_first_use_notice(assistant, monkeypatch):
    """'Must we tell anyone that we are using it?' is the general authorisation's own duty to
    'notify ... of their first use of this general export authorisation' (Annex V Part 3 (2))."""
    import assistant.retrieve as retrieve
    import assistant.synonyms as synonyms

    question = ("We ship thiopental to a clinic in Iceland under the anti-torture regulation's general export "
                "authorisation. Must we tell anyone that we are using it?")
    notice = "Regulation (EU) 2019/125, Annex V, Part 3, point (2)"
    assert "notify first use of this general export authorisation" in synonyms.expand(question)
    assert _rank(assistant, question, notice, k=5) <= 5
    # "we just made our first shipment ... do we have to tell anyone?" asks the same
    shipped = ("We just made our first shipment of pentobarbital to Switzerland under the EU general export "
               "authorisation. Do we have to tell anyone, and by when?")
    assert "notify first use of this general export authorisation" in synonyms.expand(shipped)
    assert "notify first use" not in synonyms.expand("Our first shipment to Norway left last week. Which customs office clears it?")
    assert _rank(assistant, shipped, notice, k=5) <= 5
    assert _rank_without(assistant, monkeypatch, "first use", question, notice) > 5
    # (Switzerland is on Annex V's list of destinations, which alone lifts Annex V for it, and
    # "pentobarbital" is a word only the anti-torture lists use, which lifts the whole act)
    monkeypatch.setattr(retrieve, "DESTINATION_LIST_PRIOR", 1.0)
    monkeypatch.setattr(retrieve, "REGIME_GOODS_BOOST", 1.0)
    assert _rank(assistant, shipped, notice, k=5) > 5


def test_a_foreign_trainee_at_the_exporters_plant_finds_the_provider_of_technical_assistance(assistant, monkeypatch):
    """Training a visitor from a third country at the exporter's plant in the Union is technical
    assistance by 2021/821's Article 2(10)(c); the question shares only "technical assistance" with
    it, which many provisions use."""

    question = ("A Korean engineer comes to our plant in Ghent for ten days of hands-on training on a listed machine. "
                "Is that technical assistance under the dual-use rules although nothing leaves Belgium?")
    definition = "Regulation (EU) 2021/821, Article 2(10)"
    assert _rank(assistant, question, definition, k=5) == 1
    assert _rank_without(assistant, monkeypatch, "temporarily present", question, definition) > 1


def test_general_words_of_a_procedural_question_do_not_name_the_dual_use_lists(assistant, monkeypatch):
    """"A new restraint device appears on the market: can the Commission list it straight away?"
    names the anti-torture regime by "restraint"; "appears", "onto" and "straight" are in the
    control list's thousands of words but name no goods, and made the question read as dual-use
    too, so 2021/821's own urgency procedure came first."""
    import assistant.retrieve as retrieve

    question = ("If a nasty new restraint device suddenly appears on the market, can the Commission get it onto the "
                "controlled lists immediately or must it wait for Parliament and Council?")
    top = assistant.search(question, k=3).hits[0].passage
    assert top.doc_id == "32019R0125", top.citation
    assert {"appear", "onto", "straight"} <= retrieve.REGIME_STOP
    goods_words = dict(assistant.retriever.regime_goods)
    goods_words["32021R0821"] = goods_words["32021R0821"] | {"appear", "onto", "straight"}
    monkeypatch.setattr(assistant.retriever, "regime_goods", goods_words)
    assert assistant.search(question, k=3).hits[0].passage.doc_id != "32019R0125"


def test_a_shipment_under_a_general_authorisation_and_telling_the_authority_is_the_first_use_notice(assistant, monkeypatch):
    """'We sent thiopental under the EU general export authorisation: must we inform our authority,
    and how soon?' asks for the notice of first use, which the embedding places outside its first
    80 for such a question: the keywords ask for it, and the passages stating it are raised."""
    import assistant.retrieve as retrieve
    import assistant.synonyms as synonyms

    question = ("Last month we sent thiopental to a clinic in Iceland under the EU general export authorisation "
                "for capital-punishment goods. Do we have to inform our national authority, and how soon?")
    notice = "Regulation (EU) 2019/125, Annex V, Part 3, point (2)"
    assert "notify first use of this general export authorisation" in synonyms.expand(question)
    assert "notify first use" not in synonyms.expand("Under the general export authorisation, which destinations can we ship to?")
    assert _rank(assistant, question, notice, k=5) <= 2
    monkeypatch.setattr(retrieve, "FIRST_USE_BOOST", 1.0)
    # ("how soon" also reads the acts' "not later than", which alone raises the notice since session 41)
    assert _rank_without(assistant, monkeypatch, "not later than", question, notice) > 5


def test_why_a_country_may_now_be_supplied_finds_the_recital_that_put_it_on_the_list(assistant, monkeypatch):
    """'Why may we now supply Madagascar under the general export authorisation?' shares only the
    country's name with 2020/621's recital 5 ('Gambia and Madagascar meet the conditions for
    inclusion'), which is then no candidate of either ranker: the reason for the amendment naming
    the country counts as a k-th best hit before its boost."""
    question = "Our new customer is a hospital in Madagascar. Why may we now supply it with anaesthetic barbiturates under the general export authorisation?"
    recital = "Delegated Regulation (EU) 2020/621, recital 5"
    assert _rank(assistant, question, recital, k=5) == 1
    monkeypatch.setattr(assistant.retriever, "reasons", {})
    assert _rank(assistant, question, recital, k=5) > 5


def test_a_country_under_a_general_authorisation_reads_its_destination_list():
    """Whether a general authorisation covers a named country is a question for its destination
    list and the entries inserted in it; without a country, or without a general authorisation,
    nothing is added."""
    from assistant.synonyms import expand

    words = "destinations entry inserted in the list"
    assert words in expand("Can we ship pentobarbital to Madagascar under EU GEA 2019/125?")
    assert words in expand("Since Brexit, can we still use the Union general export authorisation for hospitals in London?")
    assert words not in expand("Can we ship pentobarbital to Madagascar?")
    assert words not in expand("Do we have to notify the first use of the general export authorisation?")
    # what to do once it is used in Iceland is the first-use notice, not the destination list
    assert words not in expand("We ship thiopental to Iceland under EU GEA 2019/125. Must we tell anyone that we are using it?")
    # ... unless it asks both whether it can be used there and what to do once it is
    assert words in expand("Can we ship thiopental to England under EU GEA 2019/125, and must we notify anyone after the first shipment?")


def test_ceuta_and_melilla_are_read_as_inside_the_customs_territory(assistant, monkeypatch):
    """Pepper spray from Malaga to Melilla: the regulation treats Melilla as part of the customs
    territory (Article 34(2)), so it is no export; a question naming the town finds that paragraph
    although the goods' words draw the goods lists."""
    import assistant.synonyms as synonyms

    question = "We're sending pepper spray from our warehouse in Malaga to a police supplier in Melilla. Does that count as an export that needs a licence?"
    paragraph = "Regulation (EU) 2019/125, Article 34(2)"
    assert _rank(assistant, question, paragraph, k=5) <= 2
    assert "customs territory" not in synonyms.expand("We ship pepper spray from Malaga to Morocco.")
    assert _rank_without(assistant, monkeypatch, "territorial scope", question, paragraph) > 5


def test_the_united_kingdom_under_a_general_authorisation_finds_its_insertion_as_a_destination(assistant, monkeypatch):
    """2021/139 names the United Kingdom nearly everywhere, so naming it weighs none of its
    passages; but asked whether the general authorisation covers it, the instruction inserting it
    into the list of destinations (point (2)) is what answers, shown with recital 10."""
    import assistant.retrieve as retrieve

    r = assistant.retriever
    at = {p.id: i for i, p in enumerate(r.passages)}
    assert "United Kingdom" not in r.country_amended
    assert list(np.nonzero(r.destination_inserted["United Kingdom"])[0]) == [at["32021R0139/annex/point-2/1"]]
    question = ("Since Brexit, can we ship thiopental to a hospital in the United Kingdom under the Union general "
                "export authorisation for capital-punishment goods, or do we need an individual licence?")
    top = assistant.ask(question).retrieved[0]
    assert top["citation"] == "Delegated Regulation (EU) 2021/139, Annex, point (2)"
    assert "32021R0139/recital/10" in top["window"]
    # asked why it was inserted, the recital saying why is favoured instead
    why = "Why is the United Kingdom a destination of the Union general export authorisation for capital punishment goods?"
    assert assistant.search(why, k=3).hits[0].passage.id == "32021R0139/recital/10"
    # without a general authorisation in the question, the insertion is not favoured
    other = "Is the United Kingdom's Department for International Trade still listed among the Member State authorities?"
    assert assistant.search(other, k=3).hits[0].passage.id != "32021R0139/annex/point-2/1"
    monkeypatch.setattr(retrieve, "COUNTRY_AMENDMENT_BOOST", 1.0)
    assert assistant.ask(question + " ").retrieved[0]["citation"] != "Delegated Regulation (EU) 2021/139, Annex, point (2)"


def test_the_old_regulation_is_found_through_the_article_repealing_it(assistant, monkeypatch):
    """'Which regulation did 2021/821 replace?' is answered by Article 31 ('Regulation (EC) No
    428/2009 is repealed'), not by EU003's 'export after repair/replacement'."""
    import assistant.synonyms as synonyms

    question = "Which regulation did Regulation 2021/821 replace?"
    assert _rank(assistant, question, "Regulation (EU) 2021/821, Article 31", k=3) == 1
    assert "repealed" in synonyms.expand("Does the old dual-use regulation still apply to our pending application?")
    assert "repealed" not in synonyms.expand("Can we send a replacement part under EU003?")
    assert _rank_without(assistant, monkeypatch, "repealed Regulation", question, "Regulation (EU) 2021/821, Article 31") != 1


def test_why_trade_between_member_states_is_not_controlled_finds_recital_50(assistant, monkeypatch):
    """'Why aren't sales between EU countries controlled?' is answered by 2019/125's recital 50
    ('not considered necessary to establish similar controls on transactions within the Union'),
    not by 2021/821's rules on intra-Union transfers, which the same words otherwise draw."""
    import assistant.synonyms as synonyms

    question = "Why are shipments of these goods between Member States left outside the anti-torture regulation's controls?"
    assert _rank(assistant, question, "Regulation (EU) 2019/125, recital 50", k=3) == 1
    assert "Annex IV" in synonyms.expand("Can we move listed items between Member States without a licence?")
    monkeypatch.setattr(synonyms, "WHY_QUESTION", re.compile("(?!)"))
    assert _rank(assistant, question + " ", "Regulation (EU) 2019/125, recital 50", k=3) != 1


def test_ordinary_medical_use_finds_the_recital_protecting_it(assistant, monkeypatch):
    """Worried the controls will block ordinary hospital sales of anaesthetics: recital 31 says the
    system 'should not prevent the export of medicinal products to be used for legitimate
    therapeutic purposes', in words the question does not use."""
    import assistant.synonyms as synonyms

    question = "Could the capital punishment export controls block ordinary hospital sales of our anaesthetics abroad?"
    assert _rank(assistant, question, "Regulation (EU) 2019/125, recital 31", k=3) == 1
    assert "therapeutic" not in synonyms.expand("Which hospital in Norway may receive thiopental?")
    monkeypatch.setattr(synonyms, "_COMPILED", [(rx, w) for rx, w in synonyms._COMPILED if "therapeutic" not in w])
    assert _rank(assistant, question, "Regulation (EU) 2019/125, recital 31", k=3) > 3


def test_a_word_the_other_act_uses_once_or_a_pair_of_words_still_marks_the_regime(assistant, monkeypatch):
    """2021/821 says "animal restraint tubes" once, and uses "electric" and "shock" apart: yet
    "restraint" (five of 2019/125's list items) and "electric shock" mark the anti-torture regime.
    A word the control list uses often ("electric") does not."""
    from ingest.tokens import tokenize

    r = assistant.retriever
    words = r.regime_goods["32019R0125"]
    assert {"restraint", "electr shock"} <= words and not {"electr", "shock", "shield"} & words
    assert r.regimes_named(tokenize("our electric-shock shields")) == ["32019R0125"]
    assert "32019R0125" not in r.regimes_named(tokenize("the electric cable passed the shock test"))
    question = "Our ministry asked the Commission to add a new kind of restraint device to Annex III. Within what time must the Commission reply?"
    other = "Regulation (EU) 2021/821, Article 18(2)"  # the Commission's own amending power there
    assert _rank(assistant, question, other, k=3) > 3
    monkeypatch.setattr(r, "regime_goods", {act: frozenset(w for w in v if " " not in w and w != "restraint") for act, v in r.regime_goods.items()})
    # (and without Article 25's wording for "add a new kind of ... device to Annex III", which
    # also points to 2019/125 since session 32)
    import assistant.synonyms as synonyms

    monkeypatch.setattr(synonyms, "_COMPILED", [(rx, w) for rx, w in synonyms._COMPILED if "add goods" not in w])
    assert _rank(assistant, question, other, k=3) == 1


def test_one_everyday_word_of_the_dual_use_lists_does_not_mark_the_question_as_dual_use(assistant, monkeypatch):
    """The control list is long enough to use words like 'batch' and 'record' that the anti-torture
    acts do not: a question about thumb-cuffs using one is not weighed toward 2021/821; two such
    words are needed, one of the short anti-torture lists' words still suffices."""
    r = assistant.retriever
    assert r.regime_min_words == {"32019R0125": 1, "32021R0821": 2}
    question = ("I work in customs. The exporter's licence for thumb-cuffs covers 100 pairs but only 40 go out "
                "today as a first batch and the rest next month. What do I do with the quantities on the licence?")

    def dual_use_best(q):
        return max(h.score for h in assistant.search(q, k=10).hits if h.passage.doc_id == "32021R0821")

    weighed_now = dual_use_best(question)
    monkeypatch.setattr(r, "regime_min_words", {})
    assert dual_use_best(question + " ") > weighed_now * 1.2


def test_a_town_in_northern_ireland_is_read_as_northern_ireland(assistant, monkeypatch):
    """'Our firm in Newry': the Protocol on Ireland/Northern Ireland keeps the anti-torture rules
    applying there (2021/139 recital 3), as for a firm in Belfast."""
    import assistant.synonyms as synonyms

    question = "Our factory in Armagh makes handcuffs. Do EU anti-torture trade rules still cover our exports now that the transition period has ended?"
    assert synonyms.countries_named("a supplier in Newry") == {"United Kingdom"}
    assert "Northern Ireland" in synonyms.expand(question)
    assert "Northern Ireland" not in synonyms.expand("We manufacture restraints in Leeds.")
    assert _rank(assistant, question, "Delegated Regulation (EU) 2021/139, recital 3", k=3) == 1
    derry = "Our firm is based in Derry and wants to export spit hoods to Brazil: which authority decides on the application now?"
    assert assistant.search(derry, k=3).hits[0].passage.citation == "Delegated Regulation (EU) 2021/139, recital 4"
    monkeypatch.setattr(synonyms, "_COMPILED", [(rx, w) for rx, w in synonyms._COMPILED if w != "Northern Ireland"])
    assert _rank(assistant, question + " ", "Delegated Regulation (EU) 2021/139, recital 3", k=3) > 3
    # a town read as Northern Ireland is also read as the United Kingdom: without both, Derry's
    # firm is not answered by recital 4 (who decides in Northern Ireland)
    monkeypatch.setattr(synonyms, "_COMPILED", [(rx, w) for rx, w in synonyms._COMPILED if w != "United Kingdom"])
    assert assistant.search(derry + " ", k=3).hits[0].passage.citation != "Delegated Regulation (EU) 2021/139, recital 4"


def test_an_entry_is_shown_with_the_annex_note_that_qualifies_it_by_number(assistant):
    """Annex II's opening notes say items 1.3 and 1.4 'do not cover medical-technical goods': a
    question about infusion pumps finds item 1.4, and its answer quotes the note with it."""
    r = assistant.retriever
    at = {p.id: i for i, p in enumerate(r.passages)}
    assert r.item_notes[at["32019R0125/annex2/1.4"]] == [at["32019R0125/annex2/1"]]
    assert at["32019R0125/annex2/2.1"] not in r.item_notes  # a note names only the items it qualifies
    answer = assistant.ask("Is a hospital syringe driver caught by the ban on automatic drug injection systems for executions?")
    assert "32019R0125/annex2/1" in answer.retrieved[0]["window"]
    assert "do not cover medical-technical goods" in answer.text


def test_a_territory_of_annex_vi_finds_the_exemption_for_its_police(assistant, monkeypatch):
    """Handcuffs for the gendarmerie in New Caledonia: Article 11(2) exempts exports to the
    territories Annex VI lists, for law enforcement used there as in the metropolitan Member State."""
    import assistant.synonyms as synonyms

    question = "Can a French police supplier send handcuffs to the gendarmerie in New Caledonia without an export authorisation?"

    def best(q):
        return min(_rank(assistant, q, c, k=5) for c in ("Regulation (EU) 2019/125, Article 11(2)", "Regulation (EU) 2019/125, Annex VI"))

    assert best(question) <= 2
    assert "Annex VI" not in synonyms.expand("Can we send handcuffs to the police in Senegal?")
    monkeypatch.setattr(synonyms, "_COMPILED", [(rx, w) for rx, w in synonyms._COMPILED if "Annex VI" not in w])
    assert best(question + " ") > 2


def test_what_it_takes_to_become_a_destination_finds_the_abolition_criterion(assistant, monkeypatch):
    """A country asking what it must do to be listed for the anti-torture general authorisation is
    answered by 2020/621 recital 3 (abolished capital punishment for all crimes, confirmed by an
    international commitment), in words the question does not use; not for a dual-use list."""
    import assistant.synonyms as synonyms

    question = "Which conditions must a country satisfy to be included in the EU GEA 2019/125 destination list?"
    recital = "Delegated Regulation (EU) 2020/621, recital 3"
    assert _rank(assistant, question, recital, k=5) <= 2
    assert "capital punishment for all crimes" not in synonyms.expand("Which conditions must a country meet to be added to EU001?")
    monkeypatch.setattr(synonyms, "_COMPILED", [(rx, w) for rx, w in synonyms._COMPILED if "for all crimes" not in w])
    assert _rank(assistant, question + " ", recital, k=5) > 2


def test_a_general_authorisation_not_listing_the_country_named_is_weighed_down(assistant, monkeypatch):
    """EU002 lists Argentina, South Africa, South Korea and Turkey: asked for a general licence for
    a customer in the United States, its passages weigh less and EU001's (which lists it) more.
    The United Kingdom counts as on Annex V's list, where 2021/139 inserted it."""
    import assistant.retrieve as retrieve

    r = assistant.retriever
    eu001 = ("32021R0821", "section", "II", "Section A, EU001")
    eu002 = ("32021R0821", "section", "II", "Section B, EU002")
    assert "United States" in r.destinations[eu001] and "United States" not in r.destinations[eu002]
    assert "United Kingdom" in r.destinations[("32019R0125", "section", "V", "")]
    question = "Our customer is in the United States. Is there an EU general licence for listed dual-use items, and what must we do once we use it?"

    def section_score(q, section):
        return max((h.score for h in assistant.search(q, k=40).hits if section in h.passage.citation), default=0.0)

    eu001_now, eu002_now = section_score(question, "EU001"), section_score(question, "EU002")
    monkeypatch.setattr(retrieve, "DESTINATION_LIST_PRIOR", 1.0)
    assert section_score(question + " ", "EU002") > eu002_now
    assert section_score(question + "  ", "EU001") < eu001_now


def test_a_note_releasing_items_from_a_named_entry_comes_with_it(assistant):
    """"Is our retail encrypted USB stick controlled under 5A002?" is answered by the Cryptography
    Note (Category 5, Part 2, Note 3: "5A002 ... do not control items ... sold ... at retail
    selling points"), which used to fall below the entry's parts and EU008's points; a question
    about the entry itself ("What does 5A002 control?") does not draw the note."""
    def cited(q):
        return [h.passage.citation for h in assistant.search(q, k=5).hits]

    note = "Regulation (EU) 2021/821, Annex I, Category 5, Part 2, Note 3"
    retail = cited("We sell an encrypted USB stick off the shelf in ordinary electronics shops and online; the user cannot change its encryption. Do we need a dual-use licence under 5A002 to export it?")
    assert retail[0].endswith("entry 5A002") and note in retail[:2], retail
    assert note not in cited("What does 5A002 control?")
    # the entry's many parts fill the first places: the note counts among the 25 best matches
    shorter = cited("We sell an encrypted USB stick off the shelf in ordinary electronics shops; the user cannot change its encryption. Do we need a licence under 5A002?")
    assert note in shorter[:3], shorter


def test_the_note_a_question_draws_with_a_named_entry_is_quoted(assistant, monkeypatch):
    """Pinned with 5A002, the Cryptography Note's conditions ("... at retail selling points")
    are quoted even when its best sentence shares fewer words with the question than the entry's
    parts do (dev21 y019's wording)."""
    import assistant.answer as answer_module

    question = "Our encrypted USB flash drive is sold off the shelf in electronics shops and web stores, users install it themselves and can't change the encryption. Is it still caught by 5A002?"
    assert "retail selling points" in assistant.ask(question).text
    # weighed down as it was before session 29 (held back like a form's notes), the note's
    # conditions are still quoted because the reference pins it, and only because of that
    r = assistant.retriever
    held = r.is_form_note.copy()
    held[[i for i, p in enumerate(r.passages) if p.citation == "Regulation (EU) 2021/821, Annex I, Category 5, Part 2, Note 3"]] = True
    monkeypatch.setattr(r, "is_form_note", held)
    assert "retail selling points" in assistant.ask(question + " ").text
    monkeypatch.setattr(answer_module, "PINNED_ALWAYS_QUOTED", False)
    import assistant.retrieve as retrieve

    # (nor weighed up as a releasing note, as "is it still caught?" asks since session 48, nor
    # drawn by the note's own wording for "install it themselves and can't change the encryption",
    # added in session 50)
    monkeypatch.setattr(retrieve, "RELEASE_BOOST", 1.0)
    import assistant.synonyms as synonyms

    monkeypatch.setattr(synonyms, "_COMPILED", [
        (rx, w) for rx, w in synonyms._COMPILED if "cannot easily be changed" not in w and "installation by the user" not in w
    ])
    assert "retail selling points" not in assistant.ask(question + "  ").text


def test_an_article_named_as_part_of_a_documents_name_is_not_pinned_from_the_act(assistant):
    """"According to the commentary on Article 31, ... the Anti-Torture Coordination Group": the
    article names the commentary ("the commentary on Article 31"), so it is not 2019/125's Article
    31 put first (the group's name also names the anti-torture act, which left the reference
    unscoped); a reference of the act itself still pins it."""
    from assistant.references import parse

    question = "According to the commentary on Article 31, which act set up the Anti-Torture Coordination Group?"
    refs = parse(question, assistant.retriever.aliases)
    assert refs.articles[0].doc == "commentary-2019-125-art31"
    assert not any(h.reference for h in assistant.retriever.search(question, k=5).hits)
    assert parse("What does Article 31 of Regulation 2019/125 say about the group?", assistant.retriever.aliases).articles[0].doc == "32019R0125"
    assert any(h.reference for h in assistant.retriever.search("Under Article 31, who chairs the Anti-Torture Coordination Group?", k=5).hits)


def test_the_act_s_provision_a_commentary_is_about_is_not_favoured_over_the_commentary(assistant, monkeypatch):
    """"According to the commentary on Article 31, how often did the group meet in its first
    reporting period?" is answered by the commentary (its paragraph 3: "two meetings ... on 12 July
    2017 and 28 June 2018"); 2019/125's Article 31 is what the commentary is about, not the answer
    in its place, so it gains no reference weight."""
    import assistant.retrieve as retrieve

    question = ("According to the commentary on Article 31, how often and on what dates did the Anti-Torture Coordination "
                "Group meet during its first reporting period?")
    top = assistant.search(question, k=5).hits[0]
    assert top.passage.doc_id == "commentary-2019-125-art31"
    monkeypatch.setattr(retrieve, "COMMENTING_KINDS", frozenset())
    assert assistant.search(question, k=5).hits[0].passage.doc_id == "32019R0125"


def test_the_cryptography_notes_are_not_held_back_as_form_notes(assistant):
    """Explanatory notes to the authorisation forms weigh 0.8 unless a question asks about a form;
    'form' was found inside "Information Security", so Category 5 Part 2's notes (the Cryptography
    Note among them) were held back too. The word is matched whole."""
    r = assistant.retriever
    held_back = {p.citation for i, p in enumerate(r.passages) if r.is_form_note[i]}
    assert not any("Category 5" in c for c in held_back), sorted(c for c in held_back if "Category 5" in c)
    assert any(c.startswith("Regulation (EU) 2019/125, Annex VII") for c in held_back)
    assert any(c.startswith("Regulation (EU) 2021/821, Annex III") for c in held_back)


def test_a_rule_is_shown_with_the_paragraph_derogating_from_it(assistant, monkeypatch):
    """Article 3(1) of 2019/125 bans the export of Annex II goods; 3(2), "By way of derogation
    from paragraph 1", allows it for public display in a museum. Together they pass the window's
    budget, but the rule alone overstates: the derogation is shown with it."""
    import numpy as np

    r = assistant.retriever
    allowed = np.ones(len(r.passages), dtype=bool)
    rule = assistant.reader.position["32019R0125/art3/1"]

    def shown() -> list[str]:
        return [r.passages[j].id for j in r.window(rule, allowed)]

    assert "32019R0125/art3/2" in shown()
    assert "32021R0821/art8/3" in [r.passages[j].id for j in r.exceptions[assistant.reader.position["32021R0821/art8/1"]]]
    monkeypatch.setattr(r, "exceptions", {})
    assert shown() == ["32019R0125/art3/1"]  # guard: the budget alone leaves it out


def test_the_subject_of_an_act_in_a_question_gives_the_other_regime_second_place(assistant, monkeypatch):
    """"The torture lists": "torture" is a word of 2019/125's title that 2021/821's acts never
    use. 2021/821's Article 19 on the urgency procedure has nearly the same words as 2019/125's
    Article 30 and, without the title's word, takes a place among the first five; with it, the
    other regime's acts give way (not raised: a press release about torture keeps its place)."""
    question = "Can the Commission amend the torture lists under the urgency procedure, and how can the Council object?"
    r = assistant.retriever
    assert "tortur" in r.regime_title["32019R0125"] and not r.regime_title["32021R0821"]

    def acts() -> set[str]:
        return {h.passage.doc_id for h in r.search(question, k=5).hits}

    assert "32021R0821" not in acts()
    monkeypatch.setattr(r, "regime_title", {act: frozenset() for act in r.regime_title})
    assert "32021R0821" in acts()  # guard: without the title's word, Article 19 of 2021/821 is shown


def test_goods_of_one_regime_make_the_other_regimes_twin_provision_give_way(assistant, monkeypatch):
    """"Notify first use within 30 days" is Annex V Part 3 point (2) of 2019/125 and, word for word
    nearly, a point of each of 2021/821's EU001 to EU008. Anaesthetics (Annex IV) name the
    anti-torture regime alone: "started shipping" names no dual-use goods, though 2021/821's list
    of vessels uses "ship". Its Annex V point comes first, not a dual-use authorisation's."""
    from assistant import retrieve
    from ingest.tokens import tokenize

    question = ("We have just started shipping anaesthetics under the EU general export authorisation for capital "
                "punishment goods. By when must we tell the authority that we have started using it?")
    notice = "Regulation (EU) 2019/125, Annex V, Part 3, point (2)"
    assert _rank(assistant, question, notice, k=5) == 1
    assert assistant.retriever.regimes_named(tokenize(question)) == ["32019R0125"]
    monkeypatch.setattr(retrieve, "REGIME_OTHER_PRIOR", 1.0)
    # ("by when" also reads the acts' "not later than", which alone raises the notice since session 41)
    assert _rank_without(assistant, monkeypatch, "not later than", question, notice) > 1


def test_each_paragraph_of_a_news_item_has_its_own_place(assistant, monkeypatch):
    """A press release is one section whose paragraphs say different things: the goals the
    Alliance's countries committed to (its fifth paragraph, naming spiked batons and shock belts)
    are not kept out of the top five by two other paragraphs of the same item that share more of
    the question's words."""
    from assistant import retrieve

    question = "List examples of torture equipment the Alliance countries pledged to control and restrict."
    goals = "Commission news item of 29 June 2018, International meeting in Brussels to end trade in torture instruments, paragraph 5"
    assert _rank(assistant, question, goals, k=5) <= 5
    r = assistant.retriever
    whole_item = [retrieve.unit_of(p) if p.kind in retrieve.REPORTING_KINDS else part for p, part in zip(r.passages, r.parts, strict=True)]
    monkeypatch.setattr(r, "parts", whole_item)
    assert _rank(assistant, question, goals, k=5) > 5


def test_a_quoted_defined_term_brings_its_definition_first(assistant, monkeypatch):
    """"Does it count as a 'distributor'?" asks for Article 2(r) of 2019/125, though the
    barbiturate anaesthetics' entry shares more of the question's words."""
    from assistant import retrieve

    question = ("A hospital pharmacy buys barbiturate anaesthetics and supplies them to patients. "
                "Does it count as a 'distributor' under the anti-torture regulation?")
    definition = "Regulation (EU) 2019/125, Article 2(r)"
    assert _rank(assistant, question, definition, k=5) == 1
    monkeypatch.setattr(retrieve, "QUOTED_TERM_BOOST", retrieve.DEFINITION_BOOST)
    assert _rank(assistant, question, definition, k=5) > 1


def test_the_amendment_of_a_year_names_that_years_amending_act(assistant, monkeypatch):
    """"The 2020 delegated act" is 2020/621 as surely as "2020/621" would be: its passages come
    before 2021/139's on the same destination list."""
    from assistant import retrieve

    question = "Which two countries did the 2020 delegated act add to the destinations of the EU general export authorisation for capital punishment goods?"
    top = assistant.search(question, k=1).hits[0].passage
    assert top.doc_id == "32020R0621"
    monkeypatch.setattr(retrieve, "AMENDMENT_OF_YEAR", re.compile(r"(?!x)x()()"))
    assert assistant.search(question, k=1).hits[0].passage.doc_id != "32020R0621"


def test_a_single_hit_is_the_best_one_not_the_article_slot(assistant):
    """The last place may go to the article that says what applies to the listed goods; with
    k=1 the last place is the only one, and the best hit keeps it."""
    question = "Which two countries did the 2020 delegated act add to the destinations of the EU general export authorisation for capital punishment goods?"
    best = assistant.search(question, k=3).hits[0].passage.citation
    assert assistant.search(question, k=1).hits[0].passage.citation == best


def test_the_deadline_for_a_procedure_is_not_a_question_about_the_goods(assistant, monkeypatch):
    """"What is the time limit for letting the others know?" after naming the goods: the article on
    notifying a refusal answers, and the goods' entry weighs as little as in any procedure question."""
    import assistant.retrieve as retrieve

    question = "Our licensing office turned down a request to export stun guns. What is the time limit for letting the other Member States know?"

    def top():
        return [h.passage.citation for h in assistant.search(question, k=3).hits]

    assert top()[0].startswith("Regulation (EU) 2019/125, Article 23("), top()
    # counterfactual: "what is" read as a question about the goods, as before: the entry comes first
    monkeypatch.setattr(retrieve, "GOODS_QUESTION", re.compile(retrieve.GOODS_QUESTION.pattern + r"|\bwhat is\b", re.I))
    assert top()[0] == "Regulation (EU) 2019/125, Annex III, item 2.1", top()


def test_what_a_body_looked_into_is_answered_by_the_report_not_the_acts_reproduction(assistant, monkeypatch):
    """"Did the coordination group look into ...?" asks what the group did: the commentary's own
    comment reports it. Its reproduction of Article 31 is not a finding, and gains nothing."""
    import assistant.retrieve as retrieve

    question = "Did the Anti-Torture Coordination Group look into national guidance on the definition of terms used for brokering?"

    def top():
        return [h.passage.citation for h in assistant.search(question, k=3).hits]

    comment = "Commentary on Article 31 of Regulation (EU) 2019/125, Comment, paragraph 3"
    assert top()[0] == comment, top()
    assert retrieve.FINDING_QUESTION.search(question)
    assert not retrieve.FINDING_QUESTION.search("Do we have to consider the end-use before we apply?")
    passages = assistant.retriever.passages
    reproduced = [i for i, p in enumerate(passages) if p.kind == "commentary" and p.section.startswith("Article ")]
    assert reproduced and not assistant.retriever.is_finding[reproduced].any()
    # counterfactual: read as a question about the act, the article comes first
    monkeypatch.setattr(retrieve, "FINDING_QUESTION", re.compile(r"(?!x)x"))
    assert top()[0] != comment, top()


def test_a_duty_to_explain_why_not_is_no_question_about_the_reasons(assistant, monkeypatch):
    """"How long does the Commission have to start the procedure or explain why it will not?" asks
    for a time limit (Article 25), not for the reasons the recitals give; passages stating a
    period weigh 1.2."""
    import assistant.retrieve as retrieve

    question = (
        "Our Member State asked the Commission to add a new kind of restraint to Annex III. How long does the "
        "Commission have to start the procedure or explain why it will not?"
    )
    assert not retrieve.WHY_QUESTION.search(question)
    assert retrieve.WHY_QUESTION.search("Why does Annex III not list spit hoods?")

    def top():
        return [h.passage.citation for h in assistant.search(question, k=3).hits]

    assert not any("recital" in c for c in top()) and any(c.startswith("Regulation (EU) 2019/125, Article 25(") for c in top()), top()
    # counterfactual: read as a why-question, with the former period weight, the recital comes first
    monkeypatch.setattr(retrieve, "WHY_QUESTION", re.compile(r"\bwhy\b", re.I))
    monkeypatch.setattr(retrieve, "DURATION_BOOST", 1.15)
    assert "recital" in top()[0], top()


def test_an_entry_named_as_what_the_product_is_sets_the_scene_of_a_general_authorisation_question(assistant, monkeypatch):
    """"Our 2B001-listed machining centre ... under the EU general authorisation for fairs": the
    product's entry is given, not asked about; EU004's conditions answer, not 2B001's text."""
    import assistant.references as references
    from assistant.references import parse

    question = ("We are taking a demo unit of our 2B001-listed five-axis machining centre to a trade fair in Brazil and "
                "shipping it home after the show. How long may it stay abroad under the EU general authorisation for exhibitions?")
    refs = parse(question)
    assert refs.entries == [] and refs.scene_entries == ["2B001"]
    assert "2B001" in refs.keywords()  # still a word the keyword side looks for
    top = assistant.retriever.search(question, k=5).hits[0].passage
    assert "EU004" in top.citation, top.citation
    # an entry asked about stays the provision asked about
    assert parse("Is a machine 2B001-listed if it has five axes?").entries == ["2B001"]
    # counterfactual: every entry named is pinned, and 2B001's text takes the first place
    monkeypatch.setattr(references, "_SCENE_ENTRY", re.compile(r"(?!x)x"))
    assert assistant.retriever.search(question, k=5).hits[0].passage.citation.endswith("entry 2B001")


def test_a_fine_for_a_violation_is_the_penalties_each_member_state_lays_down(assistant, monkeypatch):
    """Users ask about "fines" for "violations" or "breaches"; the acts "lay down the rules on
    penalties applicable to infringements", "effective, proportionate and dissuasive" (2021/821
    Article 25(1), 2019/125 Article 33(1)). A breach of an authorisation, human rights violations
    and the death penalty are the acts' own words and are not read as penalties."""
    import assistant.synonyms as synonyms

    question = ("Is there an EU-wide fine for exporting dual-use items without a licence, or do the Member States "
                "decide how violations are punished?")
    penalties = "Regulation (EU) 2021/821, Article 25(1)"
    assert "infringements effective proportionate dissuasive" in synonyms.expand(question)
    assert _rank(assistant, question, penalties, k=5) == 1
    for own_words in ("Which goods used for the death-penalty are listed in Annex III?",
                      "Is a breach of an authorisation's conditions reported to the Commission?",
                      "Which cyber-surveillance items risk serious violations of human rights?"):
        assert "infringements" not in synonyms.expand(own_words), own_words
    assert _rank_without(assistant, monkeypatch, "infringements", question, penalties) > 5


def test_the_rule_for_the_one_activity_asked_about_gains_weight(assistant, monkeypatch):
    """A question about one activity (technical assistance, brokering, transit, import, fairs,
    advertising) in users' words is answered by the paragraph that makes it need an authorisation
    or bans it ("An authorisation shall be required for technical assistance ..."): such paragraphs
    weigh 1.2, unless the question asks about exporting or about what a body found."""
    import assistant.retrieve as retrieve

    service = ("Our field engineers will train a customer's staff in Australia on site to service a listed dual-use laser. "
               "Could the dual-use technical assistance rules apply to that?")
    course = "Could a consultant from Brussels teach prison guards in a third country how to use restraint chairs with shackles?"
    assert _rank(assistant, service, "Regulation (EU) 2021/821, Article 8(1)", k=5) == 1
    # restraint chairs fitted with shackles are Annex II's item 2.5: its technical-assistance rule
    assert _rank(assistant, course, "Regulation (EU) 2019/125, Article 7", k=5) == 1
    monkeypatch.setattr(retrieve, "ACTIVITY_RULE_BOOST", 1.0)
    assert _rank(assistant, service, "Regulation (EU) 2021/821, Article 8(1)", k=5) > 1
    assert _rank(assistant, course, "Regulation (EU) 2019/125, Article 7", k=5) > 1


def test_a_travellers_own_device_is_one_accompanying_its_user(assistant, monkeypatch):
    """"Flying to a customer with a work laptop that has disk encryption" asks about Category 5,
    Part 2, Note 2: the list "does not control products when accompanying their user for the user's
    personal use". Without the acts' wording the Cryptography Note (Note 3) and 5A002 come first."""
    import assistant.synonyms as synonyms

    question = "Next week I fly to Mexico for a customer visit with my work laptop, which has full-disk encryption. Is a licence needed?"
    note = "Regulation (EU) 2021/821, Annex I, Category 5, Part 2, Note 2"
    assert "accompanying their user" in synonyms.expand(question)
    assert "accompanying their user" not in synonyms.expand("Our own national list covers this sensor: does it matter?")
    assert _rank(assistant, question, note, k=5) <= 2
    assert _rank_without(assistant, monkeypatch, "accompanying their user", question, note) > 2


def test_telling_a_maker_of_a_flaw_is_vulnerability_disclosure(assistant, monkeypatch):
    """Sending a vendor the details of a flaw so that it can fix it is "vulnerability disclosure",
    which 4E001.a and .c do not control: the entry holding that note is among the first two, where
    "exploit details" and "hacking" alone do not bring it among the first five."""
    import assistant.synonyms as synonyms

    question = ("Our pentesters found a flaw in a hospital system sold by a US company and want to send the company the "
                "exploit details so it can be patched. Could that be a controlled export of hacking technology?")
    entry = "Regulation (EU) 2021/821, Annex I, entry 4E001"
    assert "vulnerability disclosure" in synonyms.expand(question)
    assert "cyber incident response" in synonyms.expand("Our team does incident response for a bank in Kenya after a ransomware attack.")
    assert "vulnerability disclosure" not in synonyms.expand("Do we need a licence to export a debugger to India?")
    with_rule = _rank(assistant, question, entry, k=5)
    assert with_rule <= 2 and _rank_without(assistant, monkeypatch, "vulnerability disclosure", question, entry) > 5


def test_goods_kept_in_another_member_state_bring_the_consultation_of_that_state(assistant, monkeypatch):
    """Goods applied for in one Member State but kept in another: that State is consulted and has
    10 working days to object (Article 14(1) of 2021/821, "located in one or more Member States
    other than the one where the application has been made")."""

    question = "The machine tools in a licence application to us are stored in a depot in another EU country. Does that country get a say, and how long does it have?"
    consult = "Regulation (EU) 2021/821, Article 14(1)"
    assert _rank(assistant, question, consult, k=5) == 1
    assert _rank_without(assistant, monkeypatch, "located in one or more Member States", question, consult) > 1


def test_technicians_for_goods_already_licensed_bring_the_implied_technical_assistance(assistant, monkeypatch):
    """"We hold an export licence; may our engineer go and install and repair the goods?" is answered
    by Article 21(2) of 2019/125: an export authorisation "implies an authorisation ... to supply
    technical assistance ... necessary for the installation, operation, maintenance or repair"."""
    import assistant.synonyms as synonyms

    question = ("We were granted a permit to export shock shields to a prison service in Asia. Does our technician need "
                "his own permit to set them up on site and service them?")
    implied = "Regulation (EU) 2019/125, Article 21(2)"
    assert "implies technical assistance" in synonyms.expand(question)
    assert "implies technical assistance" not in synonyms.expand("Do we need a licence to repair a stun gun for a customer abroad?")
    with_rule = _rank(assistant, question, implied, k=5)
    assert with_rule <= 2 and _rank_without(assistant, monkeypatch, "implies technical assistance", question, implied) > with_rule


def test_a_question_naming_the_alliance_prefers_the_news_item_about_it(assistant, monkeypatch):
    """The Commission news item of 29 June 2018 is about the Alliance for Torture-Free Trade; the
    commentary mentions it in one paragraph, with the name three times. The manifest gives the news
    item the Alliance's names as aliases naming it by topic (a mild weight), so a question about what
    the Alliance's members committed to reads the news item first."""
    question = "What did the states in the Alliance for Torture-Free Trade promise regarding their customs services?"
    news = "news-2018-06-29-alliance"
    assert assistant.search(question, k=5).hits[0].passage.doc_id == news
    retriever = assistant.retriever
    monkeypatch.setattr(retriever, "mild_aliases", {k: v for k, v in retriever.mild_aliases.items() if v != news})
    assert assistant.search(question, k=5).hits[0].passage.doc_id != news


def test_a_by_when_question_reads_the_acts_latest_day(assistant, monkeypatch):
    """"By when do the others have to hear about it?" asks for the latest day, which the acts give as
    "not later than 30 days following the date of the decision" (Article 23(1) of 2019/125); without
    those words the exception of Article 23(4), which shares the refusal words, comes first."""
    import assistant.synonyms as synonyms

    question = "Our ministry rejected an application to export spit hoods. By when do the other Member States have to hear about it?"
    notice = "Regulation (EU) 2019/125, Article 23(1)"
    assert "not later than" in synonyms.expand(question)
    assert "not later than" not in synonyms.expand("When was the regulation adopted?")
    with_words = _rank(assistant, question, notice, k=5)
    assert with_words == 1 and _rank_without(assistant, monkeypatch, "not later than", question, notice) > 1


def test_a_global_licence_question_prefers_the_rules_naming_global_authorisations(assistant, monkeypatch):
    """A global authorisation is one kind of licence (Article 12(1)(b) of 2021/821); "must a holder
    of a global licence run an internal compliance programme?" is answered by Article 12(4) ("Exporters
    using global export authorisations shall implement an ICP"), not by EU007's like condition for
    its own users or by the definition of the programme, which come first without the weight."""
    import assistant.retrieve as retrieve

    question = "Our company was granted a global export licence for dual-use encryption products. Must we now run an internal compliance programme?"
    rule = "Regulation (EU) 2021/821, Article 12(4)"
    assert retrieve.GLOBAL_ASKED.search(question)
    assert not retrieve.GLOBAL_ASKED.search("Is there a global market for these sensors?")
    with_weight = _rank(assistant, question, rule, k=5)
    monkeypatch.setattr(retrieve, "GLOBAL_BOOST", 1.0)
    assert with_weight == 1 and _rank(assistant, question, rule, k=5) > 1
    # the weight is 1.3: at 1.2 a holder of a global licence for pumps is still first told EU007's
    # condition for its own users
    pumps = "Now that we hold a global licence for our dual-use pumps, do we have to run an internal compliance programme?"
    ranks = []
    for weight in (1.3, 1.2):
        monkeypatch.setattr(retrieve, "GLOBAL_BOOST", weight)
        ranks.append(_rank(assistant, pumps + " " * int(weight * 10), rule, k=5))
    assert ranks[0] == 1 and ranks[1] > 1, ranks


def test_what_must_be_published_every_year_is_the_annual_report(assistant, monkeypatch):
    """"Must each Member State make public, every year, how many licences it granted?" is asked of the
    annual reports (Article 26(2) of 2021/821), which the question's words alone do not bring among
    the first five; "results that are already published" is no such question."""
    import assistant.synonyms as synonyms

    question = "Does each Member State have to make public, every year, how many dual-use licences it granted?"
    report = "Regulation (EU) 2021/821, Article 26(2)"
    assert "public annual activity report" not in synonyms.expand(
        "Our engineer will present results that are already published at a conference abroad. Is that technical assistance?")
    with_words = _rank(assistant, question, report, k=5)
    assert with_words == 1 and _rank_without(assistant, monkeypatch, "public annual activity report", question, report) > 5


def test_negotiating_a_sale_between_third_countries_is_brokering(assistant, monkeypatch):
    """A trader "negotiating a deal" for goods going from one third country to another provides
    brokering services ("the negotiation or arrangement of transactions", Article 2(8) of 2021/821):
    the brokering rule (Article 6(1)) is among the first two with the acts' word, not among the first
    five without it."""
    import assistant.synonyms as synonyms

    question = ("Our firm is negotiating a deal for listed dual-use lasers that will go straight from Korea to Iran "
                "without entering the EU. Do we need an authorisation?")
    rule = "Regulation (EU) 2021/821, Article 6(1)"
    assert "brokering" in synonyms.expand(question)
    with_words = _rank(assistant, question, rule, k=5)
    assert with_words <= 2 and _rank_without(assistant, monkeypatch, "brokering services", question, rule) > 5


def test_information_already_published_is_in_the_public_domain(assistant, monkeypatch):
    """Specifications "already freely published online" are "information that is in the public
    domain", for which no technical assistance authorisation is required (Article 15(3)(b) of
    2019/125); the question's words alone do not bring that paragraph among the first five."""
    import assistant.retrieve as retrieve
    import assistant.synonyms as synonyms

    question = ("A consultant wants to email a customer in Ghana the specifications of our stun batons, which are already "
                "freely published online. Is that technical assistance needing an authorisation?")
    exception = "Regulation (EU) 2019/125, Article 15(3)"
    assert "public domain" in synonyms.expand(question)
    assert "public domain" not in synonyms.expand("Where is the list of competent authorities published?")
    shown = [p.citation for h in assistant.search(question, k=5).hits for p in h.shown]
    # (stun batons are Annex III's goods: that annex's technical assistance rule, Article 15(1), would
    # bring its paragraph 3 along without the words; the expansion is tested alone)
    monkeypatch.setattr(retrieve, "ANNEX_ACTIVITY_BOOST", 1.0)
    assert exception in [p.citation for h in assistant.search(question + " ", k=5).hits for p in h.shown]
    monkeypatch.setattr(synonyms, "_COMPILED", [(rx, w) for rx, w in synonyms._COMPILED if "public domain" not in w])
    assert exception in shown and exception not in [p.citation for h in assistant.search(question, k=5).hits for p in h.shown]


def test_only_financing_or_insuring_a_deal_is_an_ancillary_service(assistant, monkeypatch):
    """A bank that "only finances" a sale between third countries provides an ancillary service,
    which the definition of broker leaves out (Article 2(7) of 2021/821: "Ancillary services are
    transportation, financial services, insurance ..."); a haulier moving goods across the Union
    asks about transit and gets no such words."""
    import assistant.synonyms as synonyms

    question = "Our bank only finances a sale of listed dual-use valves from Turkey to Pakistan. Does that make the bank a broker?"
    definition = "Regulation (EU) 2021/821, Article 2(7)"
    assert "ancillary services" in synonyms.expand(question)
    assert "ancillary services" not in synonyms.expand("A haulier wants to move thiopental by road across our territory to a third country.")
    assert "ancillary services" not in synonyms.expand("The exporter is only shipping part of the licensed quantity.")
    # (since the control list's definitions became passages of their own, session 46, the
    # definition comes first for this question without the acts' words as well)
    assert _rank(assistant, question, definition, k=5) == 1



def test_engineers_visiting_our_factory_are_residents_of_a_third_country_temporarily_present(assistant, monkeypatch):
    """Customers' engineers "visiting our factory in Spain" to learn maintenance make the host a
    supplier of technical assistance "to a resident of a third country temporarily present in the
    customs territory of the Union" (Article 2(10)(c) of 2021/821); "visiting our factory" names it
    as well as "coming to our factory" does."""
    import assistant.synonyms as synonyms

    question = ("Two engineers from our customer in Vietnam are visiting our factory in Spain to learn how to maintain a listed "
                "laser. Does that count as us supplying technical assistance?")
    supplier = "Regulation (EU) 2021/821, Article 2(10)"
    assert "temporarily present" in synonyms.expand(question)
    assert "temporarily present" not in synonyms.expand("Is a customer's website visit from Iran an export of technology?")
    with_words = _rank(assistant, question, supplier, k=5)
    assert with_words == 1 and _rank_without(assistant, monkeypatch, "temporarily present", question, supplier) > 1


def test_an_authority_that_has_not_responded_reads_the_acts_no_objections_received(assistant, monkeypatch):
    """"The Swedish authority was consulted but has not responded": Article 14(1) of 2021/821
    says what its silence means ("If no objections are received within 10 working days, the Member
    States consulted shall be regarded as having no objection"); without those words the Member
    States' entries in the list of authorities come first."""
    import assistant.synonyms as synonyms

    question = ("We applied in Denmark for a licence for items stored in a warehouse in Sweden. The Swedish authority was "
                "consulted but has not responded. What now?")
    consultation = "Regulation (EU) 2021/821, Article 14(1)"
    assert "no objections are received" in synonyms.expand(question)
    assert "no objections are received" in synonyms.expand("We asked the issuing country but heard nothing back.")
    assert "no objections are received" not in synonyms.expand("Must the authority reply within a set time?")
    with_words = _rank(assistant, question, consultation, k=5)
    assert with_words <= 2 and _rank_without(assistant, monkeypatch, "no objections are received", question, consultation) > 5


def test_how_long_a_licence_lasts_is_how_long_it_is_valid(assistant, monkeypatch):
    """"How long does an individual licence last?" is asked of Article 12(3) of 2021/821 ("valid for
    up to two years"); read without "valid", the consultation periods of 10 working days (Articles
    14(1), 21(4)) come first."""
    import assistant.synonyms as synonyms

    question = "How long does an ordinary individual dual-use export licence last, by default?"
    validity = "Regulation (EU) 2021/821, Article 12(3)"
    assert "period of validity" in synonyms.expand(question)
    assert "period of validity" not in synonyms.expand("How long does the consultation take?")
    with_words = _rank(assistant, question, validity)
    assert with_words == 1 and _rank_without(assistant, monkeypatch, "period of validity", question, validity) > 1


def test_goods_passing_through_member_states_between_third_countries_are_in_transit(assistant, monkeypatch):
    """Stun batons "from Turkey through Bulgaria to Serbia" pass through the Union: the transit
    prohibition of Article 13 of 2019/125 answers, and Bulgaria on the route is no Member State the
    goods are transferred to; without the transit words the prohibition falls out of the first five.
    A transit so described is also a concept of the acts, which keeps a like question from being
    abstained when its rare words (the goods, the lorry) are not in the transit articles."""
    import assistant.synonyms as synonyms

    question = "A truck carrying stun batons drives from Turkey through Bulgaria to Serbia. When would the haulier be breaking EU law?"
    prohibition = "Regulation (EU) 2019/125, Article 13"
    assert synonyms.passes_through(question) and "intra-Union" not in synonyms.expand(question)
    assert not synonyms.passes_through("We ship from our plant in Germany through Austria to our site in Italy.")
    assert "transit" in synonyms.legal_wordings(question)
    with_route = _rank(assistant, question, prohibition)
    shields = ("A driver is taking electric shock shields from Turkey through Bulgaria and Romania to Moldova under a transit "
               "document. On what grounds could we stop the lorry?")
    assert not assistant.ask(shields).abstained
    monkeypatch.setattr(synonyms, "passes_through", lambda q: False)
    assert with_route <= 2 and _rank(assistant, question, prohibition) > 5


def test_two_member_states_named_without_a_move_are_no_transfer(assistant):
    """"We applied in Denmark for a licence for items stored in a warehouse in Sweden": two Member
    States are named, but nothing moves between them; "from our plant in Germany to our site in
    France" is a transfer."""
    import assistant.synonyms as synonyms

    assert not synonyms.between_member_states("We applied in Denmark for a licence for items stored in a warehouse in Sweden.")
    assert not synonyms.between_member_states("We're based in Belgium; the Netherlands has this sensor on its national list.")
    assert synonyms.between_member_states("We're moving listed items from our plant in Germany to our site in France.")
    assert synonyms.between_member_states("Can we send the cameras to our Polish subsidiary in Poland from Austria?")


def test_the_dual_use_forms_give_way_to_the_rules_they_restate(assistant, monkeypatch):
    """Annex III of 2021/821 holds the authorisation forms, whose boxes and notes name most of what
    its articles rule on ("individual licence", "export", "dual-use items"). "Can we send listed
    items to Australia without an individual licence?" is answered by the Union general export
    authorisation EU001 (Annex II), which the form ranks above at the forms' ordinary weight."""
    import assistant.retrieve as retrieve

    question = "Can we send listed dual-use items to Australia without applying for an individual licence?"
    eu001 = "Regulation (EU) 2021/821, Annex II, Section A, EU001, Part 1"
    with_prior = _rank(assistant, question, eu001)
    monkeypatch.setattr(retrieve, "DUAL_USE_FORM_PRIOR", 1.0)
    assert with_prior == 1 and _rank(assistant, question, eu001) > 1


def test_fundamental_research_is_the_acts_basic_scientific_research(assistant, monkeypatch):
    """"Presenting our fundamental research" to foreign scientists: technical assistance controls do
    not apply to "basic scientific research" (Article 8(3)(b) of 2021/821), the acts' name for work
    "to acquire new knowledge of the fundamental principles of phenomena"."""
    import assistant.synonyms as synonyms

    question = ("Our university group wants to present its fundamental research on high-power lasers to visiting scientists "
                "from Iran. Is that technical assistance we need a licence for?")
    exemption = "Regulation (EU) 2021/821, Article 8(3)"
    assert "basic scientific research" in synonyms.expand("Is pure research on plasma physics controlled?")
    assert "basic scientific research" not in synonyms.expand("Do we need a licence to export research reactors?")
    with_words = _rank(assistant, question, exemption, k=5)
    assert with_words <= 3 and _rank_without(assistant, monkeypatch, "basic scientific research", question, exemption) > 5


def test_the_old_rules_are_the_repealed_regulation(assistant, monkeypatch):
    """"Will it be decided under the old rules?": Article 31 of 2021/821 repeals Regulation (EC) No
    428/2009 and keeps it for "authorisation applications made before 9 September 2021"; the
    question names neither the old regulation nor its repeal."""
    import assistant.synonyms as synonyms

    question = ("Our licence application went in a few days before the new dual-use regulation kicked in. Will the authority "
                "decide it under the old rules?")
    transitional = "Regulation (EU) 2021/821, Article 31"
    assert "repealed" in synonyms.expand("Do the previous rules still apply?")
    assert "repealed" not in synonyms.expand("What were the previous destinations of the shipment?")
    with_words = _rank(assistant, question, transitional, k=5)
    assert with_words == 1 and _rank_without(assistant, monkeypatch, "repealed Regulation continue", question, transitional) > 5


def test_contracted_and_hyphenated_forms_read_as_the_acts_words(assistant, monkeypatch):
    """"isn't on the control list" is "not on the list", and "a bad human-rights record" speaks of
    human rights: together they bring the catch-all for cyber-surveillance items (Article 5(1) of
    2021/821, "not listed in Annex I ... serious violations of human rights")."""
    import assistant.synonyms as synonyms

    question = ("Our app for monitoring what people post online isn't on the control list. A police ministry in a country "
                "with a bad human-rights record wants it. Can we still need a licence?")
    catch_all = "Regulation (EU) 2021/821, Article 5(1)"
    assert "not listed in Annex I" in synonyms.expand("The sensor isn't on the list.")
    assert "not listed in Annex I" in synonyms.expand("These valves aren't listed anywhere.")
    assert "not listed in Annex I" not in synonyms.expand("Madagascar wasn't on the destination list of the general authorisation.")
    assert "serious violations of human rights" in synonyms.expand("a poor human-rights record")
    with_words = _rank(assistant, question, catch_all, k=5)
    monkeypatch.setattr(synonyms, "_COMPILED", [(rx, w) for rx, w in synonyms._COMPILED
                                                if "not listed in Annex I" not in w and "internal repression" not in w])
    assert with_words == 1 and _rank(assistant, question, catch_all, k=5) > 1


def test_a_country_outside_the_council_of_europe_is_one_that_is_not_a_member(assistant, monkeypatch):
    """"A country outside the Council of Europe that ended the death penalty": recital 4 of 2020/621
    says what else "countries that are not members of the Council of Europe" must have done to be
    listed (ratified the Second Optional Protocol without a reservation)."""
    import assistant.synonyms as synonyms

    question = ("Our buyer is in a country outside the Council of Europe that ended the death penalty. What else must that "
                "country have done before we can use the general licence for thiopental there?")
    recital = "Delegated Regulation (EU) 2020/621, recital 4"
    assert "not members of the Council of Europe" in synonyms.expand("a state that isn't in the Council of Europe")
    assert "not members of the Council of Europe" not in synonyms.expand("Who chairs the Council of Europe?")
    with_words = _rank(assistant, question, recital)
    assert with_words <= 2 and _rank_without(assistant, monkeypatch, "not members of the Council of Europe", question, recital) > 5


def test_going_back_over_refusals_is_their_review(assistant, monkeypatch):
    """"Do we have to go back over those refusals?": the authorities "shall review denials of
    authorisations ... within three years of their notification" (Article 16(2) of 2021/821)."""
    import assistant.synonyms as synonyms

    question = "Our authority refused several dual-use export licences three years ago. Do we have to go back over those refusals at some point?"
    review = "Regulation (EU) 2021/821, Article 16(2)"
    assert "review" in synonyms.expand("Should we revisit old denials?").split()
    assert "review" not in synonyms.expand("We went back to the supplier for a quote.").split()
    with_words = _rank(assistant, question, review, k=5)
    assert with_words == 1 and _rank_without(assistant, monkeypatch, "review", question, review) > 5


def test_bringing_goods_back_from_a_fair_is_their_reimport(assistant, monkeypatch):
    """"When must we bring it back?" of an item shown at a fair under EU004 asks when it must be
    "reimported within a period of 120 days after the initial export": a time limit, as "how
    long" or "by when" asks (EU004's definition of an "exhibition or fair" shares more of the
    question's words). "Bring back" is also read as the acts' "reimported"."""
    import assistant.retrieve as retrieve
    import assistant.synonyms as synonyms

    question = "We took a listed laser to a trade show abroad under EU004. When must we bring it back into the Union?"
    condition = "Regulation (EU) 2021/821, Annex II, Section D, EU004, Part 3, point 1"
    assert "reimported" in synonyms.expand("Did the samples come back from the show?")
    assert "reimported" not in synonyms.expand("We bring new products to market every year.")
    assert retrieve.DURATION_QUESTION.search(question) and not retrieve.DURATION_QUESTION.search("When do we export it?")
    assert _rank(assistant, question, condition, k=5) == 1
    before = retrieve.DURATION_QUESTION.pattern.split("|\\bwhen (?:must")[0]
    monkeypatch.setattr(retrieve, "DURATION_QUESTION", re.compile(before, re.I))
    assert _rank(assistant, question + " ", condition, k=5) > 5


def test_goods_named_in_a_users_words_bring_their_annexs_rule_for_the_activity(assistant, monkeypatch):
    """"Negotiate a deal for spiked truncheons between a Turkish factory and Angola": truncheons are
    only Annex II's goods, so the brokering rule for Annex II (Article 6) answers, not the broker's
    definition. The words that name an annex are read from the lists, and a word two annexes use
    ("cuffs") or many passages use ("chair") names none."""
    import assistant.retrieve as retrieve

    retriever = assistant.retriever
    assert retriever.annex_named("a sale of thumb-cuffs") == ("32019R0125", "II")
    assert retriever.annex_named("bulk oleoresin capsicum") == ("32019R0125", "III")
    assert retriever.annex_named("thiopental for a hospital") == ("32019R0125", "IV")
    assert retriever.annex_named("thumbscrews and thiopental") is None
    assert retriever.annex_named("chairs with cuffs") is None
    assert retriever.annex_named("restraint chairs with cuffs") == ("32019R0125", "II")  # item 2.5's name
    question = "Can our Lisbon agency negotiate a deal for spiked truncheons between a Turkish factory and a police force in Angola?"
    rule = "Regulation (EU) 2019/125, Article 6"
    assert _rank(assistant, question, rule, k=5) == 1
    monkeypatch.setattr(retrieve, "ANNEX_ACTIVITY_BOOST", 1.0)
    assert _rank(assistant, question, rule, k=5) > 1


def test_a_pair_of_words_names_an_annex_where_each_word_names_several(assistant):
    """"Batons" are Annex II's when spiked and Annex III's when they give electric shocks; "shock"
    is in both lists too. The pair "shock batons" is only in Annex III's item 2.1, so a broker of
    electric shock batons is asked about Annex III's brokering rule."""
    retriever = assistant.retriever
    assert retriever.annex_named("arranging a sale of electric shock batons") == ("32019R0125", "III")
    assert retriever.annex_named("arranging a sale of batons") is None
    assert retriever.annex_named("a sale of shock devices") is None


def test_what_a_licence_must_specify_is_not_whether_one_is_needed(assistant, monkeypatch):
    """"What does the authorisation for this brokering service have to specify?" asks what Article
    20(7) sets (a set quantity of specific goods between third countries), not the activity's rule
    paragraph (Article 15(1): an authorisation is required), which the named goods' annex lifts."""
    import assistant.retrieve as retrieve

    question = ("I will arrange a deal in electric-shock batons between a seller in China and a buyer in Kenya. "
                "What does the authorisation for this service have to specify?")
    article = "Regulation (EU) 2019/125, Article 20(7)"
    assert retrieve.AUTHORISATION_CONTENT.search(question)
    assert not retrieve.AUTHORISATION_CONTENT.search("Does the broker need an authorisation for this service?")
    assert _rank(assistant, question, article, k=5) == 1
    monkeypatch.setattr(retrieve, "AUTHORISATION_CONTENT", re.compile(r"(?!x)x"))
    assert _rank(assistant, question, article, k=5) > 1


def test_moving_goods_from_one_eu_country_to_another_is_trade_within_the_union(assistant, monkeypatch):
    """"Why is trade from one EU country to another / between EU countries not controlled?" names no
    Member State, but asks about trade within the Union; and "the reasoning behind" or "the thinking
    behind" a rule asks why, as "why" does: recital 50 of 2019/125 says why such trade is not
    controlled."""
    import assistant.synonyms as synonyms

    within = "controls on transactions within the Union"
    assert within in synonyms.expand("Why can restraints move from one EU country to another without a licence?")
    assert within in synonyms.expand("What is the rationale for not licensing trade between EU countries?")
    assert within not in synonyms.expand("Why must we ask from one supplier to another in Turkey?")
    recital = "Regulation (EU) 2019/125, recital 50"
    questions = [
        "What's the reasoning behind not requiring anti-torture licences for moving restraints from one EU country to another?",
        "What is the thinking behind leaving trade in torture goods between EU countries uncontrolled?",
    ]
    assert all(_rank(assistant, q, recital, k=5) == 1 for q in questions)
    monkeypatch.setattr(synonyms, "EU_COUNTRY_TO_COUNTRY", re.compile("(?!)"))
    assert all(_rank(assistant, q + " ", recital, k=5) > 1 for q in questions)
    monkeypatch.undo()
    why = re.compile(synonyms.WHY_QUESTION.pattern.replace(r"|\breason(?:s|ing)?\b|\bthinking behind\b|\bjustification\b", ""), re.I)
    monkeypatch.setattr(synonyms, "WHY_QUESTION", why)
    assert _rank(assistant, questions[0] + "  ", recital, k=5) > 1


def test_a_museums_exhibition_is_no_trade_fair(assistant, monkeypatch):
    """An antique guillotine lent "for its exhibition" to a museum abroad is Article 3(2)'s export of
    goods of historic significance for public display in a museum, not Article 8's ban on showing
    Annex II goods at an exhibition or fair, which the word "exhibition" alone would bring first."""
    import assistant.retrieve as retrieve

    question = ("A museum in Oslo would like to borrow an antique guillotine from a collector in Lyon for its exhibition "
                "on the French Revolution. Can it leave the EU?")
    assert _rank(assistant, question, "Regulation (EU) 2019/125, Article 3(2)", k=5) == 1
    plain = re.compile(r"\bexhibit\w*|\b(?:trade )?fairs?\b|\btrade shows?\b|\bdisplay\w*", re.I)
    activities = [(plain, rule) if rule.pattern == r"\bexhibition or fair\b" else (ask, rule) for ask, rule in retrieve.RULE_ACTIVITIES]
    monkeypatch.setattr(retrieve, "RULE_ACTIVITIES", activities)
    assert _rank(assistant, question + " ", "Regulation (EU) 2019/125, Article 8", k=5) == 1


def test_a_question_naming_no_general_authorisation_asks_about_the_article(assistant, monkeypatch):
    """The Union general export authorisations restate the articles' conditions (EU007's "shall
    implement an Internal Compliance Programme", EU006's catch-all); a question that names no general
    authorisation asks about the article (Article 12(4): holders of global authorisations implement
    an ICP). One asking to ship "without applying for an individual licence" asks about them."""
    import assistant.retrieve as retrieve

    question = "True or false: a firm holding a global dual-use licence has to run an internal compliance programme."
    article = "Regulation (EU) 2021/821, Article 12(4)"
    assert _rank(assistant, question, article, k=5) <= 2
    shipping = "Can we send listed dual-use items to Australia without applying for an individual licence?"
    assert retrieve.GENERAL_AUTHORISATION_ASKED.search(shipping)
    assert _rank(assistant, shipping, "Regulation (EU) 2021/821, Annex II, Section A, EU001, Part 1", k=5) == 1
    monkeypatch.setattr(retrieve, "GENERAL_AUTHORISATION_PRIOR", 1.0)
    assert _rank(assistant, question, article, k=5) > 2


def test_a_question_naming_a_general_authorisation_is_not_answered_by_the_goods_entry(assistant, monkeypatch):
    """"Which countries were added to the destinations for barbiturates under the general
    authorisation?": the authorisation's destinations (Annex V) and the act adding them answer; the
    barbiturates' own entry (Annex IV 1.1) only sets the scene, as for a procedure."""
    import assistant.retrieve as retrieve

    question = "Which two countries were added to the destinations for barbiturates under the general authorisation in 2020, and on what ground?"
    entry = "Regulation (EU) 2019/125, Annex IV, item 1.1"
    assert assistant.search(question, k=3).hits[0].passage.citation != entry
    monkeypatch.setattr(retrieve, "PROCEDURE_WORDING", re.compile(retrieve.PROCEDURE_WORDING.pattern.split("|\\bgeneral")[0], re.I))
    assert assistant.search(question, k=3).hits[0].passage.citation == entry


def test_a_control_list_definition_gives_way_to_the_entry_unless_the_meaning_is_asked(assistant, monkeypatch):
    """Each of Annex I's definitions is a short passage of its own ("Adjusted Peak Performance" is
    an adjusted peak rate ...): close in meaning to any question using the term, it came before
    the entry setting the threshold (4A003.b's 70 Weighted TeraFLOPS). It weighs 0.5 unless the
    question asks what the term means, when it is the answer."""
    import assistant.retrieve as retrieve

    question = "Quiz: a GPU cluster for a university has an Adjusted Peak Performance of 50 Weighted TeraFLOPS. Is it above the threshold for digital computers?"
    assert assistant.search(question, k=3).hits[0].passage.citation == "Regulation (EU) 2021/821, Annex I, entry 4A003"
    asked = "How does the control list define 'intrusion software'?"
    assert assistant.search(asked, k=3).hits[0].passage.citation == 'Regulation (EU) 2021/821, Annex I, Part I, definition of "Intrusion software"'
    monkeypatch.setattr(retrieve, "LIST_DEFINITION_PRIOR", 1.0)
    assert assistant.search(question + " ", k=3).hits[0].passage.term == "Adjusted Peak Performance"


def test_oc_spray_is_the_acts_oleoresin_capsicum(assistant, monkeypatch):
    """"OC spray", "PAVA spray": the acts' own abbreviations, too short to name the regime by
    themselves ("oc" is no telling word), are read as "oleoresin capsicum"; a customer who will
    not sign an end-use statement for it is 2019/125's case ("If no end-use statement is
    provided ..."), not 2021/821's Article 12(4)."""
    import assistant.synonyms as synonyms

    question = "Our buyer abroad for OC spray refuses to sign an end-use statement. What happens to our licence application?"
    assert "oleoresin capsicum" in synonyms.expand("Can we ship PAVA spray to Chile?")
    assert "oleoresin capsicum" not in synonyms.expand("Is an OC-curve analyser controlled?")

    def acts(q):
        return {h.passage.doc_id for h in assistant.search(q, k=3).hits}

    assert acts(question) == {"32019R0125"}
    monkeypatch.setattr(synonyms, "_COMPILED", [(rx, w) for rx, w in synonyms._COMPILED if "OC|PAVA" not in rx.pattern])
    assert "32021R0821" in acts(question + " ")


def test_an_it_system_is_the_acts_secure_and_encrypted_system(assistant, monkeypatch):
    """"Is there an IT system for notifying refusals?": the acts speak of "a secure and encrypted
    system for exchange of information" (Article 23(5) of 2019/125), the commentary of the
    "Dual-Use electronic system"; a question already in those words is left as it is."""
    import assistant.synonyms as synonyms

    question = "Is there a special IT system for notifying denials of torture-goods authorisations?"
    comment = "Commentary on Article 31 of Regulation (EU) 2019/125, Comment, paragraph 1"  # "... tools available in the Dual-Use electronic system (DUeS)"
    assert "secure and encrypted system" in synonyms.expand(question)
    assert "secure and encrypted system" not in synonyms.expand("What does the Dual-Use electronic system do?")
    assert "secure and encrypted system" not in synonyms.expand("Can we ship it systems by air?")
    assert _rank(assistant, question, comment, k=5) == 1
    assert _rank_without(assistant, monkeypatch, "secure and encrypted system", question, comment) > 1


def test_a_recital_setting_ordinary_goods_outside_the_act_answers_whether_they_are_covered(assistant, monkeypatch):
    """Recital 18 of 2019/125 sets "traditional equipment for self-defence, such as shields" outside
    the act; a question on plain shields is answered by it, though "Shields with metal spikes"
    (Annex II 3.2) shares more words. Not for shields with spikes, which that entry lists."""
    import assistant.retrieve as retrieve

    recital = "Regulation (EU) 2019/125, recital 18"
    plain = "Are standard police riot shields, with no spikes and no electric parts, covered by the torture-goods export rules?"
    spiked = "Is a riot shield covered in metal spikes subject to the torture-goods export rules?"
    why = "Trainees ask whether ordinary riot shields, no spikes, no shock function, are caught by the torture-goods export rules."
    assert _rank(assistant, plain, recital, k=5) <= 3
    assert _rank(assistant, spiked, "Regulation (EU) 2019/125, Annex II, item 3.2", k=5) == 1
    assert _rank(assistant, why, recital, k=5) <= 2
    monkeypatch.setattr(retrieve, "SCOPE_EXCLUSION_BOOST", 1.0)
    assert _rank(assistant, why, recital, k=5) > 5  # the chat's own rule
    assert _rank(assistant, plain, recital, k=5) <= 3  # the goods check's hint: no spikes, so not 3.2
    monkeypatch.setattr(assistant.retriever, "scope_exclusions", [])
    assert _rank(assistant, plain, recital, k=5) > 5


def test_a_paragraph_stating_the_time_limit_asked_for_is_not_crowded_out_by_its_article(assistant, monkeypatch):
    """Article 25 of 2019/125: (1) the request to add goods, (2) "within three months" the Commission
    may ask for more information, (3) "within 20 weeks" it acts. A question on how long the
    Commission shares most words with (1) and (2); two places per provision would leave (3) out.
    (Where (3) outranks (1) by itself, as in other wordings, the rule changes nothing.)"""
    import assistant.retrieve as retrieve

    question = ("Our ministry wants the Commission to add a newly designed law-enforcement restraint device to the anti-torture "
                "lists. After we file a substantiated request, how long does the Commission have to act on it?")
    paragraph = "Regulation (EU) 2019/125, Article 25(3)"
    assert _rank(assistant, question, paragraph, k=5) <= 5
    monkeypatch.setattr(retrieve, "TIME_LIMIT_PLACE", False)
    assert _rank(assistant, question, paragraph, k=5) > 5


def test_a_travellers_own_spray_is_the_notes_personal_protection(assistant, monkeypatch):
    """Annex III 3.1's note: the item "does not control individual portable equipment ... when
    accompanying their user for the user's own personal protection". A traveller packing a pepper
    spray "for her own safety" says so in everyday words; troops' goods "for their own use" do not."""
    import assistant.synonyms as synonyms

    question = "A consultant flies to Lagos and packs a small pepper spray in her luggage for her own safety. Does she need a torture-goods export licence?"
    item = "Regulation (EU) 2019/125, Annex III, item 3.1"
    assert "own personal protection" in synonyms.expand(question)
    assert "own personal protection" not in synonyms.expand("We supply CS grenades to our army contingent abroad for their own use.")
    assert _rank(assistant, question, item, k=5) <= 3
    assert _rank_without(assistant, monkeypatch, "own personal protection", question, item) > 5


def test_a_question_asking_which_member_states_is_answered_by_a_passage_naming_them(assistant, monkeypatch):
    """Recital 1 of 2020/621 names the twelve Member States that asked for their authorities'
    entries to be amended; a question asking which ones, "in 2020", shares few words with it. A
    question naming no year of the act does not bring it (which states voted against 2021/821?)."""
    import assistant.retrieve as retrieve

    question = "Which Member States wanted the entries for their licensing offices in the torture-goods rules updated in 2020?"
    recital = "Delegated Regulation (EU) 2020/621, recital 1"
    assert _rank(assistant, question, recital, k=5) == 1
    assert _rank(assistant, "Which Member States voted against the dual-use recast in the Council?", recital, k=5) > 5
    monkeypatch.setattr(retrieve, "MEMBER_STATES_BOOST", 1.0)
    assert _rank(assistant, question, recital, k=5) > 1


def test_from_when_a_change_for_a_named_country_applies_is_the_amending_acts_final_provision(assistant, monkeypatch):
    """2021/139 puts the United Kingdom on Annex V's destinations; its Article 2 says "This
    Regulation shall apply from 1 January 2021", which shares no word with a Brexit question."""
    import assistant.retrieve as retrieve

    question = "After Brexit, from which date may we send barbiturates to a clinic in Scotland under the EU general export authorisation?"
    final = "Delegated Regulation (EU) 2021/139, Article 2"
    assert _rank(assistant, question, final, k=5) <= 5
    monkeypatch.setattr(retrieve, "AMENDMENT_APPLIES_FROM", False)
    assert _rank(assistant, question, final, k=5) > 5


def test_a_paragraph_excepting_two_rules_is_shown_with_either(assistant, monkeypatch):
    """Article 8(3) of 2021/821: "Paragraphs 1 and 2 shall not apply if the technical assistance:
    (a) is provided within or into the territory of a country listed in Part 2 of Section A of
    Annex II ...". Shown with paragraph 2 as well as with paragraph 1: paragraph 2 alone overstates."""
    import numpy as np

    import assistant.retrieve as retrieve

    r = assistant.retriever
    rule, exception = r.reader.position["32021R0821/art8/2"], r.reader.position["32021R0821/art8/3"]
    allowed = np.ones(len(r.passages), dtype=bool)
    assert exception in r.window(rule, allowed, budget=retrieve.WINDOW_CHARS)
    monkeypatch.setitem(r.exceptions, rule, [])
    assert exception not in r.window(rule, allowed, budget=retrieve.WINDOW_CHARS)


def test_another_member_states_national_list_is_article_10(assistant, monkeypatch):
    """"We are in Belgium; the Netherlands controls the item on its national list": Article 10 of
    2021/821 ("if another Member State imposes an authorisation requirement"). Two Member States
    named for a move between them are a transfer instead, and one alone is the exporter's own."""
    import assistant.synonyms as synonyms

    question = "Our firm is in Belgium. A detector we sell is not on the EU list, but Denmark controls it under its national list. Do we need a licence?"
    assert synonyms.other_member_states_measure(question)
    assert not synonyms.other_member_states_measure("Does the Netherlands' national list apply to our exports?")
    assert not synonyms.other_member_states_measure("We ship it from our plant in Germany to France, whose national list names it.")
    shown = {p.citation for h in assistant.search(question, k=5).hits for p in (h.window or [h.passage])}
    assert "Regulation (EU) 2021/821, Article 10(1)" in shown
    monkeypatch.setattr(synonyms, "other_member_states_measure", lambda q: False)
    shown = {p.citation for h in assistant.search(question, k=5).hits for p in (h.window or [h.passage])}
    assert "Regulation (EU) 2021/821, Article 10(1)" not in shown


def test_stopping_a_shipment_is_prohibiting_it(assistant, monkeypatch):
    """"Can our authority stop the container?" asks whether it may prohibit the transit (Article
    7(1) of 2021/821: "may be prohibited at any time by the competent authority")."""
    import assistant.synonyms as synonyms

    question = ("Listed electronics from Asia sit in temporary storage at our port on their way to a country with a "
                "missile programme. Can we stop the shipment although it only passes through?")
    assert "may be prohibited" in synonyms.expand(question)
    assert "may be prohibited" not in synonyms.expand("When does the validity of our licence stop?")
    shown = {p.citation for h in assistant.search(question, k=5).hits for p in (h.window or [h.passage])}
    assert "Regulation (EU) 2021/821, Article 7(1)" in shown
    monkeypatch.setattr(synonyms, "_COMPILED", [(rx, w) for rx, w in synonyms._COMPILED if "may be prohibited" not in w])
    shown = {p.citation for h in assistant.search(question, k=5).hits for p in (h.window or [h.passage])}
    assert "Regulation (EU) 2021/821, Article 7(1)" not in shown


def test_a_mixed_case_name_is_a_keyword_of_its_own(assistant, monkeypatch):
    """"DUeS" (the Dual-Use electronic system) stems to "due", which "due regard" and "due
    diligence" share; kept whole as well, it finds the commentary that names it. "UAVs" is a
    plural, not such a name."""
    import ingest.tokens as tokens

    assert "dues" in tokens.tokenize("What is DUeS?") and "gaas" in tokens.tokenize("GaAs wafers")
    assert tokens.tokenize("UAVs") == ["uav"] and "dues" not in tokens.tokenize("membership dues")
    question = "What is DUeS and which notifications about refused applications go through it?"
    comment = "Commentary on Article 31 of Regulation (EU) 2019/125, Comment, paragraph 1"
    assert _rank(assistant, question, comment, k=5) <= 2
    monkeypatch.setattr(tokens, "MIXED_CASE", re.compile(r"(?!)"))
    assert _rank(assistant, question, comment, k=5) > 5


def test_an_amendment_of_a_year_no_document_is_brings_the_passages_citing_its_act(assistant, monkeypatch):
    """"The 2016 amendment" is Regulation (EU) 2016/2134, which no document is; the commentary
    citing it says what it brought ("New notification tools were introduced in DUeS to align it
    with Regulation (EU) 2016/2134")."""
    import assistant.retrieve as retrieve

    question = ("After the 2016 amendment of the torture-goods rules, what new functions were added to the "
                "Commission's secure electronic system for licensing authorities?")
    assert "2016" in assistant.retriever.cites_act_of_year and "2016" not in assistant.retriever.amending_act_of_year

    def first():
        return assistant.search(question, k=5).hits[0].passage

    assert "2016/2134" in first().text
    monkeypatch.setattr(retrieve, "ACT_OF_YEAR_CITED", False)
    assert "2016/2134" not in first().text


def test_shop_sold_encryption_the_user_cannot_change_is_the_cryptography_note(assistant, monkeypatch):
    """Encrypted goods "sold through electronics chains and online stores", whose buyers "can't
    change the encryption", are what the Cryptography Note releases: "generally available to the
    public by being sold ... from stock at retail selling points" and "the cryptographic
    functionality cannot easily be changed by the user". The act says neither "stores" nor "change
    the encryption"; without these words 5A002's entry comes first."""
    import assistant.synonyms as synonyms

    note = "32021R0821/annex1/category-5-part-2-note-3/1"
    cases = (
        ("We sell Bluetooth door locks with strong encryption through electronics chains and online stores. "
         "Owners set them up themselves and can't switch off the encryption. Do they need a licence?",
         ("retail selling points", "cannot easily be changed by the user", "installation by the user")),
        ("Our encrypted messaging app is downloaded by consumers, who can't change the encryption. Controlled?",
         ("cannot easily be changed by the user",)),
    )
    full = synonyms._COMPILED
    for question, words in cases:
        assert assistant.search(question, k=5).hits[0].passage.id == note, question
        monkeypatch.setattr(synonyms, "_COMPILED", [(rx, w) for rx, w in full if not any(x in w for x in words)])
        assert assistant.search(question, k=5).hits[0].passage.id != note, question
        monkeypatch.setattr(synonyms, "_COMPILED", full)
    assert "installation by the user" in synonyms.expand("Customers set the routers up themselves.")
    assert "retail selling points" not in synonyms.expand("Our online training portal explains the rules.")


def test_implants_and_trojans_are_intrusion_software(assistant, monkeypatch):
    """A console that "delivers and commands trojans" or "deploys and remotely commands implants" is
    4D004's software "for the generation, command and control, or delivery of 'intrusion software'":
    the act never says implant or trojan."""
    entry = "Regulation (EU) 2021/821, Annex I, entry 4D004"
    questions = (
        "Our penetration-testing platform deploys implants on client machines and commands them remotely. Is that software listed?",
        "We develop a console that delivers and commands trojans on target phones for police agencies. Which control list entry applies?",
    )
    ranks, without = _ranks_with_and_without(assistant, monkeypatch, "intrusion software", questions, entry)
    assert ranks == [1, 2], ranks
    assert all(w > r for w, r in zip(without, ranks, strict=True)), without


def test_secretly_monitoring_phones_is_covert_surveillance(assistant, monkeypatch):
    """Software that "covertly tracks users' phones" or "silently intercepts calls" is what Article
    2(20) of 2021/821 calls a cyber-surveillance item ("covert surveillance of natural persons by
    monitoring"), the goods Article 5 reaches when they are not listed: the user never says
    surveillance."""
    definition = "Regulation (EU) 2021/821, Article 2(20)"
    questions = (
        "Our app covertly tracks users' phones and is not on any control list. When might we still need an export authorisation?",
        "A tool that silently intercepts calls and messages on mobile phones is unlisted. Can the export still need an authorisation?",
    )
    ranks, without = _ranks_with_and_without(assistant, monkeypatch, "covert surveillance of natural persons", questions, definition)
    assert ranks == [1, 1], ranks
    assert all(w > r for w, r in zip(without, ranks, strict=True)), without


def test_a_controlled_product_named_in_passing_is_no_question_about_the_list(assistant, monkeypatch):
    """"We take a controlled thermal camera to a trade fair under the general authorisation: how long
    do we have to bring it back?" names goods known to be controlled; it asks after EU004's
    condition ("reimported within a period of 120 days"), so the list entries weigh less, as for
    any procedure. "Is it controlled?" still asks about the goods."""
    import assistant.retrieve as retrieve

    question = ("We will take a controlled thermal imaging camera to a trade show in Singapore under the EU general "
                "authorisation, then bring it home. How long do we have to bring it back?")
    condition = "Regulation (EU) 2021/821, Annex II, Section D, EU004, Part 3, point 1"
    assert not retrieve.GOODS_QUESTION.search(question)
    assert retrieve.GOODS_QUESTION.search("Is our thermal camera controlled?")
    assert _rank(assistant, question, condition, k=5) == 1
    monkeypatch.setattr(retrieve, "GOODS_QUESTION", re.compile(re.sub(r"\(\?<!\\b\w+ \)", "", retrieve.GOODS_QUESTION.pattern), re.I))
    assert retrieve.GOODS_QUESTION.search(question)
    assert _rank(assistant, question + " ", condition, k=5) > 1


def test_counts_as_a_defined_activity_also_weighs_the_definition_of_who_provides_it(assistant, monkeypatch):
    """"Does training their technician at our lab count as technical assistance?" names the term of
    Article 2(9) of 2021/821; whether the host provides it, to a foreigner inside the Union, is the
    definition built on it: the "provider of technical assistance" (Article 2(10)(c): "to a resident
    of a third country temporarily present in the customs territory of the Union"), weighed alike. A
    term merely beginning with the one named ("export declaration") is not."""
    import assistant.retrieve as retrieve

    question = ("A technician from our customer in Turkey is visiting our lab in Belgium to be trained on a listed "
                "analyser. Does training him here count as technical assistance?")
    provider = "Regulation (EU) 2021/821, Article 2(10)"
    assert _rank(assistant, question, provider, k=5) == 1
    monkeypatch.setattr(retrieve, "WIDER_TERMS", False)
    assert _rank(assistant, question + " ", provider, k=5) > 1


def test_goods_or_countries_added_in_a_year_name_that_years_amending_act(assistant, monkeypatch):
    """"Which two countries were added in 2020 to the destinations of the anti-torture general
    authorisation, and why?" names the amending act of 2020 (Delegated Regulation 2020/621) as "the
    2020 amendment" would: its recital giving the reason comes first, not 2021/139's, which added
    the United Kingdom for the same reason."""
    import assistant.retrieve as retrieve

    question = ("Which two countries were added in 2020 to the destinations of the EU general export authorisation "
                "for lethal-injection drugs, and why did they qualify?")
    first = assistant.search(question, k=5).hits[0].passage
    assert first.doc_id == "32020R0621", first.citation
    added = r"|\b(?:added|inserted|removed|deleted)\s+in ((?:19|20)\d\d)\b"
    assert added in retrieve.AMENDMENT_OF_YEAR.pattern
    monkeypatch.setattr(retrieve, "AMENDMENT_OF_YEAR", re.compile(retrieve.AMENDMENT_OF_YEAR.pattern.replace(added, ""), re.I))
    assert assistant.search(question + " ", k=5).hits[0].passage.doc_id != "32020R0621"


def test_what_to_do_before_the_first_transfer_asks_for_the_notice_of_first_use(assistant, monkeypatch):
    """"What must we do before the first transfer under the intra-group general authorisation?" asks
    for EU007's notice "of the first use of this authorisation no later than 30 days prior to the
    date of the first export", which shares "first" and little else with the question: its
    conditions on who may use it came first."""
    import assistant.synonyms as synonyms

    question = ("Our subsidiary in Vietnam will receive listed software from us under the intra-group general "
                "authorisation. What must we do before the first transfer?")
    notice = "32021R0821/annex2/section-g-eu007-part-3-point-6/1"
    assert synonyms.FIRST_USE in synonyms.expand(question)
    assert assistant.search(question, k=5).hits[0].passage.id == notice
    monkeypatch.setattr(synonyms, "_COMPILED", [(rx, w) for rx, w in synonyms._COMPILED if w != synonyms.FIRST_USE])
    assert assistant.search(question + " ", k=5).hits[0].passage.id != notice
