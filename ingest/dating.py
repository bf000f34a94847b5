"""Which date expression of a sentence dates an event, and what it means there.

The date grammar (ingest.dates) turns "last Friday" into a day; this module chooses, for a trigger, the date
expression that names its own act: the nearest one, not one that marks another time ("since March 14"), the
day a measure takes effect for its announcement, a date inside a clause about someone else, or the day of
another trigger nearer to it. With none, the page's memory (ingest.article_state) gives the day its paragraph
is about, or the news day.
"""

from __future__ import annotations

import datetime as dt
import re

from spacy.tokens import Span

from ingest import coder
from ingest.article_state import ArticleState
from ingest.dates import When, resolve, shift
from ingest.nlp import lowers, sent_text, span_text, texts
from ingest.syntax import token
from ingest.tariff_clauses import in_relative_clause, since_clause


def nearest_dates(dates: list[Span], trigger: Span, others: list[int]) -> list[Span]:
    """The dates no other trigger (``others``: their starts) is nearer to than ``trigger``: a date nearer to
    another call or meeting dates that one ("the trip followed Macron's meeting with Trump on Monday")."""
    return [d for d in dates if all(abs(d.start - o) >= abs(d.start - trigger.start)
                                    for o in others if o != trigger.start)]


EFFECT_LEAD = {"from", "starting", "effective", "until", "by", "through", "beginning"}


_BOUND_LEAD = {"after", "since", "before", "by", "until", "once"}


def _bound_phrase(sent: Span, date: Span) -> str:
    """ "after Canada's general election on April 28", "since one in Busan in November 2023": a bound a few words
    before the date, with no verb or comma between."""
    at = _bound_at(sent, date)
    return lowers(sent.doc)[at] if at is not None else ""


def _bound_at(sent: Span, date: Span) -> int | None:
    """The position of the word of :func:`_bound_phrase`, or None."""
    doc = sent.doc
    for i in range(date.start - 1, max(sent.start, date.start - 7) - 1, -1):
        w = lowers(doc)[i]
        if w in ("after", "before", "until", "once", "since"):
            return i
        if len(w) > 5 and w.endswith("ing") and doc[i].is_alpha:
            return None  # "before travelling to Abu Dhabi on Thursday": the date is the travelling's
        if w in (",", ";") or _PAST_NEAR.fullmatch(w) or _FUTURE_NEAR.fullmatch(w):
            return None
    return None


_AT_THE_TIME = re.compile(r"\b(?:at the time|at that time|back then)\b", re.I)


_OWN_LEAD = {"on", "in", "at", "since", "by", "from", "until", "during", "before", "after"}


def date_lead(sent: Span, date: Span, words: set[str]) -> str:
    """The preposition heading a date expression ("since March 14", "after the April 28 election")."""
    low, txt = lowers(sent.doc), texts(sent.doc)
    if low[date.start] in _OWN_LEAD:  # "a threat by Mr Trump on Monday": "on" heads it, not "by"
        i = date.start
    else:
        i = date.start - 1
        lo = max(sent.start, date.start - 4)
        while i >= lo and (low[i] in ("the", "a", "'s", "’s") or txt[i][:1].isupper()):
            i -= 1  # "after Canada's April 28 election": look past the determiner and the name
        if i < lo:
            return ""
    if low[i] == "on" and i > sent.start and low[i - 1] in _EFFECT_ON:
        i -= 1  # "starting on April 10", "effective on Monday": when it takes effect
    return low[i] if low[i] in words else ""


_EFFECT_ON = {"starting", "beginning", "effective"}


_FUTURE_NEAR = re.compile(r"\b(will|would|'ll|shall|next|coming|scheduled|due|expect\w*|set to|to be|plans?|"
                          r"starting|beginning|effective|opens|begins|convenes|start|begin|takes|kicks)\b", re.I)


_PAST_NEAR = re.compile(r"\b(said|says|announced|warned|told|confirmed|threatened|signed|met|spoke|called|"
                        r"posted|wrote|declared|ordered|unveiled|last|took|kicked)\b", re.I)


