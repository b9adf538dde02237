"""Hybrid retrieval: dense (Chroma) + BM25 fused (linear by default, RRF available), lifted
by provision, then explicit references first, the named act and its related documents ranked
first, authority breaking near-ties; each hit shown with a window of its own provision.
"""

from __future__ import annotations

import math
import re
import time
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from assistant.references import ENTRY_CODE, References, in_article, in_item, parse, sub_item_fit
from assistant.synonyms import (
    FIRST_USE,
    GENERAL_AUTHORISATION,
    WHY_QUESTION,
    countries_named,
    expand,
    member_states_named,
)
from ingest.embed import Embedder
from ingest.index import IndexReader
from ingest.passage import AMENDMENTS, Passage
from ingest.tokens import split_compound, tokenize

FUSION = "linear"  # linear | rrf  (linear measured better on the dev questions: see README)
DENSE_WEIGHT = 0.45  # linear fusion: weight of the min-max normalised dense score
RRF_K = 2
CANDIDATES = 80
NORMALISE_TOP = 50  # min-max normalisation over each list's top scores
STRONG_DOC_BOOST = 1.6  # the question names the act by number: "2021/821"
# "added in 2020", "the 2020 amendment": the other years' amending acts weigh less (0.4 no different)
OTHER_YEAR_PRIOR = 0.6
MILD_DOC_BOOST = 1.25  # the question names it by topic: "dual-use"
AUTHORITY_PENALTY = 0.04  # per step down the authority ladder
PINNED_PER_REFERENCE = 2  # passages an explicit reference puts first; the rest are boosted
REFERENCE_BOOST = 1.5
# a note of a goods list that releases items from an entry ("Cryptography Note: 5A002 ... do(es)
# not control items ... sold ... at retail selling points") is answered with the entry a question
# names, when the note is also among the best matches of the question's words
RELEASE_NOTE = re.compile(r"\b(?:do|does) not control\b|\bnot controlled\b|\bis released\b", re.I)
RELEASE_NOTE_RANK = 25  # (10 missed it when the entry's own parts took the first places)
# "we shipped under the general export authorisation: must we tell our authority, and by when?"
# asks for the authorisation's own notice of first use, which shares no word with "tell" and
# which the embedding places far from such a question (outside the first 80 of 2019/125's
# Annex V Part 3 (2)); the passages stating that notice are raised when the keywords ask for it
FIRST_USE_NOTICE = re.compile(r"\bfirst use of this\b", re.I)
FIRST_USE_BOOST = 1.5
# "a global licence" names one of the kinds of authorisation (Article 12(1)(b) of 2021/821): the
# rules naming that kind ("Exporters using global export authorisations shall implement an ICP")
# answer it, before a general authorisation's like condition (EU007's "shall implement an Internal
# Compliance Programme") or the definition of the programme
GLOBAL_ASKED = re.compile(r"\bglobal (?:[\w/-]+ ){0,2}?(?:licen[cs]es?|authori[sz]ations?)\b", re.I)
GLOBAL_RULE = re.compile(r"\bglobal (?:export )?authori[sz]ations?\b", re.I)
GLOBAL_BOOST = 1.3  # (1.2 until session 51: 57 question sets recall@1 +3, none lower; 1.5 no better)
DURATION_BOOST = 1.2  # "how long / within how many days": passages stating a period (1.15 until session 35)
RECITAL_PRIOR = 0.7
# a control list's definitions ("Aircraft" means a fixed wing, ...) explain the entries' words;
# unless the question asks what a term means, the entry using the word is the answer
LIST_DEFINITION_PRIOR = 0.5
WHY_RECITAL_BOOST = 1.3  # ... and a "why" question is answered by the recitals, of any act
# a recital setting goods outside an act ("this Regulation should not apply to trade in traditional
# equipment for self-defence, such as shields") answers whether those goods are covered ("plain riot
# shields without spikes: was the regime ever meant to cover those?"), though a list entry shares
# more words ("Shields with metal spikes"); the goods must be named by one of the clause's rare words
SCOPE_EXCLUSION = re.compile(r"\bshould not apply to (?P<what>[^.;]+)", re.I)
SCOPE_EXCLUSION_BOOST = 3.0
SCOPE_WORD_MAX_PASSAGES = 12  # "trade", "equipment", "goods" name nothing in particular
SCOPE_ASKED = re.compile(
    r"\b(?:cover(?:s|ed|ing)?|caught|catch(?:es)?|apply|applies|outside|exclud\w*|exempt\w*|fall(?:s)? (?:under|within)"
    r"|subject to|controlled|in scope|scope)\b", re.I)
# ... of goods the question says are the ordinary kind, or lack a feature ("no spikes"): not "a
# riot shield covered in metal spikes" nor "electric shock shields", which an entry lists
ORDINARY_GOODS = re.compile(r"\b(?:ordinary|plain|traditional|standard|conventional|normal|simple|regular|basic|no|without)\b", re.I)
COMMON_TERM = 0.06  # share of passages using a defined term above which it is too common to explain
FORM_PRIOR = 0.8  # explanatory notes to the authorisation forms
# the Union general export authorisations (Annex II of 2021/821, Annex V of 2019/125) restate the
# articles' conditions ("... informed by the competent authority that the items ... are intended
# for use in connection with ... missiles", Article 4's catch-all) in each of EU001 to EU008: a
# question that names no general authorisation asks about the article
GENERAL_AUTHORISATION_PRIOR = 0.8  # (0.7: four questions more first, one more refused on dev sets)
GENERAL_AUTHORISATION_ANNEXES = {"32021R0821": "II", "32019R0125": "V"}
GENERAL_AUTHORISATION_ASKED = re.compile(
    r"\bfirst (?:use|shipment|export)\b|\bregist(?:er|ered|ration)\b|\bwithout\b[^?.]{0,30}\b(?:licen[cs]es?|authori[sz]ations?|permits?)\b", re.I
)
DUAL_USE_FORM_PRIOR = 0.75  # ... of 2021/821 (Annex III), whose boxes name most of its articles' subjects
DUAL_USE_ACT = "32021R0821"
FORM_WORD = re.compile(r"\bforms?\b", re.I)
FORM_MODEL = re.compile(r"\bModels? for\b")  # "B. Model for brokering services / technical assistance": a form too
FORM_MODELS = True
# an amending act's instruction ("(c) after the entry 'Liechtenstein', the entry 'Madagascar' is
# inserted"): the annex as consolidated and the act's recitals say what applies and why
AMENDMENT_PRIOR = 0.85
AMENDMENT_OF_YEAR = re.compile(
    r"\b((?:19|20)\d\d)\s+(?:amendments?|amending (?:act|regulation)|updates?|delegated (?:act|regulation)s?|changes?)\b"
    r"|\b(?:amended|updated|changed) in ((?:19|20)\d\d)\b"
    r"|\b(?:added|inserted|removed|deleted)\s+in ((?:19|20)\d\d)\b",  # "which countries were added in 2020?"
    re.I,
)
ACT_NUMBER_YEAR = re.compile(r"\b(?:Regulation|Directive|Decision)\s+\((?:EU|EC|EEC|Euratom)\)\s+(?:No\s+)?((?:19|20)\d\d)/\d+")
ACT_OF_YEAR_CITED = True
CELEX_YEAR = re.compile(r"^3((?:19|20)\d\d)[RLD]\d{4}$")  # 32021R0139: an act of 2021
WINDOW_CHARS = 600  # a hit is shown with other paragraphs of its provision, up to this size
# ... and the top hit with more of its provision: the best-matching provision is the likeliest
# answer, and its paragraph that answers ("kept for at least five years") often matches the
# question less well than its neighbour; the other hits give up what it takes (0.88 of the naive
# baseline's characters per top-5 on the held-out questions, 1.07 and 1.01 on dual-use-only dev8 and dev10: see
# `regassist eval` and the README)
FIRST_WINDOW_CHARS = 2000
SPLIT_EXTRA = 800  # ... and with the other parts of its own paragraph, up to this much more
# a passage ending on a comma was cut inside a sentence (a note listing sixty sub-items): the
# rest of the sentence, often its condition ("... in which no chemical constitutes more than
# 30 %"), opens the next passage, which is always shown with it
CUT_SENTENCE = re.compile(r",\s*$")
# a rule is shown with the paragraphs of its article that make exceptions to it ("2. By way of
# derogation from paragraph 1, ... for public display in a museum"): the rule alone overstates
DEROGATION = re.compile(
    r"^\s*(?:\d+\.\s*)?(?:By way of derogation from|Notwithstanding)\s+paragraphs?\s+(\d+)"
    r"|^\s*(?:\d+\.\s*)?Paragraphs?\s+(\d+(?:\s+and\s+\d+)?)\s+shall not apply",
    re.I,
)
# a main act's recital whose first sentence builds on the one before ("It is therefore necessary
# ...", "such goods") is shown with it; an amending act's recitals are one provision anyway (unit_of)
BACK_REFERENCE = re.compile(
    r"\btherefore\b|\b(?:such|those|these|that) (?:goods|products|medicinal products|countries|controls|system|list"
    r"|authorisation|services|assistance|measures|rules|commitment|cases)\b",
    re.I,
)
MAX_PER_UNIT = 2  # hits (windows) from one provision (one part of a general authorisation) in one answer
TIME_LIMIT_PLACE = True  # ... but a question asking how long gets the paragraphs stating a period beyond it
NEAR_DUPLICATE = 0.8  # a hit sharing this share of its words with a better hit gives up its place
# "goods listed in Annex II shall be prohibited", "an authorisation shall be required for ... listed in Annex IV"
GOVERNS = re.compile(r"\bshall be (?:prohibited|required)\b")
GOVERNED_ANNEX = re.compile(r"\b(?:goods|items) listed in Annex ([IVX]+)\b")
# the activity a question asks about, and how the rule for that activity names it: "can electric
# chairs be imported?" is answered by "Any import of goods listed in Annex II shall be
# prohibited", not by the export ban every entry of that list would otherwise bring along
RULE_ACTIVITIES: list[tuple[re.Pattern, re.Pattern]] = [
    (re.compile(r"\bimport\w*|\bbr(?:ing|ought|inging) (?:\w+ ){0,3}?into (?:the )?(?:EU|Union)\b", re.I), re.compile(r"\bimport\b")),
    (re.compile(r"\btransit\w*|\bpass\w* through\b", re.I), re.compile(r"\btransit\b")),
    (re.compile(r"\bbroker\w*", re.I), re.compile(r"\bbroker")),
    (re.compile(r"\btechnical assistance\b", re.I), re.compile(r"\btechnical assistance\b")),
    # (a museum's exhibition is no trade fair: its goods are of historic significance, Article 3(2))
    (re.compile(r"^(?![\s\S]*\bmuseums?\b)[\s\S]*?(?:\bexhibit\w*|\b(?:trade )?fairs?\b|\btrade shows?\b|\bdisplay\w*)", re.I),
     re.compile(r"\bexhibition or fair\b")),
    (re.compile(r"\badvertis\w*", re.I), re.compile(r"\badvertising\b")),
]
# the end of an anti-torture list item's name: "2.2. Thumb-cuffs, finger-cuffs ... CN codes: ...", "Notes: 1. ..."
# (or its measured bounds: "Individual cuffs ... having an inside circumference exceeding 165 mm when ...")
ITEM_NAME_END = re.compile(r"\bCN codes?\b|\bNotes?\b|\bhaving\b|\bwhen\b")
ANNEX_NAME_MAX_PASSAGES = 3  # a word naming an annex's goods is rare: "thumb" (1), "whip" (2), not "chair" (7)
# "can I arrange a sale of thumb-cuffs between two third countries?": the brokering rule for the
# annex holding the goods named (Article 6, Annex II), not the broker's definition
ANNEX_ACTIVITY_BOOST = 1.5
ACTIVITY_RULE_BOOST = 1.2  # the rule paragraphs of the one activity a question asks about (read sets: 11 gained, 4 lost a place)
EXPORT_ASKED = re.compile(r"\bexport\w*|\bship\w*|\bsell\w* (?:\w+ ){0,4}?(?:to|abroad)\b", re.I)
# "what must the broker's licence specify?" asks what an authorisation holds, not whether the
# activity needs one: the activity's rule paragraphs are no answer to it
AUTHORISATION_CONTENT = re.compile(
    r"\bwhat (?:does|do|must|should|has|have|will|shall) (?:the |an |a |my |our |this |that |such )?(?:\w+ )?(?:authori[sz]ation|licen[cs]e|permit)s?\b"
    r"[^?]{0,60}?\b(?:specify|contain|include|state|set out|pin down|cover|mention|list|show)\b",
    re.I,
)
# a document that comments on or reports about an act ("the commentary on Article 31"): the
# act's provision named with it is what the document is about, not the answer in its place
COMMENTING_KINDS = frozenset({"commentary", "report", "press_release", "council_conclusions"})
ARTICLE_SLOT_RATIO = 0.3  # an operative article this close to the top takes the last place (see below)
RARE_BOOST = 0.3  # passages holding the question's rarest words gain up to this share
RARE_WORDS = 2
# words of asking, rare in legal text yet telling nothing about the subject (stemmed)
QUESTION_WORDS = frozenset(tokenize(
    "say says said want wants wanted need needs needed tell tells told mean means meant ask asks asked "
    "know knows still also exactly actually really please anything something whether"
))
RARE_IDF = 4.0  # a word in at most ~33 of ~1,800 passages
UNIT_SHARE = 0.4  # share of a passage's score taken from the best passage of its provision
# an act or Commission document named by its number: "Recommendation (EU) 2021/1698",
# "Delegated Regulation 2023/66", "Regulation (EC) No 1236/2005", "COM(2019) 449"
NAMED_ACT = re.compile(
    r"(?:(?:Delegated |Implementing )?(?:Regulation|Directive|Decision|Recommendation)\s+(?:\((?:EU|EC|EEC|CFSP)\)\s+)?)?"
    r"(?:\b((?:19|20)\d{2}/\d{2,4})\b|\bNo\.?\s*(\d{1,4}/(?:19|20)\d{2})\b)(?:/(?:EU|EC|CFSP))?"
    r"|\bCOM\s*\(\s*(?:19|20)\d{2}\s*\)\s*\d{1,4}"
    # "Regulation 833/2014": an older act's number as users write it, without "No"
    r"|\b(?:Regulation|Directive|Decision)\s+(?:\((?:EU|EC|EEC|CFSP)\)\s+)?(\d{1,4}/(?:19|20)\d{2})\b",
    re.I,
)
# a named scheme or instrument, in capitals ("the EU Carbon Border Adjustment Mechanism"); the
# words before the name that are not part of it, and the acts by name, are left to other checks
NAMED_INSTRUMENT = re.compile(
    r"(?<![\w-])((?:[A-Z][\w'’/-]*\s+){1,5}(?:Mechanism|Act|Scheme|Programme|Program|Code|Convention|Framework|Order"
    r"|Arrangement|Regime|Treaty|Agreement|Protocol|Initiative|Strategy|Instrument|Facility|Fund|Policy|Regulations|Rules"
    r"|Guidelines|Package|Directive))\b"
)
INSTRUMENT_LEAD = frozenset(
    re.findall(r"\w+", "what which does do is are under the eu union european our a an in can how when who why if has have did will since")
)


