"""Event extraction: calls, meetings (visits, summits) and tariff measures, sentence by sentence.

For each sentence with a trigger (ingest.nlp): assign roles from the resolved actor mentions
(ingest.mentions), read status (occurred / planned / threatened) and negation from the words around
the trigger, resolve the date (ingest.dates), and for tariffs the action, rate, goods, imposer and
target. Mentions of one event within an article are merged into one event.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from ingest.actors import Actor, Registry
from ingest.article import Article
from ingest.dates import When, resolve, shift
from ingest.mentions import Mention, MentionResolver
from ingest.nlp import load_pipeline

EXTRACTOR_VERSION = "0.1.0"
GOLD_TYPE = {"Call": "Call", "Meeting": "Meeting", "Visit": "Meeting", "Summit": "Meeting",
             "TariffMeasure": "TariffMeasure"}

_NEGATION = {"not", "n't", "never", "no", "without", "nor", "neither"}
_CANCEL = {"cancelled", "canceled", "called off", "scrapped", "postponed indefinitely", "declined",
           "refused", "rejected", "won't", "will not"}
_FUTURE = re.compile(r"\b(will|'ll|shall|is to|are to|set to|scheduled|schedule|plans? to|planning to|"
                     r"planned|expected to|due to|agreed to|would|intends? to|going to|upcoming|next|"
                     r"invited|aims? to|hopes? to|to be held|is to be|tomorrow|later this|"
                     r"in the coming|preparing to)\b", re.IGNORECASE)
_PAST_NEAR = re.compile(r"\b(met|held|spoke|had|hosted|visited|talked|said|announced|took|was|were|"
                        r"did|phoned|called)\b", re.IGNORECASE)
_CONDITIONAL = re.compile(r"\b(if|unless|threat|threaten\w*|warn\w*|could face|would face|"
                          r"risk(?:s|ed)? facing|vowed to)\b", re.IGNORECASE)
_ACTIONS: list[tuple[str, re.Pattern]] = [
    ("paused", re.compile(r"\b(paus\w*|suspend\w*|delay\w*|postpon\w*|on hold|shelv\w*|reprieve|"
                          r"hold off|held off|deferr?\w*|truce|stay of|holiday)\b", re.I)),
    ("exempted", re.compile(r"\b(exempt\w*|exclu\w*|carve[- ]outs?|spar\w+|waiv\w*)\b", re.I)),
    ("lifted", re.compile(r"\b(lift\w*|remov\w*|dropp?\w*|scrap\w*|cut\w*|reduc\w*|lower\w*|roll\w* back|"
                          r"rescind\w*|end(ed|s|ing)?|eliminat\w*|withdr[ae]w\w*|slash\w*)\b", re.I)),
    ("raised", re.compile(r"\b(rais\w*|hik\w*|increas\w*|doubl\w*|tripl\w*|ramp\w* up|escalat\w*|"
                          r"higher|additional|another|extra|boost\w*|jump\w*)\b", re.I)),
    ("retaliatory", re.compile(r"\b(retaliat\w*|counter[- ]?tariffs?|counter-?measures?|countermeasures?|"
                               r"in response|hit back|hits back|responded|response|reciprocal)\b", re.I)),
    ("imposed", re.compile(r"\b(impos\w*|slap\w*|levied|levying|took effect|take effect|takes effect|"
                           r"in force|into effect|went into|came into|appl(y|ied|ies)|collect\w*|"
                           r"charg\w*|placed|put|hit|hits|begin|began|started|effective)\b", re.I)),
    ("announced", re.compile(r"\b(announc\w*|unveil\w*|order\w*|sign\w*|declar\w*|set|plans?|"
                             r"proclam\w*|issued)\b", re.I)),
]
_RATE = re.compile(r"(\d+(?:\.\d+)?)\s*(?:%|per\s*cent|percent|pc\b)", re.I)
_GOODS = re.compile(r"\bon\s+((?:[A-Za-z$€£0-9.,'’\-]+\s+){0,6}?(?:imports?|goods|products|exports|"
                    r"vehicles|cars|autos|steel|aluminum|aluminium|energy|lumber|softwood|dairy|"
                    r"canola|pork|seafood|chips|semiconductors|pharmaceuticals|drugs|copper|trucks|"
                    r"parts|items|electronics|solar\s+\w+|EVs|electric vehicles|agricultural\s+\w+|"
                    r"[a-z]+ products))\b")
_GOODS_WORDS = {"goods", "imports", "products", "exports", "steel", "aluminum", "aluminium", "vehicles",
                "cars", "autos", "energy", "lumber", "items", "shipments", "agricultural", "food", "farm"}
_CALL_NOUN_OK = {"a", "the", "phone", "his", "her", "their", "first", "second", "hour-long", "lengthy",
                 "brief", "video", "telephone", "this", "that", "its", "one", "another", "latest",
                 "morning", "afternoon", "evening", "late-night", "minute", "-minute", "two", "'s"}


@dataclass
class Event:
    """One extracted event, in the project's terms (finer classes kept in ``cls``)."""

    cls: str  # Call | Meeting | Visit | Summit | TariffMeasure
    participants: list[Actor] = field(default_factory=list)
    imposer: Actor | None = None
    target: Actor | None = None
    when: When = field(default_factory=lambda: When(None, "day"))
    status: str = "occurred"
    action: str | None = None
    rate: float | None = None
    goods: str | None = None
    evidence: list[str] = field(default_factory=list)
    trigger: str = ""
    confidence: float = 0.6

    @property
    def type(self) -> str:
        return GOLD_TYPE[self.cls]

    @property
    def actors(self) -> list[Actor]:
        if self.type == "TariffMeasure":
            return [a for a in (self.imposer, self.target) if a is not None]
        return self.participants

    def to_gold(self) -> dict:
        """The event in the gold annotation format (GOLD_FORMAT.md), plus ``class`` and ``evidence``."""
        out: dict = {"type": self.type, "class": self.cls}
        if self.type == "TariffMeasure":
            out.update(imposer=self.imposer.name if self.imposer else None,
                       target=self.target.name if self.target else None,
                       rate=self.rate, goods=self.goods, action=self.action)
        else:
            out["participants"] = [a.name for a in self.participants]
        out["date"] = self.when.gold()
        if self.when.date is None and (self.when.after or self.when.before):
            if self.when.after:
                out["after"] = self.when.after.isoformat()
            if self.when.before:
                out["before"] = self.when.before.isoformat()
        out["status"] = self.status
        out["evidence"] = self.evidence[0] if self.evidence else ""
        return out


