"""Where the clause of a tariff word opens and closes, read off the words of its sentence: commas, conjunctions
and the act words (ACTION_WORDS) that start another measure; conditions ("if", "unless"), relative clauses,
"since" clauses and "in response to" phrases, which tell another act or none.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from ingest import coder
from ingest.nlp import doc_text, lowers, span_text, texts

# Verb stems that name the act, by action; checked on the words around the tariff word.
ACTION_WORDS: list[tuple[str, re.Pattern]] = [
    ("threatened", re.compile(r"^(threat\w*|warn\w*|vow\w*|menac\w*)$")),
    ("paused", re.compile(r"^(paus\w*|suspend\w*|suspension|delay\w*|postpon\w*|hold|shelv\w*|reprieve|"
                          r"defer\w*|truce)$")),
    ("exempted", re.compile(r"^(exempt\w*|exclu\w*|carve-outs?|spar\w+|waiv\w*)$")),
    ("lifted", re.compile(r"^(lift\w*|remov\w*|dropp?\w*|scrap\w*|cut|cuts|cutting|reduc\w*|lower\w*|rescind\w*|"
                          r"eliminat\w*|withdr[ae]w\w*|slash\w*|fall|falls|fell|ease\w*|easing|repeal\w*|halv\w*)$")),
    ("raised", re.compile(r"^(rais\w*|rise|rises|rising|risen|rose|climb\w*|hik\w*|increas\w*|doubl\w*|tripl\w*|"
                          r"escalat\w*|boost\w*|jump\w*|"
                          r"stack\w*|add\w*|additional|extra|further|higher)$")),
    ("retaliatory", re.compile(r"^(retaliat\w*|counter-tariffs?|countermeasures?|counter-measures?|"
                               r"countertariffs?|counter|response|responded|respond\w*|reciprocat\w*)$")),
    ("imposed", re.compile(r"^(impos\w*|implement\w*|slap\w*|levied|levying|appl(y|ied|ies|ying)|collect\w*|"
                           r"charg\w*|plac\w*|put|hit|hits|hitting|effect|force|kick\w*|begin|began|begun|"
                           r"start\w*|took|takes|taking|entered|enters)$")),
    ("announced", re.compile(r"^(announc\w*|unveil\w*|order\w*|sign\w*|declar\w*|set|sets|plans?|"
                             r"proclam\w*|issu\w*|assign\w*|face|faces|pay|gets|get|unveiling|"
                             r"introduc\w*|confirm\w*|promis\w*|pledg\w*)$")),
]


def words_between(sent: Span, lo: int, hi: int) -> list[tuple[int, str]]:
    doc = sent.doc
    return [(i, lowers(doc)[i]) for i in range(max(sent.start, lo), min(sent.end, hi))]


OWNER_GAP = {"'s", "’s", "own", "new", "extra", "additional", "retaliatory", "reciprocal", "existing", "current",
              "global", "baseline", "punitive", "sweeping", "steep", "latest", "higher", "first", "second", "import",
              "per", "cent", "percent", "%", '"', "“", "”", "-", "counter", "blanket", "universal", "proposed"}


def phrase_start(sent: Span, i: int) -> int:
    """Back from an owner to the start of its noun phrase: "a 10 per cent global U.S. levy" starts at "a"."""
    doc = sent.doc
    while i > sent.start and (lowers(doc)[i - 1] in OWNER_GAP or doc[i - 1].like_num
                              or lowers(doc)[i - 1] in ("a", "an", "the", "its", "their")):
        i -= 1
    return i


_IF = re.compile(r"\b(?:if|unless)\b", re.I)


def since_clause(sent: Span, at: int) -> bool:
    """Token ``at`` sits in a "since <subject> <verb> ..." clause that marks a time, not an act (a tariff word there
    tells no measure; a date there starts a period: "the first summit since Brexit took effect on January 31")."""
    doc = sent.doc
    for i in range(at - 1, max(sent.start, at - 10) - 1, -1):
        if doc[i].is_punct:
            return False
        if lowers(doc)[i] == "since":
            return i + 1 < at and not doc[i + 1].like_num and lowers(doc)[i + 1] not in _MONTH_WORDS
    return False


_MONTH_WORDS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
                "november", "december", "jan.", "feb.", "aug.", "sept.", "oct.", "nov.", "dec.", "last", "early"}


_RESPONSE_TO = re.compile(r"\b(in response to|in retaliation for|retaliation for|respond(?:s|ed|ing)? to|to counter|"
                          r"in reply to)\s+(?:the\s+|further\s+|new\s+|its\s+)*$", re.I)


def response_to(sent: Span, i: int) -> bool:
    """Token ``i`` names what a response answers: "in response to further U.S. trade measures", "after Washington
    unveils its measures"."""
    doc = sent.doc
    if _RESPONSE_TO.search(span_text(doc, max(sent.start, i - 6), i) + " "):
        return True
    low = lowers(doc)
    before = low[max(sent.start, i - 2):i]
    return any(w in ("after", "once", "when") for w in before) and any(
        _ANNOUNCING.match(w) for w in low[i + 1:min(sent.end, i + 4)])


