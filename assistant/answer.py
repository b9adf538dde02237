"""The Answer object shared by CLI, UI and evals, and the default extractive answer.

Extractive mode writes no sentence of its own: it quotes the document sentences that best
answer the question, each followed by its [n] marker, and abstains when the evidence is weak.
"""

from __future__ import annotations

import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

import numpy as np

from assistant.asked import missing_datum
from assistant.retrieve import (
    CALENDAR_DATE,
    CUT_SENTENCE,
    DATE_QUESTION,
    DESTINATIONS_QUESTION,
    LIST_OF_COUNTRIES,
    REPORTING_KINDS,
    Hit,
    Retrieval,
    authority_of,
)
from assistant.synonyms import (
    STATE_WORDS,
    countries_named,
    expand,
    legal_concepts,
    legal_wordings,
    member_states_named,
    place_words,
)
from ingest.passage import AMENDMENTS, Passage
from ingest.sentences import split_sentences
from ingest.tokens import tokenize

NO_ANSWER = "The documents I have do not answer this."
# statements an answer quotes (the top passage counting as one): 9 rather than 7 quotes the
# condition or figure a second provision holds more often (thirteen development sets: fact
# accuracy 0.821 -> 0.835, citation 0.881 -> 0.890) for answers 8% longer (2,054 -> 2,215
# characters on average); 11 adds little more (0.837)
MAX_PARAGRAPHS = 9  # paragraphs quoted in one answer (the top one and eight others)
LIST_CHARS = 600  # points of a list announced by a quoted sentence ending in ':' quoted with it
LIST_POINT = re.compile(r"\s*(?:(?:\(?[a-z]{1,4}\)|\(?\d{1,2}\)|[-–—•])\s|(?:[a-z]|\d{1,2})\.\s?[A-Z(])")
MAX_PER_PASSAGE = 2
ANSWER_TYPE = 0.15  # a sentence with a number (a date) for a "how long" ("when") question
WHOLE_TOP_CHARS = 1000  # the top passage up to this size is quoted whole and counts as one statement
OTHER_RATIO = 0.55  # another passage is quoted when its best sentence scores this share of the best
CANDIDATE_PASSAGES = 5
MAX_CANDIDATE_SENTENCES = 12
KEEP_RATIO = 0.8  # keep sentences scoring at least this share of the best one
WHOLE_OTHER_CHARS = 1000  # any other paragraph quoted, up to this size, is quoted whole ...
WHOLE_OTHER_RATIO = 0.7  # ... when its best sentence scores this share of the best
PINNED_ALWAYS_QUOTED = True  # another hit a reference of the question pins has its best sentence quoted
UNSHARED_RATIO = 0.8  # a neighbour sharing no word with the question (nor its figure) only this strong

# Abstention thresholds, tuned on the development questions only (evals/questions_dev.jsonl):
MIN_DENSE = 0.40  # below this best cosine similarity nothing retrieved is about the question
# ... unless the question names concepts of the acts in everyday words: a situation told at length
# ("the buyer of our unlisted valves told us they will end up in a missile programme") is further
# from any one paragraph than a short question, however squarely the law addresses it
CONCEPT_MIN_DENSE = 0.33
KEYWORD_CONCEPTS = 2  # ... and, naming this many of the acts' concepts, none when the first hit is first by keywords
WEAK_DENSE = 0.50  # ... and below this, a question none of whose rare words appear is abstained
MIN_COVERAGE = 0.01
WORDING_HITS = 5  # the passages (all shown) in which the acts' word for the user's word counts as covering the question
NEAR_HITS = 3  # the passages whose text must hold the datum a question asks for
# what a report or publication found or lists ("what did the Commission's 2020 report conclude",
# "does the current C-series publication include ..."), asked when no commentary, press release or
# Council conclusions (the documents reporting on practice) answer
REPORT_FINDINGS = re.compile(
    r"\bwhat did\b[^?]{0,100}\b(?:report|review|publication|assessment|evaluation|study)\b[^?]{0,100}\b(?:conclu|find|found|show|recommend|propos|reveal)\w*"
    # "what were the main findings of the Commission's impact assessment report due by 31 July 2020?"
    r"|\b(?:findings|conclusions|results|outcomes?|recommendations)\s+of\s+(?:the\s+)?(?:[\w'’-]+\s+){0,6}?(?:report|review|publication|assessment|evaluation|study)\b"
    r"|\b(?:current|latest|most recent|newest)\s+(?:[\w-]+\s+){0,3}?(?:report|publication|edition|version|compilation)\b[^?]{0,120}\b(?:include|contain|list|cover|mention)\w*"
    # "which items has the Commission published in the C series under Article 5(6)?": the act
    # says it "shall publish"; what it published is in no document here
    r"|\b(?:which|what)\b[^?]{0,80}\b(?:has|have)\s+(?:the\s+)?(?:Commission|Member States?|competent authorit(?:y|ies)|Council)\s+(?:already\s+|so far\s+|actually\s+)?(?:published|notified|made public)\b"
    # "which customs offices in Belgium have been empowered under Article 22?": Article 22(2) has
    # them notified and published in the C series, which is no document here
    r"|\b(?:which|what)\s+(?:[\w-]+\s+){0,2}customs offices\b[^?]{0,60}\b(?:empowered|designated|authori[sz]ed)\b",
    re.I,
)

