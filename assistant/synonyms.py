"""Everyday words -> the words the acts use, for the keyword side of retrieval.

Exporters ask about "licences", "pepper spray" and "tasers"; the regulations speak of
"authorisations", "oleoresin capsicum" and "electric discharge weapons". Each entry adds
the legal wording to the keyword query; the dense side already sees the question as is.
"""

from __future__ import annotations

import re

FIRST_USE = "notify first use of this general export authorisation"

# Northern Ireland's towns: "a company in Newry" exports under the Protocol (2021/139 recital 3)
NI_PLACES = "belfast|derry|londonderry|newry|lisburn|armagh|enniskillen|omagh|coleraine|ballymena|craigavon|larne|newtownabbey"

# where a supplier hosts visitors: "coming to / visiting our plant" (Article 2(10)(c) of 2021/821)
WORKPLACE = r"plant|site|factory|premises|facilit(?:y|ies)|workshop|lab(?:orator(?:y|ies))?|training cent(?:re|er)"

# (pattern in the question, words added to the keyword query)
EXPANSIONS: list[tuple[str, str]] = [
    (r"\blicen[cs]es?\b|\bpermits?\b", "authorisation"),
    (r"\bgeneral licen[cs]e", "union general export authorisation"),
    # "what will the licensing authority look at before approving?": what it takes into account in
    # deciding (Article 15(1) of 2021/821; Articles 12(1), 17(1) of 2019/125: "on a case-by-case
    # basis, taking into account all relevant considerations")
    (r"\b(?:look(?:s|ing)? at|consider|check|assess|examine|weigh|take into account|evaluate)\b[^.?!]{0,40}?\b(?:before|when|in) (?:approving|granting|deciding|issuing|authori[sz]ing|assessing)\b"
     r"|\bwhat (?:will|would|do|does|must|should|can) (?:the |our |a )?(?:licensing |competent |national )?(?:authorit(?:y|ies)|officials?|regulators?) (?:look at|consider|check|assess|examine|weigh|take into account)\b",
     "decisions on applications case-by-case basis taking into account all relevant considerations deciding whether to grant"),
    (r"\brefus(?:e|ed|al|ing)\b|\breject(?:s|ed|ion)?\b|\bden(?:y|ied|ial)\b|\bturn(?:ed)? down\b", "decision dismissing an application denial"),
    # the list's reach over second-hand goods: "Goods specified in this Annex include both new and
    # used goods" (Annex I, General Note 3, of 2021/821)
    (r"\bsecond[- ]?hand\b|\bused (?:machines?|machine tools?|equipment|goods|items|ones)\b|\brefurbish\w*|\bpre-?owned\b"
     r"|\bonly (?:to |covers? |applies? to )?(?:brand[- ])?new\b", "goods specified include both new and used goods"),
    # "detainees there are abused": what the acts call torture or other cruel, inhuman or degrading
    # treatment or punishment (the ground for refusing, Article 12(2) of 2019/125)
    (r"\babus(?:e|es|ed|ing|ive)\b|\bmistreat\w*|\bill[- ]?treat\w*|\bmaltreat\w*", "torture cruel inhuman degrading treatment"),
    # what is already out in the open: "information that is in the public domain" (Article 8(3)(b)
    # of 2021/821; Articles 15(3)(b), 19(3)(a) of 2019/125; the General Technology Note)
    (r"\b(?:already|been|openly|freely) published\b|\bpublished (?:results|papers?|articles?|research|data|findings)\b"
     r"|\bpublicly available\b|\bopen literature\b|\bfreely available\b", "information in the public domain basic scientific research"),
    # research "to acquire new knowledge of the fundamental principles of phenomena ... not primarily
    # directed towards a specific practical aim" is the acts' "basic scientific research" (Article
    # 8(3)(b) of 2021/821, the General Technology Note), which technology controls leave out
    (r"\b(?:fundamental|pure|curiosity[- ]driven|blue[- ]sky)\s+(?:[\w-]+\s+)?(?:research|science)\b", "basic scientific research"),
    # "the old rules", "which regulation did 2021/821 replace?": the regulation an act repealed
    # ("for authorisation applications made before 9 September 2021, the relevant provisions of
    # Regulation (EC) No 428/2009 shall continue to apply", Article 31 of 2021/821; Article 35 of
    # 2019/125)
    (r"\b(?:old|previous|former|earlier|prior|predecessor)\s+(?:[\w-]+\s+)?(?:rules?|regulations?|regime|law|legislation|act)\b"
     r"|\b(?:which|what) (?:regulation|act|rules?|law)\b.{0,60}\breplac\w*"
     r"|\breplac\w*\b.{0,40}\b(?:old|previous|earlier|former|prior) (?:regulation|act|rules?)",
     "repealed Regulation continue to apply"),
    # "a country outside the Council of Europe": the acts' "countries that are not members of the
    # Council of Europe" (recital 4 of 2020/621: what such a country must have ratified to be listed)
    (r"\b(?:outside(?: of)?|not (?:in|part of|a member of|members of)|isn[’']t (?:in|part of|a member of)|non-members? of)\s+the Council of Europe\b",
     "countries that are not members of the Council of Europe"),
    # an authority that must "go back over" its denials: "shall review denials of authorisations ...
    # within three years" (Article 16(2) of 2021/821)
    (r"\bgo(?:es|ing)? back over\b|\brevisit\w*|\bre-?examin\w*|\blook(?:s|ing)? (?:again|back) at\b|\bre-?assess\w*",
     "review"),
    # goods taken abroad for a while and "brought back": EU004's items "reimported within a period of
    # 120 days after the initial export"
    (r"\bbr(?:ing|ings|inging|ought)\s+(?:(?:it|them|the\s+\w+|these|those)\s+)?back\b|\bcom(?:e|es|ing) back\b", "reimported"),
    # the services a broker's definition leaves out: "Ancillary services are transportation, financial
    # services, insurance or re-insurance, or general advertising or promotion" (Article 2 of both acts)
    # (asked as what the asker "only" does, or beside the word broker: a haulier moving goods through
    # the Union asks about transit)
    (r"\bonly\b.{0,40}\b(?:transport\w*|freight|insur\w*|financ\w*|logistics)\b"
     r"|\bbroker\w*\b.{0,100}\b(?:freight forwarders?|hauliers?|banks?|insur\w*|financ\w*|transport\w*)\b"
     r"|\b(?:freight forwarders?|hauliers?|banks?|insur\w*|financ\w*)\b.{0,100}\bbroker\w*",
     "ancillary services transportation financial services insurance advertising"),
    # what a Member State must publish every year: "a public, annual activity report" (Article 26(3)
    # of 2019/125; Article 26(2) of 2021/821), not "results that are already published"
    (r"\b(?:publish\w*|make\w* (?:\w+ )?public)\b.{0,80}\b(?:each|every|per) year\b|\b(?:annual(?:ly)?|yearly|each year|every year)\b.{0,80}\b(?:publish\w*|public)\b",
     "public annual activity report"),
    # a consulted authority that stays silent: "If no objections are received within 10 working days,
    # the Member States consulted shall be regarded as having no objection" (Article 14(1) of
    # 2021/821), "if no reply is received within 10 or 30 working days, as the case may be, the
    # dual-use items shall be released immediately" (its Article 21(4))
    (r"\b(?:heard|hear|got|get|received?)\s+nothing\b|\bno (?:reply|answer|response)\b"
     r"|\b(?:do|does|did|has|have|had)(?:n[’']t| not)\s+(?:\w+\s+)?(?:answer|repl|respond)\w*|\bnever\s+(?:answer|repl|respond)\w*"
     r"|\b(?:stays?|remains?|kept|keeps?)\s+silent\b", "no reply no objections are received regarded as having no objection"),
    # a traveller's own spray or stun gun: the items' notes do "not control individual portable
    # equipment ... when accompanying their user for the user's own personal protection"
    (r"\bin (?:my|her|his|their|your|our) (?:own )?(?:luggage|baggage|suitcase|bag|handbag|pocket)\b"
     r"|\bfor (?:my|her|his|their|your|one[’']s) own (?:safety|protection|self-defen[cs]e|security)\b"
     r"|\b(?:carry|carries|carrying|take|takes|taking|bring|brings|bringing) (?:along )?(?:my|her|his|their|your) own\b",
     "accompanying their user for the user's own personal protection"),
    # "letting the other Member States and the Commission know"
    (r"\btell\b|\b(?:be|been|being|are|is) told\b|\binform\b|\blet(?:s|ting)? (?:[\w'’-]+ ){1,8}?know\b", "notify notification"),
    # "which IT system do the authorities use to swap information?": the acts' "secure and
    # encrypted system", the commentary's "Dual-Use electronic system"
    (r"\b(?:(?-i:IT)|computer|online|digital|software|information)\s+(?:systems?|platforms?|tools?|databases?)\b",
     "secure and encrypted system electronic system"),
    # the papers travelling with the goods: Article 11(9) of 2021/821 names the "dispatch note"
    (r"\bdelivery (?:notes?|slips?|papers?)\b|\bshipping (?:notes?|papers?|documents?)\b|\bconsignment notes?\b|\bpacking (?:lists?|slips?)\b",
     "dispatch note commercial documents"),
    # "what must the invoice say about controls?": the documents "shall indicate clearly that those
    # items are subject to controls"
    (r"\b(?:say|state|mention|show|indicate|carry|bear|mark)\w* (?:\w+ ){0,3}?(?:about|on) (?:the |export |any )*controls?\b",
     "indicate clearly subject to controls"),
    # "certified by EASA / the FAA for airliners": the notes' "certified for use on 'civil aircraft'
    # by civil aviation authorities" (7A003, 7A004, 7A005, ...)
    (r"\b(?:EASA|FAA|airworthiness)\b|\b(?:certified|approved|certificated)\b.{0,40}\b(?:airliners?|passenger (?:jets?|aircraft)|commercial aircraft|civil aircraft)\b",
     "certified for use on civil aircraft by civil aviation authorities"),
    # "can it be prolonged?": the acts speak of an extension of the period of validity
    (r"\bprolong\w*|\b(?:extend|renew)\w* (?:the |its |our |a |such )?(?:licen[cs]e|authori[sz]ation|validity|permit)", "extension"),
    (r"\bban(?:s|ned|ning)?\b|\bforbidden\b|\bnot allowed\b|\billegal\b", "prohibited prohibition"),
    # "can our authority stop the container?": an authority may prohibit a transit or an export
    (r"\b(?:stop|block|halt|hold up)\s+(?:it|them|the (?:shipment|container|consignment|goods|cargo|transit|export|vessel|ship|truck|lorry))\b",
     "may be prohibited prohibit"),
    # ... and "OC spray", "PAVA spray": the acts' own abbreviations, too short to tell the regime alone
    (r"\bpepper spray|\bpepper\b|\bchil+i\b|\bcapsaicin|\b(?:OC|PAVA)[- ](?:sprays?|gas|canisters?|foam|gel|irritants?)\b", "oleoresin capsicum OC PAVA"),
    (r"\btasers?\b|\bstun guns?\b|\bstun batons?\b|\bshock batons?\b", "electric discharge weapons electric shock"),
    (r"\btear gas\b|\bcs gas\b", "incapacitating irritating chemical substances riot control agents"),
    (r"\bhandcuffs?\b|\bcuffs?\b", "handcuffs shackles restraints"),
    (r"\bleg irons?\b|\bankle\b", "shackles leg restraints bar fetters"),
    (r"\blethal injection|\bexecution drugs?\b|\bbarbiturates?\b", "barbiturate anaesthetic agents capital punishment"),
    (r"\bdeath penalty\b", "capital punishment"),
    # the medicines' ordinary use the controls must leave alone: recital 31, "should not prevent the
    # export of medicinal products to be used for legitimate therapeutic purposes"
    (r"\b(?:normal|ordinary|legitimate|routine|regular|everyday|genuine)\s+(?:[\w-]+\s+){0,2}(?:medical|hospital|clinical|therapeutic|healthcare|medicinal)\b",
     "legitimate therapeutic purposes proportionate"),
    # hospital or medical equipment ("infusion pumps", "syringe drivers") is what Annex II's note 1
    # leaves out of the execution devices: "do not cover medical-technical goods"
    (r"\b(?:medical|hospital|clinical|healthcare|veterinary)\s+(?:[\w-]+\s+){0,2}?(?:devices?|equipment|pumps?|instruments?|apparatus|goods|syringes?)\b"
     r"|\b(?:infusion|syringe|insulin)\s+(?:pumps?|drivers?)\b",
     "medical-technical goods"),
    (r"\blegal basis\b|\bbased on which (?:article|provision)|\bempower", "having regard in particular article thereof"),
    (r"\bspy(?:ing)?\b|\bsurveil", "cyber-surveillance covert surveillance monitoring"),
    # software that "secretly monitors people's phones" or "intercepts their calls": the definition
    # of cyber-surveillance items (Article 2(20) of 2021/821: "covert surveillance of natural persons
    # by monitoring, extracting, collecting or analysing data"); not "pulls out chat messages", which
    # an IP-surveillance appliance (5A001.j) does as well
    (r"\b(?:secret(?:ly)?|covert(?:ly)?|hidden|silent(?:ly)?|stealth(?:ily)?|undetect\w*)\s+(?:[\w-]+\s+)?(?:monitor|track|record|watch|intercept|read)\w*"
     r"|\b(?:monitor|track|intercept|eavesdrop)\w*\s+(?:on\s+)?(?:people|persons|individuals|users|targets|someone|their|phones?|mobiles?|calls|messages|communications)\b",
     "cyber-surveillance items covert surveillance of natural persons monitoring extracting collecting analysing data"),
    (r"\bencrypt|\bcrypto", "cryptography information security"),
    # goods anyone can buy in a shop or online: "generally available to the public ... from stock
    # at retail selling points" (the Cryptography Note; the General Software Note)
    (r"\bretail\w*\b|\boff[- ]the[- ]shelf\b|\bmass[- ]market\b|\bconsumer (?:products?|devices?|electronics)\b"
     r"|\b(?:sold|sell|buy|bought|available)\b.{0,30}\b(?:shops?|stores?|online|over the counter)\b"
     r"|\b(?:electronics|consumer|high[- ]street|online|web|computer)\s+(?:shops?|stores?|retailers?|chains?|outlets?)\b",
     "generally available to the public retail selling points"),
    # ... whose buyer "can't alter the crypto" or "sets it up themselves": the Cryptography Note's
    # other conditions, "cannot easily be changed by the user" and "installation by the user"
    (r"\b(?:can(?:no|['’])?t|cannot|unable to|not able to|no way to)\s+(?:easily\s+)?(?:alter|change|modify|tamper with|disable|switch off|turn off)\b"
     r"[^.?]{0,30}\b(?:crypto\w*|encrypt\w*|cipher\w*)",
     "cryptographic functionality cannot easily be changed by the user"),
    (r"\b(?:install|set(?:s|ting)? (?:[\w-]+ ){1,2}?up|configure)\w*\s+(?:it\s+|them\s+)?(?:by\s+)?themselves\b|\bself[- ]install\w*"
     r"|\bplug[- ]and[- ]play\b|\binstall(?:ed)? by (?:the )?(?:users?|customers?|buyers?)\b",
     "designed for installation by the user without further substantial support by the supplier"),
    # a foreign customer's staff trained at the exporter's own site: Article 2(10)(c)'s technical
    # assistance "to a resident of a third country temporarily present in the customs territory"
    (r"\b(?:visit(?:s|ing)?|com(?:e|es|ing) to|host(?:s|ing)?|welcom\w*|receiv\w*|train\w*)\b[^.?]{0,50}?\b(?:at|to|in)\s+(?:our|the)\s+"
     r"(?:[\w-]+\s+){0,2}?(?:plant|factory|premises|site|facility|laborator(?:y|ies)|labs?|workshop|headquarters)\b",
     "resident of a third country temporarily present in the customs territory of the Union"),
    (r"\bdrones?\b", "UAV unmanned aerial vehicles"),
    # the human-rights instruments the anti-torture act names in full, by the short names its
    # readers use ("our NPM under the OPCAT asked for the end-user details": Article 20(10))
    (r"\bOPCAT\b|\bNPMs?\b|\bnational preventive mechanisms?\b", "national preventive mechanism Optional Protocol United Nations Convention against Torture"),
    (r"\bUNCAT\b|\bUN Convention against Torture\b", "United Nations Convention against Torture and Other Cruel, Inhuman or Degrading Treatment or Punishment"),
    (r"\bECHR\b", "European Convention for the Protection of Human Rights and Fundamental Freedoms"),
    (r"\bCPT\b", "European Committee for the Prevention of Torture and Inhuman or Degrading Treatment or Punishment"),
    (r"\bcustoms?\b|\bborder\b", "customs"),
    # goods customs stopped for want of an authorisation are "detained" (Article 22(2) of 2019/125)
    (r"\b(?:stopped|held|intercepted|seized|impounded|blocked|halted)\b.{0,40}\b(?:consignments?|shipments?|goods|cargo|containers?|trucks?|lorr(?:y|ies))\b"
     r"|\b(?:consignments?|shipments?|goods|cargo)\b.{0,30}\b(?:stopped|held|seized|intercepted|impounded)\b", "detain detained goods"),
    (r"\bfines\b|\bfined\b|\b(?:a|the|any|of) fine\b|\bsanctions?\b|\bpunish(?:ed|ment)? for\b", "penalties"),  # not "is it fine"
    # "does the regulation fix the fines for export violations?", "how strict must penalties for
    # breaches be?": the acts "lay down the rules on penalties applicable to infringements", which
    # "shall be effective, proportionate and dissuasive" (not "the death penalty", not a breach of
    # an authorisation or a violation of human rights, which are the acts' own words)
    (r"(?<!death )(?<!death-)\bpenalt(?:y|ies)\b|\bfines\b|\bfined\b|\b(?:a|the|any|of|wide|heavy|criminal|maximum) fine\b|\bpunish(?:ed|able)\b", "penalties applicable to infringements effective proportionate dissuasive"),
    (r"(?<!rights )\b(?:breach(?:es|ing)?|violat(?:ions?|ing|es?))\b(?!\s+(?:of\s+)?(?:human|international|an?\s+(?:authorisation|licence)|the\s+(?:authorisation|licence)))", "infringements"),
    # not "a Member State may maintain a ban", "maintain records", "by train"; "training" as the
    # act, not a trainer's framing ("Training question:", "for my training slides", "in our
    # compliance training, people ask"); "run a course for prison staff"
    (r"\bshow(?:ing|s)?\s+(?:\w+\s+){0,2}how\b|\bteach"
     r"|(?<!compliance )(?<!my )(?<!our )\btraining\b(?!\s*(?::|example|case|question|scenario|slides?|session|module|handout|materials?|purposes?)\b)"
     r"|\b(?:run|give|hold|deliver|organi[sz]e)(?:s|ing)?\s+(?:a\s+|an\s+)?(?:[\w-]+\s+)?(?:course|workshop|seminar)s?\b"
     r"|\btrain(?:s|ed)? (?:\w+ )?(?:staff|users|engineers|technicians|operators|customers|personnel|officers|them|him|her)\b|\brepair\b|\bmaintenance\b|\bservicing\b"
     r"|\bmaintain(?:s|ed|ing)?\b(?!\s+(?:(?:a|an|the|its|their|our|national|existing)\s+){0,2}(?:prohibitions?|bans?|rules?|measures?|legislation|laws?|requirements?|lists?|records?|registers?)\b)",
     "technical assistance training"),
    # the articles write "peace keeping" (Article 11(3)); only a recital writes it as one word
    (r"\bpeace-?keep\w*", "peace keeping"),
    # a national unit abroad on an EU or UN mission: Article 11(3)'s "military or civilian personnel
    # of a Member State ... taking part in an EU or UN peace keeping or crisis management operation"
    (r"(?<![\w-])(?:UN|EU|United Nations|NATO|CSDP)\s+(?:(?!heads\b|of\b)[\w-]+\s+){0,2}?(?:missions?|operations?|deployments?|contingents?)\b"
     r"|\b(?:national|military|police)\s+(?:contingents?|units?)\s+(?:[\w-]+\s+){0,4}?(?:abroad|deployed|overseas)\b",
     "military or civilian personnel of a Member State taking part in an EU or UN peace keeping or crisis management operation"),
    (r"\bmiddlem[ae]n\b|\bintermediar|\b(?:arrang(?:e|es|ed|ing)|negotiat(?:e|es|ed|ing))\b.{0,25}\b(?:sales?|deals?|purchases?|transactions?)\b|\bnever (?:touch|handle|see)", "broker brokering services"),
    (r"\bpassing through\b|\btranship|\btrans-ship|\bthrough the eu\b", "transit"),
    # goods from outside on their way to "another" non-EU country only pass through: a transit
    (r"\b(?:bound for|destined for|on (?:its|their) way to|en route to|head(?:ing|ed) (?:to|for)|continu\w+ (?:on )?to)\s+"
     r"(?:an)?other\s+(?:non-EU|non-Union|third|foreign|non-European)\b", "transit non-Union items"),
    # an item repaired for a customer and sent back: EU003, "export after repair/replacement"
    (r"\b(?:ship|send|return|export)(?:s|ed|ing)?\s+(?:(?:it|them|the\s+\w+|these|those)\s+)?back\b|\bafter (?:the )?repair\b|\brepaired\b",
     "export after repair replacement original"),
    (r"\bcatch-all\b|(?:\bnot|n[’']t) (?:on|in) (?:the|any) (?!(?:destination|countr\w*|general)\b)(?:[\w-]+ )?(?:control )?list|\bunlisted\b|(?:\bnot|n[’']t) listed\b", "not listed in Annex I informed competent authority"),
    # what the exporter itself found out is what it "is aware" of: the exporter's own duty to notify
    # (Articles 4(2), 5(2)), not the authority informing it (Articles 4(1), 5(1))
    (r"\bfound out\b|\bfind out\b|\blearn(?:ed|t)\b|\bdiscover(?:ed|s)?\b|\brealis(?:e|ed)\b|\bwe (?:now )?know\b|\bwe suspect\b"
     r"|\bour (?:own )?(?:due diligence|checks|research|investigation)\b|\bcome to (?:our )?(?:know|attention)", "aware exporter notify"),
    (r"\bmissiles?\b|\bweapons? of mass destruction\b|\bwmd\b", "chemical biological nuclear weapons missiles"),
    (r"\bhuman[- ]rights\b|\brepression\b|\bjournalists?\b|\bprotest|\bactivists?\b|\bdissidents?\b|\bopposition (?:figures?|leaders?|politicians?|members?)\b", "internal repression serious violations of human rights"),
    (r"\bshipments?\b|\bsend(?:ing)?\b|\bship(?:ping)?\b|\bsell(?:ing)? abroad\b", "export"),
    (r"\bemail|\be-mail|\bupload|\bcloud\b|\bdownload", "transmission software technology electronic media"),
    (r"\bdeadline\b|\bhow long\b|\bhow many days\b|\bwithin (?:how|what|which|\d+)\b", "period days months"),  # not "within the EU"
    # "by when must we tell them?": the acts fix the latest day, "not later than 30 days following
    # the date of the decision" (Article 23(1) of 2019/125)
    (r"\bby when\b|\bby what date\b|\bhow soon\b", "not later than following the date"),
    (r"\bkeep (?:records|documents|registers)|\brecord[- ]?keeping\b|\barchive", "registers records kept"),
    # technicians installing or repairing goods already licensed for export: "An authorisation for
    # export ... implies an authorisation for the exporter to supply technical assistance ... necessary
    # for the installation, operation, maintenance or repair" (Article 21(2) of 2019/125)
    (r"\b(?:have|has|got|hold\w*|granted|already|obtained)\b.{0,40}\b(?:licen[cs]es?|authori[sz]ations?|permits?)\b.{0,200}?"
     r"\b(?:install\w*|set (?:\w+ )?up|repair\w*|maint\w*|servic(?:e|es|ed|ing)|breakdowns?)\b",
     "authorisation for export implies technical assistance installation operation maintenance repair goods whose export is authorised"),
    # a traveller's own things go with their user: "products when accompanying their user for the
    # user's personal use" (Category 5, Part 2, Note 2), "... for the user's own personal protection"
    # (1A005, Annex III items 2.1 and 3.1 of 2019/125): "flying to Qatar with a company laptop, for
    # his own work", "travelling with my own stun gun"
    (r"\b(?:travel\w*|fl(?:y|ying|ies|ew)|trips?|journey)\b.{0,80}\b(?:own|personal)\b|\b(?:own|personal)\b.{0,80}\b(?:travel\w*|trips?|flights?|luggage|baggage)\b"
     r"|\bpersonal (?:use|luggage|baggage)\b|\b(?:travel\w*|fl(?:y|ying|ies|ew)|trips?)\b.{0,60}\bwith (?:\w+ ){0,3}(?:laptops?|notebooks?|phones?|smartphones?|computers?|tablets?)\b",
     "accompanying their user for the user's personal use"),
    # goods kept in another Member State than the one applied to: that State is consulted and may
    # object (Article 14(1) of 2021/821, "located in one or more Member States other than ...")
    (r"\b(?:warehouse|warehoused|stored|storage|located|sitting|kept|stock|depot)\b.{0,60}\b(?:another|other|a different)\s+(?:EU\s+)?(?:countr(?:y|ies)|member states?)\b",
     "located in one or more Member States other than the one where the application has been made consult objections"),
    (r"\bin-house\b|\bsubsidiar|\bparent company\b|\bsame group\b", "intra-group"),
    # "a show in Dubai", "the air show", not "show him how"
    (r"\btrade fairs?\b|\bexhibitions?\b|\b(?:trade|air|defen[cs]e|security|a|the|this|that)\s+shows?\b|\bexpos?\b", "exhibition fair trade fairs"),
    (r"\badverts?\b|\badvertis", "advertising"),
    (r"\bwho (?:decides|grants|issues)\b|\bwhich authority\b", "competent authority granted"),
    (r"\bmuseums?\b", "museum public display historic significance"),
    (r"\bnational rules?\b|\bour country\b|\bmember state\b", "Member State national measures"),
    (r"\b(?:who )?chair(?:s|ed|person)?\b(?! fitted| with| for| used)(?<!restraint chairs)(?<!electric chairs)", "chaired"),
    (r"\breport(?:s|ing)?\b", "report"),
    # Council conclusions "invite" and "encourage" where a reader says the body "asked" or "urged"
    (r"\b(?:ask|urge|request|call)(?:s|ed|ing)?\s+(?:on\s+)?(?:the\s+)?(?:European\s+)?(?:Commission|Member States|delegations|ECM|Council)\b", "invites encourages calls"),
    (r"\bhow (?:often|frequently)\b.{0,40}\bmeet|\bmeet\w*\b.{0,40}\bhow (?:often|frequently)\b|\bmeet\w* (?:regularly|often)\b", "meet with sufficient frequency"),
    # changing the annexes in a hurry is the urgency procedure of a delegated act (Articles 24, 30
    # of 2019/125); "how quickly must we notify" is a time limit, not this
    (r"\b(?:quickly|fast|rapidly|urgently|swiftly|at short notice|in a hurry|in a rush|without waiting|immediately|with immediate effect)\b.{0,60}\b(?:annex|annexes|list|lists)\b"
     r"|\b(?:add|amend|change|update|put|get|bring|place|include)\w*\b.{0,60}\b(?:annex|annexes|lists?)\b.{0,40}\b(?:quickly|fast|rapidly|urgently|swiftly|at short notice|immediately|with immediate effect|straight away|at once|in a rush)\b"
     r"|\b(?:annex|annexes|lists?)\b.{0,30}\b(?:added|amended|changed|updated)\b.{0,20}\b(?:quickly|fast|rapidly|urgently|swiftly|at short notice|immediately|with immediate effect|straight away|at once|in a rush)\b",
     "urgency procedure imperative grounds of urgency"),
    # a Member State asking for goods to be put on a list makes "a duly substantiated request to
    # the Commission to add goods" (Article 25 of 2019/125)
    (r"\b(?:goods|devices?|products?|items?|equipment|tools?|weapons?|instruments?|substances?|drugs?|new\s+(?!(?:countr\w*|destinations?|states?|members?|territor\w*|third)\b)[\w-]+)\b.{0,30}\b(?:added|put|included|placed)\b.{0,20}\b(?:on|to|in|onto)\b.{0,20}\b(?:lists?|annex(?:es)?)\b"
     r"|\b(?:add|put|include|place)\w*\b.{0,40}\b(?:goods|devices?|products?|items?|equipment|tools?|weapons?|instruments?|substances?|drugs?|new\s+(?!(?:countr\w*|destinations?|states?|members?|territor\w*|third)\b)[\w-]+)\b.{0,30}\b(?:on|to|in|onto)\b.{0,20}\b(?:lists?|annex(?:es)?)\b",
     "request to the Commission to add goods to Annex II Annex III Annex IV"),
    # Great Britain's and Northern Ireland's places: a "Belfast company" is the Northern Ireland of 2021/139
    (r"\buk\b|\bbritain\b|\bbritish\b|\bunited kingdom\b|\bengland\b|\bscotland\b|\bwales\b|\blondon\b|\bmanchester\b"
     r"|\bbirmingham\b|\bglasgow\b|\bedinburgh\b|\bcardiff\b|\b(?:" + NI_PLACES + r")\b", "United Kingdom"),
    (r"\b(?:" + NI_PLACES + r")\b|\bnorthern irish\b", "Northern Ireland"),
    # the territories of Article 11(2) and Annex VI: law-enforcement goods for the police there, as
    # in the metropolitan Member State, need no authorisation
    (r"\b(?:Greenland|New Caledonia|French Polynesia|Tahiti|Wallis and Futuna|St\.? Pierre|Saint[- ]Pierre|Miquelon|French Southern|B[üu]singen)\b",
     "territories of Member States listed in Annex VI not part of the customs territory of the Union"),
    # what it takes for a country to be a destination of the anti-torture general authorisation
    # (2020/621 recitals 3-5, 2019/125 recital 33); the dual-use authorisations' lists say no such thing
    (r"^(?!.*\b(?:dual[- ]use|EU00\d)\b)(?=.*\b(?:destinations?|list(?:ed)?)\b)"
     r"(?:.*\b(?:criteri(?:a|on)|conditions?|requirements?|tests?|take|qualif\w*|eligib\w*)\b[^?.]{0,80}\b(?:added|listed|included|inclusion|put on)\b"
     r"|.*\b(?:added|listed|included|inclusion|put on)\b[^?.]{0,80}\b(?:criteri(?:a|on)|conditions?|requirements?|qualif\w*|eligib\w*)\b)",
     "countries that have abolished capital punishment for all crimes meet the conditions for inclusion in the list"),
    # places outside the customs territory that the anti-torture regulation treats as inside it
    # (Article 34(2)): "pepper spray from Malaga to a police supplier in Melilla" is no export
    (r"\b(?:ceuta|melilla|helgoland|heligoland)\b", "territorial scope treated as part of the customs territory of the Union"),
    (r"\bdual[- ]use\b", "dual-use items"),
    (r"\belectric chairs?\b|\bgallows\b|\bguillotines?\b|\bexecutions?\b|\bexecutioners?\b", "execution of human beings capital punishment"),  # not "execute an order"
    (r"\bspiked\b|\bspikes\b", "metal spikes"),
    (r"\bspit (?:masks?|guards?|bags?)\b", "spit hoods"),
    (r"\b(?:stun|shock) (?:belts?|sleeves?|cuffs?)\b", "electric shock devices worn on the body belts sleeves cuffs"),
    (r"\bbullet-?proof\b|\bstab[- ]proof\b|\bstab vests?\b|\bballistic vests?\b", "body armour protective"),
    (r"\bnight[- ]vision\b", "image intensifier tubes"),
    (r"\bthermal (?:camera|imag)|\binfra-?red cameras?\b", "thermal imaging cameras focal plane arrays"),
    (r"\bnerve agents?\b|\bchemical weapons?\b|\bprecursors?\b", "toxic chemicals precursors Chemical Weapons Convention"),
    (r"\bpathogens?\b|\bviruse?s?\b|\bbacteri|\btoxins?\b", "human and animal pathogens toxins"),
    (r"\bimsi\b|\bphone intercept|\blawful intercept|\bwiretap", "interception mobile telecommunications"),
    (r"\bspyware\b|\bhacking tools?\b|\bexploits?\b|\bimplants?\b|\btrojans?\b|\brootkits?\b"
     r"|\bmalware\b|\bbackdoors?\b", "intrusion software cyber-surveillance"),
    # telling a maker of a flaw so that it can be fixed is "vulnerability disclosure", which 4E001.a
    # and .c do not control; handling an attack is "cyber incident response"
    (r"\b(?:flaws?|vulnerabilit\w*|bugs?|security holes?)\b.{0,120}\b(?:patch\w*|fix\w*|remedi\w*|disclos\w*|report\w*)\b"
     r"|\b(?:bug bount\w*|responsible disclosure|coordinated disclosure)\b", "vulnerability disclosure remediation"),
    (r"\bincident response\b|\brespond\w* to (?:a |an |the )?(?:cyber[- ]?)?(?:attacks?|incidents?|breach\w*)\b", "cyber incident response"),
    # "how long does a licence last / is it good for?", "we got a licence: how long can we use it /
    # keep using it / can it run?"
    # ask how long it is valid
    (r"\bvalid(?:ity)?\b|\bexpir|\bhow long\b.{0,60}\b(?:licen[cs]es?|authori[sz]ations?|permits?)\b.{0,40}"
     r"\b(?:last|lasts|good for|remains? in force|stays? in force)\b"
     r"|\b(?:licen[cs]es?|authori[sz]ations?|permits?)\b.{0,120}\bhow long\b.{0,20}\b(?:can|may|could|will|does)\b.{0,15}"
     r"\b(?:use|using|rely on|run|last)\b",
     "valid period of validity"),
    # a country that "qualifies" for a destination list "meets the requirements for inclusion" in it
    (r"\bqualif(?:y|ies|ied)\b|\beligib\w*", "meets the requirements conditions for inclusion"),
    (r"\bend[- ]?user (?:certificate|statement|declaration)s?\b|\bend[- ]use statements?\b", "end-use statement end-user"),
    (r"\bcompliance (?:programme|program|system)\b|\bicp\b", "internal compliance programme ICP"),  # Article 12(4) writes "ICP"
    # what an exporter must "have in place" before using an authorisation: the programme it implements
    (r"\b(?:have|put|set|get)\s+(?:\w+\s+){0,2}in place\b", "implement internal compliance programme"),
    # shipments that repeat to the same end-user: "multiple shipments ... on a periodic basis" (recital 34 of 2019/125)
    (r"\b(?:re-?check|check|review|assess|examine|verify|vet)\w*\b.{0,60}\b(?:every|each)\s+(?:single\s+)?(?:shipment|consignment|delivery|time)\b|\b(?:monthly|weekly|regular|repeated|recurring)\s+(?:shipments|consignments|deliveries)\b"
     r"|\bevery few (?:weeks|months|days)\b", "multiple shipments periodic basis"),
    # "must we tell anyone that we are using it?": a general authorisation's "notify ... of the
    # first use of this authorisation" (Annex V Part 3 (2) of 2019/125; Part 3 of EU001-EU008)
    (r"\b(?:tell|inform|notify|report|register|let)\w*\b.{0,50}\b(?:using|use|rely|relying)\b(?!\s+of)"
     r"|\b(?:using|use)\b.{0,60}\b(?:tell|inform|notify|register)\w*\b"
     # "we just made our first shipment ... do we have to tell anyone?"
     r"|\b(?:first (?:shipment|export|consignment|delivery|time)|(?:started|begun|began) (?:shipping|exporting|using))\b"
     r".{0,100}\b(?:tell|inform|notify)\w*"
     r"|\b(?:tell|inform|notify)\w*\b.{0,100}\b(?:first (?:shipment|export|consignment|time)|(?:started|begun) (?:shipping|exporting|using))\b"
     # "we shipped ... under the EU general export authorisation: must we tell our authority, and by when?"
     r"|\bgeneral (?:export )?(?:authori[sz]ation|licen[cs]e)\b.{0,200}\b(?:tell|inform|notify)\w*\b"
     # "what must we do before the first transfer?", "how far ahead of the first transfer ...?"
     r"|\b(?:before|ahead of|prior to) (?:the |our |its |any )?first (?:transfer|export|shipment|consignment|delivery|use)\b",
     FIRST_USE),
    # "a Chinese engineer comes to our plant in Lyon for training": technical assistance "to a
    # resident of a third country temporarily present in the customs territory of the Union"
    (rf"\b(?:visit(?:s|ing|ed)?|host(?:s|ing)?)\s+(?:our|the|their)\s+(?:[\w-]+\s+)?(?:{WORKPLACE})\b|"
     r"\b(?:comes?|coming|visit(?:s|ing)?|spend(?:s|ing)?|stay(?:s|ing)?|is|will be|are|flies|fly|travel(?:s|ling)?)\b"
     rf"(?:\s+[\w-]+){{0,4}}?\s+(?:to|at|in)\s+(?:our|the|their)\s+(?:[\w-]+\s+)?(?:{WORKPLACE}|offices?|headquarters)\b",
     "resident of a third country temporarily present in the customs territory of the Union"),
    (r"\bre-?export", "re-export"),
    (r"\bp\.?\s?o\.? box\b|\bpost ?box\b|\bmailbox\b", "post office box postal address"),
    # the acts' words for everyday administrative ones
    (r"\bsplit\b|\bdivid(?:e|ed|ing)\b|\bbreak (?:it |them )?up\b|\btwo separate\b", "split"),
    (r"\bborder (?:checks?|controls?)\b|\bchecks? at (?:the |its |our )?border\b|\bfrontier\b", "internal frontier controls"),
    (r"\bdigital(?:ly)?\b|\belectronic(?:ally)?\b|\bpaperless\b|\bonline (?:licen|authoris|form)|\be-licen", "electronic documents processed electronically"),
    (r"\btranslat\w*|\bin (?:English|French|German|Italian|Spanish|Portuguese|Dutch|Polish|Greek|Swedish)\b|\blanguages?\b", "translation official language"),
    (r"\bre-?us(?:e|ed|ing)\b|\bpass (?:it |them )?on to\b|\bshare (?:it |them )?with (?:the )?(?:tax|police|prosecut)", "used only for the purpose for which it was requested confidential"),
    (r"\bon[- ]site (?:inspections?|visits?|checks?)\b|\binspect\w*|\baudit\w*|\benter (?:the|their) premises\b", "power to enter the premises inspections"),
    # an authority barring an exporter from a general authorisation: "may prohibit the exporter from using"
    (r"\b(?:bar|stop|ban|exclude|block|suspend|prevent)\w*\b.{0,60}\bfrom (?:the )?us(?:ing|e of)\b"
     r"|\b(?:right|permission) to use\b.{0,40}\b(?:withdraw|revok|remov)", "prohibit the exporter from using reasonable suspicion"),
    # who to write to: Annex I of 2019/125 lists each authority's and the Commission's addresses
    (r"\be-?mail\b|\bcontact details\b|\bpostal address\b|\btelephone\b", "email tel address"),
    (r"\bwhich (?:national |competent )?(?:authority|authorities|ministry|office|body)\b|\bwhere (?:do|should|can|must) (?:we|i|they|exporters) (?:apply|send)\b"
     r"|\bsame (?:\w+ )?authority\b", "competent authorities"),
]
_COMPILED = [(re.compile(p, re.I), words) for p, words in EXPANSIONS]