_SPEECH_VERB = re.compile(r"\b(said|says|told|tells|announced|announces|wrote|writes|posted|confirmed)\b", re.I)


# counted from another event: "the next day", "two days after", "the following month" (not "next month": from now)
_RELATIVE_TO_EVENT = re.compile(r"\b(next|following|previous) day|\bthe (next|following|previous) month|"
                                r"\b(days?|weeks?|months?) (after|later|before|earlier)", re.I)


def _date_future(sent: Span, date: Span, default: bool) -> bool:
    """Tense for one date expression: the words just around it ("On Monday, Trump warned that X would ..."
    dates the warning, in the past, even in a sentence about the future)."""
    doc = sent.doc
    told = _verb_tense(date)
    if told is not None:
        return told
    if date.start == sent.start:
        return False  # (fronted, in a sentence the parser did not read)
    for i in range(date.start - 1, max(sent.start, date.start - 6) - 1, -1):  # the nearest tense word decides
        word = texts(doc)[i]
        if _FUTURE_NEAR.fullmatch(word.lower()):
            return True
        if _PAST_NEAR.fullmatch(word.lower()):
            return False
    if _PAST_NEAR.search(span_text(doc, date.end, min(sent.end, date.end + 3))):
        return False
    return default


def _verb_tense(date: Span) -> bool | None:
    """The tense of the verb a date expression modifies, from the parse: True for "will/shall" ("where he will
    meet Zelensky" does not move "arrived on Friday" to next week), False for a simple past or a perfect, None
    when the parse does not say (no parse, a present, a conditional)."""
    tok = token(date.sent.doc[date.end - 1])
    verb = next((a for a in tok.ancestors if a.pos_ in ("VERB", "AUX")), None) if tok is not None else None
    if verb is None:
        return None
    aux = {c.lower_.replace("’", "'") for c in verb.children if c.dep_.startswith("aux")}
    if aux & (coder.words("modality", "future_aux") - {"would"}):
        return True
    if aux & (coder.words("modality", "hedge_aux") | coder.words("modality", "advice_aux") | {"would", "to"}) or \
            verb.tag_ not in ("VBD", "VBN"):
        return None  # a conditional, a hedge, an infinitive or a present: the words around the date decide
    return False if verb.tag_ == "VBD" or aux & {"has", "have", "had"} else None


_PARTICIPLE = re.compile(r"^(announced|unveiled|signed|agreed|reached|struck|imposed|issued|released|published|"
                         r"sealed|concluded|adopted|approved|passed|enacted|ordered|introduced|made|set)$")


def _dates_a_participle(sent: Span, trigger: Span, date: Span) -> bool:
    """The date follows a participle modifying another noun ("the trade deal announced in May"), away from the
    trigger: it dates that noun's act."""
    doc = sent.doc
    for p in range(date.start - 1, max(sent.start, date.start - 3) - 1, -1):
        if _PARTICIPLE.match(lowers(doc)[p]):
            noun = doc[p - 1] if p > sent.start else None
            return (noun is not None and noun.is_alpha and noun.text.islower()
                    and noun.lower_ not in _NOT_NOUN and not (trigger.start - 4 <= p <= trigger.end + 4))
        if lowers(doc)[p] not in ("on", "in", "last", "earlier", "this", "the"):
            return False
    return False


def _dates_a_gerund(sent: Span, trigger: Span, date: Span) -> bool:
    """The date ends a time phrase built on a gerund ("after taking office on January 20", "before leaving for
    Ottawa on Friday") that does not hold the trigger: it dates that other act."""
    doc = sent.doc
    for i in range(date.start - 1, max(sent.start, date.start - 6), -1):
        w = lowers(doc)[i]
        if doc[i].is_punct:
            return False
        if len(w) > 5 and w.endswith("ing") and doc[i].is_alpha and lowers(doc)[i - 1] in _GERUND_LEAD:
            # the phrase runs on to the next punctuation: "before travelling to Abu Dhabi on Thursday to meet ..."
            held = i - 1 <= trigger.start < date.start or (
                trigger.start >= date.end and not any(t.is_punct for t in doc[date.end:trigger.start]))
            return not held
    return False