class Extractor:
    """Extracts events from articles; one instance per process (it holds the pipeline and gazetteer)."""

    def __init__(self, registry: Registry | None = None) -> None:
        self.registry = registry or Registry.load()
        self.nlp = load_pipeline()

    def __call__(self, article: Article) -> list[Event]:
        return self.extract_doc(self.nlp(article.text), article.published_date)

    def pipe(self, articles: list[Article], batch_size: int = 32) -> list[list[Event]]:
        """Extract from many articles (spaCy's batched tokenisation)."""
        docs = self.nlp.pipe((a.text for a in articles), batch_size=batch_size)
        return [self.extract_doc(doc, a.published_date) for doc, a in zip(docs, articles, strict=True)]

    def extract_doc(self, doc: Doc, anchor: dt.date | None) -> list[Event]:
        mentions = MentionResolver(self.registry, anchor)(doc)
        state = _ArticleState(anchor=anchor)
        for sent in doc.sents:
            ms = [m for m in mentions if sent.start <= m.start < sent.end]
            triggers = [t for t in doc.spans["triggers"] if sent.start <= t.start < sent.end]
            if not triggers:
                continue
            dates = [d for d in doc.spans["dates"] if sent.start <= d.start < sent.end]
            prev = [m for m in mentions if m.start < sent.start]
            for ev in _sentence_events(sent, triggers, ms, dates, prev, state):
                state.add(ev)
        return state.events


def extract(article: Article, registry: Registry | None = None) -> list[Event]:
    """Events in one article.

    >>> from ingest.article import Article
    >>> a = Article(title="t", text="Donald Trump spoke by phone with Mark Carney on Friday.",
    ...             published="2025-03-29")
    >>> [(e.type, e.to_gold()["date"]) for e in extract(a)]
    [('Call', '2025-03-28')]
    """
    return Extractor(registry)(article)