MEMBER_STATES = re.compile(
    r"\b(?:Austria|Belgium|Bulgaria|Croatia|Cyprus|Czech(?:ia| Republic)|Denmark|Estonia|Finland|France|Germany|"
    r"Greece|Hungary|(?<!Northern )Ireland|Italy|Latvia|Lithuania|Luxembourg|Malta|(?:the )?Netherlands|Poland|Portugal|"
    r"Romania|Slovakia|Slovenia|Spain|Sweden)\b"
)
# each Member State and the words a question may name it by ("a German exporter", "Danish agency")
STATE_WORDS = {
    "Austria": "Austrian?", "Belgium": "Belgian?", "Bulgaria": "Bulgarian?", "Croatia": "Croatian?", "Cyprus": "Cyprus|Cypriot",
    "Czech Republic": "Czech(?:ia| Republic)?", "Denmark": "Denmark|Danish", "Estonia": "Estonian?", "Finland": "Finland|Finnish",
    "France": "France|French", "Germany": "Germany|German", "Greece": "Greece|Greek", "Hungary": "Hungary|Hungarian",
    "Ireland": "(?<!Northern )(?:Ireland|Irish)", "Italy": "Italy|Italian", "Latvia": "Latvian?", "Lithuania": "Lithuanian?",
    "Luxembourg": "Luxembourg(?:ish)?", "Malta": "Malta|Maltese", "Netherlands": "Netherlands|Dutch|Holland",
    "Poland": "Poland|Polish", "Portugal": "Portugal|Portuguese", "Romania": "Romanian?", "Slovakia": "Slovakia|Slovak",
    "Slovenia": "Sloven(?:ia|ian|e)", "Spain": "Spain|Spanish", "Sweden": "Sweden|Swedish",
}
_STATE_RE = [(name, re.compile(rf"(?-i:\b(?:{words})\b)")) for name, words in STATE_WORDS.items()]


