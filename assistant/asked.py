"""The kind of datum a question asks for, and whether the passages that answer it hold one.

"Who, by name, chaired the meeting?", "above what voltage does a stun gun become controlled?",
"what is the web address of the system?", "how much funding did the Alliance receive?": the
documents speak to the subject (Article 31(1) says who chairs, Annex III item 2.1 lists stun
guns), so retrieval finds close passages and the answer would quote them, yet none holds the
datum asked for: no name, no figure with a unit, no address, no amount. An extractive answer
cannot say "not in the documents" by itself; this check lets it refuse such a question instead of
quoting the nearest provision with a confident tone.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from assistant.retrieve import (
    CALENDAR_DATE,
    MEASURE_QUESTION,
    MEASURED_FIGURE,
    MEETING,
    SENTENCE_BREAK,
)
from assistant.synonyms import MEMBER_STATES, countries_named, member_states_named

# a verb of something that happened ("which Member State held the presidency", "which
# manufacturer's products were diverted"), not a rule ("which Member State's authority grants it")
_HAPPENED = (
    r"(?:(?:did|have|has|had|were|was)\b|(?:actually\s+|first\s+|then\s+|originally\s+)?"
    r"(?:\w+ed|held|took|chose|won|led|ran|sent|met|spoke|gave|wrote|brought|put|made|sold|paid)\b)"
)


_TIMES = (
    r"\bonce\b|\btwice\b|\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|several|many) times\b|\bannual(?:ly)?\b|\byearly\b"
    r"|\bevery (?:\w+ )?(?:years?|months?|weeks?|days?)\b|\bper (?:year|month|annum)\b|\ba year\b|\bmet (?:on|in)\b|\bmeetings? (?:on|in)\b"
)


def _asking(noun: str) -> re.Pattern:
    """A question asking for the datum ("what is the e-mail address of ...", "the website of
    the authority"), not one naming it as a medium ("we email CAD files", "a news website",
    "lets analysts search by email addresses or phone numbers", "what did the group note about
    suppliers' websites")."""
    return re.compile(rf"\b(?:what|which|where)\b(?:(?!\b(?:about|regarding|concerning)\b)[^?.,;]){{0,50}}?\b(?:{noun})\b|\b(?:{noun})\s+(?:of|for)\b", re.I)


# a measured value of the quantity the question names: "what minimum weight makes a leg restraint
# 'weighted'?" is not answered by the "240 mm" of the ordinary handcuffs shown beside it
_N = r"\d\s?"
QUANTITY_UNITS: list[tuple[re.Pattern, re.Pattern]] = [
    # a key's length is counted in bits ("a key length in excess of 56 bits"), not in metres
    (re.compile(r"\bkey (?:length|size)\b", re.I), re.compile(_N + r"(?:bits?|bytes?)\b")),
    (re.compile(r"\b(?:weight|mass|heav)", re.I), re.compile(_N + r"(?:[mkµ]?g|grams?|kilograms?|tonnes?|t)\b")),
    (re.compile(r"\b(?:length|diameter|thickness|width|height|distance)\b", re.I), re.compile(_N + r"(?:[mkµnc]?m|metres?|meters?|inch(?:es)?)\b")),
    (re.compile(r"\bvolt", re.I), re.compile(_N + r"(?:[kmM]?V|volts?)\b")),
    (re.compile(r"\b(?:wattage|power)\b", re.I), re.compile(_N + r"(?:[kmMGTµ]?W|watts?|dBm)\b")),
    (re.compile(r"\b(?:energy|joules?)\b", re.I), re.compile(_N + r"(?:[kmMµ]?J|joules?)\b")),
    (re.compile(r"\b(?:throughput|bandwidth|data rate|bit rate)\b", re.I), re.compile(_N + r"(?:[kMGT]?bit/s|[kMGT]?bps|[kMGT]?B/s|[kMG]?Hz)")),
    (re.compile(r"\btemperature\b", re.I), re.compile(_N + r"(?:°|K\b|degrees?)")),
]

# "what minimum throughput, in Gbit/s, ...": a figure in that unit, not any measured value the
# passages hold ("-55 °C" in the entry's other points)
UNIT_ASKED = re.compile(r"\bin (?P<unit>[kMGT]?bit/s|[kMGT]?bps|[kMG]?Hz|dB|kg|mg|mm|cm|km|°C)(?!\w)")

# an act's own date in its title or citation ("Regulation (EU) 2021/821 of the European Parliament
# and of the Council of 20 May 2021", "of 9 October 2013 laying down"): it dates the act, not an event
ACT_DATE = re.compile(
    r"\b(?:Regulation|Directive|Decision)\s+\((?:EU|EC|EEC|Euratom)\)\s+(?:No\s+)?\d+/\d+\s+of\s+(?:the\s+[A-Z][\w ]+?\s+)?(?:of\s+)?\d{1,2}\s+\w+\s+\d{4}"
    r"|\bof\s+\d{1,2}\s+\w+\s+\d{4}\s+(?:on|amending|setting|laying|concerning|establishing|repealing)\b"
)

# ... and no date is asked of the passages when it is an act's ("which act set up the group, and on
# what date was it adopted?": its citation gives it, in whichever passage names the act)
ACT_DATE_ASKED = re.compile(r"\badopt\w*|\bsigned\b|\benact\w*|\bdated\b|\bmade\b", re.I)


def _of_quantity(question: str, asked: str, near: str, gives: re.Pattern | None) -> tuple[str, re.Pattern | None] | None:
    """A measured value of the quantity named ("what minimum weight": g or kg), else any."""
    return near, next((units for quantity, units in QUANTITY_UNITS if quantity.search(asked)), gives)


# what must be done within the period asked about, and the words a provision uses for it: "within
# how many working days must the authority decide?" is not answered by "the Member States consulted
# shall make known within 10 working days any objections", nor by "If that competent authority
# decides to maintain the authorisation ..., it shall reply within 10 working days"
_DECIDES = r"\bdecid\w*\b(?! otherwise)|\bdecision"  # not "valid ..., unless [it] decides otherwise"
PERIOD_ACTS: list[tuple[re.Pattern, re.Pattern]] = [
    # a request is decided by the response to it ("commence the procedure ... or inform the
    # requesting Member State of the reasons for not doing so")
    (re.compile(r"\b(?:decid\w*|decisions?|process\w*|issue|grant|approve)\b", re.I),
     re.compile(_DECIDES + r"|\brespon|\breasons for|\bprocess(?:es|ed)? (?:requests?|applications?)", re.I)),
    (re.compile(r"\b(?:notif\w*|inform\w*|tell|report)\b", re.I), re.compile(r"\bnotif|\binform|\breport|\bcommunicat", re.I)),
    (re.compile(r"\b(?:repl\w*|respond\w*|answer\w*|react\w*|object\w*)\b", re.I),
     re.compile(r"\brepl|\brespon|\banswer|\breact|\bobject|\bmake known|" + _DECIDES, re.I)),
    (re.compile(r"\b(?:keep|kept|retain\w*|stor(?:e|ed)|hold on to)\b", re.I), re.compile(r"\bkeep|\bkept|\bretain|\bretention|\bconserv|\bstor", re.I)),
    (re.compile(r"\breview\w*", re.I), re.compile(r"\breview|\brevok|\brenew", re.I)),
    (re.compile(r"\b(?:brought back|bring (?:\w+ )?back|return\w*|re-?import\w*)\b", re.I),
     re.compile(r"\bre-?import|\breturn|\bbrought back", re.I)),
    (re.compile(r"\bregist\w*|\backnowledg\w*", re.I), re.compile(r"\bregist|\backnowledg", re.I)),
    (re.compile(r"\b(?:provid\w*|submit\w*|send|sent|suppl(?:y|ied)|furnish\w*)\b", re.I),
     re.compile(r"\bprovid|\bsubmi|\bsen[dt]\b|\bsuppl|\bfurnish", re.I)),
]
SENTENCE_END = re.compile(r"(?<=[.;:])\s+")


def _of_period(question: str, asked: str, near: str, gives: re.Pattern | None) -> tuple[str, re.Pattern | None] | None:
    """A period set for what the question asks to be done: the clause that gives the figure, or
    the rest of its sentence ("the Commission shall, within 20 weeks of the receipt of the request,
    respond"), must speak of that act. A question naming no act known here looks at all the text."""
    after = question[question.lower().find(asked.lower()) + len(asked):]
    acts = [words for act, words in PERIOD_ACTS if act.search(after)] or [
        words for act, words in PERIOD_ACTS if act.search(question)
    ]
    if not acts or gives is None:
        return near, gives
    spans = []
    for sentence in SENTENCE_END.split(near):
        clauses = sentence.split(", ")
        spans += [", ".join(clauses[i:]) for i, c in enumerate(clauses) if gives.search(c)]
    return " ".join(s for s in spans if any(words.search(s) for words in acts)), gives


# "when exactly do we have to tell the authority?" asks for a duty's time limit: "no later than 30
# days prior to the date of the first export" gives it as well as a calendar date would
DUTY_ASKED = re.compile(r"\b(?:have|has|need|needs|required|obliged)\s+to\b|\bmust\b|\bshould\b|\bshall\b", re.I)
TIME_LIMIT = re.compile(
    r"\b(?:no|not)\s+later\s+than\s+(?:\w+\s+){1,3}?(?:before|after|prior\s+to|following|from|of)\b"
    r"|\bwithin\s+(?:\w+\s+){1,3}?(?:days?|weeks?|months?)\s+(?:of|after|from|following|before)\b",
    re.I,
)


MEETING_DATE = True


def _of_event(question: str, asked: str, near: str, gives: re.Pattern | None) -> tuple[str, re.Pattern | None] | None:
    """A date outside the acts' titles; none is asked of the passages for an act's own date. A
    duty's date may be a time limit counted from an event."""
    if ACT_DATE_ASKED.search(question):
        return None
    if gives is not None and DUTY_ASKED.search(question):
        gives = re.compile(f"{gives.pattern}|(?i:{TIME_LIMIT.pattern})", gives.flags)
    if MEETING_DATE and MEETING.search(question):
        # a meeting's date is given in the sentence reporting a meeting ("The ATCG held two meetings
        # ..., on 12 July 2017 and 28 June 2018"), not by a date elsewhere in the passages shown
        near = " ".join(part for part in SENTENCE_BREAK.split(near) if MEETING.search(part))
    return ACT_DATE.sub(" ", near), gives


class Kind(NamedTuple):
    label: str  # what is asked, as the refusal names it
    asks: re.Pattern  # how a question asks for it
    gives: re.Pattern | None  # how a passage gives it; None: a state's name
    # the text to look in and the pattern to look for, for this question (None: not asked after all)
    narrow: Callable[[str, str, str, re.Pattern | None], tuple[str, re.Pattern | None] | None] | None = None
    first_only: bool = False  # the first passage must give it, not one of those shown beside it


KINDS: list[Kind] = [
    Kind("a web address",
     _asking(r"web ?address(?:es)?|URLs?|homepage|(?:official\s+)?(?:web ?sites?|web ?pages?|online portal)"),
     re.compile(r"https?://|www\.|\.(?:eu|int|gov|com|org|net)/", re.I)),
    Kind("an e-mail address", _asking(r"e-?mail address(?:es)?"), re.compile(r"@\w")),
    Kind("a telephone number", _asking(r"(?:tele)?phone numbers?|fax numbers?|hotline"), re.compile(r"\bTel\b|\bFax\b|\+\s?\d")),
    Kind("login details",
     re.compile(r"\blog-?\s?ins?\b|\blogin\b|\bpasswords?\b|\bcredentials?\b|\buser ?(?:accounts?|names?)\b|\baccess rights\b", re.I),
     re.compile(r"\blog-?\s?in|\bpasswords?\b|\bcredentials?\b|\buser accounts?\b", re.I)),
    Kind("a person's name",
     re.compile(
         r"\b(?:the\s+)?names?\s+of\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?(?:persons?|people|individuals?|officials?|officers?|"
         r"representatives?|delegates?|chairs?|chairman|chairwoman|chairperson|heads?|directors?|ministers?|commissioners?|"
         r"rapporteurs?|speakers?|experts?|contact persons?)\b|\bwho\W+(?:exactly|personally|by name)\b|\bby name\b"
         r"|\b(?:which|what)\s+(?:Commission\s+|EU\s+|national\s+|government\s+)?(?:person|official|individual|minister|commissioner|diplomat|ambassador)\s+" + _HAPPENED,
         re.I,
     ),
     # "Commissioner for Trade Cecilia Malmström"
     re.compile(r"\b(?:Commissioner|Minister|Ambassador|President|Mr|Ms|Mrs|Dr)\.?\s+(?:[\w-]+\s+){0,3}?[A-Z][a-zà-ÿ]+\s+[A-Z][a-zà-ÿ]+")),
    Kind("an amount of money",
     re.compile(
         r"\bhow much (?:money|funding|financing|financial support)\b|\bhow much\b[^?]{0,60}\b(?:cost|pay|paid|spend|spent|allocate|contribute|invest|fund)\w*"
         r"|\b(?:funding|budget|financial (?:support|contribution)|subsid(?:y|ies)|financing)\b[^?]{0,40}\b(?:given|allocated|provided|granted|received|spent|paid|of|for|to)\b"
         r"|\bin (?:euros?|EUR|dollars)\b"
         # "what minimum contract value makes a project large-scale?"
         r"|\b(?:minimum|maximum|threshold)\s+(?:contract\s+|order\s+|transaction\s+|financial\s+)?(?:value|amount|price|sum)\b",
         re.I,
     ),
     re.compile(r"(?:€|\bEUR\b|\beuros?\b|\bUSD\b|\$)\s?\d|\d\s?(?:€|EUR\b|euros?\b)", re.I)),
    Kind("a measured value", MEASURE_QUESTION, MEASURED_FIGURE,
     _of_quantity),
    # the documents are acts of general application and name no firm; the press release counts
    # the "non-governmental organisations" at a meeting without naming one
    Kind("the name of a company or organisation",
     re.compile(
         r"\bwhich\s+(?:[\w-]+\s+){0,2}?(?:manufacturers?|company|companies|firms?|suppliers?|producers?|makers?|corporations?|brands?"
         r"|organi[sz]ations?|NGOs?|associations?|charit(?:y|ies)|foundations?|think[- ]tanks?|universit(?:y|ies)|institutes?)"
         r"(?:['’]s?)?\s+(?:[\w-]+\s+){0,2}?" + _HAPPENED,
         re.I,
     ),
     re.compile(r"\b[A-Z][\w&-]+\s+(?:Inc|Ltd|GmbH|S\.A|AG|plc|B\.V|SpA|LLC|Corp)\b"
                r"|\b(?:[A-Z][\w-]+\s+){1,4}(?:Foundation|International|Institute|Association|Network|Watch|University)\b")),
    # "which TARIC code goes in box 44?": the act says where the code is found ("the relevant code
    # found in the TARIC database"), not the code; a list entry's CN codes ("ex 2933 53 90") or a
    # CAS number are codes
    Kind("a code",
     re.compile(r"\b(?:which|what)\s+(?:(?:is|are)\s+the\s+)?(?:exact\s+|specific\s+|additional\s+)?(?:(?:\d+|six|eight|ten)-digit\s+)?"
                r"(?:TARIC|CN|HS|customs|commodity|tariff|procedure|Combined Nomenclature)\s+(?:(?:tariff|commodity|customs|additional)\s+)?codes?\b", re.I),
     re.compile(r"\b[A-Z]\d{3}\b|\b\d{4}(?:\s\d{2}){1,3}\b|\b\d{2,7}-\d{2}-\d\b")),
    # "within how many weeks must the Commission react?": a figure of time, not the provision's
    # other words ("shall inform ... without delay" sets none)
    Kind("a period of time",
     re.compile(r"\bhow many (?:working |calendar )?(?:days|weeks|months|years|hours)\b|\bwithin what (?:period|time)\b", re.I),
     re.compile(r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty|sixty|ninety)\s+"
                r"(?:\w+\s+)?(?:days?|weeks?|months?|years?|hours?)\b"
                # "within a period of time to be determined by national law or practice" (Article 20(11))
                r"|\bperiod (?:of time )?to be (?:determined|set|laid down|fixed) by\b", re.I),
     _of_period),
    # "how many times a year must the ECM meet?": a count ("twice", "annually"), which "meet with
    # sufficient frequency" or "brief ... periodically" is not; "how often" is also answered by them
    # "how many in-person meetings per year did the conclusions set?" asks the same count
    Kind("a number of times",
     re.compile(r"\bhow many times\b|\bhow many (?:[\w-]+ ){0,2}?meetings\b|\bhow many\b[^?]{0,60}\b(?:per|a|each|every) (?:year|month|annum)\b", re.I),
     re.compile(_TIMES + r"|\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|several) (?:[\w-]+ )?meetings\b", re.I)),
    Kind("how often",
     re.compile(r"\bhow (?:often|frequently)\b", re.I),
     re.compile(_TIMES + r"|\bregularly\b|\bperiodically\b|\bwith (?:sufficient|adequate|greater|the necessary) frequency\b", re.I)),
    # "on what date did the ECM first meet?": a calendar date, not the date in an act's title
    # ("Regulation (EU) 2021/821 ... of 20 May 2021" dates the act, not the event asked about)
    Kind("a date",
     re.compile(r"\b(?:on|by|from|until|as of|with effect from) (?:what|which) (?:exact )?(?:date|day)\b|\bwhat (?:exact )?date\b|\bwhich date\b|\bwhen exactly\b|\bexact date\b", re.I),
     CALENDAR_DATE,
     _of_event),
    # "in which year did the Wassenaar plenary agree to add ...?": a year outside the acts' numbers
    # and titles ("Regulation (EU) 2016/2134", "of 20 May 2021" date acts, not the event asked about)
    Kind("a year",
     re.compile(r"\b(?:in|during) (?:what|which) year\b|\bwhat year\b", re.I),
     re.compile(r"(?<![/\d])\b(?:19|20)\d\d\b(?!/)"),
     _of_event),
    # "who pays the storage costs of detained goods?": the passage must speak of costs
    Kind("who bears the costs",
     re.compile(r"\bwho (?:pays|bears|covers|must pay|has to pay|is charged|foots)\b|\bat whose (?:cost|expense)\b|\bwho is liable for the costs?\b", re.I),
     re.compile(r"\bcosts?\b|\bexpenses?\b|\bcharged to\b|\bfees?\b|\bpaid\b|\bpayable\b", re.I)),  # not "in charge of"
    # "in which building was the meeting held?": the documents name cities, not venues
    Kind("a venue",
     # (not "where exactly": "where exactly must the declaration be lodged?" asks for an office)
     re.compile(r"\b(?:which|what)\s+(?:building|venue|conference (?:centre|center|venue|room|hall)|hotel|room|hall|premises|street)\b", re.I),
     re.compile(r"\b(?:Building|Centre|Center|Hotel|Palace|Hall|rue|avenue|Street|Straße|Strasse|Square|Place)\b")),
    Kind("a state's name",
     re.compile(
         r"\b(?:which|what)\s+(?:EU\s+|non-EU\s+|third\s+|other\s+)?(?:Member States?|states|countries|country|nations?|delegations?|presidency)\s+"
         # ... or who takes part now: "which states currently participate in the Wassenaar Arrangement?"
         rf"(?:{_HAPPENED}|(?:currently\s+|now\s+|today\s+)?(?:participate|belong|are (?:members|participants|parties|participating))\b"
         # ... or does something now: "which Member States currently require registration?"
         r"|(?:currently|now|today|at present)\s+\w+)",
         re.I,
     ),
     None,
     # "which third countries have concluded agreements on mutual recognition?": Article 29(2)
     # answers that the Council may authorise negotiations; EU002's list of destinations shown
     # beside it names countries, but not those
     first_only=True),
]