def _folded(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.lower()).split())


# the recitals or preamble of an act, by no number ("the recitals of Regulation 2021/821")
RECITALS_ASKED = re.compile(r"\brecitals?\b(?!\s+\(?\d)|\bpreamble\b", re.I)
# "under / according to / does <act>": the question asks what that act provides
OUTSIDE_FRAME = re.compile(
    r"\b(?:under|according to|pursuant to|in accordance with|does|do|did|is|are)\s+(?:(?:the|EU|Union|Council|Commission|"
    r"European|firearms|sanctions|old|new|previous|former|earlier|repealed|dual-use|anti-torture|torture)\s+){0,3}(?:(?:Delegated |Implementing )?(?:Regulation|Directive|Decision)\b[^?.,;]{0,20}?)"
    r"(?:\b(?:19|20)\d{2}/\d{2,4}\b|\bNo\.?\s*\d{1,4}/(?:19|20)\d{2}\b)",
    re.I,
)
# an act named by its subject, not its number ("under the EU firearms export regulation", "which EU
# sanctions against Russia ..."): another regime's act, which these documents do not hold (they
# mention the firearms Regulation only to leave firearms to it, sanctions only as obligations the
# authorities weigh)
OTHER_ACT_BY_SUBJECT = re.compile(
    r"\b(?:under|according to|pursuant to|in accordance with|what (?:does|do|did)(?: it say in)?)\s+(?:the\s+)?(?:EU(?:['’]s)?\s+|Union\s+|European\s+)?"
    r"(?P<act>(?:firearms?|sanctions?|(?:Russia|Russian|Iran|Belarus|Syria)\s+sanctions|restrictive\s+measures"
    r"|arms\s+embargo|chemical\s+weapons)\s+(?:export\s+|import\s+|trade\s+)?(?:regulations?|rules|regimes?|legislation|laws?|directives?|packages?)"
    # the list of military goods the acts leave to their own regime, by its name alone
    r"|Common\s+Military\s+List(?:\s+of\s+the\s+(?:European\s+Union|EU))?)\b"
    r"|\b(?:which|what)\s+(?:EU\s+|Union\s+|Council\s+)?(?P<sanctions>sanctions?\b[^?]{0,40}?\b(?:against|on|targeting|imposed on)\s+[A-Z][\w-]+)",
    re.I,
)
FORM_QUESTION = re.compile(r"\bforms?\b|\bbox(?:es)?\b|\bfill", re.I)
# a Council document's covering note only transmits ("Delegations will find attached the
# Operational Conclusions ..."): what the body concluded is in the conclusions, unless the question
# asks what the note itself says (when they were agreed, with whom they are shared, who sent them)
COVER_NOTE_PRIOR = 0.5
COVER_NOTE_QUESTION = re.compile(
    r"\bwhen\b|\bdate\b|\bwhich day\b|\bagreed\b|\bshared\b|\bsent\b|\bwho (?:sent|issued|circulated)\b"
    r"|\bLaw Enforcement\b|\bLEWP|\bcover(?:ing)? note\b|\bGeneral Secretariat\b",
    re.I,
)
# what someone found or raised in practice ("did the coordination group flag any problem with the
# advertising ban?"): the acts only state the rule; the commentary, the press release and the
# Council's conclusions report what was observed and discussed
FINDING_QUESTION = re.compile(
    r"\b(?:flag(?:ged|s)?|signall?ed|any signs?|concerns?\b.{0,20}\b(?:came up|come up|raised|expressed)|raised (?:a )?concerns?"
    r"|discuss(?:ed|ions?)|observ(?:ed|ations?)|identified|in practice|shortcomings?|loopholes?|not go far enough|too narrow"
    r"|(?:was|is)n'?t working|not working|notic(?:e|ed) any|report(?:ed)? any|any (?:practical )?problems?"
    # "has the coordination group looked at how authorities interpret 'broker'?": what it did
    r"|(?:has|have|did)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,5}?(?:group|ATCG|Commission|Member States|authorities|Council|party|experts|delegations|countries|Alliance)"
    r"\s+(?:[\w-]+\s+){0,2}?(?:look(?:ed)? (?:at|into)|examined?|considered?|address(?:ed)?|deal(?:t)? with|take(?:n)? up|work(?:ed)? on))\b",
    re.I,
)
FINDING_BOOST = 1.5
REPORTING_KINDS = ("commentary", "press_release", "council_conclusions")
REPORT_FIRST_NO_GOODS = True  # a question the reports answer first takes no goods entry at the k-th place
# "can we train their staff to use shackle beds?": the goods set the scene, the article on the
# activity answers; "is our pump caught by item 1.4?" asks about the goods themselves
ACTIVITY_QUESTION = re.compile(
    r"\b(?:train(?:ing|s)?|course|teach\w*|display\w*|exhibit\w*|advertis\w*|ads?|transit\w*|transfer\w*|trade fairs?|moving|"
    r"bring\w* (?:it|them) back|broker\w*|apply|agency|"
    r"authorit(?:y|ies)|tell|notify|report|allowed|lawful|unlawful|may we|can we|could we|prohibit\w*|forbid\w*|"
    # goods stopped at the border, repaired or serviced, an authority consulting or refusing
    # ("a security consultant" is not a consultation)
    r"what happens|seiz\w*|stopped|detain\w*|repair\w*|servic\w*|technicians?|member states?|records?|registers?|"
    r"consult(?:s|ed|ing|ation)?|inform(?:s|ed|ing|ation)?|denial|denied|refus\w*)\b",
    re.I,
)
# ("listed" is not one: "a container of listed items is transiting ..." asks about the transit; nor
# is "a controlled camera", which names goods already known to be controlled)
GOODS_QUESTION = re.compile(
    r"\b(?:(?<!\ba )(?<!\ban )(?<!\bthe )(?<!\bour )(?<!\bthis )(?<!\bthese )(?<!\btheir )controlled|covered|caught|falls?\s+(?:under|within)|which (?:entry|item|category|annex)|classif\w*|"
    r"on the (?:\w+ )?list|what (?:is|are)(?!\s+(?:the|our|their|its)\b)|what counts as|does (?:it|this|that) include|included)\b",
    re.I,
)
ACTIVITY_ITEM_PRIOR = 0.7
# a procedure beyond exporting the goods, in the question's words or the legal wording its everyday
# words bring ("show their technicians how to repair them" is technical assistance, "arranges
# sales" brokering, "stopped at the border" detention, "how long is the licence valid" a period):
# the article on it answers, the goods entry only sets the scene, so list entries weigh less
PROCEDURE_WORDING = re.compile(
    r"technical assistance|\bbroker|\bdetain|\bnotif(?:y|ication)|decision dismissing|\bperiod\b|\bregisters\b|\btransit\b"
    r"|\bexhibition|\badvertising|national measures|export after repair|\baware\b"
    # a holder of a global licence asking what it must run ("a global licence for thermal cameras:
    # do we need a compliance programme?")
    r"|\bcompliance programme|\bICP\b|\bglobal (?:[\w/-]+ ){0,2}?(?:licen[cs]es?|authori[sz]ations?)\b"
    # what the authority takes into account in deciding on an application (the wording the question's
    # "what will the authority look at before granting?" brings)
    r"|\ball relevant considerations\b"
    # a general authorisation's destinations and conditions ("can we ship barbiturates to
    # Madagascar under the EU general export authorisation?")
    + "|" + GENERAL_AUTHORISATION.pattern,
    re.I,
)
PROCEDURE_ITEM_PRIOR = 0.4
# "would we count as a 'distributor'?", "what is a broker?": the Article 2 definition answers
DEFINITION_QUESTION = re.compile(
    r"\bcounts? as\b|\bcounted as\b|\bconsidered (?:as |to be )?an?\b|\bqualif(?:y|ies) as\b|\bregarded as\b|\bdefin(?:e|es|ed|ing|itions?)\b"
    r"|\bwhat (?:is|are|does) (?:an? |the )?[\w' -]{2,40}\b(?:mean|means)\b|\bwho (?:is|counts as) an?\b|\bwhat is an?\b",
    re.I,
)
DEFINITION_BOOST = 2.0
WIDER_TERMS = True  # ... and of the one who does what it names ("provider of technical assistance")
#: a question after what one must do ("what are we supposed to do?", "what are our obligations?")
DUTY_ASKED = re.compile(
    r"\bwhat (?:are|am|do|must|should|shall) (?:we|i|they|you|the exporter|our company)\b(?: (?:supposed|required|obliged|expected) to)? do\b"
    r"|\bwhat (?:are|is) (?:our|my|their|the exporter's) (?:obligations?|duties|duty)\b"
    # "is an internal compliance programme mandatory / must they run one?": whether a duty exists
    r"|\b(?:mandatory|compulsory|obligatory)\b|\b(?:must|need to|required to|obliged to|have to) (?:run|have|implement|set up|keep|maintain|operate)\b"
    # "is a formal compliance programme required of us?"
    r"|\b(?:is|are)\s+(?:an?\s+|the\s+|any\s+)?(?:[\w-]+\s+){0,4}?(?:required|needed|necessary)\b",
    re.I,
)
DUTY_DEFINITION_PRIOR = 0.6
RELEASE_ASKED = re.compile(
    r"\btakes? (?:it|them|this|that|these) out of\b|\bexempt\w*|\bexclud\w*|\bcarve[- ]?outs?\b|\bfalls? outside\b"
    r"|\bleft out\b|\bnot covered\b|\bno longer (?:covered|controlled|caught|listed)\b|\bstill (?:covered|controlled|caught|listed|appl(?:y|ies))\b|\bescape\w*\b|\blet (?:it|them) off\b",
    re.I,
)
# the release notes above, and the anti-torture lists' ("This item does not prohibit ...")
RELEASING = re.compile(rf"{RELEASE_NOTE.pattern}|\b(?:do|does) not (?:prohibit|cover|apply to)\b|\bexcept\b", re.I)
RELEASE_BOOST = 1.3
SYSTEM_ASKED = re.compile(
    r"\b(?:which|what)\s+(?:[\w-]+\s+){0,2}?(?:systems?|channels?|platforms?|databases?|tools?)\b|\bthrough which\b|\bby what means\b", re.I
)
SYSTEM_NAMED = re.compile(r"\b(?:secure and encrypted|electronic) system\b", re.I)
SYSTEM_BOOST = 2.0  # (1.3, 1.6, 2.0, 2.5 on the read sets: 2.0 best, one question second instead of first)
# ... the more when the question quotes the term: "does a hospital pharmacy that buys barbiturate
# anaesthetics count as a 'distributor'?" asks for Article 2(r), not for the anaesthetics' entry
# that matches more of its words (26 read sets: two questions more answered first, none fewer)
QUOTED_TERM = re.compile(r"['‘\"“]([\w][\w -]{1,40}?)['’\"”]")
QUOTED_TERM_BOOST = 3.0
# "which German agency do we apply to?": the entry of a list of authorities for that Member State
# answers; "can the German authority refuse ..." asks what an authority may do, not which it is
WHICH_AUTHORITY = re.compile(
    r"\b(?:which|what)\s+(?:[\w-]+\s+){0,2}(?:authorit(?:y|ies)|agency|agencies|ministry|office|body)\b"
    r"|\bwhere\s+(?:do|should|must|can|would)\s+(?:we|i|they|exporters?)\s+(?:apply|send|submit|file)\b|\bto whom\b"
    r"|\bwho\s+(?:do|should|must|can|would)\s+(?:we|i|they)\s+(?:contact|ask|apply|write)\b|\bcontact details\b|\baddress of\b"
    r"|\b(?:apply|write|turn)\s+to\s+(?:the\s+|a\s+|our\s+)?(?:[\w-]+\s+){0,2}(?:authorit(?:y|ies)|agency|ministry|office)\b"
    # "what e-mail address should we use to contact the Dutch competent authority?"
    r"|\b(?:e-?mail|telephone|phone|fax)\b[^?]{0,60}\b(?:authorit(?:y|ies)|agency|ministry)\b"
    r"|\bcontact\s+(?:the\s+|our\s+)?(?:[\w-]+\s+){0,3}(?:authorit(?:y|ies)|agency|ministry)\b",
    re.I,
)
IMPLIED_ANNEX_BOOST = 1.3
# "from what date does it apply?", "when did it enter into force?": the final provision says
ENTRY_INTO_FORCE_QUESTION = re.compile(
    r"\bfrom (?:what|which) (?:date|point|day|moment)\b|\bsince when\b|\bin force\b|\btakes? effect\b|\beffective (?:date|from)\b"
    r"|\bstart(?:s|ed)? to apply\b|\bappl(?:y|ies) from\b|\bwhen (?:does|did|do|will|was|were)\b.{0,60}\b(?:apply|applied|took effect|enter(?:ed)? into force|start|become|effective)\b",
    re.I,
)
ENTERS_INTO_FORCE = re.compile(r"\bshall enter into force\b|\bshall apply from\b|\bshall be applicable from\b", re.I)
ENTRY_INTO_FORCE_BOOST = 1.5
AMENDMENT_APPLIES_FROM = True  # ... and of a change for a country the question names, the amending act's
# "on what date did the transition period end?": passages stating a calendar date
DATE_QUESTION = re.compile(
    r"\b(?:what|which) (?:dates?|day|year)\b|\bon which dates?\b|\bwhen (?:did|was|were|does|do|will|is|has|had)\b|\bby when\b|\bsince when\b|\bfrom when\b",
    re.I,
)
CALENDAR_DATE = re.compile(
    r"\b\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{4}\b"
)
DATE_BOOST = 1.3
# a date naming an act ("Regulation (EU) No 952/2013 of the European Parliament and of the Council of
# 9 October 2013 laying down the Union Customs Code") says when that act was adopted, not when what
# the passage tells happened: "when did the working party agree its conclusions?" is no question for it
ACT_TITLE_BEFORE = re.compile(
    r"(?:\bof the (?:European Parliament and of the )?Council|\b(?:Regulation|Directive|Decision)\s+(?:\((?:EU|EC|EEC|Euratom)\)\s+)?"
    r"(?:No\.?\s*)?\d+/\d+(?:/\w+)?|\bCommission(?: Delegated| Implementing)?)\s+of\s+$"
)
ACT_DATES_APART = True