_GERUND_LEAD = {"after", "before", "since", "upon", "while", "when"}


def _dates_a_clause(sent: Span, trigger: Span, date: Span) -> bool:
    """The date sits in a time clause with a verb of its own ("since Biden assumed office in January 2021") that
    does not hold the trigger: it dates that clause's act. Read off the parse (False without one)."""
    tok = token(sent.doc[date.end - 1])
    if tok is None:
        return False
    base = sent.start
    verb = next((a for a in tok.ancestors if a.pos_ in ("VERB", "AUX")), None)
    if verb is None or not verb.dep_.startswith("advcl") or not any(
            c.dep_ == "mark" and c.lower_ in _GERUND_LEAD for c in verb.children):
        return _time_clause_words(sent, trigger, date)
    clause = {base + t.i for t in verb.subtree}
    return not any(i in clause for i in range(trigger.start, trigger.end))


def _time_clause_words(sent: Span, trigger: Span, date: Span) -> bool:
    """The same read off the words and their tags where the parser did not make the clause one ("the third meeting
    since Biden assumed office in January 2021", the verb taken for an adjective): a time word, then a verb in the
    past with its subject, then the date, the trigger outside."""
    doc = sent.doc
    for i in range(date.start - 1, max(sent.start, date.start - 8), -1):
        if doc[i].is_punct:
            return False
        outside = trigger.end <= i or (trigger.start >= date.end and any(
            t.text in (",", ";", ":", "—", "–", "(") for t in doc[date.end:trigger.start]))
        if lowers(doc)[i] in _GERUND_LEAD and outside:
            return any((t := token(doc[k])) is not None and t.tag_ == "VBD" or
                       (t is not None and t.tag_ == "VBN" and k > i + 1 and not doc[k - 1].is_punct)
                       for k in range(i + 2, date.start))
    return False


_NOT_NOUN = {"he", "she", "it", "they", "we", "i", "you", "who", "which", "that", "was", "were", "is", "are", "be",
             "been", "had", "has", "have", "and", "or", "but", "also", "then", "jointly", "formally", "first"}


_PLUPERFECT = re.compile(r"\bhad (?:\w+ )?(?:announced|set|threatened|imposed|signed|ordered|agreed|unveiled|"
                         r"promised|said|spoken|met|held|proposed|sent|written|declared)\b", re.I)


_DURATION_LEAD = {"over", "within", "throughout", "for", "spend", "spent", "spending", "spends"}


def _relative_to(sent: Span, i: int) -> int:
    """The token a ", which ..." / ", who ..." clause holding token ``i`` is attached to (-1 if none)."""
    doc = sent.doc
    for k in range(i - 1, sent.start, -1):
        if lowers(doc)[k] in ("which", "who", "whose") and texts(doc)[k - 1] == ",":
            return k - 2
    return -1


# The event's own predicate right after its date says it is over: "the meeting on Feb. 28 ended in ..."
_PAST_AFTER = re.compile(r"^(?:\S+ )?(ended|lasted|was|were|took place|went|collapsed|broke down)\b", re.I)


_PAST_FORMS = {"spoke", "met", "phoned", "telephoned", "talked", "hosted", "visited", "sat down", "held talks",
               "welcomed", "received", "called"}


_RANGE_JOINTS = {"to", "through", "until", "till", "-", "–"}


def opens_range(sent: Span, d: Span, dates: list[Span]) -> bool:
    """``d`` is the first day of a span the sentence names ("from August 31 to September 1")."""
    return d.end < sent.end and lowers(sent.doc)[d.end] in _RANGE_JOINTS and any(e.start == d.end + 1 for e in dates)


def closes_range(sent: Span, d: Span, dates: list[Span]) -> bool:
    """``d`` is the last day of a span the sentence names."""
    return d.start > sent.start and lowers(sent.doc)[d.start - 1] in _RANGE_JOINTS and \
        any(e.end == d.start - 1 for e in dates)