def member_states_named(question: str) -> list[str]:
    """The Member States a question names, by name or adjective, in their own (English) names."""
    return [name for name, pattern in _STATE_RE if pattern.search(question)]


# countries outside the Union, as the acts name them; the United Kingdom also by its places and by
# "Brexit". Case matters: "Chad", "Jordan" and "Turkey" are names here, not words.
THIRD_COUNTRIES = (
    "Afghanistan|Albania|Algeria|Andorra|Angola|Antigua and Barbuda|Argentina|Armenia|Australia|Azerbaijan|Bahamas|"
    "Bahrain|Bangladesh|Barbados|Belarus|Belize|Benin|Bhutan|Bolivia|Bosnia and Herzegovina|Botswana|Brazil|Brunei|"
    "Burkina Faso|Burundi|Cabo Verde|Cape Verde|Cambodia|Cameroon|Canada|Central African Republic|Chad|Chile|China|"
    "Colombia|Comoros|Congo|Costa Rica|Côte d'Ivoire|Cuba|Djibouti|Dominica|Dominican Republic|Ecuador|Egypt|"
    "El Salvador|Equatorial Guinea|Eritrea|Eswatini|Ethiopia|Fiji|Gabon|Gambia|Georgia|Ghana|Grenada|Guatemala|Guinea|"
    "Guinea-Bissau|Guyana|Haiti|Honduras|Iceland|India|Indonesia|Iran|Iraq|Israel|Jamaica|Japan|Jordan|Kazakhstan|"
    "Kenya|Kiribati|Kosovo|Kuwait|Kyrgyzstan|Laos|Lebanon|Lesotho|Liberia|Libya|Liechtenstein|Madagascar|Malawi|"
    "Malaysia|Maldives|Mali|Marshall Islands|Mauritania|Mauritius|Mexico|Micronesia|Moldova|Monaco|Mongolia|Montenegro|"
    "Morocco|Mozambique|Myanmar|Namibia|Nauru|Nepal|New Zealand|Nicaragua|Niger|Nigeria|North Korea|North Macedonia|"
    "Macedonia|Norway|Oman|Pakistan|Palau|Panama|Papua New Guinea|Paraguay|Peru|Philippines|Qatar|Russia|Rwanda|"
    "Saint Kitts and Nevis|Saint Lucia|Saint Vincent and the Grenadines|Samoa|San Marino|Sao Tome and Principe|"
    "Saudi Arabia|Senegal|Serbia|Seychelles|Sierra Leone|Singapore|Solomon Islands|Somalia|South Africa|South Korea|"
    "South Sudan|Sri Lanka|Sudan|Suriname|Switzerland|Syria|Taiwan|Tajikistan|Tanzania|Thailand|Timor-Leste|Togo|Tonga|"
    "Trinidad and Tobago|Tunisia|Turkey|Türkiye|Turkmenistan|Tuvalu|Uganda|Ukraine|United Arab Emirates|United Kingdom|"
    "United States|Uruguay|Uzbekistan|Vanuatu|Vatican|Venezuela|Vietnam|Viet Nam|Yemen|Zambia|Zimbabwe"
)
_COUNTRY = re.compile(rf"\b(?:{THIRD_COUNTRIES})\b")
# a place a question names: a country outside the Union or a Member State, by name or adjective
_PLACE = re.compile(r"(?-i:\b(?:" + "|".join(STATE_WORDS.values()) + "|" + THIRD_COUNTRIES + r")\b)")