# "has Brazil joined the Alliance?", "is Brazil a member?": the answer must name the country
MEMBERSHIP = re.compile(
    r"\b(?:has|have|did|is|are|was|were)\s+(?:the\s+)?(?P<who>[A-Z][\w. ]{1,30}?)\s+(?:already\s+|also\s+|ever\s+|now\s+|yet\s+)?"
    r"(?:joined|join|signed|sign|ratified|ratify|endorsed|endorse|become a (?:member|signatory|participant)|a (?:member|signatory|participant|party))\b",
    re.I,
)

# "does Italy maintain a national control list?", "what fine does Germany impose?": what one
# country does, which acts of general application do not say unless they name it; not what the
# law asks of it ("does Italy have to notify?", "does France require a licence?" are the acts'),
# nor "which authority does Italy use?", which a list of authorities answers
PRACTICE = re.compile(
    r"\b(?i:does|do|did|has|have)\s+(?P<who>[A-Z][\w. ]{1,30}?)\s+(?:currently\s+|still\s+|already\s+|actually\s+|now\s+|in practice\s+)?"
    r"(?:maintain|operate|run|publish|keep|impose|charge|levy)\b"
)

def _states(text: str) -> set[str]:
    """The countries a text names, in the Union or outside it."""
    return countries_named(text) | set(member_states_named(text))