@dataclass
class _ArticleState:
    anchor: dt.date | None
    events: list[Event] = field(default_factory=list)
    last_imposer: Actor | None = None

    def add(self, ev: Event) -> None:
        for old in self.events:
            if _same_event(old, ev):
                _merge(old, ev)
                return
        self.events.append(ev)
        if ev.imposer is not None:
            self.last_imposer = ev.imposer

    def last_dated(self) -> When | None:
        for ev in reversed(self.events):
            if ev.when.date is not None and ev.when.precision == "day":
                return ev.when
        return None


def _same_event(a: Event, b: Event) -> bool:
    if a.type != b.type:
        return False
    if a.when.date and b.when.date and abs((a.when.date - b.when.date).days) > 1:
        return False
    if a.type == "TariffMeasure":
        return (a.imposer == b.imposer and a.target == b.target and a.action == b.action
                and (a.rate is None or b.rate is None or a.rate == b.rate))
    if a.status != b.status:
        return False
    ids_a, ids_b = {x.id for x in a.participants}, {x.id for x in b.participants}
    return ids_a == ids_b or (len(ids_a & ids_b) >= 2 and (ids_a <= ids_b or ids_b <= ids_a))


def _merge(into: Event, other: Event) -> None:
    if into.when.date is None and other.when.date is not None:
        into.when = other.when
    for a in other.participants:
        if a not in into.participants:
            into.participants.append(a)
    into.rate = into.rate if into.rate is not None else other.rate
    into.goods = into.goods or other.goods
    if into.cls == "Meeting" and other.cls in ("Visit", "Summit"):
        into.cls = other.cls
    for s in other.evidence:
        if s not in into.evidence:
            into.evidence.append(s)
    into.confidence = min(0.95, max(into.confidence, other.confidence) + 0.05)


# -- one sentence ----------------------------------------------------------------------------------------

def _sentence_events(sent: Span, triggers: list[Span], ms: list[Mention], dates: list[Span],
                     prev: list[Mention], state: _ArticleState) -> list[Event]:
    events: list[Event] = []
    first: dict[str, Span] = {}  # one interaction event per coarse type and sentence
    for t in triggers:
        if t.label_ in _INTERACTION and _real_trigger(t):
            first.setdefault("Call" if t.label_ == "CALL" else "Meeting", t)
    labels = {t.label_ for t in triggers}
    for coarse, trigger in first.items():
        cls = "Call" if coarse == "Call" else "Summit" if "SUMMIT" in labels else \
            "Visit" if "VISIT" in labels and "MEET" not in labels else "Meeting"
        ev = _interaction_event(sent, trigger, cls, ms, dates, prev, state)
        if ev is not None:
            events.append(ev)
    if "TARIFF" in labels:
        events.extend(_tariff_events(sent, [t for t in triggers if t.label_ == "TARIFF"], ms, dates, state))
    return events


_INTERACTION = {"CALL", "MEET", "VISIT", "SUMMIT"}
_DEFINITE = {"the", "that", "this", "their", "his", "her", "its", "today's", "friday's", "monday's",
             "tuesday's", "wednesday's", "thursday's", "saturday's", "sunday's"}


def _real_trigger(t: Span) -> bool:
    """Filter out trigger words used in another sense ("called for", "spoke to reporters")."""
    doc = t.doc
    word = t.text.lower()
    nxt = doc[t.end].lower_ if t.end < len(doc) else ""
    prv = doc[t.start - 1].lower_ if t.start > 0 else ""
    if word in ("call", "calls"):
        return prv in _CALL_NOUN_OK or prv.endswith("-minute") or prv.endswith("-hour") or nxt in ("with", "between")
    if word in ("called", "calling"):
        return nxt in ("with",) or (t.end < len(doc) and doc[t.end].text[:1].isupper()
                                    and doc[min(t.end + 2, len(doc) - 1)].text not in ('"', "“", "a", "an"))
    if word in ("spoke", "spoken", "speak", "speaks", "speaking", "talked"):
        rest = doc[t.end:t.end + 3].text.lower()
        return not re.match(r"(to|with|at|before) (reporters|journalists|the press|a news|an? \w+ conference|"
                            r"parliament|the media|supporters|business|crowds?)", rest) and \
            not rest.startswith(("out", "of", "about", "highly", "on condition"))
    if word in ("host", "hosts", "hosted", "hosting", "received", "welcomed"):
        return True
    if word == "bilateral":
        return nxt in ("meeting", "talks", "with")
    if word in ("phone",):
        return nxt in ("call", "conversation", "calls") or prv in ("by", "the", "on")
    if word in ("trip",):
        return True
    return True