def place_words(text: str) -> list[str]:
    """The words naming countries and Member States ("a German engineer in China": German, China)."""
    return [m.group(0) for m in _PLACE.finditer(text)]
_UK = re.compile(
    r"\b(?:UK|Britain|British|England|Scotland|Wales|London|Manchester|Birmingham|Glasgow|Edinburgh|Cardiff"
    r"|Northern Ireland|Brexit)\b|(?i:\b(?:" + NI_PLACES + r")\b)"
)
_SAME_COUNTRY = {"Macedonia": "North Macedonia", "Cape Verde": "Cabo Verde", "Türkiye": "Turkey", "Viet Nam": "Vietnam"}


def countries_named(text: str) -> set[str]:
    """The countries outside the Union a text names, by one name each ("Brexit", "a hospital in
    London" -> "United Kingdom")."""
    named = {_SAME_COUNTRY.get(m, m) for m in _COUNTRY.findall(text)}
    if _UK.search(text):
        named.add("United Kingdom")
    return named


# goods on the move: "from", "send", "ship", "move", "transfer", "deliver"
MOVING = re.compile(
    r"\bfrom\b|\b(?:send|sends|sending|sent|ship|ships|shipp\w*|mov(?:e|es|ed|ing)|transfer\w*|deliver\w*"
    r"|bring\w*|brought|carr(?:y|ies|ied|ying)|suppl(?:y|ies|ied|ying)|sell\w*|sold|dispatch\w*|relocat\w*)\b",
    re.I,
)