def answered_at(sent: Span, trigger: Span) -> int | None:
    """Where the tariff's phrase starts when it is what a response answers ("Ramaphosa responds to U.S. tariff
    hike", "in response to the new duties"); None when it is not."""
    return next((k for k in range(max(sent.start, trigger.start - 4), trigger.start + 1) if response_to(sent, k)), None)


_ANNOUNCING = re.compile(r"^(announc\w*|unveil\w*|impos\w*|introduc\w*|slap\w*|levi\w*|rais\w*|hik\w*)$")


def condition_spans(sent: Span) -> list[tuple[int, int]]:
    """Token ranges of "if ..." / "unless ..." clauses (to a comma or the sentence's end)."""
    if not _IF.search(doc_text(sent.doc), sent.start_char, sent.end_char):
        return []
    doc = sent.doc
    out = []
    for i in range(sent.start, sent.end):
        if lowers(doc)[i] in ("if", "unless"):
            # closed by a comma, or running to the end of the sentence ("... starting April 1 if Washington does not
            # drop its duties.")
            end = next((k for k in range(i + 1, sent.end) if texts(doc)[k] in (",", ";")), sent.end)
            out.append((i, end))
    return out


def in_condition(sent: Span, trigger: Span) -> bool:
    """The trigger sits in an "if ..." / "unless ..." clause: a condition, not an act ("promised relief if
    Washington imposes new levies")."""
    if not _IF.search(doc_text(sent.doc), sent.start_char, trigger.start_char):
        return False
    doc = sent.doc
    for i in range(trigger.start - 1, max(sent.start, trigger.start - 12) - 1, -1):
        w = lowers(doc)[i]
        if w in (",", ";", ":"):
            return False
        if w in ("if", "unless"):
            return True
    return False


def previous_clause_break(sent: Span, trigger: Span) -> int:
    """Where the trigger's coordinated clause starts (after ", and", ";" or a dash), else the sentence start."""
    doc = sent.doc
    txt = texts(doc)
    for i in range(trigger.start - 1, sent.start, -1):
        if texts(doc)[i] in (";", "—", "–") or (texts(doc)[i - 1] == "," and lowers(doc)[i] in ("and", "but", "while")):
            return i + 1
        if txt[i] == "," and _as_well_as(sent, i):
            return i + 4
    return sent.start


_RATE_ADJECTIVES = {"additional", "extra", "further", "higher"}  # "an additional 10%": a rate, not a verb