_COUNTRY = r"(?-i:US|U\.S\.|USA|(?<!Latin )(?<!South )(?<!Central )(?<!North )American|United States|UK|British|Great Britain|Chin(?:a|ese)|Russian?|Japan(?:ese)?|Swiss|Switzerland|Canad(?:a|ian)|Australian?|India(?:n)?|Turk(?:ey|ish)|Brazil(?:ian)?|Korean?|Norw(?:ay|egian)|Israeli?|Singapore(?:an)?|Mexic(?:o|an)|Ukrain(?:e|ian)|Saudi|Emirati|Iceland(?:ic)?|New Zealand|South African?|Malaysian?|Thai(?:land)?|Indonesian?|Egypt(?:ian)?|Pakistan(?:i)?|Argentin(?:a|e|ian)|Chilean?|Nigerian?|Serbian?|Belarus(?:ian)?|Vietnam(?:ese)?|Philippines?|Filipino)"
_JURISDICTION = _COUNTRY + "(?:'s)?"
# a Member State's own law or practice: the documents are EU acts and say only that national
# law sets these ("penalties ... laid down by the Member States", "determined by national law")
_MEMBER_STATE = "(?:" + "|".join(STATE_WORDS.values()) + ")(?:'s)?"
JURISDICTION_REASON = "another jurisdiction's rules"
OUT_OF_SCOPE = [
    # the country owns what follows within its own phrase: not "to Brazil. Which authority", "to
    # Japan, and the French authority", "the UK-withdrawal delegated regulation" (an EU act)
    (re.compile(_JURISDICTION + r"(?!-withdrawal|\s+withdrawal)[\s'’()-]+(?:[\w-]+[\s'’()-]+){0,3}?(?:law|laws|rules|regulations?|legislation|export control|licen[cs]ing|ministry|government|agency|authorit(?:y|ies)|department|courts?|congress|statutes?|statutory instruments?|act|acts|ordinance|decree)\b"
                r"(?!\s+(?:wants|wanted|ordered|has ordered|buys|bought|is buying|plans to buy|would like|asks (?:us|for)|needs)\b)", re.I), JURISDICTION_REASON),
    (re.compile(r"\b(?:under|in|by|of|according to)\s+" + _MEMBER_STATE + r"\s+(?:national\s+|criminal\s+|administrative\s+)?(?:law|legislation|criminal code|penal code|code|statutes?|case[- ]law)\b", re.I), "a Member State's national law"),
    (re.compile(_MEMBER_STATE + r"\W+(?:[\w-]+\W+){0,4}?(?:normally|usually|typically|on average|in practice)\b", re.I), "a Member State's administrative practice"),
    (re.compile(r"\b(?:limitation period|statute of limitations?|time[- ]barred)\b", re.I), "national penalties"),
    # "in Sweden, within how many days must the licensing authority decide?": the acts set no
    # time for deciding on an application; a Member State's own procedure does
    (re.compile(r"\b(?:in|by the|the)\s+" + _MEMBER_STATE + r"\b[^?.]{0,80}\b(?:how many (?:working |calendar )?(?:days|weeks|months)|how long|how quickly|deadline|time limit)\b[^?.]{0,80}\b(?:decide|process|handle|issue|grant)\w*"
                r"|\b(?:how many (?:working |calendar )?(?:days|weeks|months)|how long|how quickly|deadline|time limit)\b[^?.]{0,40}\b" + _MEMBER_STATE + r"\b[^?.]{0,60}\b(?:decide|process|handle|issue|grant)\w*", re.I),
     "a Member State's administrative procedure"),
    # "does the United States require a licence ...", "does Switzerland have its own ban ...": a
    # country outside the Union as the one that rules
    (re.compile(r"\b(?:does|do|did|will|would|can|could)\s+(?:the\s+)?" + _JURISDICTION + r"\s+(?:(?:also|still|now|itself|authorities|government)\s+)?(?:require|impose|ban|prohibit|allow|permit|restrict|control|license|licence|have (?:its|their) own|maintain)\b", re.I), JURISDICTION_REASON),
    # "the UK's Open General Export Licence", "Norway's control list": a licence or list of the
    # country's own (not "to the UK under an EU general export authorisation")
    (re.compile(r"\b" + _COUNTRY + r"['’]s\s+(?:[\w-]+\s+){0,4}?(?:licen[cs]es?|permits?|authori[sz]ations?|(?:control\s+)?lists?)\b|(?-i:\bOGELs?\b|\bSIELs?\b|\bOIELs?\b)", re.I), JURISDICTION_REASON),
    # "which Swiss export permit do we need", "do we need a Norwegian export licence", "which
    # authority in Norway licenses ...": a permit the country itself issues (not "we hold a US
    # licence too: do we also need an EU authorisation?")
    (re.compile(r"\b(?:which|what|need|needs|require[sd]?|apply(?:ing)? for|get|obtain)\b[^.?!]{0,30}?\b" + _COUNTRY + r"\s+(?:(?:export|import|re-?export|national|general|individual|open|dual-use|transit|brokering)\s+){0,2}(?:permits?|licen[cs]es?|licen[cs]ing)\b", re.I), JURISDICTION_REASON),
    (re.compile(r"(?-i:\bEAR\b|\bBIS\b|\bCCL\b)|\bEAR99\b|\bECCNs?\b|\bITAR\b|\bDDTC\b|\bBureau of Industry\b|\bLicen[cs]e Exception\b|\bCommerce Control List\b|\bOFAC\b|\bMOFCOM\b|\bECJU\b|\bExport Administration Regulations\b"
                # the United States' own lists of parties ("is the buyer on the US Entity List?")
                r"|\bEntity List\b|\bUnverified List\b|\bDenied Persons List\b|\bSDN List\b|\bSpecially Designated Nationals\b|\bMilitary End[- ]User List\b", re.I), JURISDICTION_REASON),
    # no document sets or even mentions a fee: any "fee" is national ("the fee the Dutch licensing
    # authority charges ... for an individual licence application")
    (re.compile(r"\bfees?\b|\b(?:charges?|costs?)\b.{0,40}\b(?:licen[cs]es?|authorisations?|applications?)\b|\bhow much does\b.{0,30}\bcharge\b", re.I), "national fees the documents do not set"),
    # (not patents or copyright: the General Technology Note and "in the public domain" speak of them)
    (re.compile(r"\btrade ?marks?\b|\bEUIPO\b", re.I), "an unrelated subject"),
    (re.compile(r"\bhow many\b.*\b(?:licen[cs]es|authorisations|applications|refusals|denials|exports|exporters|companies|firms|brokers|shipments|consignments|cases|prosecutions|members)\b.*\b(?:in|during|since|last|today|currently|now)\b", re.I), "statistics the documents do not contain"),
    # (not a product's "total internal volume of 15 litres": a figure of trade, not of a thing)
    (re.compile(r"\b(?:total|overall|annual|combined)\s+(?:\w+\s+)?(?:value|volume|quantity|turnover|number)\s+of\s+(?:(?:the|all|EU|Union|our|its|their|such)\s+)?(?:[\w-]+\s+){0,2}?"
                r"(?:exports?|imports?|trade|transfers?|licen[cs]es|authori[sz]ations|applications|shipments|consignments|sales|seizures|denials|refusals|notifications|cases|transactions|goods|items)\b"
                r"|\bvalue of (?:the )?(?:EU |Union )?exports\b", re.I), "statistics the documents do not contain"),
    (re.compile(r"\bhow many\b.{0,80}\b(?:licen[cs]es|authorisations|applications|requests|notifications|refusals|denials|seizures|prosecutions|investigations|penalties|fines)\b.{0,120}\b(?:so far|to date|until now|up to now|have been (?:made|sent|granted|issued|refused|notified|imposed|submitted)|were (?:made|sent|granted|issued|refused|notified|imposed|submitted)"
                # "how many denial notifications did the authorities send during 2017 and 2018?"
                r"|did\s+(?:[\w'’-]+\s+){0,6}?(?:make|send|grant|issue|refuse|notify|impose|submit|receive|record|register|exchange))\b", re.I), "statistics the documents do not contain"),
    (re.compile(r"\b(?:maximum|minimum|highest|lowest|largest|biggest|heaviest|amount of (?:the )?|how (?:much|high|large) (?:is|are|was|were) the)\s*(?:(?:administrative|criminal|financial|possible|applicable)\s+)?(?:fines?|penalt(?:y|ies)|prison|sentences?)\b|\bprison sentences?\b|\bjail\b", re.I), "national penalties"),
    # "what penalty did the Lithuanian authorities impose on ...": one case, which no act reports
    (re.compile(r"\bwhat (?:[\w-]+\s+){0,2}?(?:penalty|penalties|fine|fines|sanctions?|sentences?)\b.{0,60}\b(?:did|does|do|would|will|was|were|has|have|had)\b.{0,60}\b(?:impose[sd]?|given|handed|receive[sd]?|get|got)\b", re.I), "national penalties"),
    # averages are statistics; "which items has Germany placed on its national control list" and
    # "which Member States currently have national bans" ask for national measures the acts only
    # provide for (the compilation of national lists is the Commission's, outside these documents)
    (re.compile(r"\bon average\b|\b(?:average|typical|usual|normal|mean|median) (?:processing|waiting|handling|decision|approval|turnaround) (?:times?|periods?)\b", re.I), "statistics the documents do not contain"),
    (re.compile(r"\b(?:which|what)\b(?:\s+[\w-]+){0,3}\s+(?:items|goods|products|entries)\b.{0,60}" + _MEMBER_STATE + r"\W+(?:[\w-]+\W+){0,6}?national (?:control )?lists?\b", re.I), "a Member State's national measures"),
    (re.compile(r"\bwhich (?:EU )?(?:Member States|countries)\b.{0,30}\b(?:currently|now|already|still)\s+(?:have|has|maintain|apply|impose)\b", re.I), "a Member State's national measures"),
    # the documents give counts of participants, not their names ("representatives of 38
    # countries"), and report no later meeting's attendance
    (re.compile(r"\bwhich\s+\d+\s+(?:countries|states|Member States|members|participants|signatories|delegations)\b", re.I), "a list the documents do not give"),
    (re.compile(r"\bwhich (?:EU )?(?:Member States?|countries|delegations|participants)\b.{0,20}\b(?:hosted|attended|took part|participated|were present)\b", re.I), "events the documents do not report"),
    (re.compile(r"\bCJEU\b|\bECJ\b|\bCourt of Justice\b|\bGeneral Court\b|\bcase[- ]law\b|\bcourt rulings?\b|\bruled\b|\bconvicted\b|\bconvictions?\b|\bcase names?\b|\bprosecuted\b", re.I), "case law the documents do not contain"),
    (re.compile(r"\b(?:VAT(?!\s+(?:fraud|evasion|investigations?|offences?))|GDPR|corporate tax|income tax|customs duty rates?|tariff rates?)\b", re.I), "an unrelated subject"),
    # other product rules of the Union (chemicals registration, labelling, safety marking): none
    # of them is in these documents, and the control of a chemical's export says nothing of them
    (re.compile(r"(?-i:\bREACH\b|\bCLP\b|\bRoHS\b|\bWEEE\b)|\bCE[- ]mark(?:ing|ed)?\b|\bsafety data sheets?\b|\bmedical devices? regulation\b", re.I), "an unrelated subject"),
    # the duty payable on goods: the acts list CN codes to identify goods, never a rate
    (re.compile(r"\brates?\s+of\s+(?:customs\s+|import\s+|export\s+)?dut(?:y|ies)\b|\b(?:customs|import|export)\s+dut(?:y|ies)\b(?!\s+free)|\banti-?dumping\b|\bduty rates?\b", re.I), "an unrelated subject"),
    (re.compile(r"\b(?:next|upcoming|future)\s+(?:[\w-]+\s+){0,3}?(?:meeting|session|amendment|revision|review|update)\b|\bwhen will\b.{0,40}\bnext\b|\bwill next\b|\bwill soon be (?:amended|added|removed|deleted|listed|changed|revised|updated|published|adopted|extended)\b|\bnext (?:amend|change|revise|update)|\bin (?:20(?:2[5-9]|3\d))\b", re.I), "future events the documents cannot know"),
    # a change to come ("Is China going to be added to EU001 next year?"): the acts say what
    # applies now, and how they may be amended, never what will be decided
    (re.compile(r"\b(?:going|expected|likely|planned|set|due) to be (?:added|removed|deleted|amended|listed|included|taken off)\b|\bwill\b[^?.]{0,60}\bbe (?:added|removed|deleted|taken off)\b|\b(?:add|remov|delet|amend|chang|updat|revis|includ|list)\w*\b[^?.]{0,60}\b(?:next|coming)\s+(?:years?|months?)\b", re.I), "future events the documents cannot know"),
    (re.compile(r"\bhow many\b.{0,60}\b(?:attend(?:ed|ing)?|participants|officials|staff|people)\b.{0,40}\b(?:latest|last|most recent|current)\b|\b(?:latest|most recent)\s+(?:meeting|session)\b", re.I), "events after the documents were written"),
    # "the first meeting ... after the working party adopted its January 2024 conclusions": the
    # documents end with those conclusions and report nothing held after them
    (re.compile(r"\b(?:meeting|session)s?\b[^?.]{0,80}\bafter\s+(?:the\s+|its\s+)?(?:[\w'’-]+\s+){0,6}?(?:conclusions|adopted|adoption|(?:19|20)\d\d)\b", re.I), "events after the documents were written"),
]