# the words of a route through the Union ("crossing Italy", "through Bulgaria and Romania")
TRANSIT_ROUTE = re.compile(r"\btransit\w*|\bthrough\b|\bcrossing\b|\bacross\b|\bpassing\b|\bvia\b", re.I)

INTRA_EU = re.compile(
    r"\b(?:within|inside) the (?:EU|Union)\b|\bbetween (?:EU )?Member States\b|\bintra-?(?:EU|Union|Community)\b"
    r"|\b(?:to|into) (?:another|a different|an other) (?:EU )?Member State\b",
    re.I,
)
# "from one EU country to another", "between EU countries": asked why such trade is not controlled
# (recital 50 of 2019/125). Not read as a transfer otherwise: "paperwork for moving listed items to
# another EU country" beside exports then drew 2021/821's transfer rules over its records article.
EU_COUNTRY_TO_COUNTRY = re.compile(
    r"\bfrom one (?:EU |European )?(?:country|state|Member State)\b.{0,40}?\bto another\b"
    r"|\bbetween (?:two |different |other )?(?:EU|European|Union) (?:countries|states|Member States)\b"
    r"|\b(?:to|into) (?:another|other|a different) (?:EU|European Union) (?:country|countries|state)\b",
    re.I,
)


GENERAL_AUTHORISATION = re.compile(r"\bgeneral (?:export )?(?:authori[sz]ation|licen[cs]e)|\bGEA\b|\bEU00\d\b", re.I)