def next_clause(sent: Span, trigger: Span) -> int:
    """The last token of the trigger's clause: up to ", and" / ";" / a dash that starts another one."""
    doc = sent.doc
    txt = texts(doc)
    for i in range(trigger.end, sent.end - 1):
        if txt[i] == "," and _as_well_as(sent, i):
            return i
        if txt[i] == ";" or is_dash(doc, i) or (txt[i] == "," and lowers(doc)[i + 1] in ("and", "but", "while")):
            rest = [t.lower_ for t in doc[i + 1:min(sent.end, i + 14)]]
            # ", and 10 per cent on soybeans", ", and an additional 10% on China" continue a list; ", and a day later
            # he warned" starts a clause
            if any(w in ("he", "she", "it", "they", "we") or (w not in _RATE_ADJECTIVES and any(
                    p.match(w) for _, p in ACTION_WORDS[:7]))
                   or w in ("said", "warned", "announced", "ordered", "signed", "promised", "vowed", "pledged",
                            "has", "have", "had", "remains", "remain", "stays", "stay") for w in rest):
                return i
    return sent.end


def is_dash(doc: Doc, i: int) -> bool:
    """Token ``i`` is a dash between clauses: an em or en dash, or a hyphen with a space before it (" - ")."""
    txt = texts(doc)[i]
    return txt in ("—", "–") or (txt == "-" and i > 0 and bool(doc[i - 1].whitespace_))


def contrast_breaks(sent: Span, lo: int, hi: int, words: frozenset[str]) -> list[int]:
    """Token indices in lo..hi where a clause of its own opens: a ";", or a comma or dash before one of ``words``
    (frames.toml's contrast words: ", but a baseline of 10% remains", " - while ...")."""
    doc, low = sent.doc, lowers(sent.doc)
    return [k for k in range(max(lo, sent.start), min(hi, sent.end - 1)) if texts(doc)[k] == ";" or (
        (texts(doc)[k] == "," or is_dash(doc, k)) and low[k + 1] in words)]


def _as_well_as(sent: Span, i: int) -> bool:
    """ ", as well as a 10 per cent levy on lumber": another measure listed after the first."""
    doc = sent.doc
    if texts(doc)[i] != "," or span_text(doc, i + 1, min(sent.end, i + 4)).lower() != "as well as":
        return False
    return any(t.label_ == "TARIFF" and i < t.start <= i + 12 for t in doc.spans["triggers"])


def clause_start(sent: Span, trigger: Span) -> int:
    """Where the trigger's clause begins: after the last colon, semicolon or dash before it."""
    for i in range(trigger.start - 1, sent.start - 1, -1):
        if texts(sent.doc)[i] in (":", ";", "—", "–"):
            return i + 1
    return sent.start


_SUBORDINATE = {"if", "unless", "because", "while", "whilst", "although", "though", "whereas", "so", "after"}


def clause_end(sent: Span, trigger: Span) -> int:
    """Where the tariff's clause ends: a condition or a reason that follows names other parties."""
    reasons = coder.words("tariff", "reason_participles")
    for i in range(trigger.end, sent.end):
        if lowers(sent.doc)[i] in _SUBORDINATE or (lowers(sent.doc)[i] in reasons and texts(sent.doc)[i - 1] == ","):
            return i  # (", citing India's purchases of oil from Russia": the reason names other parties)
    return sent.end


def in_relative_clause(sent: Span, i: int) -> bool:
    """Token ``i`` sits in a ", which ..." / ", who ..." clause (about someone or something else)."""
    return relative_word(sent, i) is not None


def relative_word(sent: Span, i: int) -> int | None:
    """The index of the "which" / "who" / "whose" after a comma that opens the clause token ``i`` sits in, read
    off the words; None when there is none before the last clause break."""
    doc = sent.doc
    for k in range(i - 1, sent.start - 1, -1):
        w = lowers(doc)[k]
        if w in ("which", "who", "whose"):
            return k if k > sent.start and texts(doc)[k - 1] == "," else None
        if w in (",", ";", ":"):
            return None
    return None
