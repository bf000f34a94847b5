"""Is a trigger word used in its event sense, and how does the page refer to the event?

"called for", "spoke to reporters", "meet the target" are no call or meeting; "trade talks would continue" is a
process, "invited him to the summit" an invitation, "on the sidelines of the summit" a place for another
meeting. The coder's reading (ingest.coder) says when a trigger tells no event; the determiner of a trigger
noun ("the call", "Friday's meeting") says when it takes up one told before.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span

from ingest import coder
from ingest.nlp import doc_text, lowers, span_text, texts
from ingest.syntax import token

if TYPE_CHECKING:
    from ingest.mentions import Mention

_CALL_NOUN_OK = {"a", "an", "the", "phone", "his", "her", "their", "first", "second", "hour-long", "lengthy",
                 "brief", "video", "telephone", "this", "that", "its", "one", "another", "latest",
                 "morning", "afternoon", "evening", "late-night", "minute", "-minute", "two", "'s", "’s", "'",
                 "’", "our", "my"}

INTERACTION = {"CALL", "MEET", "VISIT", "SUMMIT"}  # the trigger labels of calls and meetings


# What the parse can say that makes a trigger tell no event (ingest.coder): a call or meeting that is wished
# for, offered, denied, negated, asked about, only possible, or conditional; a tariff that is wished for,
# denied, negated, asked about or only possible (a conditional tariff is a threat: ingest.tariffs says so).
NOT_TOLD = frozenset({"nothing", "denied", "negated", "question", "hedged", "hedged-said", "condition", "vague",
                       "hypothetical"})


NO_TARIFF = frozenset({"nothing", "denied", "negated", "question", "hedged", "hypothetical"})


def is_told(trigger: Span, blocked: frozenset[str]) -> bool:
    """The parse does not say that ``trigger`` is used in another sense or tells no event."""
    reading = coder.read(trigger)
    return reading is None or (reading.sense and reading.modality not in blocked)


def is_denied(trigger: Span) -> bool:
    reading = coder.read(trigger)
    return reading is not None and reading.modality == "denied"


def is_background(trigger: Span) -> bool:
    reading = coder.read(trigger)
    return reading is not None and reading.background


DEFINITE = {"the", "that", "this", "their", "his", "her", "its", "today's", "friday's", "monday's",
             "tuesday's", "wednesday's", "thursday's", "saturday's", "sunday's", "yesterday's", "week's",
             "weekend's", "night's"}


def _paragraph_text(t: Span) -> str:
    text = doc_text(t.doc)  # kept with the Doc: building doc.text again for every trigger is quadratic
    start = text.rfind("\n", 0, t.start_char)  # pages whose paragraphs are lines ("\n"), or blank-line separated
    end = text.find("\n", t.end_char)
    return text[start + 1 if start >= 0 else 0:end if end >= 0 else len(text)]


_TALK_WORDS = {"spoke", "spoken", "speak", "speaks", "speaking", "talked", "talk", "conversation", "conversations"}


# a telephone named ("phoned", "by video link"), and a call or a telephone named
_PHONE_CUE = re.compile(r"\b(phone\w*|telephon\w*|dial+ed|video\w*|virtual\w*|by line)\b", re.I)
_CALL_CUE = re.compile(rf"{_PHONE_CUE.pattern}|\b(call|calls|called)\b", re.I)
_APPEAL_DET = {"his", "her", "its", "their", "this", "that"}  # "his call for calm": an appeal unless a phone is told


def talk_only(t: Span) -> bool:
    """A word of talking ("spoke with") with no sign of a telephone in its paragraph, on a page that tells a call
    elsewhere: it may be that call told again."""
    return t.text.lower() in _TALK_WORDS and not _CALL_CUE.search(_paragraph_text(t)) and _page_says(t.doc, _CALL_CUE)


def _page_says(doc: Doc, cue: re.Pattern) -> bool:
    """The page has a word of ``cue`` somewhere (searched once per page and cue: asked for every word of talking)."""
    key = f"dkg_cue:{cue.pattern}"
    if key not in doc.user_data:
        doc.user_data[key] = bool(cue.search(doc_text(doc)))
    return doc.user_data[key]


def real_trigger(t: Span) -> bool:
    """Filter out trigger words used in another sense ("called for", "spoke to reporters")."""
    doc = t.doc
    word = t.text.lower()
    if word in _TALK_WORDS and not _CALL_CUE.search(_paragraph_text(t)) and not _page_says(doc, _CALL_CUE):
        # "spoke with" or "a conversation" with no sign of a telephone in its paragraph is neither a call nor a
        # meeting (they may have spoken anywhere: at a summit, on stage, through aides), unless the page tells a
        # call elsewhere (then it may be that call: ingest.merging keeps it only if it is)
        return False
    nxt = lowers(doc)[t.end] if t.end < len(doc) else ""
    prv = lowers(doc)[t.start - 1] if t.start > 0 else ""
    if word in ("call", "calls"):
        prv = _determiner_word(doc, t.start)  # "a very productive and respectful call": its determiner
        if prv in _APPEAL_DET and nxt not in ("with", "between", "to") and not _page_says(doc, _PHONE_CUE):
            return False  # "his call came during the summit", "made this call during a visit": an appeal, on a
            # page with no word of a telephone
        return (prv in _CALL_NOUN_OK or prv.endswith(("-minute", "-hour")) or nxt in ("with", "between")
                or (prv in ("after", "in", "during", "two", "three", "several", "by") and nxt in ("on", "with")))
    if word in ("called", "calling"):
        return nxt in ("with",) or (t.end < len(doc) and texts(doc)[t.end][:1].isupper()
                                    and texts(doc)[min(t.end + 2, len(doc) - 1)] not in ('"', "“", "a", "an")) \
            or _calls_an_office(t)
    if word == "talk":
        # "the two are scheduled to talk again", "to talk by phone": the verb, not "trade talk"
        return prv == "to" and nxt in ("again", "with", "by", "later", "on", "over", "soon")
    if word in ("spoke", "spoken", "speak", "speaks", "speaking", "talked"):
        ahead = span_text(doc, t.end, min(len(doc), t.end + 6)).lower()
        if not re.search(r"\b(with|to|by phone|by telephone|on the phone|over the phone|telephonically)\b", ahead):
            # "Trudeau and Trump last spoke on Nov. 6", "they have spoken twice": two parties talking together
            behind = [lowers(doc)[i] for i in range(max(0, t.start - 4), t.start)]
            rest = span_text(doc, t.end, t.end + 3).lower()
            return bool(behind) and not rest.startswith(("out", "of", "about", "highly", "on condition")) and (
                behind[-1] in ("last", "both") or "they" in behind[-2:] or (
                    "and" in behind and texts(doc)[t.start - 1][:1].isupper()))
        rest = span_text(doc, t.end, t.end + 3).lower()
        return not re.match(r"(to|with|at|before) (reporters|journalists|the press|a news|an? \w+ conference|"
                            r"parliament|the media|supporters|business|crowds?)", rest) and \
            not rest.startswith(("out", "of", "about", "highly", "on condition"))
    if word in ("meet", "meets", "meeting"):
        # "the difficulty of meeting it", "meet the target": to satisfy, not to sit down with someone
        if nxt in ("it", "them", "this", "these", "those", "expectations", "demands", "targets", "deadlines",
                   "requirements", "needs", "criteria", "obligations", "conditions"):
            return False
        if nxt in ("the", "a", "an", "its", "their", "his", "her") and t.end + 1 < len(doc):
            after = doc[t.end + 1]
            return after.text[:1].isupper() or after.lower_ in _TITLE_WORDS
        return True
    if word in ("received", "welcomed", "greeted", "feted", "fêted"):
        # "welcomed Zelensky", "welcomed the King", not "welcomed the fact"
        at = t.end + (nxt in ("the", "his", "her") and t.end + 1 < len(doc))
        return at < len(doc) and texts(doc)[at][:1].isupper() and doc[at].is_alpha
    if word in ("host", "hosts", "hosted", "hosting"):
        return True
    if word in ("spent", "spend"):
        # "spent several hours on Monday with Lutnick": time spent with someone is a meeting
        ahead = lowers(doc)[t.end:t.end + 8]
        return "with" in ahead and bool(set(ahead[:5]) & _TIME_SPENT)
    if word == "gathering":
        return nxt == "of" or prv in ("leaders'", "'")
    if word == "bilateral":
        return nxt in ("meeting", "talks", "with")
    if word in ("phone",):
        return nxt in ("call", "conversation", "calls", "conversations", "discussion", "discussions", "chat") or \
            prv in ("by", "the", "on", "over")  # "held phone discussions with", "spoke over phone"
    if word in ("trip",):
        return True
    return True


def _determiner_word(doc: Doc, i: int) -> str:
    """The word before token ``i``, past the adjectives and adverbs the parse puts between ("an excellent and
    respectful call" -> "an"); with no parse, the word before it."""
    k = i - 1
    while k > 0 and (tok := token(doc[k])) is not None and (tok.pos_ in ("ADJ", "ADV", "CCONJ") or
                                                             tok.text in ('"', "“", "”", ",")):
        k -= 1
    return lowers(doc)[k] if k >= 0 else ""


_TIME_SPENT = {"hours", "hour", "minutes", "time", "day", "days", "afternoon", "morning", "evening", "weekend"}


TOLD_AGAIN_DET = {"the", "these", "those", "some", "its", "their"}


def _calls_an_office(t: Span) -> bool:
    """ "called his Turkish counterpart", "called the French president": the parse gives the verb an object
    that is an office holder, and no second object or complement that would make it a naming ("called him a
    liar") or an appeal ("called for")."""
    verb = token(t.doc[t.start])
    if verb is None or any(c.dep_ in ("xcomp", "obj:pred") or (c.dep_ == "obl" and any(
            k.dep_ == "case" and k.lower_ == "for" for k in c.children)) for c in verb.children):
        return False
    return any(c.dep_ == "obj" and c.lower_ in coder.words("frame", "call_objects") for c in verb.children)


_TITLE_WORDS = {"president", "prime", "premier", "chancellor", "minister", "secretary", "foreign", "trade", "king",
                "emir", "crown", "leaders", "leader", "delegation", "envoy", "ambassador", "head", "heads"}


_PROCESS = re.compile(r"\b(months|years|weeks|of trade|terminat\w*|end\w*|restart\w*|resum\w*|continu\w*|"
                      r"stall\w*|frozen|suspend\w*|broke|break|to (?:begin|open|pursue|launch)|toward|various|"
                      r"ongoing|efforts?)\b", re.I)


def invitation(sent: Span, trigger: Span) -> bool:
    """An invitation to (or a proposal of) a meeting is not the meeting ("invited the Prime Minister to the
    summit", "suggested that their next meeting be held in Moscow")."""
    lo = max(sent.start, trigger.start - 6)
    window = span_text(sent.doc, lo, trigger.start).lower()
    if "invit" in window:
        # "accepted Xi's invitation to visit China": a plan
        at = next(i for i in range(lo, trigger.start) if "invit" in lowers(sent.doc)[i])
        return not set(lowers(sent.doc)[max(sent.start, at - 4):at]) & coder.words("modality", "accepted")
    return "suggest" in window or "propos" in window


_SIDELINES = {"sidelines", "sideline", "margins", "margin", "fringes", "fringe"}


def summit_as_place(sent: Span, trigger: Span) -> str | None:
    """ "on the sidelines of the summit", "on the margins of a meeting of G7 ministers": a place for another
    interaction named in the sentence ("setting"), or "hours ahead of the SCO summit": the time of another
    ("timing"); None when the summit is the event told."""
    doc = sent.doc
    before = {lowers(doc)[i] for i in range(max(sent.start, trigger.start - 10), trigger.start)}
    sidelines = bool(before & _SIDELINES)
    # "hours ahead of the SCO summit, Modi held talks with Xi": the summit dates another meeting
    timing = bool(before & {"ahead", "before", "after", "following", "eve", "run-up", "runup"})
    if not sidelines and not timing and not before & {"at", "during"}:
        return None
    others = [t for t in doc.spans["triggers"] if sent.start <= t.start < sent.end and t.label_ in ("MEET", "CALL")
              and (t.start < trigger.start or timing) and t.start != trigger.start and real_trigger(t)]
    if timing:
        ahead = bool(before & {"ahead", "before", "eve", "run-up", "runup"})
        return ("ahead" if ahead else "timing") if others else None
    # "met Ishiba at the G7 summit" is a meeting there; "hosted the leaders at the G7 summit" is the summit
    there = any(sidelines or not t.text.lower().startswith(("host", "welcom", "receiv")) for t in others)
    return "setting" if there else None


def forum_places(sent: Span, ms: list[Mention], triggers: list[Span]) -> list[Span]:
    """The gatherings named by their body alone as the place of the sentence ("met Xi at the G20 in Bali", "on
    the sidelines of the 74th UN General Assembly session"), as SUMMIT spans for :func:`summit_as_place` (a body
    followed by its own summit or meeting word is that trigger's)."""
    doc = sent.doc
    out = []
    for m in ms:
        if not m.actor.forum or any(t.label_ in ("SUMMIT", "MEET") and 0 <= t.start - m.end <= 1 for t in triggers):
            continue
        # the words before it, but for "the" and an ordinal ("at the 74th")
        before = [w for w in lowers(doc)[max(sent.start, m.start - 4):m.start] if w != "the" and not w[:1].isdigit()]
        if before and (before[-1] in ("at", "during") or (before[-1] == "of" and before[-2:-1] and
                                                           before[-2] in _SIDELINES)):
            out.append(Span(doc, m.start, m.end, label="SUMMIT"))
    return out


_DEPARTURE = re.compile(r"^(leav\w*|left|quit\w*|exit\w*|depart\w*|skip\w*|boycott\w*|walk\w* out)$")


def departure(sent: Span, trigger: Span) -> bool:
    """ "after leaving the G7 summit", "skipped the summit": a summit that dates another act, not a meeting."""
    if trigger.label_ != "SUMMIT":
        return False
    doc = sent.doc
    if any(lowers(doc)[i] in ("halfway", "early") for i in range(trigger.end, min(sent.end, trigger.end + 8))):
        return False  # "left the ASEAN summit in Manila halfway through": he was there
    return any(_DEPARTURE.match(lowers(doc)[i]) for i in range(max(sent.start, trigger.start - 4), trigger.start))


def process_talk(sent: Span, trigger: Span) -> bool:
    """ "trade talks would continue", "months of talks", "agreed to open negotiations", "pay a price in its trade
    negotiations with Washington": a process, not a meeting."""
    if trigger.text.lower() not in ("talks", "negotiations", "negotiating round"):
        return False
    doc = sent.doc
    before = [lowers(doc)[i] for i in range(max(sent.start, trigger.start - 2), trigger.start)]
    if before and before[0] in ("its", "their") and "trade" in before:
        return True
    dated = any(abs(d.start - trigger.start) <= 8 for d in doc.spans["dates"] if sent.start <= d.start < sent.end)
    if before and before[-1] in ("trade", "tariff") and not dated:
        return True  # "had concluded the tariff negotiations with the US": the negotiations as a whole, undated
    if before and "in" in before[-2:] and not any(abs(d.start - trigger.start) <= 8 for d in doc.spans["dates"]
                                                  if sent.start <= d.start < sent.end):
        return True  # "defend its workers in negotiations with the U.S.": an ongoing process, no meeting told
    return bool(_PROCESS.search(span_text(doc, max(sent.start, trigger.start - 4), min(sent.end, trigger.end + 6))))


_MODIFIERS = {"first", "second", "third", "latest", "last", "phone", "telephone", "video", "hour-long", "brief",
              "lengthy", "long", "private", "bilateral", "two-hour", "one-hour", "recent", "previous", "earlier",
              "-", "hour", "minute", "morning", "evening", "afternoon", "late-night"}


def _adjective_of(sent: Span, i: int, trigger: Span) -> bool:
    parsed = token(sent.doc[i])
    return parsed is not None and parsed.dep_ == "amod" and trigger.start <= parsed.head.i + sent.start < trigger.end


def determiner(sent: Span, trigger: Span) -> str:
    """The determiner of a trigger noun, skipping modifiers: "the first phone call" -> "the";
    "Friday's meeting" -> "friday's"; "our official talks" -> "our" (a word the parse makes an adjective of the
    trigger is a modifier too)."""
    i = trigger.start - 1
    while i >= sent.start and (lowers(sent.doc)[i] in _MODIFIERS or sent.doc[i].like_num
                               or _adjective_of(sent, i, trigger)
                               or lowers(sent.doc)[i].endswith(("-minute", "-hour"))):
        i -= 1
    if i < sent.start:
        return ""
    word = lowers(sent.doc)[i]
    if word in ("'s", "’s") and i > sent.start:
        return lowers(sent.doc)[i - 1] + "'s"
    return word