# goods sent "to our sister company in Poland": a destination inside the Union
TO_MEMBER_STATE = re.compile(r"\bto (?:(?:our|a|an|the|its|their)\s+)?(?:[\w-]+\s+){0,4}?(?:in\s+)?" + MEMBER_STATES.pattern)


# everyday words so common in any question about exports that they say nothing about whether
# the documents speak to it ("licence", "ship", "customs", "how long")
GENERIC = frozenset({
    "authorisation", "export", "customs", "report", "Member State national measures", "dual-use items",
    "United Kingdom", "Northern Ireland", "competent authority granted", "competent authorities", "email tel address",
    "valid period of validity", "period days months", "not later than following the date", "notify notification", "penalties", "translation official language",
})


def legal_wordings(question: str) -> list[str]:
    """The acts' wording for each of the question's everyday words, the generic ones aside
    ("pepper spray" -> "oleoresin capsicum OC PAVA"), and for the route it describes ("from Turkey
    through Bulgaria to Moldova" is a transit)."""
    words = [words for pattern, words in _COMPILED if words not in GENERIC and pattern.search(question)]
    if passes_through(question):
        words.append("transit")
    elif other_member_states_measure(question):
        words.append(ANOTHER_MEMBER_STATE)
    elif between_member_states(question):
        words.append("intra-Union transfer")
    return words