def _tense_future(sent: Span, trigger: Span) -> bool:
    lo = max(sent.start, trigger.start - 8)
    window = sent.doc[lo:trigger.end + 2].text
    if not _FUTURE.search(window):
        return False
    before = sent.doc[lo:trigger.start].text.lower()
    # "after they met", "had agreed" -> past; "will meet", "plans to visit" -> future
    return not re.search(r"\b(had|has|have)\s+(met|spoken|held|visited|talked)\b", before)


def _negated(sent: Span, trigger: Span) -> bool:
    lo = max(sent.start, trigger.start - 5)
    before = [t.lower_ for t in sent.doc[lo:trigger.start]]
    if any(w in _NEGATION for w in before):
        return True
    window = sent.doc[lo:min(sent.end, trigger.end + 4)].text.lower()
    return any(c in window for c in _CANCEL)


def _pick_date(sent: Span, trigger: Span, dates: list[Span], future: bool,
               state: _ArticleState) -> When:
    if not dates:
        return When(None, "day")
    best = min(dates, key=lambda d: abs(d.start - trigger.start) + (0 if d.start >= trigger.start else 1))
    when = None
    text = best.text
    lead_words = [t.lower_ for t in sent.doc[max(sent.start, best.start - 4):best.start]]
    lead = next((w for w in reversed(lead_words) if w in ("after", "since", "before", "by", "until")), "")
    if re.search(r"\b(next|following|previous) day|\b(days?|weeks?) (after|later|before|earlier)", text, re.I):
        base = state.last_dated()
        when = shift(base, text) if base else None
    else:
        when = resolve(text, state.anchor, future=future)
    if when is None:
        return When(None, "day")
    if lead in ("after", "since") and when.date is not None and future:
        return When(None, "bounds", after=when.bounds[0])
    if lead in ("before", "by", "until") and when.date is not None and future:
        return When(None, "bounds", before=when.bounds[1])
    if when.precision == "year":
        return When(None, "bounds", after=when.bounds[0], before=when.bounds[1])
    return when


def _participants(sent: Span, ms: list[Mention], anchor: dt.date | None, summit: bool,
                  anaphora: bool) -> list[Actor]:
    """People named in the sentence; organisations at summits; countries only where no one is named."""
    people: list[Actor] = []
    for m in ms:
        if m.is_person and m.actor not in people:
            people.append(m.actor)
    out = list(people)
    person_countries = {p.country_on(anchor) for p in people}
    for m in ms:
        a = m.actor
        if a in out or m.is_person:
            continue
        if a.kind == "organisation" and summit:
            out.append(a)
        elif len(people) < 2 and not anaphora and a.id not in person_countries and _stands_alone(sent, m, ms):
            out.append(a)
    return out


def _stands_alone(sent: Span, m: Mention, ms: list[Mention]) -> bool:
    """A country mention that is a party, not a modifier ("Canadian Prime Minister", "Canada's election")."""
    if m.kind == "demonym":
        return False
    doc = sent.doc
    if m.end < len(doc) and doc[m.end].lower_ in ("'s", "’s", "'"):
        return False
    return not any(other.is_person and 0 <= other.start - m.end <= 3 for other in ms)


def _interaction_event(sent: Span, trigger: Span, cls: str, ms: list[Mention], dates: list[Span],
                       prev: list[Mention], state: _ArticleState) -> Event | None:
    if _negated(sent, trigger):
        return None
    coarse = GOLD_TYPE[cls]
    future = _tense_future(sent, trigger)
    before = sent.doc[trigger.start - 1].lower_ if trigger.start > sent.start else ""
    earlier = [e for e in state.events if e.type == coarse]
    if before in _DEFINITE and earlier:
        # "the call", "their meeting": the event told before, not a new one.
        ref = earlier[-1]
        return Event(cls=cls, participants=list(ref.participants), when=ref.when, status=ref.status,
                     evidence=[], trigger=trigger.text, confidence=ref.confidence)
    anaphora = bool(re.search(r"\b(two leaders|two men|two women|both leaders|the leaders|each other|"
                              r"counterparts?|the pair)\b", sent.text, re.I))
    participants = _participants(sent, ms, state.anchor, cls == "Summit", anaphora)
    if len(participants) < 2 and (anaphora or before in _DEFINITE):
        for a in [m.actor for m in reversed(prev[-8:]) if m.is_person]:
            if a not in participants:
                participants.append(a)
            if len(participants) >= 2:
                break
    if len(participants) < 2 and not (cls == "Summit" and participants):
        return None
    when = _pick_date(sent, trigger, dates, future, state)
    status = "planned" if future else "occurred"
    if when.date is not None and state.anchor is not None and when.date > state.anchor + dt.timedelta(days=1):
        status = "planned"
    return Event(cls=cls, participants=participants, when=when, status=status,
                 evidence=[sent.text.strip()], trigger=trigger.text,
                 confidence=0.7 if len(participants) >= 2 else 0.5)


