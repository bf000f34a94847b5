"""The rates and goods of a tariff: "25 per cent", "to zero", the noun phrase after "on" that names what is
taxed ("on imported vehicles"), and the rates that belong to another phrase or to the old measure ("from 25
per cent").
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from ingest import coder
from ingest.nlp import lowers, sent_text, span_text
from ingest.syntax import token
from ingest.tariff_clauses import clause_end
from ingest.tariff_roles import GOODS_HEAD

RATE = re.compile(r"(\d+(?:\.\d+)?)\s*(?:%|per\s*cent\b|percent\b|pc\b)", re.I)


# the lines of a list of rates: by country ("Algeria, Libya, Iraq: 30%", "Brunei: up to 25 per cent") and by goods
# ("Semiconductors – up from 25% to 50% by 2025", "Solar cells: 50%")
_FIGURE = r"\d+(?:\.\d+)?\s?(?:%|per ?cent|percent)"
RATE_LINE = re.compile(rf"[A-Z][^:.;]{{1,80}}:\s*(?:up to\s+)?{_FIGURE}")
GOODS_LINE = re.compile(rf"(?P<goods>[A-Z][\w ,'-]{{1,60}}?)\s*(?::|\s[–—-])\s*[^.;]{{0,60}}?{_FIGURE}[^.;]{{0,30}}")


def rates_in(sent: Span) -> list[tuple[Span, float]]:
    """Every rate the sentence names, with its tokens; a range ("between 11 per cent and 12 per cent") is its upper
    bound, as a range in one figure ("19-20%") is."""
    out = []
    text = sent_text(sent)
    for m in RATE.finditer(text):
        if _RANGE_FROM.search(text, 0, m.start()) and _RANGE_TO.match(text, m.end()):
            continue
        span = sent.doc.char_span(sent.start_char + m.start(), sent.start_char + m.end(), alignment_mode="expand")
        if span is not None:
            out.append((span, float(m.group(1))))
    return out


_RANGE_FROM = re.compile(r"\bbetween\s+$", re.I)
_RANGE_TO = re.compile(rf"\s+and\s+{_FIGURE}", re.I)


TO_ZERO = re.compile(r"\bto (zero|nil)\b", re.I)


_ORIGIN_WORDS = {"-", "made", "built", "origin"}  # "Chinese-made electric vehicles": where from, then what


RATE_SEPARATORS = {",", ";", "and", "plus", "with", "while", "but", "whereas"}


_NP_BREAK = {"is", "was", "are", "were", "be", "been", "has", "have", "had", "will", "would", "includes", "include",
             "included", "including", "and", "or", "but", "that", "which", "who", "to", "from", "than", "of", "with"}


def rate_of_another_phrase(sent: Span, i: int, trigger: Span) -> bool:
    """ "The 30 per cent U.S. rate includes the 20 per cent levy": a rate before the tariff word belongs to it only
    within its noun phrase."""
    doc = sent.doc
    if i >= trigger.start:
        return False
    end = next((k for k in range(i, trigger.start) if lowers(doc)[k] in ("cent", "percent", "%", "pc")), i) + 1
    gap = doc[end:trigger.start]
    return len(gap) > 6 or any(t.lower_ in _NP_BREAK or (t.is_punct and t.text not in ('"', "“", "”", "-", "'s"))
                               for t in gap)


def old_rate(sent: Span, i: int) -> bool:
    """ "to 30 per cent from 145 per cent", "from the 27.5 per cent they face", "now 25 per cent": the rate
    before the act, not the act's."""
    doc = sent.doc
    # "from the current 145%", "from current rates of between 15-20%": the words of a rate's phrase are passed over
    before = [w for w in (lowers(doc)[k] for k in range(max(sent.start, i - 7), i))
              if w not in _RATE_PHRASE and not w[:1].isdigit()]
    return bool(before) and before[-1] in ("from", "now", "currently")


_RATE_PHRASE = {"the", "its", "their", "current", "existing", "present", "rates", "rate", "levels", "level", "of",
                "between", "around", "about", "roughly", "some", "-", "–", "%", "per", "cent", "percent"}


def share_of(sent: Span, i: int) -> bool:
    """ "56% of all goods", "accounted for 25% of imports": the figure is a share of something, not a rate."""
    doc = sent.doc
    k = next((j for j in range(i, min(sent.end, i + 4)) if lowers(doc)[j] in ("%", "cent", "percent", "pc")), None)
    return k is not None and k + 1 < sent.end and lowers(doc)[k + 1] == "of"