ANOTHER_MEMBER_STATE = "another Member State imposes an authorisation requirement national control list of items adopted by that Member State"
NATIONAL_MEASURE = re.compile(r"\bnational (?:control |export )?(?:lists?|legislation|laws?|rules?|measures?|controls?)\b", re.I)


def other_member_states_measure(question: str) -> bool:
    """"We are in Belgium; the Netherlands controls the product on its national list": a measure of
    another Member State than the exporter's (Article 10 of 2021/821), named by two Member States
    and a national measure."""
    two = len(set(MEMBER_STATES.findall(question))) >= 2
    return two and bool(NATIONAL_MEASURE.search(question)) and not (INTRA_EU.search(question) or TO_MEMBER_STATE.search(question))


def passes_through(question: str) -> bool:
    """Goods from one third country to another "crossing Italy" or "through Bulgaria and Romania":
    a transit through the Union, not a transfer between the Member States on the way."""
    return bool(
        TRANSIT_ROUTE.search(question) and len(countries_named(question)) >= 2
        and MEMBER_STATES.search(question) and not INTRA_EU.search(question)
    )


def between_member_states(question: str) -> bool:
    """Goods moving from one Member State to another ("from our plant in Germany to our site in
    France"). Two Member States named without a move ("we applied in Denmark for items stored in
    Sweden", "the Netherlands' national list") are where things are, not a transfer."""
    two = len(set(MEMBER_STATES.findall(question))) >= 2 and MOVING.search(question)
    return bool(INTRA_EU.search(question) or two or TO_MEMBER_STATE.search(question))