def states_a_date(text: str) -> bool:
    """Whether the text gives a calendar date other than the one in an act's title."""
    return any(
        not (ACT_DATES_APART and ACT_TITLE_BEFORE.search(text[max(0, m.start() - 120) : m.start()]))
        for m in CALENDAR_DATE.finditer(text)
    )


# goods only the anti-torture annexes name ("spit hoods", "thiopental", "leg irons"): a question
# naming them is about that regime, even when it asks about licences or forms both acts have
REGIME_GOODS_BOOST = 1.5
# ... and when the goods named are one act's only ("anaesthetics" for the capital punishment
# goods' EU GEA), the other regime's nearly identical provisions give way ("notify first use ...
# within 30 days" is in Annex V of 2019/125 and in each of 2021/821's EU001 to EU008)
REGIME_OTHER_PRIOR = 0.67
# words of trade in a question that a list happens to use ("ship" in 2021/821's vessels, "start")
# and name no goods: "we started shipping anaesthetics" names the anti-torture regime alone
REGIME_STOP = frozenset(tokenize(
    "ship shipping shipped shipment start started send sent sell sold buy bought order ordered deliver "
    "carry move bring take make want need plan customer appear appears appeared appearing onto straight away"
))
# a general authorisation whose list of destinations leaves out the country the question names
DESTINATION_LIST_PRIOR = 0.8
DESTINATION_LIST_BOOST = 1.3  # ... and one whose list names it
# "which countries are covered by EU001?", "to which destinations can we ship under the EU GEA?":
# the authorisation's list of destinations answers, not its conditions
DESTINATIONS_QUESTION = re.compile(
    r"\b(?:which|what)\s+(?:[\w-]+\s+){0,2}?(?:countries|destinations|territories)\b|\bwhere (?:can|may|could) (?:I|we|you|an exporter|exporters) (?:export|ship|send)\b"
    r"|\blist of (?:the )?(?:countries|destinations)\b",
    re.I,
)
DESTINATIONS_BOOST = 1.6
# "which Member States asked for their authorities' entries to be changed?": a passage naming
# several Member States ("Belgium, Ireland, France, ... have informed the Commission"), whatever
# else it shares with the question
MEMBER_STATES_QUESTION = re.compile(r"\b(?:which|what)\s+(?:of the\s+)?(?:EU\s+)?(?:member\s+states|EU\s+countries)\b", re.I)
MEMBER_STATES_LIST = 4
MEMBER_STATES_BOOST = 3.0
LIST_OF_COUNTRIES = 4  # a passage naming this many countries outside the Union is a list of destinations
NAMED_AUTHORISATION = re.compile(r"\bEU00\d\b|\bEU GEA\b|\bGEA 2019/125\b", re.I)
REGIME_LONG_LIST = 1000  # ... but two words are needed of a regime whose lists use more words than this
# an act amending another's annexes that names the country a question names: the act that put the
# country on a list (or took it off), which says whether and since when it counts there
COUNTRY_AMENDMENT_BOOST = 2.0
COUNTRY_PASSAGES_MAX = 4  # ... unless the act names it nearly everywhere (the United Kingdom in 2021/139)
# "from which date does that change apply?": the amending act's final provision takes the weight
# the instruction inserting the country had; "can we ship there, and from what date?" weighs both
APPLIES_FROM_FIRST = True
MAY_WE = re.compile(r"\b(?:can|may|could|should) (?:we|i|they|you|one)\b|\b(?:is|are) (?:it|that|this|they) (?:allowed|possible|permitted|lawful)\b", re.I)
# a word one act's goods lists use often and another act's family once still marks the regime
REGIME_SHARED_MAX = 1
REGIME_SHARED_MIN_LISTED = 3
REGIME_SHARED_RATIO = 10  # ... if its share of the lists is this many times its share elsewhere
REGIME_PAIR_MIN_LISTED = 2  # list items using a pair of adjacent words, for the pair to mark the regime
# the words of an act's title that its family uses and no other act does ("torture", "inhuman"):
# "a new kind of torture device" is a question about that act's lists, whatever device it is
REGIME_TITLE_MIN = 3  # passages of the family using the title's word
OTHER_REGIME_PRIOR = 0.7  # the act a question does not name, when it names the other regime's act

MEETING = re.compile(
    r"\bmeetings?\b|\bmet\b|\bsessions?\b|\bconferences?\b|\bconvened\b"
    # "how many times did it meet in 2024?", not "meet the conditions" nor "how often it should meet"
    r"|(?<!should )(?<!must )(?<!would )(?<!could )(?<!shall )(?<!will )(?<!can )(?<!may )(?<!to )"
    r"\bmeet\b(?!\s+(?:the|its|their|all|these|those|such|any|requirements?|conditions?|criteria)\b)",
    re.I,
)
SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9‘“(])|\n+")
MEETING_SENTENCE = True
YEAR = re.compile(r"(?<![/\d.])((?:19|20)\d\d)(?![/\d])")  # a year, not "2021/821" or "428/2009"
# "its 2024 conclusions": the year dates a document, not a meeting
DOCUMENT_YEAR = re.compile(
    r"(?<![/\d.])((?:19|20)\d\d)\s+(?:conclusions?|reports?|notes?|regulations?|reviews?|amendments?|"
    r"versions?|texts?|guidelines?|decisions?|recast|codification)\b",
    re.I,
)
# a sentence stating what the asker did ("We refused a licence and notified the denial in 2022."):
# its year dates the asker's own facts, not an event the documents should report
# so does a scenario's opening sentence ("An exporter based in Belfast wants to export shackles in 2022.")
OWN_FACT = re.compile(
    r"(?:^|(?<=[.?!])\s)((?=[^.?!]*\b(?:we|I|our|my)\b|an?\s+(?:[\w-]+\s+){0,5}?(?:wants|plans|intends|would like|is planning|applies|applied|asks|asked)\b)[^.?!]+\.)(?=\s|$)",
    re.I,
)
DURATION_QUESTION = re.compile(
    r"\bhow long\b|\bhow many (?:working )?(?:days|months|years|weeks)\b|\bwithin what\b|\bdeadline\b"
    r"|\bhow soon\b|\bhow quickly\b|\bby when\b|\bvalid for\b|\bvalidity\b|\bperiod\b"
    # "when must we bring it back?": the time limit for a return ("reimported within ... 120 days")
    r"|\bwhen (?:must|do|should|shall|have) (?:we|i|they|you)\b[^?]{0,40}?\b(?:back|return\w*|re-?import\w*)\b",
    re.I,
)
# "from what concentration / above what voltage ...?": a measured value of a quantity (the
# abstention check asks the passages shown for one: ``asked``), and the passages stating one
MEASURE_QUESTION = re.compile(
    r"\b(?:above|below|over|under|up to|from|at|beyond) what (?:[\w-]+ ){0,3}?(?:voltage|energy|power|frequency|dose|dosage|concentration|"
    r"weight|speed|range|wavelength|temperature|pressure|capacity|output|current|charge|amount|strength)\b"
    r"|\bwhat (?:[\w-]+ ){0,3}?(?:voltage|dose|dosage|wattage|amperage|concentration|milligrams|joules|volts|weight|mass|length|diameter|thickness|throughput|bandwidth|data rate|wavelength)\b"
    r"|\bhow many (?:volts|joules|watts|milligrams|mg|grams|kilograms|kg|litres|metres|amps?|amperes)\b|\b(?:lethal|fatal) (?:dose|amount|quantity)\b",
    re.I,
)
MEASURED_FIGURE = re.compile(
    r"\d\s?(?:%|[kKmMµnGT]?(?:V|W|J|Hz|g|l|m|Pa|A|Gy|dB|bit/s|bps|B/s)\b|mg\b|kg\b|ml\b|litres?\b|metres?\b|volts?\b|joules?\b|watts?\b|degrees?\b|°)"
)
MEASURE_BOOST = 1.6  # (1.3: one question more first; 1.6: two more, one a place lower; 2.0: an unanswerable one answered)
PERIOD = re.compile(
    r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|thirty|sixty|ninety)\s+"
    r"(?:working\s+|calendar\s+)?(?:days?|months?|years?|weeks?)\b",
    re.I,
)


PART = re.compile(r",?\s*Part \d+$")
AMENDING_GROUP = re.compile(r"^\((\d+)\)")  # "(3)" of an amending annex's point "(3)(c)"
# "Items 1.3 and 1.4 in Section 1": a note naming the entries of its annex it qualifies
ITEMS_NAMED = re.compile(r"\b[Ii]tems?\s+(\d+\.\d+(?:\.\d+)?(?:(?:,\s*|\s+and\s+|\s+or\s+)\d+\.\d+(?:\.\d+)?)*)")
AMENDED_ANNEX = re.compile(r"\bin Annex ([IVX]+)\b", re.I)  # "(3) in Annex V, the list in Part 2 ..."


def word_pairs(tokens: list[str]) -> list[str]:
    """Adjacent tokens as one: "electr shock"."""
    return [f"{a} {b}" for a, b in zip(tokens, tokens[1:], strict=False)]


def authority_of(p: Passage) -> str:
    """For an entry of an annex listing authorities, the (lower-cased) name its section gives it,
    a Member State's ("netherlands"); '' for any other passage."""
    if p.annex and p.section and "authorit" in p.context.lower():
        return p.section.split(",")[-1].strip().lower()
    return ""


def annex_mention(annex: str) -> re.Pattern:
    """A text naming the annex: "Annex II", "Annexes II, III or IV", "Annexes II and III"."""
    return re.compile(rf"\bAnnex(?:es)? (?:[IVX]+,? (?:and |or )?)*{annex}\b")


def unit_of(p: Passage) -> tuple:
    """The provision a passage belongs to: paragraphs of one article, parts of one list entry,
    paragraphs of one section of a note, an amending act's recitals. A main act's recitals and
    defined terms stand alone; a control list's definitions stay with the rest of their Part (two
    places in an answer, as its notes have)."""
    if p.term and not p.annex:
        return (p.doc_id, "term", p.article, p.term)
    if p.article:
        return (p.doc_id, "article", p.article)
    if p.annex and p.item:
        return (p.doc_id, "item", p.annex, p.item)
    if p.section == AMENDMENTS and (group := AMENDING_GROUP.match(p.point)):
        # an amending annex's numbered point is one provision: "(3) in Annex V, the list in Part 2"
        # with its (a)-(d); point (1)'s new addresses of competent authorities are another
        return (p.doc_id, "amendment", group.group(1))
    if p.recital and p.kind == "delegated_regulation":
        # an amending act's few recitals are one argument: recital 5's "ratifications of that
        # Protocol" is recital 4's Second Optional Protocol, and is shown with it
        return (p.doc_id, "recitals")
    if p.recital:
        return (p.doc_id, "recital", p.recital, p.part)
    # the parts of one general authorisation (what it covers, where to, on what conditions) are
    # one provision: "can we return a repaired item under EU003?" is answered by its Part 1
    # while its Part 3 matches the question best
    return (p.doc_id, "section", p.annex, PART.sub("", p.section))


SPLIT_PART = re.compile(r"/part\d+$")  # a long paragraph's parts ("paragraph-1/part2") are one paragraph


def part_of(p: Passage) -> tuple:
    """What MAX_PER_UNIT counts: each part of a general authorisation has its own two places; so
    has each paragraph of a press release, a report's comment or a Council note, one section whose
    paragraphs say different things (a news item's goals of the Alliance are its fifth paragraph,
    behind two others of the same item that share the question's words). The points of an article
    a commentary reproduces stay one provision."""
    unit = unit_of(p)
    if unit[1] == "section" and p.kind in REPORTING_KINDS and p.paragraph.startswith("paragraph"):
        return (*unit, p.section, SPLIT_PART.sub("", p.id))
    return (*unit, p.section) if unit[1] == "section" else unit