def pick_date(sent: Span, trigger: Span, dates: list[Span], future: bool,
               state: ArticleState, action: str | None = None) -> When:
    """The date of the act the trigger names: the nearest date expression, not one that marks a
    different time ("since March 14"), nor, for an announcement, the day a measure takes effect."""
    def cost(d: Span) -> float:
        c = abs(d.start - trigger.start) + (0 if d.start >= trigger.start else 0.5)
        followed = span_text(sent.doc, d.end, min(sent.end, d.end + 2)).lower()
        # "the first meeting since one in Busan in November 2023": the day of the other one (but "since the G20
        # summit in Osaka in June 2019" dates that summit)
        bound = _bound_at(sent, d)
        since_phrase = bound is not None and lowers(sent.doc)[bound] == "since" and not bound < trigger.start < d.start
        if not future and action is None and (date_lead(sent, d, {"since"}) or since_phrase) \
                and not followed.startswith((", when", "when")):
            c += 100  # "since March 14" dates something else, unless "since June 17, when they spoke"
        if action is None and d.start >= trigger.end and _SPEECH_VERB.search(span_text(sent.doc, trigger.end, d.start)):
            c += 20  # "... meeting with Trump, he announced on Friday": the day of the announcement
        if in_relative_clause(sent, d.start) and not in_relative_clause(sent, trigger.start):
            # "Trump, who takes office in January, promised ...": the date is about someone else; but "the G20
            # summit, which opens Monday" dates the summit itself
            c += 0 if _relative_to(sent, d.start) in range(trigger.start, trigger.end) else 100
        elif (own := coder.relative_clause(sent, trigger.start)) is not None and \
                coder.relative_clause(sent, d.start) != own:
            c += 10  # "signed an order last month that raised tariffs to 35 per cent on Aug. 1": the clause's own day
        elif action is None and own is None and not in_relative_clause(sent, trigger.start) and \
                (clause := coder.relative_clause(sent, d.start)) is not None and \
                not coder.relative_clause_on(sent, clause, trigger):
            c += 100  # "talks between Trump and Rutte, the Dutchman who took over NATO in October": that man's day
        if _owned_by_another(sent, d, trigger):
            c += 100  # "the visit comes ahead of next weekend's European election": the election's day
        if date_lead(sent, d, _DURATION_LEAD):
            c += 100  # "negotiations over the coming month", "would spend the next month": how long, not when
        if closes_range(sent, d, dates):
            c += 100  # "from August 31 to September 1": a span is dated by its first day
        if action in ("announced", "threatened") and \
                date_lead(sent, d, EFFECT_LEAD):
            c += 100  # the day a measure takes effect is not the day it was announced (but a cut or a pause is
            # dated by the day it applies from: "will remove the counter-tariffs, effective September 1")
        elif date_lead(sent, d, EFFECT_LEAD) and action not in ("imposed", "raised") and not (
                action is None and opens_range(sent, d, dates)):
            c += 20  # (but "a summit from August 31 to September 1" opens on August 31)
        if d.start > trigger.end and _PLUPERFECT.search(span_text(sent.doc, trigger.end, d.start)) and \
                not _PLUPERFECT.search(span_text(sent.doc, max(sent.start, trigger.start - 4), trigger.start)):
            c += 100  # "..., the rate he had announced in a letter on July 12": an earlier act's date
        if action is None and _dates_a_participle(sent, trigger, d):
            c += 100  # "signed the order putting into effect the deal announced in May": the deal's date
        if _dates_a_gerund(sent, trigger, d) or _dates_a_clause(sent, trigger, d):
            c += 100  # "immediately after taking office on January 20, he will hit Mexico ...", "since Biden took
            # office in January 2021": the day of that act
        if _RELATIVE_TO_EVENT.search(d.text) and not (
                re.search(r"(after|before|later|earlier|day)$", d.text, re.I) and 0 <= trigger.start - d.end <= 10
                and not any(sent.doc[k].is_punct for k in range(d.end, trigger.start))):
            c += 15  # "a day after ..." counts from another event, a weaker anchor than a named day (unless the
            # trigger is that other event: "two days after Trump unveiled his tariff plan")
        lo, hi = min(d.end, trigger.start), max(d.start, trigger.end)
        if action is None and any(texts(sent.doc)[k] == "," and lowers(sent.doc)[k + 1] in ("and", "but")
                                  for k in range(lo, hi - 1)):
            c += 25  # "X spoke on March 28, and they have pencilled in a meeting ...": the other clause's day
        return c

    candidates = sorted(dates, key=cost)
    if not candidates or cost(candidates[0]) >= 100:
        if _AT_THE_TIME.search(sent_text(sent)) and state.last_dated() is not None:
            return state.last_dated()  # "the White House said at the time that ...": the day of what was just told
        return state.context_date(future)
    best = candidates[0]
    text = best.text
    if _RELATIVE_TO_EVENT.search(text):
        # counted from a day named earlier in the same sentence ("On Wednesday, ... and a day later he warned";
        # "His dinner on Nov. 29, four days after Trump threatened"), else from the last dated event
        named = [resolve(d.text, state.anchor) for d in dates if d.end <= best.start
                 and not _RELATIVE_TO_EVENT.search(d.text)]
        month = bool(re.search(r"\bmonths?\b", text, re.I))  # "the following month" counts from a month too
        days = [w for w in named if w is not None and w.date is not None and (w.precision == "day" or month)]
        base = days[-1] if days else state.last_dated(months=month)
        if trigger.start >= best.end and re.search(r"\b(after|before)$", text, re.I):
            # "on Thursday, a day after Trump announced a tariff": the trigger is the earlier event
            text = re.sub(r"(after|before)$", lambda m: "before" if m[1].lower() == "after" else "after", text,
                          flags=re.I)
        when = shift(base, text) if base else None
    else:
        past = not future and (trigger.text.lower() in _PAST_FORMS or coder.after_phrase(trigger) or bool(
            _PAST_AFTER.match(span_text(sent.doc, best.end, min(sent.end, best.end + 3)))))
        # a page with no date: relative words count from the last full date it named ("last May")
        base_day = state.anchor or (state.page_when.date if state.page_when is not None else None)
        when = resolve(text, base_day, future=_date_future(sent, best, future), past=past)
    if when is None:
        return state.context_date(future)
    lead = date_lead(sent, best, _BOUND_LEAD) or _bound_phrase(sent, best)
    if lead in ("after", "since", "once") and when.date is not None and future:
        return When(None, "bounds", after=when.bounds[0])
    if lead in ("before", "by", "until") and when.date is not None and future:
        return When(None, "bounds", before=when.bounds[1])
    if when.precision == "year":
        return When(None, "bounds", after=when.bounds[0], before=when.bounds[1])
    return when