def legal_concepts(question: str) -> int:
    """How many of the acts' own concepts the question names in everyday words ("unlisted" ->
    "not listed in Annex I", "missile" -> "... missiles"), the generic ones aside."""
    return len(legal_wordings(question))


# a question after the reasons, which the recitals give ("the preamble" of an act is its recitals)
# ("... start the procedure or explain why it will not": a duty to give reasons, not a why-question)
WHY_QUESTION = re.compile(
    r"\bwhy\b(?!\s+(?:it|they)\s+(?:will|would|does|do|did|is|are|has|have|can|could|should)(?:\s+not\b|n't\b))|\breason(?:s|ing)?\b|\bthinking behind\b|\bjustification\b|\bpurpose\b|\brecitals?\b|\brationale\b|\bobjectives?\b|\baims?\b|\bintended\b|\bpreambles?\b", re.I
)
ASKS_WHETHER = re.compile(r"\b(?:can|may|could)\b", re.I)  # "can we ship ... and must we notify?" asks both


def expand(question: str, exports_only: bool = False) -> str:
    """The legal wording for the everyday words in the question (empty when none apply);
    ``exports_only``: the goods the question names are of a regime that controls them only on
    leaving the Union (the anti-torture lists), not moving between Member States."""
    added: list[str] = []
    for pattern, words in _COMPILED:
        if pattern.search(question):
            added.append(words)
    if GENERAL_AUTHORISATION.search(question) and countries_named(question) and (FIRST_USE not in added or ASKS_WHETHER.search(question)):
        # "can we ship to Madagascar under the general authorisation?": its list of destinations,
        # and the amending act's "the entry 'Madagascar' is inserted" into it (not when the
        # question is only what to do once it is used there)
        added.append("destinations entry inserted in the list")
    passing = passes_through(question)
    if passing:
        added.append("transit non-Union items")
    why = WHY_QUESTION.search(question)
    if not passing and other_member_states_measure(question):
        added.append(ANOTHER_MEMBER_STATE)
    elif not passing and (between_member_states(question) or (why and EU_COUNTRY_TO_COUNTRY.search(question))):
        if why or exports_only:
            # "why doesn't the anti-torture regulation control sales between EU countries?" is
            # asked of its recital 50 ("not considered necessary to establish similar controls on
            # transactions within the Union"), not of the dual-use transfer rules; so is "do we
            # need an authorisation to move spit hoods from France to Belgium?", with the act's
            # 'export', a departure from the customs territory of the Union
            added.append("controls on transactions within the Union")
            if exports_only and not why:
                added.append("export means departure of goods from the customs territory of the Union")
        else:
            added.append("intra-Union transfer within the Union Annex IV")  # moving goods between Member States
    return " ".join(dict.fromkeys(added))