# a named company ("the drug maker Lundbeck", "Acme GmbH", "Hikvision's cameras") that the
# documents never mention: they are acts of general application and say nothing of one firm
_COMPANY = re.compile(
    r"\b(?:company|companies|firm|maker|manufacturer|producer|supplier|vendor|distributor|group|corporation|brand|multinational)\s+(?:called\s+|named\s+)?([A-Z][\w&-]+)"
    r"|\b((?:[A-Z][\w&-]+\s+){1,3})(?:Inc|Ltd|GmbH|S\.?A|AG|plc|B\.?V|SpA|Oy|AB|NV|SE|LLC|Corp)\b"
    r"|\b([A-Z][\w&-]+)'s\s+(?:\w+\s+){0,2}(?:contracts?|products?|exports?|sales|cameras?|machines?|devices?|systems?|licen[cs]es?|subsidiar\w+|customers?|distributors?|shipments?)\b"
    # what a named firm did: "How did Lundbeck react", "Did Hikvision stop selling"
    r"|\b(?i:did|has|have)\s+([A-Z][\w&-]+)\s+(?:ever\s+|then\s+|later\s+)?(?:react|respond|restrict|stop|announce|decide|withdraw|sell|supply|export|change|introduce|say|comment|set up|sign|conclude|obtain|register|apply)\w*\b"
)