def unit_lift(scores: np.ndarray, units: list[tuple], share: float = UNIT_SHARE) -> np.ndarray:
    """Each passage takes ``share`` of its score from the best passage of its own provision.

    A question is usually about a provision, and the paragraph that answers it ("kept for at
    least five years") often shares few words with it while its neighbour matches well; the
    best-matching provisions then rise as a whole and the window shows the right paragraph.
    """
    best: dict[tuple, float] = {}
    for i in np.nonzero(scores > 0)[0]:
        best[units[i]] = max(best.get(units[i], 0.0), float(scores[i]))
    lift = np.array([best.get(u, 0.0) for u in units], dtype=np.float32)
    return (1.0 - share) * scores + share * lift


def minmax(x: np.ndarray, top: int = NORMALISE_TOP) -> np.ndarray:
    """Scale so the best score is 1 and the ``top``-th best is 0 (the tail is clipped to 0)."""
    if not len(x):
        return x
    ranked = np.partition(x, -min(top, len(x)))[-min(top, len(x)) :]
    lo, hi = float(ranked.min()), float(ranked.max())
    if hi <= lo:
        return np.zeros_like(x)
    return np.clip((x - lo) / (hi - lo), 0.0, 1.0)


def rrf(*rank_lists: np.ndarray, k: int = RRF_K) -> np.ndarray:
    """Reciprocal rank fusion of 1-based rank arrays (0 = not ranked)."""
    out = np.zeros(len(rank_lists[0]), dtype=np.float32)
    for ranks in rank_lists:
        out += np.where(ranks > 0, 1.0 / (k + ranks), 0.0)
    return out

@dataclass
class Hit:
    passage: Passage
    score: float
    dense: float = 0.0  # cosine similarity (0 when not among the dense candidates)
    bm25: float = 0.0
    dense_rank: int = 0  # 1-based, 0 when absent
    bm25_rank: int = 0
    reference: str = ""  # the explicit reference that pinned it ("Article 31(4)")
    window: list[Passage] = field(default_factory=list)  # it and its neighbours, in document order
    same_text: list[str] = field(default_factory=list)  # citations of lower hits with nearly the same words

    @property
    def shown(self) -> list[Passage]:
        return self.window or [self.passage]

    @property
    def text(self) -> str:
        """What a reader (or a language model) is given for this hit: the window's text."""
        return "\n".join(p.text for p in self.shown)

    def to_dict(self) -> dict:
        return {
            "id": self.passage.id,
            "doc_id": self.passage.doc_id,
            "citation": self.passage.citation,
            "score": round(self.score, 5),
            "dense": round(self.dense, 4),
            "bm25": round(self.bm25, 3),
            "dense_rank": self.dense_rank,
            "bm25_rank": self.bm25_rank,
            "reference": self.reference,
            "window": [p.id for p in self.shown],
            "same_text": self.same_text,
        }


@dataclass
class Retrieval:
    question: str
    hits: list[Hit]
    references: References
    related: list[Passage] = field(default_factory=list)  # definitions of terms the question uses
    query_vector: np.ndarray | None = None
    timings: dict = field(default_factory=dict)
    unknown_reference: str = ""  # "Article 99" named but not in the documents
    favoured: list[str] = field(default_factory=list)  # hits the caller favoured (the goods check's notes)
    governing: str = ""  # the hit saying what applies to the top hit's listed goods ("... shall be prohibited")
    unknown_years: list[str] = field(default_factory=list)  # years the question names and no passage does
    unreported_meetings: list[str] = field(default_factory=list)  # "its 2020 meeting": no passage reports a meeting that year
    # "how many countries belong to the Alliance as of 2024?": a year other documents speak of, but
    # not the documents of the passages that answer (the 2018 press release)
    years_beside_hits: list[str] = field(default_factory=list)
    # the acts' wording the keyword side added for the question's everyday words ("pepper spray"
    # -> "oleoresin capsicum"); None: not recorded (a Retrieval built by hand)
    legal_wording: str | None = None

    @property
    def shown(self) -> list[Passage]:
        """Every passage the hits show, hit by hit: the numbered sources of an LLM prompt."""
        return [p for h in self.hits for p in h.shown]


def kth_best(scores: np.ndarray, k: int) -> float:
    """The k-th highest score (the lowest when there are fewer): what a passage the question
    shares no word with is lifted to when a rule says it belongs among the first k."""
    n = len(scores)
    return float(np.partition(scores, n - min(n, k))[n - min(n, k)])