# "how does the regulation define 'riot control'?": a term in quotes whose definition is asked
DEFINITION_ASKED = re.compile(
    r"\b(?:define[sd]?|definitions? of|meaning of|what (?:does|do|is meant by))\b[^?]{0,40}?['‘\"“]([^'’\"”]{3,40})['’\"”]", re.I
)


def missing_datum(question: str, near: str, top: str) -> str:
    """What the question asks for that the passages do not give ('' when nothing is missing):
    ``near`` is the text of the top passages, ``top`` that of the first one (a country's
    membership is the first passage's to state, not a list of destinations further down)."""
    unit = UNIT_ASKED.search(question)
    if unit and not re.search(rf"\d\s?{re.escape(unit.group('unit'))}(?!\w)", near):
        return f"a value in {unit.group('unit')}, which the passages that speak to this do not give"
    for label, asks, gives, narrow, first_only in KINDS:
        asked = asks.search(question)
        if not asked:
            continue
        where = top if first_only else near
        looked = narrow(question, asked.group(0), where, gives) if narrow else (where, gives)
        if looked is None:
            continue
        text, gives = looked
        if gives is None and re.search(r"\bmember states?\b", asked.group(0), re.I):
            if MEMBER_STATES.search(text):  # "which Member States ...?": not the third countries of a list
                continue
        elif gives.search(text) if gives else (countries_named(text) or MEMBER_STATES.search(text)):
            continue
        return f"{label}, which the passages that speak to this do not give"
    d = DEFINITION_ASKED.search(question)
    if d:
        term = re.escape(" ".join(d.group(1).split()).rstrip("s"))
        if not re.search(rf"['‘\"“]{term}s?['’\"”]|\b{term}s?\b[’'\"”]?\s+(?:means|shall mean|refers to|is defined)", near, re.I):
            return f"a definition of ‘{d.group(1)}’, which the passages that speak to this do not give"
    m = PRACTICE.search(question)
    if m:
        named = _states(m.group("who"))
        if named and not _states(top) & named:
            return f"what {sorted(named)[0]} does, which the passages that speak to this do not say"
    m = MEMBERSHIP.search(question)
    if m:
        named = countries_named(m.group("who"))
        if named and not countries_named(top) & named:
            return f"{sorted(named)[0]}, which the passages that speak to this do not name"
    return ""