def total_rate(sent: Span, i: int) -> bool:
    """ "an additional 25 percent tariff, bringing the total duty to 50 percent": the figure is the sum of the duties
    after the act, not an act of its own (a word of the dictionary's ``total`` list among the words just before it,
    in the same clause)."""
    words = lowers(sent.doc)[max(sent.start, i - 6):i]
    for w in reversed(words):
        if w in (",", ";", "and", "while", "but"):
            return False
        if w in coder.words("tariff", "total"):
            return True
    return False


_CALENDAR = re.compile(r"^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?$")


def _on_the_measure(doc: Doc, i: int, trigger: Span) -> bool:
    """The "on" at ``i`` can belong to the tariff: not when the parse makes it part of a verb whose subject is the
    tariff ("the tariffs weighed on shares": what they did, not what they tax). True with no parse."""
    on, head = token(doc[i]), token(doc[trigger.end - 1])
    if on is None or head is None:
        return True
    owner = on.head.head  # "on" -> its noun -> what that phrase attaches to
    return not (owner.pos_ == "VERB" and head.head == owner and head.dep_ == "nsubj")


def goods_of(sent: Span, trigger: Span) -> str | None:
    """The noun phrase after "on" that names what is taxed ("on imported vehicles"); None when it only names
    the countries taxed ("tariffs on Canada and Mexico", "on the EU": they are the targets, not goods)."""
    return goods_after(sent, trigger.end, min(clause_end(sent, trigger), trigger.end + 10), trigger)


def goods_after(sent: Span, start: int, stop: int, trigger: Span) -> str | None:
    """What :func:`goods_of` reads, from the first "on" between tokens ``start`` and ``stop`` (a rate's own
    stretch: "a 25% tariff on fentanyl, 25% on automobiles")."""
    doc = sent.doc
    for i in range(start, stop):
        if lowers(doc)[i] == "on" and _on_the_measure(doc, i, trigger):
            words = []
            for tok in doc[i + 1:min(sent.end, i + 9)]:
                if tok.is_punct and tok.text not in ("-", "$"):
                    break
                if tok.lower_ in ("from", "starting", "effective", "that", "which", "until", "by", "as", "unless",
                                  "if", "while", "in", "at", "on", "for", "after", "before", "since", "amid",
                                  "during", "because") or _CALENDAR.match(tok.text) or \
                        re.fullmatch(r"\d{1,2}[/.]\d{1,2}(?:[/.]\d{2,4})?", tok.text) or \
                        tok.lower_ == "to" and words and words[-1].lower_ != "up" and tok.i + 1 < sent.end \
                        and doc[tok.i + 1].like_num:
                    break  # "on China to 145 per cent", "on Canada on Tuesday": the new rate, the day
                words.append(tok)
                if tok.lower_ in GOODS_HEAD and tok.lower_ not in _ORIGIN_WORDS and not (
                        tok.lower_ in ("imports", "exports", "shipments") and tok.i + 1 < sent.end
                        and doc[tok.i + 1].lower_ == "of"):
                    break  # "imports of steel and aluminum" goes on to what is imported; "Chinese-made" goes on
            if words and (_only_countries(words) or any(t.lower_ in _PARTIES for t in words)
                          or words[0].lower_ in coder.words("tariff", "not_goods")):  # "on hold", "on social media"
                return None  # "on Canada and Mexico", "on dozens of countries": who is taxed, not what
            phrase = span_text(doc, words[0].i, words[-1].i + 1).strip() if words else ""
            return phrase or None  # as written: "Chinese-made electric vehicles", "C$30 billion of U.S. goods"
    return None


_LINKING = {"and", "or", "the", "both", ",", "&"}


_PARTIES = {"countries", "nations", "partners", "economies", "allies", "governments"}


def _only_countries(words: list) -> bool:
    """Every word names an actor (not as an adjective: "Canadian steel" is goods) or links two of them."""
    named = {k for s in words[0].doc.spans["actors"] if s.label_ != "demonym" for k in range(s.start, s.end)}
    return any(t.i in named for t in words) and all(t.i in named or t.lower_ in _LINKING for t in words)