def _owned_by_another(sent: Span, date: Span, trigger: Span) -> bool:
    """A date in the possessive ("next weekend's election", "Friday's vote") dates the noun it owns; it dates the
    trigger only when the trigger is that noun ("Friday's meeting")."""
    doc = sent.doc
    if date.end + 1 >= sent.end or lowers(doc)[date.end] not in ("'s", "’s"):
        return False
    return not date.end < trigger.start <= date.end + 4


def before_anchor(date: Span, anchor: dt.date) -> bool:
    when = resolve(date.text, anchor, future=_date_future(date.sent, date, True))
    return when is not None and when.bounds[1] is not None and when.bounds[1] < anchor


def after_anchor(date: Span, anchor: dt.date, future: bool = False) -> bool:
    when = resolve(date.text, anchor, future=future or _date_future(date.sent, date, False))
    return when is not None and when.date is not None and when.date > anchor + dt.timedelta(days=0 if future else 1)


def points_in_time(sent: Span, dates: list[Span]) -> list[Span]:
    """The dates of ``sent`` that name when something happened, not the bound of a span ("since March 14",
    "effective Aug. 1"): what the day a paragraph is about can be."""
    return [d for d in dates if not date_lead(sent, d, {"since", "until", "by", "from", "starting", "effective"})
            and not since_clause(sent, d.start)]  # "since Brexit took effect on January 31, 2020": a start