class Retriever:
    def __init__(self, reader: IndexReader, embedder: Embedder | None = None):
        self.reader = reader
        self.embedder = embedder or Embedder.shared()
        # the corpus-adapted model ranks (ingest.adapt); the packaged one's similarities stay the
        # measure of closeness that abstention and the goods check are calibrated on
        self.ranker = Embedder.shared(reader.adapted_model) if reader.adapted_model else None
        docs = reader.pointer.get("documents", {})
        self.doc_meta = docs
        self.strong_aliases: dict[str, str] = {}
        self.mild_aliases: dict[str, str] = {}
        self.family: dict[str, list[str]] = {}  # act -> documents amending or commenting on it
        for doc_id, meta in docs.items():
            for act in meta.get("relates_to", []):
                self.family.setdefault(act, []).append(doc_id)
            self.strong_aliases[doc_id.lower()] = doc_id
            for alias in meta.get("aliases", []):
                # "2021/821", "dual-use regulation", "anti-torture" name an act; "dual-use" may only name a topic
                strong = re.search(r"\d|regulation|anti-torture|conclusions|commentary|press release", alias, re.I)
                target = self.strong_aliases if strong else self.mild_aliases
                target[alias.lower()] = doc_id
        names = sorted((a for a in self.strong_aliases if not re.fullmatch(r"[\d/]+|\d{5}r\d{4}", a)), key=len, reverse=True)
        self._act_names = re.compile(rf"\b(?:{'|'.join(map(re.escape, names))})\b(?:\s+regulation)?", re.I) if names else None
        # "the 2021 amendment" names the amending act of that year, as "2021/139" would
        self.amending_act_of_year: dict[str, list[str]] = {}
        for members in self.family.values():
            for doc in members:
                if m := CELEX_YEAR.match(doc):
                    self.amending_act_of_year.setdefault(m.group(1), []).append(doc)
        self.passages = reader.passages
        self.sequence = sorted(range(len(self.passages)), key=lambda i: (self.passages[i].doc_id, self.passages[i].order))
        self.place = {i: n for n, i in enumerate(self.sequence)}  # passage index -> place in reading order
        self.units = [unit_of(p) for p in self.passages]
        self.parts = [part_of(p) for p in self.passages]
        self.kind_of = np.array([p.kind for p in self.passages])
        self.doc_of = np.array([p.doc_id for p in self.passages])
        self.authority = np.array([p.authority for p in self.passages], dtype=np.float32)
        # the articles of an act naming each of its annexes: "goods listed in Annex II"
        self.mentions_annex: dict[tuple[str, str], np.ndarray] = {}
        for doc in {p.doc_id for p in self.passages}:
            for annex in {p.annex for p in self.passages if p.doc_id == doc and p.annex}:
                named = annex_mention(annex)
                self.mentions_annex[doc, annex] = np.array(
                    [p.doc_id == doc and bool(p.article) and bool(named.search(p.text)) for p in self.passages]
                )
        # an entry of an annex listing authorities, by the Member State its section names
        self.authority_entry: dict[str, list[int]] = {}
        for i, p in enumerate(self.passages):
            if state := authority_of(p):
                self.authority_entry.setdefault(state, []).append(i)
        self.term_patterns = [
            (i, re.compile(rf"(?<![\w-]){re.escape(p.term.lower())}s?(?![\w-])")) for i, p in enumerate(self.passages) if p.term
        ]
        self.has_date = np.array([states_a_date(p.text) for p in self.passages])
        self.enters_into_force = np.array([bool(ENTERS_INTO_FORCE.search(p.text)) for p in self.passages])
        self.is_list_item = np.array([bool(p.item) and not p.article for p in self.passages])
        self.release_notes: dict[str, list[int]] = {}  # entry code -> notes outside it releasing items from it
        for i, p in enumerate(self.passages):
            if p.annex and not p.item and not p.article and RELEASE_NOTE.search(p.text):
                for code in dict.fromkeys(c.upper() for c in ENTRY_CODE.findall(p.text)):
                    self.release_notes.setdefault(code, []).append(i)
        self.exceptions: dict[int, list[int]] = {}  # a paragraph -> the paragraphs of its article derogating from it
        paragraphs = {(unit_of(p), p.paragraph): i for i, p in enumerate(self.passages) if p.article and p.paragraph and not p.part}
        for j, p in enumerate(self.passages):
            m = DEROGATION.search(p.text) if p.article else None
            # ("Paragraphs 1 and 2 shall not apply if the technical assistance ...": both rules')
            for number in (m.group(1) or m.group(2)).split(" and ") if m else ():
                if (i := paragraphs.get((unit_of(p), number.strip()))) is not None and i != j:
                    self.exceptions.setdefault(i, []).append(j)
        self.regime_goods: dict[str, frozenset[str]] = {}
        self.regime_title: dict[str, frozenset[str]] = {}
        self.other_families: dict[str, np.ndarray] = {}
        self.in_family: dict[str, np.ndarray] = {}
        in_some_family = np.isin(self.doc_of, [d for act, members in self.family.items() for d in (act, *members)])
        for act in self.family:
            members = np.isin(self.doc_of, [act, *self.family[act]])
            others = in_some_family & ~members
            self.regime_goods[act] = self._regime_words(members & self.is_list_item, others)
            self.regime_title[act] = self._title_words(act, members, others)
            self.other_families[act] = others
            self.in_family[act] = members
        # the dual-use control list is long enough to use everyday words ("ship", "start", "record")
        # that the anti-torture acts happen not to: one of them says nothing of the regime asked about
        self.regime_min_words = {act: 1 if len(words) < REGIME_LONG_LIST else 2 for act, words in self.regime_goods.items()}
        self.names_global = np.array([bool(GLOBAL_RULE.search(p.text)) for p in self.passages])
        self.has_period = np.array([bool(PERIOD.search(p.text)) for p in self.passages])
        self.has_measure = np.array([bool(MEASURED_FIGURE.search(p.text)) for p in self.passages])
        self.states_first_use = np.array([bool(FIRST_USE_NOTICE.search(p.text)) for p in self.passages])
        # the paragraph that says what applies to the goods of a list ("Any export of goods listed in
        # Annex II shall be prohibited"): read from the acts, the first that says so for each annex
        # (and every paragraph that sets a rule for them: brokering, technical assistance, import)
        self.governing: dict[tuple[str, str], int] = {}
        self.rules_for: dict[tuple[str, str], set[int]] = {}
        for i, p in enumerate(self.passages):
            if self._operative(i) and GOVERNS.search(p.text):
                for annex in GOVERNED_ANNEX.findall(p.text):
                    self.governing.setdefault((p.doc_id, annex), i)
                    self.rules_for.setdefault((p.doc_id, annex), set()).add(i)
        # the rule paragraphs of each activity ("An authorisation shall be required for ... a broker")
        self.activity_rules = [
            np.array([self._operative(i) and bool(GOVERNS.search(p.text)) and bool(rule.search(p.text)) for i, p in enumerate(self.passages)])
            for _, rule in RULE_ACTIVITIES
        ]
        # recitals of a main act explain it; those of an act amending annexes are its substance
        # (its annex only says "the entry ... is replaced by"): only the former are held back
        self.is_recital = np.array([bool(p.recital) for p in self.passages])
        # the years the documents speak of ("in June 2018", "by 9 September 2026"; not act numbers)
        self.years = {y for p in self.passages for y in YEAR.findall(p.text)}
        # ... and the years each document speaks of, its own date and title's among them ("the
        # original 2019 text", "the June 2018 meeting" of the press release dated 29 June 2018)
        self.doc_years = {d: set(YEAR.findall(f"{m.get('title', '')} {m.get('date', '')}")) for d, m in docs.items()}
        for p in self.passages:
            self.doc_years.setdefault(p.doc_id, set()).update(YEAR.findall(p.text))
        # the years in which the documents report a meeting ("met twice in 2018", "the June 2018 meeting")
        # in the sentence reporting it, or the date of the item reporting it: "On 7 October 2019,
        # the Commission published a report ... The ATCG held two meetings ... in 2017 and 2018"
        # reports no meeting in 2019
        self.meeting_years = {
            y for p in self.passages if MEETING.search(p.text)
            for part in ([*SENTENCE_BREAK.split(p.text), p.citation] if MEETING_SENTENCE else [p.text])
            if part is p.citation or MEETING.search(part)
            for y in YEAR.findall(part)
        }
        self.list_definition = np.array([bool(p.term) and bool(p.annex) for p in self.passages])
        self.releases = np.array([bool(p.annex) and not p.article and bool(RELEASING.search(p.text)) for p in self.passages])
        self.names_a_system = np.array([bool(SYSTEM_NAMED.search(p.text)) for p in self.passages])
        self.is_definition = np.array([bool(p.term) for p in self.passages])  # a defined term (Article 2 points, list definitions)
        self.main_act_recital = np.array([bool(p.recital) and p.kind == "regulation" for p in self.passages])
        self.with_recitals = {p.doc_id for p in self.passages if p.recital}
        self.is_cover_note = np.array(
            [p.kind == "council_conclusions" and bool(re.fullmatch(r"(?:cover(?:ing)? )?note", p.section, re.I)) for p in self.passages]
        )
        self.is_reporting = np.isin(self.kind_of, REPORTING_KINDS)
        # what a report found or said, not its reproduction of the act ("Article 31 Anti-Torture
        # Coordination Group, point 1"), which the act itself answers
        self.is_finding = self.is_reporting & np.array([not p.section.startswith("Article ") for p in self.passages])
        # (the word "form": Category 5 Part 2's "Information Security" notes are no form's)
        self.in_general_authorisation = np.array([GENERAL_AUTHORISATION_ANNEXES.get(p.doc_id) == p.annex for p in self.passages])
        self.is_form_note = np.array([
            p.annex != "" and bool(FORM_WORD.search(p.context) or (FORM_MODELS and FORM_MODEL.search(p.context))) and not p.item
            for p in self.passages
        ])
        self.is_dual_use_form_note = self.is_form_note & (self.doc_of == DUAL_USE_ACT)
        self.is_amendment = np.array([p.section == AMENDMENTS for p in self.passages])
        self.country_amended: dict[str, np.ndarray] = {}
        # ... and the instruction inserting it into a list of destinations ("(2) In Annex V, in the
        # list in Part 2 'Destinations' the following entry is inserted: 'United Kingdom ...'"),
        # which answers whether a general authorisation covers it, wherever else the act names it
        self.destination_inserted: dict[str, np.ndarray] = {}
        for i, p in enumerate(self.passages):
            if p.kind != "delegated_regulation":
                continue
            inserts_destination = p.section == AMENDMENTS and "destinations" in f"{p.context} {p.text}".lower()
            for c in countries_named(p.text):
                self.country_amended.setdefault(c, np.zeros(len(self.passages), dtype=bool))[i] = True
                if inserts_destination:
                    self.destination_inserted.setdefault(c, np.zeros(len(self.passages), dtype=bool))[i] = True
        self.country_amended = {c: m for c, m in self.country_amended.items() if m.sum() <= COUNTRY_PASSAGES_MAX}
        self.reasons = self._reasons_for_amendments()
        self.item_notes = self._notes_naming_items()
        # the destinations each general authorisation lists ("valid ... for exports to the following
        # destinations: — Australia, — Canada, ..."; not EU008's "all destinations, excluding")
        listing = {self.parts[i] for i, p in enumerate(self.passages) if "to the following destinations" in p.text and "excluding" not in p.text}
        self.destinations: dict[tuple, set[str]] = {}
        for i, p in enumerate(self.passages):
            if self.parts[i] in listing:
                self.destinations.setdefault(self.units[i], set()).update(countries_named(p.text))
        # ... with the countries a later act inserts into the lists of the act it amends
        # (2021/139 puts the United Kingdom on Annex V's list)
        for c, mask in self.destination_inserted.items():
            amended = {act for i in np.nonzero(mask)[0] for act in self.doc_meta.get(self.passages[i].doc_id, {}).get("relates_to", [])}
            for unit, listed in self.destinations.items():
                if unit[0] in amended:
                    listed.add(c)
        self.destinations = {unit: listed for unit, listed in self.destinations.items() if listed}
        # the acts with rules for moving goods between Member States ("intra-Union transfers of
        # dual-use items listed in Annex IV"); the others control only what leaves the Union
        self.transfer_rules = {act for act in self.family if any(
            p.doc_id == act and "intra-union transfer" in p.text.lower() for p in self.passages)}
        self.cites_act_of_year: dict[str, np.ndarray] = {}
        for i, p in enumerate(self.passages):
            for year in set(ACT_NUMBER_YEAR.findall(p.text)):
                self.cites_act_of_year.setdefault(year, np.zeros(len(self.passages), dtype=bool))[i] = True
        self.lists_member_states = np.array([len(set(member_states_named(p.text))) >= MEMBER_STATES_LIST for p in self.passages])
        self.lists_destinations = np.array([len(countries_named(p.text)) >= LIST_OF_COUNTRIES for p in self.passages])
        self.unit_mask = {unit: np.array([u == unit for u in self.units]) for unit in self.destinations}
        # an item of a general authorisation's list that restates an Annex I entry ("item 1C450.a.4")
        self.is_restated = np.array([p.annex == "II" and bool(re.match(r"\d[A-E]\d{3}", p.point)) for p in self.passages])
        # numbers of the acts the documents are or mention: a question about any other act is
        # one the documents cannot answer
        # (and the acts that are documents here, by their titles, short names and aliases)
        own = " ".join(" ".join([m.get("title", ""), m.get("short", ""), *m.get("aliases", [])]) for m in docs.values())
        self.document_acts = {self._act_key(m) for m in NAMED_ACT.finditer(own)}
        named = " ".join(p.text for p in self.passages) + " " + own
        self.known_acts = {self._act_key(m) for m in NAMED_ACT.finditer(named)}
        self._folded_text = _folded(named)
        # the passages holding each word, and how rare each word is (the keyword side's own view)
        holding: dict[str, list[int]] = {}
        for i, p in enumerate(self.passages):
            for t in set(tokenize(p.search_text)):
                holding.setdefault(t, []).append(i)
        self.holding = {t: np.array(ix) for t, ix in holding.items()}
        self.word_sets = [frozenset(tokenize(p.text)) for p in self.passages]
        n = len(self.passages)
        self.idf = {t: math.log(1 + (n - len(ix) + 0.5) / (len(ix) + 0.5)) for t, ix in holding.items()}
        self.scope_exclusions = self._scope_exclusions()
        self.annex_of_goods = self._annex_goods_names()
        self.terms: dict[str, list[Passage]] = {}
        texts = [p.text.lower() for p in self.passages]
        for p in self.passages:
            # a definition is brought along only for specific terms ("broker", "transit"), not for
            # words nearly every passage uses ("export", "goods")
            if p.term and sum(p.term.lower() in t for t in texts) < COMMON_TERM * len(texts):
                self.terms.setdefault(p.doc_id, []).append(p)

    def _scope_exclusions(self) -> list[tuple[int, frozenset[str]]]:
        """Each main act's recital that sets goods outside the act, with the rare words naming them
        ("shields", "self-defence"; not "trade" or "equipment", which many passages use)."""
        out = []
        for i, p in enumerate(self.passages):
            m = SCOPE_EXCLUSION.search(p.text) if self.main_act_recital[i] else None
            if m:
                words = frozenset(
                    t for t in tokenize(m["what"])
                    if len(self.holding.get(t, ())) <= SCOPE_WORD_MAX_PASSAGES and not t.isdigit()  # ("428": of "428/2009")
                )
                if words:
                    out.append((i, words))
        return out

    def _annex_goods_names(self) -> dict[str, tuple[str, str]]:
        """The words naming the goods of one annex with CN codes and no other list ("thumb", "gallows",
        "thiopental"), each with its annex: the name is the item's text before its CN codes and notes,
        and a word is kept when no other annex's list uses it and few passages at all
        (ANNEX_NAME_MAX_PASSAGES), so "chair" or "execution" name no annex."""
        named: dict[str, set[tuple[str, str]]] = {}
        for i, p in enumerate(self.passages):
            if self.is_list_item[i] and p.item and not p.article and p.cn_codes:
                tokens = tokenize(ITEM_NAME_END.split(p.text)[0])
                for t in set(tokens) | set(word_pairs(tokens)):
                    named.setdefault(t, set()).add((p.doc_id, p.annex))
        # a pair of words may name one annex's goods where each word names several: "shock batons"
        # (Annex III; spiked batons are Annex II's)
        holding_pair: dict[str, list[int]] = {}
        for i, p in enumerate(self.passages):
            for pair in set(word_pairs(tokenize(p.text))):
                if pair in named:
                    holding_pair.setdefault(pair, []).append(i)

        def holding(t: str):
            return holding_pair.get(t, ()) if " " in t else self.holding.get(t, ())

        def lists_using(t: str) -> set[tuple[str, str]]:
            return {(self.passages[i].doc_id, self.passages[i].annex) for i in holding(t) if self.is_list_item[i]}

        return {
            t: next(iter(annexes)) for t, annexes in named.items()
            if len(annexes) == 1 and t.replace(" ", "").isalpha() and len(t) > 3
            and len(holding(t)) <= ANNEX_NAME_MAX_PASSAGES and lists_using(t) == annexes
        }

    def annex_named(self, question: str) -> tuple[str, str] | None:
        """The one annex whose goods the question names in its own words ("thumb-cuffs": Annex II of
        2019/125), or None when it names none or several."""
        tokens = tokenize(question)
        annexes = {self.annex_of_goods[t] for t in tokens + word_pairs(tokens) if t in self.annex_of_goods}
        return next(iter(annexes)) if len(annexes) == 1 else None

    def _reasons_for_amendments(self) -> dict[int, list[int]]:
        """An amending instruction ("the entry 'Madagascar' is inserted") with the first recital of
        its act that names the same entry and the annex it amends ("Gambia and Madagascar meet the
        conditions for inclusion in the list laid down in Annex V"): the instruction says what
        changed, the recital why, and a user asking whether a country counts needs both."""
        reasons: dict[int, list[int]] = {}
        recitals = [j for j in self.sequence if self.passages[j].recital and self.passages[j].kind == "delegated_regulation"]
        for i, p in enumerate(self.passages):
            amended = AMENDED_ANNEX.search(f"{p.context} {p.text}") if p.section == AMENDMENTS else None
            entries = countries_named(p.text) | set(member_states_named(p.text)) if amended else set()
            if not entries:
                continue
            alternatives = "|".join(re.escape(e.removeprefix("The ")) for e in sorted(entries))
            names = re.compile(rf"\b(?:{alternatives})\b")
            annex = annex_mention(amended.group(1))
            found = [j for j in recitals if self.passages[j].doc_id == p.doc_id and annex.search(self.passages[j].text) and names.search(self.passages[j].text)]
            if found:  # the first says why ("meets the requirements for inclusion"); the next, "therefore ... amend"
                reasons[i] = found[:1]
        return reasons

    def _with_an_article(self, hits, candidates, score, shown, allowed, k, signals, pinned, question: str = "") -> list[Hit]:
        """The last place goes to the article that says what applies to the goods of the top hit's
        list ("Any export of goods listed in Annex II shall be prohibited"), or else to the best
        operative article when no hit is one and it scores at least ARTICLE_SLOT_RATIO of the top:
        a question naming goods is drawn to the goods lists, and the exporter also needs the
        article that says what applies to them. The list's rule is added even when fewer than k
        passages were close enough to show. The last place is never the only one: with k=1 the best
        hit stays."""
        if not hits or k < 2:
            return hits
        positions = [self.reader.position[h.passage.id] for h in hits]
        # a provision the question names is put first whatever its score: the bar is set by the
        # best passage the question did not name ("transfer 1C351 toxins": the entry is pinned)
        top = next((score[j] for j in candidates if j not in pinned), score[candidates[0]])
        governing = self._governing_index(hits[0].passage, question)
        room = len(hits) < k
        if governing is None:
            if room or any(self._operative(i) for i in positions):
                return hits
            best = next((j for j in candidates if self._operative(j) and j not in shown and score[j] >= ARTICLE_SLOT_RATIO * top), None)
        else:
            # an article about this list's goods ("brokering services related to goods listed in
            # Annex II") answers an activity question; any other article gives way to the list's rule
            rules = self.rules_for[(hits[0].passage.doc_id, hits[0].passage.annex)]  # the list's rule is one of them
            if governing != self.governing.get((hits[0].passage.doc_id, hits[0].passage.annex)) or EXPORT_ASKED.search(question):
                # the rule for the activity asked about ("can we sell thumb-cuffs to a prison in
                # Peru?": the export ban), not another of the list's rules (its advertising ban)
                rules = {governing}
            if any(i in rules for i in positions) or (pinned.get(positions[-1]) and not room):
                return hits
            best = next((j for j in candidates if j in rules and j not in shown and score[j] >= ARTICLE_SLOT_RATIO * top), governing)
        if best is None:
            return hits
        dense_sim, bm, dense_rank, bm_rank = signals
        kept = hits if room else hits[:-1]
        window = self.window(best, allowed, taken={self.reader.position[p.id] for h in kept for p in h.shown})
        article = Hit(
            self.passages[best], float(score[best]), float(dense_sim[best]), float(bm[best]),
            int(dense_rank[best]), int(bm_rank[best]), pinned.get(best, ""), [self.passages[j] for j in window],
        )
        return [*kept, article]

    def _alike(self, i: int, j: int) -> bool:
        """Nearly the same words: the general authorisations repeat their conditions word for word."""
        a, b = self.word_sets[i], self.word_sets[j]
        return len(a & b) >= NEAR_DUPLICATE * len(a | b)

    def _operative(self, i: int) -> bool:
        p = self.passages[i]
        return bool(p.article) and not p.term and p.kind == "regulation"

    def rare_coverage(self, question: str) -> np.ndarray:
        """Share of the question's RARE_WORDS rarest words (used in at most ~2% of passages) each
        passage contains. A long question's few telling words ("Madagascar", "caning", "jammers")
        are otherwise outweighed in BM25 by the many common words it shares with other passages."""
        words = tokenize(self.without_act_names(question))
        rare = [t for t in dict.fromkeys(words) if self.idf.get(t, 0.0) >= RARE_IDF and t not in QUESTION_WORDS]
        rare = sorted(rare, key=lambda t: -self.idf[t])[:RARE_WORDS]
        coverage = np.zeros(len(self.passages), dtype=np.float32)
        for t in rare:
            coverage[self.holding[t]] += 1.0 / len(rare)
        return coverage

    def without_act_names(self, text: str) -> str:
        """The question without the names it gives an act ("the anti-torture regulation"): the
        act is favoured by its boost, and its name's words would otherwise draw the keyword side
        to any passage using them ("Anti-Torture Coordination Group")."""
        return self._act_names.sub(" ", text) if self._act_names else text

    @staticmethod
    def _act_key(m: re.Match) -> str:
        return re.sub(r"\s+", "", (m.group(1) or m.group(2) or m.group(3) or m.group(0)).upper())

    def unknown_act(self, question: str) -> str:
        """The first act the question names by number that no document is or mentions."""
        for m in NAMED_ACT.finditer(question):
            if self._act_key(m) not in self.known_acts:
                return m.group(0).strip()
        return ""

    def unknown_instrument(self, question: str) -> str:
        """A scheme or instrument the question names ("the EU Carbon Border Adjustment Mechanism",
        "the UK Export Control Order 2008") that no document names, nor holds all its words in one
        passage ("the UN Optional Protocol": "Optional Protocol to the Convention against
        Torture"): what it requires is not in the documents."""
        for m in NAMED_INSTRUMENT.finditer(question):
            words = m.group(1).split()
            while words and (words[0].lower() in INSTRUMENT_LEAD or re.fullmatch(r"[A-Z]{2,3}(?:['’]s)?", words[0])):
                words = words[1:]
            if len(words) < 2:
                continue
            name = " ".join(words)
            if _folded(name) in self._folded_text:
                continue
            asked = set(tokenize(name))
            if not any(asked <= words for words in self.word_sets):
                return name
        return ""

    def outside_act(self, question: str, refs: References) -> str:
        """The act a question asks about ("Under the firearms Regulation (EU) No 258/2012, ...")
        when the documents only mention it and the question names no document or provision of
        theirs: what that act requires is not in them."""
        if refs.explicit:
            return ""
        for m in OUTSIDE_FRAME.finditer(question):
            act = NAMED_ACT.search(m.group(0))
            # a document named outside the frame ("... and what does Regulation 2019/125 say?")
            # is asked about too; one within it ("the old dual-use Regulation 428/2009") is not
            rest = f"{question[: m.start()]} {question[m.end() :]}"
            if act and self._act_key(act) not in self.document_acts and not parse(rest, self.aliases).docs:
                return f"{act.group(0).strip()} (they only refer to it)"
        if m := OTHER_ACT_BY_SUBJECT.search(question):
            return " ".join((m.group("act") or m.group("sanctions")).split())
        return ""

    def missing_recitals(self, question: str, refs: References) -> str:
        """"What do the recitals of Regulation 2021/821 say ...": the documents hold that act as
        consolidated, which has no recitals, and its articles do not say what its recitals do."""
        if not refs.docs or refs.recitals or not RECITALS_ASKED.search(question):
            return ""
        lacking = [d for d in refs.docs if d not in self.with_recitals]
        if len(lacking) < len(refs.docs):
            return ""
        short = self.doc_meta.get(lacking[0], {}).get("short", lacking[0])
        return f"recitals of {short} (its text here is consolidated, without them)"

    @property
    def aliases(self) -> dict[str, str]:
        return {**self.mild_aliases, **self.strong_aliases}

    # -- explicit references ---------------------------------------------------------------
    def _pinned(self, refs: References, allowed: np.ndarray) -> tuple[dict[int, str], str, set[int]]:
        """Passages an explicit reference names (to be put first), the first reference no
        document holds, and passages only favoured: a provision of the act a named document
        comments on ("the commentary on Article 31") describes the document asked about and
        does not answer in its place."""
        pinned: dict[int, str] = {}
        favoured: set[int] = set()
        unknown = ""
        hinted = refs.docs[0] if len(refs.docs) == 1 else ""

        def add(pred, label: str, doc: str = "") -> bool:
            # a document the question merely names ("the commentary on Article 31") may not hold
            # the provision itself: then the act it comments on or amends does
            for scope in [doc, *self.doc_meta.get(doc, {}).get("relates_to", [])] if doc else [""]:
                found = [i for i, p in enumerate(self.passages) if allowed[i] and (not scope or p.doc_id == scope) and pred(p)]
                if found and scope == doc:
                    for i in found:
                        pinned.setdefault(i, label)
                    return True
                if found:
                    if self.doc_meta.get(doc, {}).get("kind") not in COMMENTING_KINDS:
                        favoured.update(found)
                    return True
            return False

        for ref in refs.articles:
            doc = ref.doc or hinted
            label = f"Article {ref.article}" + (f"({ref.paragraph})" if ref.paragraph else "") + (f"({ref.point})" if ref.point else "")
            ok = False
            if ref.paragraph or ref.point:
                ok = add(lambda p, r=ref: in_article(p, r), label, doc)
            if not ok and not add(lambda p, r=ref: p.article == r.article, label, doc):
                unknown = unknown or label
        for ref in refs.annexes:
            doc = ref.doc or hinted
            if ref.item:
                label = f"Annex {ref.annex} {ref.item}"
                if not add(lambda p, r=ref: in_item(p, r.annex, r.item), label, doc):
                    unknown = unknown or label
        for n in refs.recitals:
            if not add(lambda p, n=n: p.recital == n, f"recital {n}", hinted):
                unknown = unknown or f"recital {n}"
        for code in refs.entries:
            if not any(r.item == code for r in refs.annexes):
                add(lambda p, c=code: in_item(p, "", c), code)
        for code in refs.geas:
            add(lambda p, c=code: c in p.section.split(", "), code)
        for cn in refs.cn_codes:
            add(lambda p, c=cn: any(x.split()[-1].startswith(c) or c.startswith(x.split()[-1]) for x in p.cn_codes), f"CN {cn}")
        for cas in refs.cas:
            add(lambda p, c=cas: c in p.cas, f"CAS {cas}")
        return pinned, unknown, favoured

    def doc_boost(self, named: list[str], strong: list[str]) -> np.ndarray:
        """Per-passage factor for the acts a question names, and for the documents amending or
        commenting on them: "the anti-torture regulation" is also answered by its delegated acts."""
        boost = np.ones(len(self.passages), dtype=np.float32)
        for d in named:
            value = STRONG_DOC_BOOST if d in strong else MILD_DOC_BOOST
            for member in (d, *self.family.get(d, ())):
                mask = self.doc_of == member
                boost[mask] = np.maximum(boost[mask], value)
        return boost

    # -- the search --------------------------------------------------------------------------
    def search(
        self,
        question: str,
        k: int = 5,
        doc: str | list[str] | None = None,
        kind: str | list[str] | None = None,
        prefer_docs: list[str] | None = None,
        extra_query: str = "",
        references: bool = True,
        favoured: dict[str, float] | None = None,
        weighed: dict[str, float] | None = None,
    ) -> Retrieval:
        """Top-k hits; ``references=False`` ranks by fused scores alone (for diagnosis and tests);
        ``favoured`` weighs passages by id (the notes the goods check sets entries aside by) and
        reports those among the hits; ``weighed`` only weighs them (the entry it matches)."""
        t0 = time.perf_counter()
        refs = parse(question, self.aliases)
        strong = [d for d in parse(question, self.strong_aliases).docs]
        n = len(self.passages)
        pool = max(k * 4, 40)  # the passages ranked to fill k places (neighbours, twins, limits per provision)
        allowed = np.ones(n, dtype=bool)
        docs = [doc] if isinstance(doc, str) else list(doc or [])
        kinds = [kind] if isinstance(kind, str) else list(kind or [])
        if docs:
            allowed &= np.isin(self.doc_of, docs)
        if kinds:
            allowed &= np.isin(self.kind_of, kinds)
        where = None
        if docs or kinds:
            clauses = ([{"doc_id": {"$in": docs}}] if docs else []) + ([{"kind": {"$in": kinds}}] if kinds else [])
            where = clauses[0] if len(clauses) == 1 else {"$and": clauses}

        query_text = f"{question} {extra_query}".strip()
        vec = self.embedder.embed_query(query_text)
        closeness = None  # the packaged model's similarities, when the adapted model ranks
        if self.ranker is not None and allowed.any():
            ranking = self.ranker.embed_query(query_text)
            t1 = time.perf_counter()
            dense = self.reader.dense(ranking, CANDIDATES, where, adapted=True)
            closeness = self.reader.similarities(vec)
        else:
            t1 = time.perf_counter()
            dense = self.reader.dense(vec, CANDIDATES, where) if allowed.any() else []
        t2 = time.perf_counter()
        asked = tokenize(question)
        regimes = self.regimes_named(asked) or self.regimes_in_title(asked)
        legal_wording = expand(question, exports_only=len(regimes) == 1 and regimes[0] not in self.transfer_rules)
        # "thumbcuffs": the acts' "thumb-cuffs", read as their two words
        split = [" ".join(parts) for t in asked if (parts := split_compound(t, self.idf))]
        if split:
            legal_wording = f"{legal_wording} {' '.join(split)}"
        bm = self.reader.bm25_scores(f"{self.without_act_names(query_text)} {refs.keywords()} {legal_wording}")
        bm = np.where(allowed, bm, 0.0)
        t3 = time.perf_counter()

        dense_sim = np.zeros(n, dtype=np.float32)
        dense_rank = np.zeros(n, dtype=np.int32)
        for rank, (pid, sim) in enumerate(dense, start=1):
            i = self.reader.position[pid]
            dense_sim[i] = sim
            dense_rank[i] = rank
        bm_rank = np.zeros(n, dtype=np.int32)
        for rank, i in enumerate(np.argsort(-bm)[:CANDIDATES], start=1):
            if bm[i] <= 0:
                break
            bm_rank[i] = rank
        if FUSION == "rrf":
            fused = rrf(dense_rank, bm_rank)
        else:
            floor = min((s for _, s in dense), default=0.0)
            d = np.where(dense_rank > 0, dense_sim, floor)
            fused = DENSE_WEIGHT * minmax(d) + (1.0 - DENSE_WEIGHT) * minmax(bm)

        fused = unit_lift(fused, self.units)
        fused *= 1.0 + RARE_BOOST * self.rare_coverage(question)
        boost = self.doc_boost(refs.docs, strong)
        years = {y for m in AMENDMENT_OF_YEAR.finditer(question) for y in m.groups() if y}
        if OTHER_YEAR_PRIOR != 1.0 and any(y in self.amending_act_of_year for y in years):
            # "added in 2020" names that year's amending act: the other years' acts did not do it
            for year, docs in self.amending_act_of_year.items():
                if year not in years:
                    for doc in docs:
                        boost[self.doc_of == doc] *= OTHER_YEAR_PRIOR
        for year in years:
            for doc in self.amending_act_of_year.get(year, ()):
                boost[self.doc_of == doc] *= STRONG_DOC_BOOST
            if year not in self.amending_act_of_year and ACT_OF_YEAR_CITED:
                # an amendment of a year no document is ("the 2016 amendment": Regulation (EU)
                # 2016/2134): the passages citing an act of that year speak of it
                boost[self.cites_act_of_year.get(year, np.zeros(n, dtype=bool))] *= STRONG_DOC_BOOST
        named_countries = countries_named(question)
        for c in named_countries:
            amended = self.country_amended.get(c)
            if amended is None and c in self.destination_inserted and GENERAL_AUTHORISATION.search(question):
                amended = self.destination_inserted[c]
            if amended is None:
                continue
            if WHY_QUESTION.search(question):
                # why the country was put on the list is the amending act's recital to say ("Gambia
                # and Madagascar meet the conditions for inclusion"), which shares only the name with
                # "why was it added?" and so may be no candidate at all: it counts as the k-th best
                kth = kth_best(fused, k)
                reasons = sorted({j for i in np.nonzero(amended)[0] for j in self.reasons.get(int(i), [])})
                fused[reasons] = np.maximum(fused[reasons], kth)
                if c not in self.country_amended:  # the instruction itself gives way to its reason
                    amended = np.isin(np.arange(n), reasons)
            if AMENDMENT_APPLIES_FROM and ENTRY_INTO_FORCE_QUESTION.search(question):
                # from when the change for the country applies ("since Brexit, from which date can
                # we ship to Great Britain under the general authorisation?") is the amending act's
                # final provision to say ("shall apply from 1 January 2021"), which shares no word
                # with the question: it counts as the k-th best
                kth = kth_best(fused, k)
                acts = list({self.passages[i].doc_id for i in np.nonzero(amended)[0]})
                final = self.enters_into_force & np.isin(self.doc_of, acts) & allowed
                fused[final] = np.maximum(fused[final], kth)
                if APPLIES_FROM_FIRST and final.any():
                    # the date it applies from is weighed as the instruction is; for a question
                    # after that date alone ("from what date does that change apply?") instead of it
                    amended = amended | final if MAY_WE.search(question) else final
            boost[amended] *= COUNTRY_AMENDMENT_BOOST
        if DESTINATION_LIST_PRIOR != 1.0 and named_countries and GENERAL_AUTHORISATION.search(question) and not NAMED_AUTHORISATION.search(question):
            # "is there an EU general licence for our customer in the United States?": EU001 lists
            # it; EU002's list (Argentina, South Africa, South Korea, Turkey) does not
            for unit, listed in self.destinations.items():
                boost[self.unit_mask[unit]] *= DESTINATION_LIST_BOOST if named_countries & listed else DESTINATION_LIST_PRIOR
        if MEMBER_STATES_BOOST != 1.0 and MEMBER_STATES_QUESTION.search(question):
            years = set(YEAR.findall(question))
            kth = kth_best(fused, k)
            for i in np.nonzero(self.lists_member_states & allowed)[0]:
                if years & self.doc_years.get(self.passages[i].doc_id, set()):
                    # ("in the 2020 update": the list may share no other word with the question)
                    fused[i] = max(fused[i], kth)
            boost[self.lists_member_states] *= MEMBER_STATES_BOOST
        if DESTINATIONS_QUESTION.search(question) and GENERAL_AUTHORISATION.search(question):
            boost[self.lists_destinations] *= DESTINATIONS_BOOST
        tokens = tokenize(f"{question} {legal_wording}")  # for the regime rules below
        words = set(tokens)
        other_regime = np.zeros(n, dtype=bool)  # the acts a regime rule below weighs down
        if OTHER_REGIME_PRIOR != 1.0:
            # "how long is a global authorisation for dual-use items valid?" names one regime: the
            # other act's own rule on the same words (2019/125's "period of validity of a global
            # authorisation") is not the answer, unless the question uses that act's goods words too
            named = [act for act in self.family if act in refs.docs or any(m in refs.docs for m in self.family[act])]
            if len(named) == 1:
                own_goods = bool(words & self.regime_goods.get(named[0], frozenset()))
                for act in self.family:
                    if act != named[0] and (own_goods or not words & self.regime_goods.get(act, frozenset())):
                        boost[self.in_family[act]] *= OTHER_REGIME_PRIOR
                        other_regime |= self.in_family[act]
        hinted = {} if refs.explicit else dict(favoured or {})  # a named provision decides, not hints
        if weighed and not refs.explicit and n >= k:
            # the entry the goods check matched may share no word with the question ("pepper
            # spray": the acts say "oleoresin capsicum"), and so be no candidate at all: it then
            # counts as the k-th best before its weight (one the chat found itself keeps its score);
            # not for a question on a general authorisation or another procedure, which names the
            # goods but asks after the procedure's conditions
            about_goods = not (GENERAL_AUTHORISATION.search(question) or PROCEDURE_WORDING.search(f"{question} {legal_wording}"))
            if REPORT_FIRST_NO_GOODS and about_goods and self.is_reporting[int(np.argmax(fused))]:
                # nor for one the reports answer before any act ("how many representatives came to
                # the June 2018 meeting in Brussels?"): its words may still read as a product's
                # to the goods check ("instruments", "meeting", "representatives": 3A002)
                about_goods = False
            kth = kth_best(fused, k)
            last = kth_best(fused, pool)
            for pid, factor in weighed.items():
                if pid in self.reader.position:
                    i = self.reader.position[pid]
                    if about_goods and fused[i] < last:
                        fused[i] = kth
                    boost[i] *= factor
        for pid, factor in hinted.items():
            if pid in self.reader.position:
                boost[self.reader.position[pid]] *= factor
        for d in prefer_docs or []:
            boost[self.doc_of == d] *= 1.15
        for ref in refs.annexes:
            if not ref.item:  # "Annex III" alone: favour that annex and the provisions that govern it
                mentions = annex_mention(ref.annex)
                boost[np.array([p.annex == ref.annex or bool(mentions.search(p.text)) for p in self.passages])] *= 1.25
        if IMPLIED_ANNEX_BOOST != 1.0 and not refs.annexes:
            # goods the question describes sit in an annex; the articles governing that annex
            # ("Any export of goods listed in Annex II shall be prohibited") are what applies
            best = int(np.argmax(fused))
            if self.is_list_item[best]:  # the question is about goods: its best match is a list entry
                p = self.passages[best]
                boost[self.mentions_annex.get((p.doc_id, p.annex), np.zeros(n, dtype=bool))] *= IMPLIED_ANNEX_BOOST
        if LIST_DEFINITION_PRIOR != 1.0 and not DEFINITION_QUESTION.search(question):
            # (not the definition of a term the question quotes: "when is technology 'in the public domain'?")
            quoted = " ".join(QUOTED_TERM.findall(question.lower()))
            weighed_down = self.list_definition.copy()
            if quoted:
                for i, named in self.term_patterns:
                    if weighed_down[i] and named.search(quoted):
                        weighed_down[i] = False
            boost[weighed_down] *= LIST_DEFINITION_PRIOR
        if SYSTEM_BOOST != 1.0 and SYSTEM_ASKED.search(question):
            # "which IT system / through which channel must they be told?": the passages naming the
            # system ("a secure and encrypted system", "the Dual-Use electronic system (DUeS)")
            boost[self.names_a_system] *= SYSTEM_BOOST
        if RELEASE_BOOST != 1.0 and RELEASE_ASKED.search(question):
            # "does a 9 fps frame rate take it out of the camera control?", "are certified ones still
            # covered?": the list's notes setting goods aside ("6A003.b.4.b. does not control ...")
            boost[self.releases] *= RELEASE_BOOST
        if DUTY_DEFINITION_PRIOR != 1.0 and DUTY_ASKED.search(question) and not DEFINITION_QUESTION.search(question):
            # "what are we supposed to do?": the rule saying what, not the definition of the goods
            boost[self.is_definition] *= DUTY_DEFINITION_PRIOR
        if SCOPE_EXCLUSION_BOOST != 1.0 and SCOPE_ASKED.search(question) and ORDINARY_GOODS.search(question):
            asked = set(tokenize(question))
            kth = kth_best(fused, k)
            for i, named_by in self.scope_exclusions:
                if named_by & asked and allowed[i]:
                    fused[i] = max(fused[i], kth)  # (it may share no other word with the question)
                    boost[i] *= SCOPE_EXCLUSION_BOOST
        if not WHY_QUESTION.search(question):
            boost[self.main_act_recital] *= RECITAL_PRIOR  # recitals explain; they rarely answer "what applies"
        elif WHY_RECITAL_BOOST != 1.0:
            boost[self.is_recital] *= WHY_RECITAL_BOOST
        if GENERAL_AUTHORISATION_PRIOR != 1.0 and not (
            GENERAL_AUTHORISATION.search(f"{question} {legal_wording}") or GENERAL_AUTHORISATION_ASKED.search(question)
        ):
            boost[self.in_general_authorisation] *= GENERAL_AUTHORISATION_PRIOR
        if not FORM_QUESTION.search(question):
            boost[self.is_form_note] *= FORM_PRIOR
            boost[self.is_dual_use_form_note] *= DUAL_USE_FORM_PRIOR
        if not COVER_NOTE_QUESTION.search(question):
            boost[self.is_cover_note] *= COVER_NOTE_PRIOR
        if FINDING_QUESTION.search(question):
            boost[self.is_finding] *= FINDING_BOOST
        boost[self.is_amendment] *= AMENDMENT_PRIOR
        if not GOODS_QUESTION.search(question):
            if PROCEDURE_WORDING.search(f"{question} {legal_wording}"):
                boost[self.is_list_item] *= PROCEDURE_ITEM_PRIOR
            elif ACTIVITY_QUESTION.search(question):
                boost[self.is_list_item] *= ACTIVITY_ITEM_PRIOR
        if (ACTIVITY_RULE_BOOST != 1.0 and not EXPORT_ASKED.search(question) and not FINDING_QUESTION.search(question)
                and not AUTHORISATION_CONTENT.search(question)):
            activities = [n for n, (ask, _) in enumerate(RULE_ACTIVITIES) if ask.search(f"{question} {legal_wording}")]
            if len(activities) == 1:
                rules = self.activity_rules[activities[0]]
                annex = self.annex_named(question) if ANNEX_ACTIVITY_BOOST != 1.0 else None
                own = [i for i in sorted(self.rules_for.get(annex, ())) if rules[i]] if annex else []
                if own:  # the goods named are one annex's: its rule for the activity, not the other annexes'
                    boost[own] *= ACTIVITY_RULE_BOOST * ANNEX_ACTIVITY_BOOST
                else:
                    boost[rules] *= ACTIVITY_RULE_BOOST
        if DEFINITION_BOOST != 1.0 and DEFINITION_QUESTION.search(question):
            low = question.lower()
            quoted = " ".join(QUOTED_TERM.findall(low))
            matched = set()
            for i, named in self.term_patterns:
                if named.search(low):
                    boost[i] *= QUOTED_TERM_BOOST if named.search(quoted) else DEFINITION_BOOST
                    matched.add(i)
            if WIDER_TERMS:
                # "does training him here count as technical assistance?": the definition of the
                # "provider of technical assistance" says who provides it, and to whom (Article
                # 2(10)(c) of 2021/821, "to a resident of a third country temporarily present")
                named_terms = {self.passages[j].term.lower() for j in matched}
                for i, _ in self.term_patterns:
                    term = self.passages[i].term.lower()
                    if i not in matched and any(term.endswith(f" of {t}") for t in named_terms):
                        boost[i] *= DEFINITION_BOOST
        if REGIME_GOODS_BOOST != 1.0 and not refs.docs:
            by_goods = self.regimes_named(tokens)
            for act in by_goods:
                boost[self.in_family[act]] *= REGIME_GOODS_BOOST
            if len(by_goods) == 1 and self.regime_min_words.get(by_goods[0], 1) == 1 and REGIME_OTHER_PRIOR != 1.0:
                # only a short list's words are telling enough: the control list's thousands of
                # words include "steering" and "panel" ("the panel steering work on torment devices")
                boost[self.other_families[by_goods[0]]] *= REGIME_OTHER_PRIOR
                other_regime |= self.other_families[by_goods[0]]
            if not by_goods:
                # "torture" also names what a press release or a report is about: the other
                # regime's acts give way, no act of this one is raised above them
                for act in self.regimes_in_title(tokens):
                    boost[~self.other_families[act]] *= REGIME_GOODS_BOOST
        if ENTRY_INTO_FORCE_QUESTION.search(question):
            boost[self.enters_into_force] *= ENTRY_INTO_FORCE_BOOST
        if DATE_QUESTION.search(question):
            boost[self.has_date] *= DATE_BOOST
        if GLOBAL_BOOST != 1.0 and GLOBAL_ASKED.search(question) and not GENERAL_AUTHORISATION.search(question):
            boost[self.names_global & ~other_regime] *= GLOBAL_BOOST  # (of the regime asked about)
        if DURATION_QUESTION.search(question):
            boost[self.has_period] *= DURATION_BOOST
        if MEASURE_QUESTION.search(question):
            boost[self.has_measure] *= MEASURE_BOOST
        if FIRST_USE in legal_wording:
            # (only the notice of the regime asked about: EU001's twin stays where the rule put it)
            boost[self.states_first_use & ~other_regime] *= FIRST_USE_BOOST
        score = fused * boost * (1.0 - AUTHORITY_PENALTY * self.authority)

        pinned, unknown, referred = self._pinned(refs, allowed) if references else ({}, "", set())
        for i in referred:
            score[i] *= REFERENCE_BOOST
        if references and not unknown:
            # an act no document is or mentions (Regulation 833/2014): even beside a provision the
            # documents have ("5A002"), what it provides is not in them
            unknown = (
                self.unknown_act(question)
                or self.missing_recitals(question, refs)
                or ("" if pinned else self.outside_act(question, refs) or self.unknown_instrument(question))
            )
        by_label: dict[str, list[int]] = {}
        for i, label in pinned.items():
            by_label.setdefault(label, []).append(i)
        pinned_final: dict[int, str] = {}
        for label, members in by_label.items():
            members.sort(key=lambda i: (-sub_item_fit(self.passages[i], refs.sub_items), self.passages[i].part > 1, -score[i]))
            for rank, i in enumerate(members):
                if rank < PINNED_PER_REFERENCE:
                    pinned_final[i] = label
                else:
                    score[i] *= REFERENCE_BOOST
        best = set(np.argsort(-score)[:RELEASE_NOTE_RANK].tolist()) if refs.entries else set()
        for i in pinned_final:
            # a split unit opens with its head, unless the question names one of its sub-items
            fit = sub_item_fit(self.passages[i], refs.sub_items)
            head = fit == 2 if any(s.split(".")[0] == self.passages[i].item for s in refs.sub_items) else self.passages[i].part <= 1
            score[i] += 2.0 + (2.0 if head else 0.0)
        for code in refs.entries:
            for i in self.release_notes.get(code.split(".")[0], []):
                if i in best and allowed[i] and i not in pinned_final:
                    pinned_final[i] = f"{code} note"
                    score[i] += 2.0  # after the entry's head, beside its best part
        if pinned_final:
            # the articles a question names may only set its scene ("the prior authorisation under
            # Articles 15 and 19: was guidance shared on it?"); the passage both sides rank first
            # then competes with them for the first places
            for i in np.nonzero((dense_rank == 1) & (bm_rank == 1) & allowed)[0]:
                if i not in pinned_final:
                    score[i] += 4.0
        pinned = pinned_final
        if WHICH_AUTHORITY.search(question):
            # the listed authority of the Member State named comes first, before the provisions the
            # question names to set its scene ("stun guns (Annex III, item 2.1): which Danish authority?")
            entries = [
                i for st in member_states_named(question) for i in self.authority_entry.get(st.lower(), [])
                if allowed[i] and (not refs.docs or self.passages[i].doc_id in refs.docs)  # not for a dual-use licence
            ]
            if entries:
                score[entries] = np.maximum(score[entries], float(score.max()) * 1.01)
        candidates = [i for i in np.argsort(-score)[:pool] if score[i] > 0 and allowed[i]]
        candidates.sort(key=lambda i: (-round(float(score[i]), 6), self.authority[i], self.passages[i].order))
        # a general authorisation's list restates Annex I ("4. Phosgene ..." in EU006 and in 1C450.a):
        # of the two, the control list's own entry takes the place, the restatement is named with it
        for a, i in enumerate(candidates):
            if self.is_restated[i]:
                b = next((b for b in range(a + 1, len(candidates)) if self.is_list_item[candidates[b]] and not self.is_restated[candidates[b]] and self._alike(candidates[b], i)), None)
                if b is not None:
                    candidates[a], candidates[b] = candidates[b], candidates[a]
        hits: list[Hit] = []
        hit_ids: list[int] = []
        shown: set[int] = set()
        asks_period = TIME_LIMIT_PLACE and bool(DURATION_QUESTION.search(question))
        for i in candidates:
            if len(hits) == k:
                break
            if i in shown:  # already on screen as a neighbour of a better hit
                continue
            if sum(self.parts[h] == self.parts[i] for h in hit_ids) >= MAX_PER_UNIT and not (
                # a paragraph stating the time limit asked for is not crowded out by its article's
                # others ("how long does the Commission have to act on our request?": Article 25(3)'s
                # "within 20 weeks", after 25(1) on the request itself)
                asks_period and self.has_period[i]
                and sum(self.parts[h] == self.parts[i] and self.has_period[h] for h in hit_ids) < MAX_PER_UNIT
            ):
                continue  # a long provision does not take every place
            twin = next((h for h in hit_ids if self._alike(i, h)), None)
            if twin is not None:  # the same conditions in EU001, EU005 and EU006: one place, not three
                hits[hit_ids.index(twin)].same_text.append(self.passages[i].citation)
                continue
            mates = [j for j in candidates if self.units[j] == self.units[i] and j != i and j not in shown]
            budget = FIRST_WINDOW_CHARS if not hits else WINDOW_CHARS
            window = self.window(i, allowed, budget=budget, taken=shown, first=mates)
            hit_ids.append(i)
            shown.update(window)
            hits.append(
                Hit(
                    self.passages[i],
                    float(score[i]),
                    float(dense_sim[i]),
                    float(bm[i]),
                    int(dense_rank[i]),
                    int(bm_rank[i]),
                    pinned.get(i, ""),
                    [self.passages[j] for j in window],
                )
            )
        if closeness is not None:
            dense_sim = closeness
            for h in hits:
                h.dense = float(closeness[self.reader.position[h.passage.id]])
        hits = self._with_an_article(hits, candidates, score, shown, allowed, k, (dense_sim, bm, dense_rank, bm_rank), pinned, question)
        named = {h.passage.citation for h in hits}  # a twin with a place of its own is not named as well
        for h in hits:
            h.same_text = [c for c in dict.fromkeys(h.same_text) if c not in named]
            named.update(h.same_text)
        related = self._definitions(question, hits)
        t4 = time.perf_counter()
        years_named = list(dict.fromkeys(YEAR.findall(question)))
        own = {y for s in OWN_FACT.findall(question) for y in YEAR.findall(s)}  # "We refused it in 2022."
        return Retrieval(
            question,
            hits,
            refs,
            related,
            vec,
            {
                "embed_ms": (t1 - t0) * 1000,
                "dense_ms": (t2 - t1) * 1000,
                "bm25_ms": (t3 - t2) * 1000,
                "fuse_ms": (t4 - t3) * 1000,
                "retrieve_ms": (t4 - t0) * 1000,
            },
            unknown,
            [h.passage.id for h in hits if h.passage.id in hinted],
            self._governing_hit(hits, question),
            [y for y in years_named if y not in self.years and y not in own],
            self._unreported_meetings(question, years_named),
            self._years_beside(hits, [y for y in years_named if y in self.years and y not in own]),
            legal_wording,
        )

    def _regime_words(self, listed: np.ndarray, elsewhere: np.ndarray) -> frozenset[str]:
        """Words (and pairs of adjacent words) of one act's goods lists that the other acts' families
        do not use: no passage, or one passage while the lists use the word often ("restraint": five
        of 2019/125's 32 list items, and 2021/821's "animal restraint tubes" once). Pairs because
        both regimes use "electric" and "shock", only 2019/125 "electric shock"."""

        def counts(mask: np.ndarray) -> Counter:
            seen: Counter = Counter()
            for i in np.nonzero(mask)[0]:
                tokens = tokenize(self.passages[i].search_text)
                seen.update(set(tokens) | set(word_pairs(tokens)))
            return seen

        here, there = counts(listed), counts(elsewhere)
        n_here, n_there = max(int(listed.sum()), 1), max(int(elsewhere.sum()), 1)

        def marks(t: str, n: int) -> bool:
            if " " in t and n < REGIME_PAIR_MIN_LISTED:
                return False  # a pair of words one list item happens to use ("accord union")
            if there[t] == 0:
                return True
            return there[t] <= REGIME_SHARED_MAX and n >= REGIME_SHARED_MIN_LISTED and n / n_here >= REGIME_SHARED_RATIO * there[t] / n_there

        return frozenset(
            t for t, n in here.items()
            if len(t) > 2 and t.replace(" ", "").isalpha() and not set(t.split()) & REGIME_STOP and marks(t, n)
        )

    def _title_words(self, act: str, members: np.ndarray, elsewhere: np.ndarray) -> frozenset[str]:
        """Words of the act's title that its family uses and the other families never do: read
        from the title, so an act added to the corpus names its own subject."""
        title = {t for t in tokenize(self.doc_meta.get(act, {}).get("title", "")) if len(t) > 3 and t.isalpha()}
        here: Counter = Counter()
        there: Counter = Counter()
        for i in np.nonzero(members | elsewhere)[0]:
            (here if members[i] else there).update(title.intersection(tokenize(self.passages[i].search_text)))
        return frozenset(t for t in title if not there[t] and here[t] >= REGIME_TITLE_MIN)

    def regimes_in_title(self, tokens: list[str]) -> list[str]:
        """The acts whose subject the words name ("torture", "inhuman"), words of their titles."""
        words = set(tokens)
        return [act for act, title in self.regime_title.items() if words & title]

    def regimes_named(self, tokens: list[str]) -> list[str]:
        """The acts whose goods the words name (enough of the words, or pairs of adjacent words,
        only that act's lists use)."""
        words = set(tokens) | set(word_pairs(tokens))
        return [act for act, goods in self.regime_goods.items() if len(words & goods) >= self.regime_min_words.get(act, 1)]

    def _years_beside(self, hits: list[Hit], years: list[str]) -> list[str]:
        """The years no document of the top three hits speaks of."""
        docs = {h.passage.doc_id for h in hits[:3]}
        return [y for y in years if docs and not any(y in self.doc_years.get(d, ()) for d in docs)]

    def _unreported_meetings(self, question: str, years_named: list[str]) -> list[str]:
        """Years the question puts a meeting in although no passage reports a meeting then
        ('its 2020 meeting'); a year that dates a document ('its 2024 conclusions') is not one."""
        if not MEETING.search(question):
            return []
        dated_documents = set(DOCUMENT_YEAR.findall(question))
        return [y for y in years_named if y in self.years and y not in self.meeting_years and y not in dated_documents]

    def _governing_index(self, top: Passage, question: str = "") -> int | None:
        """The paragraph saying what applies to a goods item of a list with CN codes (the
        anti-torture annexes: prohibited, or authorisation required), when the top hit is one: the
        rule for the one activity the question asks about (import, transit, brokering ...) when
        the question asks about one and not about exporting, else the list's export rule."""
        if not top.item or top.article or not top.cn_codes:
            return None
        default = self.governing.get((top.doc_id, top.annex))
        asked = [rule for ask, rule in RULE_ACTIVITIES if ask.search(question)]
        if len(asked) != 1 or EXPORT_ASKED.search(question):
            return default
        rules = sorted(self.rules_for.get((top.doc_id, top.annex), ()))
        return next((i for i in rules if asked[0].search(self.passages[i].text)), default)

    def _governing_hit(self, hits: list[Hit], question: str = "") -> str:
        """The id of the hit saying what applies to the top hit's listed goods, or ''."""
        best = self._governing_index(hits[0].passage, question) if hits else None
        return next((h.passage.id for h in hits[1:] if best is not None and h.passage.id == self.passages[best].id), "")

    def window(
        self, i: int, allowed: np.ndarray, budget: int = WINDOW_CHARS, taken: set[int] | None = None, first: list[int] | None = None
    ) -> list[int]:
        """The hit, the other parts of its paragraph if it was split (up to SPLIT_EXTRA over the
        budget), the passage holding the list it announces, the other well-ranked passages of its
        provision (``first``), then its neighbours, alternately after and before it, while the
        whole stays within ``budget`` characters: "Article 27(1)" is then shown with 27(3) when
        both rank well, and with 27(2)
        when it is short, so a question aimed at the article finds the paragraph that answers
        it. Each passage keeps its own citation; passages another hit already shows (``taken``)
        are not shown twice."""
        taken = taken or set()
        unit, at = self.units[i], self.place[i]
        members, size = [i], len(self.passages[i].text)
        first = list(first or [])
        if self.passages[i].text.rstrip().endswith(":") and at + 1 < len(self.sequence):
            j = self.sequence[at + 1]  # a passage announcing a list is shown with the list
            if self.units[j] == unit and allowed[j] and j not in taken:
                first = [j] + [m for m in first if m != j]
        # a sentence cut by the passage length is shown whole: it ends in the next passage, or
        # began in the one before
        cut = [at + 1] if CUT_SENTENCE.search(self.passages[i].text) else []
        if at > 0 and CUT_SENTENCE.search(self.passages[self.sequence[at - 1]].text):
            cut.append(at - 1)
        for place in cut:
            j = self.sequence[place] if place < len(self.sequence) else -1
            if j >= 0 and self.units[j] == unit and allowed[j] and j not in taken:
                members.append(j)
                size += len(self.passages[j].text)
        for j in self.exceptions.get(i, []):  # the paragraphs derogating from it, up to SPLIT_EXTRA over the budget
            if allowed[j] and j not in taken and j not in members and size + len(self.passages[j].text) <= budget + SPLIT_EXTRA:
                members.append(j)
                size += len(self.passages[j].text)
        if self.passages[i].part:  # a paragraph split in parts is shown whole, up to SPLIT_EXTRA over the budget
            for step in (1, -1, 2, -2):
                if 0 <= at + step < len(self.sequence):
                    j = self.sequence[at + step]
                    q = self.passages[j]
                    fits_whole = size + len(q.text) <= budget + SPLIT_EXTRA
                    same = q.citation == self.passages[i].citation or (q.part and q.item and self.units[j] == unit)
                    if same and allowed[j] and j not in taken and j not in members and fits_whole:  # an entry's parts cite its sub-items
                        members.append(j)
                        size += len(q.text)
        # what the passage rests on, up to SPLIT_EXTRA over the budget: an amending instruction's
        # recital saying why, and the recital a main act's recital builds on
        linked = list(self.reasons.get(i, [])) + self.item_notes.get(i, [])
        if at > 0 and self.main_act_recital[i] and BACK_REFERENCE.search(self.passages[i].text.split(". ")[0]):
            j = self.sequence[at - 1]  # "It is therefore necessary to impose controls": on what recital 29 found
            if self.passages[j].recital and self.passages[j].doc_id == self.passages[i].doc_id:
                linked.append(j)
        for j in linked:
            if allowed[j] and j not in taken and size + len(self.passages[j].text) <= budget + SPLIT_EXTRA:
                members.append(j)
                size += len(self.passages[j].text)
        for j in first:  # other well-ranked paragraphs of the same provision come first
            if j not in members and size + len(self.passages[j].text) <= budget:
                members.append(j)
                size += len(self.passages[j].text)
        members_set = set(members)
        after, before = at + 1, at - 1
        forward = True
        while True:
            while 0 <= after < len(self.sequence) and self.sequence[after] in members_set:
                after += 1  # already in the window as a well-ranked paragraph
            while 0 <= before < len(self.sequence) and self.sequence[before] in members_set:
                before -= 1
            sides = []
            for side, place in (("after", after), ("before", before)):
                if 0 <= place < len(self.sequence):
                    j = self.sequence[place]
                    if self.units[j] == unit and allowed[j] and j not in taken:
                        sides.append((side, j))
            if not sides:
                break
            sides.sort(key=lambda s: s[0] != ("after" if forward else "before"))
            fitting = [(side, j) for side, j in sides if size + len(self.passages[j].text) <= budget]
            if not fitting:
                break
            side, j = fitting[0]
            members.append(j)
            members_set.add(j)
            size += len(self.passages[j].text)
            if side == "after":
                after += 1
            else:
                before -= 1
            forward = not forward
        return sorted(members, key=lambda j: self.place[j])

    def _notes_naming_items(self) -> dict[int, list[int]]:
        """Each list entry -> the notes of its annex that qualify it by number, kept apart from it
        ("Items 1.3 and 1.4 ... do not cover medical-technical goods", in Annex II's opening notes):
        an infusion pump's question finds item 1.4 and should read the note with it."""
        entries: dict[tuple[str, str, str], list[int]] = {}
        for i, p in enumerate(self.passages):
            if p.annex and p.item:
                entries.setdefault((p.doc_id, p.annex, p.item), []).append(i)
        notes: dict[int, list[int]] = {}
        for j, p in enumerate(self.passages):
            if p.annex and not p.item:
                for m in ITEMS_NAMED.finditer(p.text):
                    for number in re.findall(r"\d+(?:\.\d+)+", m.group(1)):
                        for i in entries.get((p.doc_id, p.annex, number), []):
                            notes.setdefault(i, []).append(j)
        return notes

    def _definitions(self, question: str, hits: list[Hit]) -> list[Passage]:
        """Definitions (an article's, or the control list's in Annex I) of terms the question uses,
        from the acts the hits come from."""
        low = question.lower()
        shown = {p.id for h in hits for p in h.shown}
        out: list[Passage] = []
        for doc in dict.fromkeys(h.passage.doc_id for h in hits[:3]):
            for p in self.terms.get(doc, []):
                term = p.term.lower()
                if p.id not in shown and re.search(rf"(?<![\w-]){re.escape(term)}s?(?![\w-])", low):
                    out.append(p)
                    shown.add(p.id)
        return out[:2]