def _tariff_action(text: str) -> str:
    if _CONDITIONAL.search(text):
        return "threatened"
    for action, pattern in _ACTIONS:
        if pattern.search(text):
            return action
    return "imposed"


def _tariff_events(sent: Span, triggers: list[Span], ms: list[Mention], dates: list[Span],
                   state: _ArticleState) -> list[Event]:
    trigger = triggers[0]
    if _negated(sent, trigger):
        return []
    text = sent.text
    action = _tariff_action(text)
    future = _tense_future(sent, trigger)
    status = "threatened" if action == "threatened" else "planned" if future and action in (
        "imposed", "announced", "retaliatory", "raised") else "occurred"
    imposer = _imposer(sent, trigger, ms, state)
    if imposer is None:
        return []
    rates = [(m, float(m.group(1))) for m in _RATE.finditer(text)]
    targets = _targets(sent, trigger, ms, imposer)
    when = _pick_date(sent, trigger, dates, future, state)
    goods_m = _GOODS.search(text)
    goods = goods_m.group(1) if goods_m else None
    pairs: list[tuple[float | None, Actor | None]] = []
    if rates:
        for _, rate in rates[:4]:
            for tgt in targets or [None]:
                pairs.append((rate, tgt))
    else:
        for tgt in targets or [None]:
            pairs.append((None, tgt))
    out = []
    seen = set()
    for rate, tgt in pairs:
        key = (rate, tgt.id if tgt else None)
        if key in seen:
            continue
        seen.add(key)
        out.append(Event(cls="TariffMeasure", imposer=imposer, target=tgt, when=when, status=status,
                         action=action, rate=rate, goods=goods, evidence=[text.strip()],
                         trigger=trigger.text, confidence=0.6))
    return out


def _imposer(sent: Span, trigger: Span, ms: list[Mention], state: _ArticleState) -> Actor | None:
    before = [m for m in ms if m.end <= trigger.start]
    for m in reversed(before):
        prev_tok = sent.doc[m.start - 1].lower_ if m.start > 0 else ""
        if prev_tok in ("on", "against", "from", "to", "with"):
            continue
        country = m.actor.country_on(state.anchor) if m.is_person else m.actor.id
        if country:
            return _as_actor(m.actor, country)
    if state.last_imposer is not None:
        return state.last_imposer
    return None


def _as_actor(actor: Actor, country_id: str) -> Actor:
    if actor.kind != "person":
        return actor
    from ingest.actors import Registry  # the default registry holds every country

    return Registry.load().get(country_id) or actor


def _targets(sent: Span, trigger: Span, ms: list[Mention], imposer: Actor) -> list[Actor]:
    out: list[Actor] = []
    doc = sent.doc
    for m in ms:
        if m.is_person or m.actor == imposer:
            continue
        prev_tok = doc[m.start - 1].lower_ if m.start > 0 else ""
        nxt = doc[m.end].lower_ if m.end < len(doc) else ""
        after_trigger = m.start >= trigger.end
        if prev_tok in ("on", "against", "from", "targeting", "hitting", "and", "or", "with", "to") and \
                after_trigger:
            pass
        elif m.kind == "demonym" and (nxt in _GOODS_WORDS or doc[m.end:m.end + 2].text.lower().split()[-1:]
                                      and doc[m.end:m.end + 2].text.lower().split()[-1] in _GOODS_WORDS):
            pass
        else:
            continue
        if m.actor not in out:
            out.append(m.actor)
    return out