def unknown_company(question: str, unknown_words: list[str]) -> str:
    """The name of a company the question asks about and no document mentions, or ''."""
    for m in _COMPANY.finditer(question):
        name = next(g for g in m.groups() if g)
        if any(w in unknown_words for w in tokenize(name)):  # "Does Acme GmbH": one word is the name
            return name.strip()
    return ""


@dataclass
class Citation:
    number: int
    passage_id: str
    doc_id: str
    kind: str
    kind_label: str
    citation: str
    url: str
    quote: str
    context: str = ""
    page: int = 0
    footnotes: list[str] = field(default_factory=list)
    also_in: list[str] = field(default_factory=list)  # provisions with nearly the same wording

    @classmethod
    def of(cls, number: int, p: Passage, also_in: dict[str, list[str]] | None = None) -> Citation:
        return cls(
            number, p.id, p.doc_id, p.kind, p.kind_label, p.citation, p.url, p.text, p.context, p.page,
            list(p.footnotes), list((also_in or {}).get(p.id, [])),
        )


@dataclass
class Statement:
    """One sentence of the answer and the passage it is quoted from."""

    text: str
    citation: int  # the [n] it carries (0: a connecting phrase with no source)
    passage_id: str = ""
    flagged: str = ""  # LLM mode: "uncited" or "invalid citation"
    numbers: list[int] = field(default_factory=list)  # every [n] the sentence carries
    list_point: bool = False  # a point of a list a quoted sentence announces, or the rest of a sentence cut by the passage length, quoted with it


@dataclass
class Answer:
    question: str
    text: str
    citations: list[Citation]
    abstained: bool = False
    reason: str = ""
    mode: str = "extractive"  # extractive | llm
    statements: list[Statement] = field(default_factory=list)
    retrieved: list[dict] = field(default_factory=list)
    related: list[Citation] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    timings: dict = field(default_factory=dict)
    evidence: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)

    def to_markdown(self) -> str:
        lines = [f"**Q:** {self.question}", ""]
        lines.append(self.text)
        for notice in self.notices:
            lines += ["", f"> {notice}"]
        if self.citations:
            lines += ["", "Sources:" if not self.abstained else "Closest passages:"]
            for c in self.citations:
                link = f" <{c.url}>" if c.url else ""
                lines.append(f"[{c.number}] {c.citation} ({c.kind_label}){link}")
                if c.also_in:
                    lines.append(f"    Nearly the same wording: {'; '.join(c.also_in)}")
        return "\n".join(lines)


# a body named in full ("the UK's Department for International Trade"): when the passages shown
# name it too, the question is about what the documents say of it, not about that country's rules
BODY_NAME = re.compile(
    r"\b(?:Department|Ministry|Agency|Office|Bureau|Directorate|Service|Unit|Branch)(?:\s+(?:of|for|and|the|on|[A-Z][\w-]*))*\s+[A-Z][\w-]*"
)


def out_of_scope(question: str) -> str:
    for pattern, reason in OUT_OF_SCOPE:
        if pattern.search(question):
            return reason
    return ""


def evidence(retrieval: Retrieval, idf: dict[str, float] | None = None) -> dict:
    """How well the top passages cover the question: the features abstention looks at."""
    hits = retrieval.hits
    q_tokens = list(dict.fromkeys(tokenize(retrieval.question)))
    if idf:
        q_tokens.sort(key=lambda t: -idf.get(t, 0.0))
        # the places a question names say where, not what it is about ("technical assistance by
        # a German engineer in China": its rarest words are the places, which no answer names)
        places = set(tokenize(" ".join(place_words(retrieval.question))))
        subject = [t for t in q_tokens if t not in places] or q_tokens
        rare = [t for t in subject if idf.get(t, 0.0) > 0][: max(3, len(subject) // 2)]
        unknown = [t for t in q_tokens if t not in idf and not t.isdigit()]
    else:
        rare, unknown = q_tokens, []
    top_tokens: set[str] = set()
    for h in hits[:3]:
        top_tokens.update(tokenize(h.passage.search_text))
    coverage = sum(t in top_tokens for t in rare) / len(rare) if rare else 0.0
    named = countries_named(retrieval.question)
    if rare and not coverage and any(countries_named(h.passage.text) & named for h in hits[:3]):
        coverage = 1 / len(rare)  # "a hospital in London": the top passages name the United Kingdom
    wording_tokens = set(top_tokens)
    for h in hits[3:WORDING_HITS]:
        wording_tokens.update(tokenize(h.passage.search_text))
    if rare and not coverage and any(set(tokenize(w)) & wording_tokens for w in legal_wordings(retrieval.question)):
        # "can pepper spray be exported ...": the documents never say "pepper"; the top passages
        # speak of "oleoresin capsicum", the acts' word for it
        coverage = 1 / len(rare)
    shown = " ".join(" ".join(p.text.split()) for h in hits for p in h.shown).lower()
    bodies = [m.group(0) for m in BODY_NAME.finditer(retrieval.question) if len(m.group(0).split()) >= 3]
    return {
        "bodies_in_documents": [b for b in bodies if " ".join(b.split()).lower() in shown],
        "max_dense": round(max((h.dense for h in hits), default=0.0), 4),
        "coverage": round(coverage, 3),
        "pinned": any(h.reference for h in hits),
        # the goods check found the note that speaks to the product: the documents address it
        "goods_note": bool(retrieval.favoured),
        "unknown_words": unknown,
        "unknown_reference": retrieval.unknown_reference,
        "unknown_years": retrieval.unknown_years,
        "unreported_meetings": retrieval.unreported_meetings,
        "years_beside_hits": retrieval.years_beside_hits,
        "reporting_hit": any(h.passage.kind in REPORTING_KINDS for h in hits[:3]),
        "legal_concepts": legal_concepts(retrieval.question),
        # the first hit is also first by keywords: the question's words point at it, whatever its meaning's distance
        "keyword_first": bool(hits) and hits[0].bm25_rank == 1,
        "missing_datum": missing_datum(
            retrieval.question,
            _datum_text(retrieval.question, hits),
            " ".join(p.text for p in hits[0].shown) if hits else "",
        ),
    }


def _datum_text(question: str, hits: list[Hit]) -> str:
    """The text that must give the datum asked for: the top passages, or, when the question names
    a Member State whose entry in a list of authorities is among them, that entry alone ("the
    e-mail address of the Dutch authority": the Netherlands' entry gives none, though the
    entries and the Commission's address beside it do)."""
    shown = [p for h in hits[:NEAR_HITS] for p in h.shown]
    named = {s.lower() for s in member_states_named(question)}
    own = [p for p in shown if named and authority_of(p) in named]
    # "are meeting today in Brussels": the item's own date ("Commission news item of 29 June
    # 2018") is the day it reports
    return " ".join(TODAY.sub(lambda m, cited=p.citation: f"{m.group(0)} ({cited})", p.text) for p in own or shown)


TODAY = re.compile(r"\btoday\b", re.I)


def should_abstain(question: str, ev: dict) -> str:
    """The reason to abstain, or '' to answer."""
    if ev.get("unknown_reference"):
        return f"the documents have no {ev['unknown_reference']}"
    if ev.get("unknown_years"):
        # "how many licences in 2022", "its 2022 meetings": events of a year no document speaks of
        # (22 of the 23 development questions naming such a year were unanswerable)
        return f"{ev['unknown_years'][0]}, a year the documents say nothing about"
    if ev.get("unreported_meetings"):
        # "its 2020 meeting": the documents speak of 2020 (an act's date) but report no meeting then
        return f"a meeting in {ev['unreported_meetings'][0]}, a year in which the documents report none"
    if ev.get("years_beside_hits"):
        return f"{ev['years_beside_hits'][0]}, a year the documents that speak to this say nothing about"
    if not ev.get("reporting_hit", True) and REPORT_FINDINGS.search(question):
        # the acts only provide for the report ("shall present a comprehensive implementation and
        # impact assessment report"); what it found is in no document here
        return "the findings of a report or publication the documents only provide for"
    scope = out_of_scope(question)
    if scope == JURISDICTION_REASON and ev.get("bodies_in_documents"):
        scope = ""  # "is the UK's Department for International Trade still listed?": Annex I names it
    if scope:
        return f"the question is about {scope}"
    company = unknown_company(question, ev.get("unknown_words") or [])
    if company:
        return f"{company}, a company the documents do not mention"
    if ev.get("missing_datum"):
        # asked even of a provision the question names ("above what voltage ... under Annex III
        # item 2.1?"): the provision is found, the figure is not in it
        return ev["missing_datum"]
    if ev.get("pinned") or ev.get("goods_note"):
        return ""
    if ev.get("keyword_first") and ev.get("legal_concepts", 0) >= KEYWORD_CONCEPTS:
        # "an unlisted vacuum pump may end up in a missile programme: do we have to do anything?"
        # names the acts' concepts in everyday words ("not listed in Annex I", "missiles"), and
        # the first hit (Article 4(2)) is first by keywords too: it is about the question, though
        # a model trained on web text puts the plain words far from the act's (on the development
        # sets no unanswerable question reaches this point with two such concepts)
        return ""
    min_dense = CONCEPT_MIN_DENSE if ev.get("legal_concepts") else MIN_DENSE
    if ev["max_dense"] < min_dense or (ev["max_dense"] < WEAK_DENSE and ev["coverage"] < MIN_COVERAGE):
        return "no passage is close enough to the question"
    return ""


def _label_free(sentence: str) -> str:
    """Drop a leading paragraph number ("1. ") for display; the rest stays verbatim."""
    return re.sub(r"^\d{1,2}\.\s+", "", sentence)


def _same_words(sentence: str) -> str:
    """What two quotes of one sentence share: its words without the label, case or spacing."""
    return " ".join(_label_free(sentence).lower().split())


def compose(retrieval: Retrieval, embed, idf: dict[str, float] | None = None) -> Answer:
    """The extractive answer: the best-supported sentences of the top passages, cited."""
    t0 = time.perf_counter()
    ev = evidence(retrieval, idf)
    hits = retrieval.hits
    reason = should_abstain(retrieval.question, ev)
    retrieved = [h.to_dict() for h in hits]
    if reason or not hits:
        closest = [Citation.of(i, h.passage) for i, h in enumerate(hits[:3], start=1)]
        return Answer(
            retrieval.question,
            f"{NO_ANSWER} ({reason or 'nothing was retrieved'}.)",
            closest,
            abstained=True,
            reason=reason or "nothing retrieved",
            retrieved=retrieved,
            evidence=ev,
            timings={**retrieval.timings, "compose_ms": (time.perf_counter() - t0) * 1000},
        )
    statements = with_governing_rule(
        select_sentences(retrieval.question, retrieval.query_vector, hits, embed, idf, retrieval.legal_wording), retrieval
    )
    numbers: dict[str, int] = {}
    for st in statements:
        numbers.setdefault(st.passage_id, len(numbers) + 1)
        st.citation = numbers[st.passage_id]
    by_id = {p.id: p for h in hits for p in h.shown}
    twins = same_wording(hits, set(numbers))
    citations = [Citation.of(n, by_id[pid], twins) for pid, n in numbers.items()]
    lines = quote_lines(statements, by_id)
    related = [Citation.of(len(citations) + i, p) for i, p in enumerate(retrieval.related, start=1)]
    return Answer(
        retrieval.question,
        "\n".join(lines),
        citations,
        statements=statements,
        retrieved=retrieved,
        related=related,
        evidence=ev,
        timings={**retrieval.timings, "compose_ms": (time.perf_counter() - t0) * 1000},
    )


def with_governing_rule(statements: list[Statement], retrieval: Retrieval) -> list[Statement]:
    """An answer quoting a list entry ("3.2. Shields with metal spikes") also quotes the rule for
    the goods of that list ("Any export of goods listed in Annex II shall be prohibited ..."), right
    after the entry: the entry alone does not say whether the goods are banned or licensable."""
    if not retrieval.governing or not statements or any(st.passage_id == retrieval.governing for st in statements):
        return statements
    rule = next((h.passage for h in retrieval.hits if h.passage.id == retrieval.governing), None)
    if rule is None:
        return statements
    first = split_sentences(rule.text)[0]
    top = retrieval.hits[0].passage.id
    at = next((i for i, st in enumerate(statements) if st.passage_id != top), len(statements))
    others = statements[at:]
    if len({st.passage_id for st in others}) >= MAX_PARAGRAPHS - 1:
        # the rule takes the place of the weakest other paragraph, all its sentences (a short
        # paragraph is quoted whole)
        others = [st for st in others if st.passage_id != others[-1].passage_id]
    return [*statements[:at], Statement(first, 0, rule.id), *others]


def same_wording(hits: list[Hit], cited: set[str]) -> dict[str, list[str]]:
    """Cited passage id -> the provisions whose wording is nearly the same (the conditions the
    general authorisations share): the reader may be under any of them. Told with the passage a
    hit's twins were compared with, or the first cited passage of its window."""
    out: dict[str, list[str]] = {}
    for h in hits:
        if not h.same_text:
            continue
        ids = [h.passage.id] if h.passage.id in cited else [p.id for p in h.shown if p.id in cited][:1]
        for pid in ids:
            out.setdefault(pid, []).extend(c for c in h.same_text if c not in out.get(pid, []))
    return out


NUMBER_QUESTION = re.compile(
    r"\bhow (?:long|many|much|soon|often|big|large|far|old|frequently|heavy|fast)\b|\bwhen\b|\bwhich date|\bwhat date|\bby when\b"
    r"|\bwithin (?:how|what|which)\b|\bdeadline\b|\bperiod\b"
    r"|\bwhat (?:number|percentage|share|proportion|quantity|threshold|limit|size|frequency)\b|\bup to what\b|\bthresholds?\b",
    re.I,
)
HAS_NUMBER = re.compile(r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|thirty|sixty)\b", re.I)


_VECTORS: OrderedDict[tuple[int, str], np.ndarray] = OrderedDict()
_VECTORS_MAX = 20000
_VECTORS_LOCK = threading.Lock()


def embed_cached(sentences: list[str], embed) -> np.ndarray:
    """Sentence vectors, remembered across questions (a conversation keeps quoting the same
    provisions); each model's own: a vector of another embedder (another model, a test's) is
    never served for a sentence."""
    model = id(getattr(embed, "__self__", embed))  # a bound method's embedder, else the function
    with _VECTORS_LOCK:
        missing = [s for s in dict.fromkeys(sentences) if (model, s) not in _VECTORS]
    if missing:
        fresh = embed(missing)
        with _VECTORS_LOCK:
            for s, v in zip(missing, fresh, strict=True):
                _VECTORS[model, s] = v
            while len(_VECTORS) > _VECTORS_MAX:
                _VECTORS.popitem(last=False)
    with _VECTORS_LOCK:
        return np.vstack([_VECTORS[model, s] for s in sentences]) if sentences else np.zeros((0, 384), np.float32)


def quote_lines(statements: list[Statement], by_id: dict[str, Passage]) -> list[str]:
    """One line per cited passage: its citation, the quoted sentences (… where text is left out), [n]."""
    quotes: list[tuple[Passage, str, list[int]]] = []  # (passage, quoted text, citation numbers)
    group: list[Statement] = []
    for st in [*statements, None]:
        if group and (st is None or st.passage_id != group[0].passage_id):
            cited = by_id[group[0].passage_id]
            quoted = group[0].text
            for prev, cur in zip(group, group[1:], strict=False):
                end = cited.text.find(prev.text) + len(prev.text)
                gap = cited.text[end : cited.text.find(cur.text, end)] if cited.text.find(cur.text, end) >= 0 else "x"
                quoted += (" " if not gap.strip() or re.fullmatch(r"\s*\d{1,2}\.\s*", gap) else " … ") + cur.text
            before, before_text, numbers = quotes[-1] if quotes else (None, "", [])
            if before and before.citation == cited.citation and before.order + 1 == cited.order and CUT_SENTENCE.search(before_text):
                # the rest of a sentence cut by the passage length goes on the same line
                quotes[-1] = (cited, f"{before_text} {quoted}", [*numbers, group[0].citation])
            else:
                quotes.append((cited, quoted, [group[0].citation]))
            group = []
        if st is not None:
            group.append(st)
    return [f"{p.citation}: “{quoted}” " + "".join(f"[{n}]" for n in numbers) for p, quoted, numbers in quotes]


ACRONYM = re.compile(r"((?:(?:[A-Z][\w-]*|on|of|for|and)\s+){1,8}?(?:[A-Z][\w-]*))\s+\(([A-Z]{2,6})\)")
CONNECTORS = {"on", "of", "for", "and"}


def acronyms(text: str) -> dict[str, str]:
    """'Anti-Torture Coordination Group (ATCG)' -> {'ATCG': 'Anti-Torture Coordination Group'}:
    a sentence that only says "the ATCG" still answers a question about the group."""

    def initials(ws: list[str]) -> str:
        return "".join(part[0] for w in ws if w not in CONNECTORS for part in w.split("-") if part)

    found: dict[str, str] = {}
    for m in ACRONYM.finditer(text):
        words, short = m.group(1).split(), m.group(2)
        for start in range(len(words)):
            if words[start] in CONNECTORS:
                continue
            tail = initials(words[start:])
            if tail.upper() == short:
                found[short] = " ".join(words[start:])
                break
        else:
            if initials(words).upper().endswith(short):
                found[short] = " ".join(words)
    return found


# "When was it agreed, and which other body was it shared with?": two questions in one
SUB_QUESTION = re.compile(
    r",?\s+and\s+(?=(?:which|what|who|whom|when|where|how|why|whether|is|are|does|do|did|can|could|must|should|may|was|were|has|have|if)\b)"
    r"|(?<=\?)\s+(?=[A-Z])",
    re.I,
)
PART_SHARE = 0.3  # a sentence answering one part holds at least this share of its missing words' weight


def sub_questions(question: str) -> list[str]:
    """The parts of a question asking two things; empty for a question asking one."""
    parts = [p.strip() for p in SUB_QUESTION.split(question) if len(tokenize(p)) >= 2]
    return parts if len(parts) >= 2 else []


def answer_each_part(
    question: str,
    cheap: list[tuple[float, int, int, str]],
    source: dict[tuple[int, int], Passage],
    take: Callable[[int, int, str], bool],
    chosen: list[tuple[int, int, str]],
    idf: dict[str, float] | None,
) -> None:
    """Each part of a two-part question has a sentence quoted for the words the answer does not
    yet hold: the part matching most of the question's words ("when did the working party agree
    its conclusions on the ECM") otherwise takes every place, and "which other body were they
    shared with" goes unanswered."""
    parts = sub_questions(question)
    if not parts:
        return
    quoted = {source[hi, pos].id for hi, pos, _ in chosen}
    words = {(hi, pos): set(tokenize(s)) for _, hi, pos, s in cheap}  # once, not once per part
    for part in parts:
        held = {t for _, _, s in chosen for t in tokenize(s)}
        missing = set(tokenize(part)) - held
        if not missing:
            continue
        weights = {t: (idf or {}).get(t, 1.0) for t in missing}
        total = sum(weights.values()) or 1.0
        best = max(
            (
                (sum(weights[t] for t in words[hi, pos] & missing) / total, base, hi, pos, s)
                for base, hi, pos, s in cheap
                if source[hi, pos].id not in quoted
            ),
            default=None,
            key=lambda c: (c[0], c[1]),
        )
        if best is None or best[0] < PART_SHARE:
            continue
        _, _, hi, pos, s = best
        if take(hi, pos, s):
            quoted.add(source[hi, pos].id)


def select_sentences(
    question: str, qvec, hits: list[Hit], embed, idf: dict[str, float] | None, legal_wording: str | None = None
) -> list[Statement]:
    """The top passage whole (its best sentences when very long), then the best sentence of each
    other strong hit, then of each paragraph shown with the top passage, then of the paragraphs
    shown around the other hits, a short paragraph whose best sentence is strong quoted whole;
    each statement carries the passage it is quoted from, so a window still cites the exact
    paragraph."""
    candidates: list[tuple[int, int, str]] = []  # (hit index, position in its window, sentence)
    source: dict[tuple[int, int], Passage] = {}  # the window passage each sentence is quoted from
    spelled: dict[int, dict[str, str]] = {}  # hit index -> its acronyms spelled out
    every: dict[int, list[tuple[int, str, Passage]]] = {}  # hit index -> each sentence of its window
    countries = countries_named(question)
    for hi, h in enumerate(hits[:CANDIDATE_PASSAGES]):
        spelled[hi] = acronyms(h.text)
        every[hi] = []
        pos = 0
        for p in h.shown:
            # asked about Madagascar, the amending act's "the entry 'The Gambia' is inserted" shown
            # beside its entry is not quoted
            elsewhere = p.id != h.passage.id and p.section == AMENDMENTS and bool(countries) and not countries_named(p.text) & countries
            for s in split_sentences(p.text):
                every[hi].append((pos, s, p))
                lead_in = s.endswith(":") and len(s) < 100  # "National general export authorisations shall:"
                if len(s) >= 12 and re.search(r"[a-z]{3}", s) and not lead_in and not (elsewhere and countries_named(s)):
                    candidates.append((hi, pos, s))
                    source[hi, pos] = p
                pos += 1
    if not candidates:
        return []
    def own(hi: int, pos: int) -> bool:
        return source[hi, pos].id == hits[hi].passage.id

    q_tokens = set(tokenize(question))
    weights = {t: (idf or {}).get(t, 1.0) for t in q_tokens}
    # the legal wording of the question's everyday words ("PO box" -> "post office box") counts
    # half: it points at the sentence that answers without being the question's own words
    for t in set(tokenize(expand(question) if legal_wording is None else legal_wording)) - q_tokens:
        weights[t] = 0.5 * (idf or {}).get(t, 1.0)
    total = sum(w for t, w in weights.items() if t in q_tokens) or 1.0
    q_tokens = set(weights)
    wants_number = bool(NUMBER_QUESTION.search(question))
    wants_date = bool(DATE_QUESTION.search(question))  # "when did the group meet": a calendar date
    wants_countries = bool(DESTINATIONS_QUESTION.search(question))  # "which countries ...": a list of them
    top_score = max(h.score for h in hits[:CANDIDATE_PASSAGES]) or 1.0
    # cheap scores first (words shared with the question, the passage's rank); only the most
    # promising sentences are embedded, so an answer costs a few milliseconds of model time
    cheap: list[tuple[float, int, int, str]] = []
    shares: dict[tuple[int, int], bool] = {}  # the sentence has a word of the question
    for hi, pos, s in candidates:
        words = s + "".join(f" {long}" for short, long in spelled[hi].items() if re.search(rf"\b{short}\b", s))
        overlap = sum(weights[t] for t in set(tokenize(words)) & q_tokens) / total
        prior = min(hits[hi].score / top_score, 1.0)
        answer_type = ANSWER_TYPE if wants_number and HAS_NUMBER.search(s) else 0.0
        if wants_date and CALENDAR_DATE.search(s):
            answer_type += ANSWER_TYPE
        if wants_countries and len(countries_named(s)) >= LIST_OF_COUNTRIES:
            answer_type += ANSWER_TYPE
        cheap.append((0.6 * overlap + 0.35 * prior + answer_type, hi, pos, s))
        shares[hi, pos] = overlap > 0 or answer_type > 0  # or the figure a "how long" asks for
    # the best sentence of each hit's own passage and of each paragraph of the top window
    def group(hi: int, pos: int) -> str:
        return source[hi, pos].id if hi == 0 or own(hi, pos) else f"around {hi}"

    firsts = {max((c for c in cheap if group(c[1], c[2]) == g), key=lambda c: c[0]) for g in {group(hi, pos) for _, hi, pos, _ in cheap}}
    shortlist = sorted(set(sorted(cheap, key=lambda c: -c[0])[:MAX_CANDIDATE_SENTENCES]) | firsts, key=lambda c: -c[0])
    vecs = embed_cached([s for _, _, _, s in shortlist], embed)
    sims = vecs @ qvec if qvec is not None else np.zeros(len(shortlist))
    scored = [(base + float(sim), hi, pos, s) for (base, hi, pos, s), sim in zip(shortlist, sims, strict=True)]
    scored.sort(key=lambda x: -x[0])
    best = scored[0][0]
    chosen: list[tuple[int, int, str]] = []
    seen: set[str] = set()

    def take(hi: int, pos: int, s: str) -> bool:
        key = _same_words(s)
        # a paragraph counts once however many of its sentences are quoted
        used = len({source[c[0], c[1]].id for c in chosen})
        if key in seen or (used >= MAX_PARAGRAPHS and not (hi == 0 and own(0, pos))):
            return False  # the same words quoted by a commentary: keep the stronger source only
        seen.add(key)
        chosen.append((hi, pos, s))
        return True

    per_hit: dict[int, list[tuple[float, int, str]]] = {}  # each hit's own sentences, best first
    neighbours: list[tuple[float, int, int, str]] = []  # sentences of the windows around the hits
    for score, hi, pos, s in scored:
        if own(hi, pos):
            per_hit.setdefault(hi, []).append((score, pos, s))
        else:
            neighbours.append((score, hi, pos, s))
    # the top passage whole: a paragraph is the unit of law, and a selective quote can drop the
    # condition or the list that answers ("... may impose the requirement on: (a) ... (b) the carrier")
    top = per_hit.get(0, [])
    p0 = hits[0].passage
    own_sentences = [(pos, s) for pos, s, p in every[0] if p.id == p0.id]
    if len(p0.text) <= WHOLE_TOP_CHARS:
        for pos, s in own_sentences:
            if re.search(r"[a-z]{2}", s):
                source[0, pos] = p0
                take(0, pos, s)
    else:
        if hits[0].reference and p0.item and p0.part <= 1:
            # "what is 5A002?": a named list entry opens with what it covers; quote that heading
            pos, opening = own_sentences[0]
            if re.search(r"[a-z]{3}", opening):
                source[0, pos] = p0
                take(0, pos, opening)
        for score, pos, s in top[:MAX_PER_PASSAGE]:
            if score >= KEEP_RATIO * best or pos == top[0][1]:
                take(0, pos, s)
    quoted_from: set[str] = set()

    def rest_of_paragraph(hi: int, pos: int, score: float) -> None:
        """A short paragraph whole, like the top one, when its best sentence is strong: that
        sentence alone can leave out what the question asks next ("... and indicate the precise
        reasons")."""
        p = source[hi, pos]
        if len(p.text) > WHOLE_OTHER_CHARS or score < WHOLE_OTHER_RATIO * best:
            return
        for q, t, tp in every[hi]:
            if tp.id == p.id and q != pos and re.search(r"[a-z]{2}", t):
                source[hi, q] = tp
                take(hi, q, t)

    def quote_each_paragraph(around_top_only: bool) -> None:
        """The best sentence of each paragraph shown around the hits, when strong (best first)."""
        quoted_from.update(source[hi, pos].id for hi, pos, _ in chosen)
        for score, hi, pos, s in neighbours:
            if not shares[hi, pos] and score < UNSHARED_RATIO * best:
                # a neighbour of a list's point that only sits beside it ("Dimethyl phosphite" by
                # "Phosgene" in EU006) says nothing the question asks
                continue
            if (hi == 0 or not around_top_only) and source[hi, pos].id not in quoted_from and score >= OTHER_RATIO * best:
                quoted_from.add(source[hi, pos].id)
                if take(hi, pos, s):
                    rest_of_paragraph(hi, pos, score)

    def other_hits(rank: int) -> None:
        for hi in sorted(per_hit):
            if hi == 0 or len(per_hit[hi]) <= rank:
                continue
            score, pos, s = per_hit[hi][rank]
            strong = score >= (OTHER_RATIO if rank == 0 else KEEP_RATIO) * best
            # a provision the question names (or the note releasing items from the entry it
            # names) has its say, however few of the question's words it shares
            strong = strong or (rank == 0 and bool(hits[hi].reference) and PINNED_ALWAYS_QUOTED)
            if strong and take(hi, pos, s) and rank == 0:
                rest_of_paragraph(hi, pos, score)

    # each other strong provision has its say before the top passage's neighbours take the
    # places: its best sentence, then the paragraphs shown with the top passage, then a second
    # sentence of another hit if it is as good
    other_hits(0)
    quote_each_paragraph(around_top_only=True)
    other_hits(1)
    quote_each_paragraph(around_top_only=False)  # last, those shown around the other hits
    answer_each_part(question, cheap, source, take, chosen, idf)
    # a sentence announcing a list brings the list's points along ("... may impose it on: (a) ...")
    points: set[tuple[int, int]] = set()
    for hi, pos, s in list(chosen):
        if not s.rstrip().endswith(":"):
            continue
        added = 0
        for q, t, p in every[hi]:
            if q <= pos:
                continue  # the points may open the next paragraph shown: each keeps its citation
            if not LIST_POINT.match(t) or added + len(t) > LIST_CHARS:
                break
            key = _same_words(t)
            if key not in seen:
                seen.add(key)
                source[hi, q] = p
                chosen.append((hi, q, t))
                points.add((hi, q))
                added += len(t)
    # a sentence cut by the passage length (".58, .59, .60,") is quoted on to its end in the next
    # passage shown: its condition ("... more than 30 % by the weight") is often in the rest
    for hi, pos, s in list(chosen):
        if pos + 1 >= len(every[hi]) or not CUT_SENTENCE.search(s):
            continue
        q, t, p = every[hi][pos + 1]  # a window's sentences are numbered in order from 0
        key = _same_words(t)
        cut_in = source[hi, pos]
        if p.id != cut_in.id and p.doc_id == cut_in.doc_id and p.order == cut_in.order + 1 and key not in seen:
            seen.add(key)
            source[hi, q] = p
            chosen.append((hi, q, t))
            points.add((hi, q))  # part of the sentence it completes: no paragraph of its own in the count
    # a title repeated inside a longer sentence (a note's heading, then "find attached the <title>")
    folded = [_same_words(s) for _, _, s in chosen]
    chosen = [c for c, f in zip(chosen, folded, strict=True) if not any(f != g and f in g for g in folded)]
    # hit by hit; within a hit its own passage first, then the paragraphs shown around it
    chosen.sort(key=lambda c: (c[0], not own(c[0], c[1]), c[1]))
    return [Statement(_label_free(s), 0, source[hi, pos].id, list_point=(hi, pos) in points) for hi, pos, s in chosen]
