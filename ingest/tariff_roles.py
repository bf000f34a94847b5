"""Who imposes a tariff and who is hit: the agent of the act (read off the parse where it can be, else the
country or leader before the act word), the countries after "on", "against", "from" or before "goods", and
the country a person stands for on the day (a premier's surcharge is no national tariff).
"""

from __future__ import annotations

import datetime as dt
import re

from spacy.tokens import Doc, Span

from ingest import coder
from ingest.actors import Actor, Registry
from ingest.mentions import Mention
from ingest.nlp import lowers, span_text, texts
from ingest.tariff_clauses import (
    ACTION_WORDS,
    OWNER_GAP,
    clause_end,
    clause_start,
    condition_spans,
    relative_word,
    response_to,
)

GOODS_HEAD = {"goods", "imports", "products", "exports", "vehicles", "cars", "autos", "automobiles", "steel",
               "aluminum", "aluminium", "energy", "lumber", "softwood", "items", "shipments", "dairy", "canola",
               "pork", "beef", "seafood", "chips", "semiconductors", "pharmaceuticals", "drugs", "copper", "trucks",
               "parts", "electronics", "evs", "batteries", "potash", "oil", "gas", "wine", "whisky", "spirits",
               "motorcycles", "appliances", "machinery", "textiles", "apparel", "timber", "soybeans", "import",
               "product", "export", "made", "built", "-", "origin"}


_GOODS_PREP = {"on", "against", "from", "targeting", "hitting", "of", "including"}  # before what a tariff taxes
_TARGET_PREP = {"on", "against", "from", "targeting", "hitting", "to", "for", "and", "or", "including",
                "hit", "hits", "slap", "slapped", "punish", "penalise", "penalize", "exempt", "exempted", "spare",
                "spared"}


NOT_IMPOSER_PREP = {"on", "against", "from", "to", "with", "for", "into", "toward", "towards", "targeting",
                     "hitting", "over", "about", "of", "in", "at", "including"}


_SPOKE = {"said", "says", "wrote", "writes", "announced", "announces", "posted", "declared", "told", "added"}


def speaker_after(sent: Span, trigger: Span, ms: list[Mention], registry: Registry,
                   anchor: dt.date | None, hit: set[str]) -> Actor | None:
    """ "Japan will face a 25% tariff from Aug. 1, Trump said": the leader announcing a measure with no agent
    is the one imposing it, unless it is his own country that is hit (``hit``: actor ids)."""
    doc = sent.doc
    for m in ms:
        if m.start < trigger.end or not m.is_person or m.kind == "pronoun":
            continue
        before, after = lowers(doc)[m.start - 1], lowers(doc)[m.end] if m.end < sent.end else ""
        if after in _SPOKE or before in _SPOKE:
            actor = country_of(m, registry, anchor)
            return actor if actor is not None and actor.id not in hit else None
    return None


_SUBNATIONAL = {"provincial_premier", "state_governor", "governor", "mayor"}


_CUSTOMS_UNIONS = {"EU", "MERCOSUR"}  # organisations that set tariffs; a G7 or a NATO never does


def country_of(m: Mention, registry: Registry, anchor: dt.date | None) -> Actor | None:
    """The country (or customs union) a mention stands for as a party to a tariff: a person's country on the day, a
    body only if it sets tariffs (the EU does, the WTO or the G7 never); None for a provincial premier."""
    if not m.is_person:
        return m.actor if m.actor.kind != "organisation" or m.actor.id in _CUSTOMS_UNIONS else None
    held = [o for o in m.actor.offices if o.held_on(anchor)] or m.actor.offices
    if held and all(o.role in _SUBNATIONAL for o in held):
        return None  # a premier's surcharge is a provincial measure, not a national tariff
    country = m.actor.country_on(anchor)
    return registry.get(country) if country else None


_ENTERING = {"entering", "reaching", "shipped", "sold"}


_ARRIVING = {"arriving", "arrive", "arrives", "coming", "imported", "landing", "entering", "brought", "shipped"}


_THIRD_PARTY_TRADE = {"importing", "buying", "purchasing", "sourcing", "purchases", "buyers", "importers"}


_SHIPPED = {"exports", "goods", "shipments", "products", "sales", "cars", "vehicles", "shipped", "sold", "exported",
            "sent", "send", "sends", "ship", "ships", "sell", "sells", "export", "imports", "imported"}


_PASSIVE_HIT = re.compile(r"\b(would|will|could|to) (be hit|face|pay)|\b(faces?|facing) |\bbe hit\b|"
                          r"\b(was|were|is|are|been|being|got|gets)(?: also| again| now| already| \w+ly)? "
                          r"(hit|slapped|struck|spared|exempted)\b|"
                          r"\b(is|are|was|were|be|been|remains?|remained)(?: still| now| also| already)? "
                          r"subject to\b", re.I)


_SPEECH = re.compile(r"\b(said|says|wrote|writes|warned|warns|told|posted|announced|threatened|vowed|that)\b", re.I)


def _arriving(doc: Doc, m: Mention, sent: Span) -> bool:
    """ "steel arriving in the United States pays a 50% tariff": the country goods come into taxes them."""
    k = m.start - 1
    if k > sent.start and lowers(doc)[k] == "the":
        k -= 1
    return k > sent.start and lowers(doc)[k] in ("in", "into", "at") and lowers(doc)[k - 1] in _ARRIVING


def _destination(doc: Doc, m: Mention, sent: Span) -> bool:
    """ "EU exports to the U.S. will face a tariff": the country goods go to is the one taxing them."""
    k = m.start - 1
    if k > sent.start and lowers(doc)[k] == "the":
        k -= 1
    return k > sent.start and lowers(doc)[k] == "to" and lowers(doc)[k - 1] in _SHIPPED


def find_imposer(sent: Span, trigger: Span, ms: list[Mention], registry: Registry,
             anchor: dt.date | None, verb_at: int) -> tuple[Actor | None, list[Actor]]:
    """(imposer, parties hit that stand before the tariff word as subjects of "face"/"be hit")."""
    doc = sent.doc
    parties = coder.tariff_parties(trigger)  # the parse first: agent, owner, or subject of the act's verb
    if parties is not None and parties.imposer:
        found = mention_over(ms, parties.imposer)
        actor = country_of(found, registry, anchor) if found is not None else None
        if actor is not None:
            return actor, []
    # "tariffs imposed by the United States", "the tariff announced by the President"
    for m in ms:
        if m.start >= trigger.end and m.start - trigger.end <= 8 and (
                lowers(doc)[m.start - 1] == "by" or span_text(doc, m.start - 2, m.start).lower() == "by the"):
            # "Brazil was hit with a 50 per cent tariff by Trump": the subject is hit
            hit = [a for a in (country_of(x, registry, anchor) for x in ms if x.end <= trigger.start
                               and not x.is_person and _PASSIVE_HIT.search(span_text(doc, x.end, trigger.start)))
                   if a is not None]
            return country_of(m, registry, anchor), hit
        # "the tariff on imported vehicles that Trump announced on Wednesday", "the steep tariff the Trump
        # administration imposed earlier this year"
        zero_relative = m.start >= trigger.end and all(w in ("the", "a") for w in lowers(doc)[trigger.end:m.start]) \
            and m.start > trigger.end
        acted_at = m.end + (m.end < sent.end and lowers(doc)[m.end] in ("administration", "government"))
        if m.start >= trigger.end and m.start - trigger.end <= 8 and (
                lowers(doc)[m.start - 1] in ("that", "which") or zero_relative) \
                and acted_at < sent.end and any(p.match(lowers(doc)[acted_at]) for _, p in ACTION_WORDS):
            return country_of(m, registry, anchor), []
    # "U.S. duties on Chinese goods", "China's levies", "Canada's 25 per cent counter-tariff": whose tariff it is
    owner = tariff_owner(sent, trigger, ms)
    if owner is not None:
        return country_of(owner, registry, anchor), []
    # "tariffs on many products they send to China", "a tariff on goods imported into Canada": where the goods
    # go taxes them
    for m in ms:
        if m.start > trigger.end and (_destination(doc, m, sent) or _arriving(doc, m, sent)) and \
                country_of(m, registry, anchor) is not None:
            return country_of(m, registry, anchor), []
    # The subject of the governing verb comes before it; what follows it is hit, not hitting.
    lo = clause_start(sent, trigger)
    conditions = [(a, b) for a, b in condition_spans(sent) if not a <= trigger.start < b]
    ms = [m for m in ms if not any(a <= m.start < b for a, b in conditions)]  # the condition's parties are hit
    before = [m for m in ms if lo <= m.start and m.end <= verb_at] or \
        [m for m in ms if lo <= m.start and m.end <= trigger.start] or [m for m in ms if m.end <= trigger.start]
    end = clause_end(sent, trigger)
    # (what it answers is no part of it: "imposed a surcharge on X in response to Canadian tariffs on Chinese EVs")
    end = next((k for k in range(trigger.end, end) if response_to(sent, k)), end)
    hit = {a.id for a in targets_in(sent, trigger.start, end, ms, None, registry, anchor)}
    passive: list[Actor] = []
    for m in ms:  # "he warned that Mexico would face far steeper levies": named after the verb, hit
        if verb_at <= m.start and m.end <= trigger.start and not m.is_person and \
                _PASSIVE_HIT.search(span_text(doc, m.end, trigger.start)):
            actor = country_of(m, registry, anchor)
            if actor is not None and actor not in passive:
                passive.append(actor)
    hit_subject = mention_over(ms, parties.target) if parties is not None and parties.target else None
    for m in reversed(before):
        if m is hit_subject and m.end <= trigger.start:  # "Taiwan will have tariffs set at 20%": hit, not hitting
            actor = country_of(m, registry, anchor)
            if actor is not None and actor not in passive:
                passive.append(actor)
            continue
        prev = lowers(doc)[m.start - 1] if m.start > sent.start else ""
        prev2 = lowers(doc)[m.start - 2] if m.start - 1 > sent.start else ""
        if prev in _ENTERING or (prev == "the" and prev2 in _ENTERING) or _destination(doc, m, sent) or \
                _arriving(doc, m, sent):
            actor = country_of(m, registry, anchor)  # "goods entering the United States face a tariff"
            if actor is not None and actor.id not in hit:
                return actor, passive
        if after_a_preposition(doc, m, ms, sent):
            continue  # "harm to the United States": neither the one imposing nor the one facing; "imports from the
            # European Union and Japan": both are where the goods come from
        between = span_text(doc, m.end, min(trigger.start, max(verb_at, m.end) + 2))
        if _PASSIVE_HIT.search(between) and not _SPEECH.search(between):
            actor = country_of(m, registry, anchor)
            if actor is not None and actor not in passive:
                passive.append(actor)  # "the EU and Canada would face tariffs": hit, not hitting
            continue
        nxt = lowers(doc)[m.end] if m.end < len(doc) else ""
        if m.kind == "demonym" and nxt in GOODS_HEAD:
            continue  # "Chinese goods" names the target
        actor = country_of(m, registry, anchor)
        if actor is not None and actor.id not in hit and actor not in passive:
            # "Ishiba said the tariff on Japanese cars": not Japan's
            if passive:  # the others named in the same if-clause are hit too ("worked with Canada")
                passive += [a for a in (country_of(x, registry, anchor) for x in ms
                                        if m.end <= x.start < verb_at and not x.is_person)
                            if a is not None and a != actor and a not in passive]
            return actor, passive
    return None, passive


def after_a_preposition(doc: Doc, m: Mention, ms: list[Mention], sent: Span) -> bool:
    """A preposition of the hit or of a place governs the mention ("harm to the United States"), or an earlier one
    it is coordinated with ("imports from the European Union and Japan")."""
    prev = lowers(doc)[m.start - 1] if m.start > sent.start else ""
    prev2 = lowers(doc)[m.start - 2] if m.start - 1 > sent.start else ""
    if prev in NOT_IMPOSER_PREP or (prev == "the" and prev2 in NOT_IMPOSER_PREP):
        return True
    if prev == ",":  # "in Busan, South Korea": the country of a place named after a preposition
        k = m.start - 2
        while k > sent.start and doc[k].text[:1].isupper() and doc[k].is_alpha and m.start - 2 - k < 3:
            k -= 1
        dated = any(d.start <= k + 1 < d.end for d in doc.spans.get("dates", []))  # not "In March, Beijing ..."
        if k < m.start - 2 and lowers(doc)[k] in ("in", "at", "near") and not dated:
            return True
    other = next((o for o in reversed(ms) if o.end <= m.start - 1 and m.start - 1 - o.end <= 1), None)
    return prev in ("and", "or", ",") and other is not None and after_a_preposition(doc, other, ms, sent)


def mention_over(ms: list[Mention], words: tuple[int, ...]) -> Mention | None:
    """The mention holding the first of ``words`` that any mention holds (the head word first)."""
    for i in words:
        for m in ms:
            if m.start <= i < m.end:
                return m
    return None


def parse_imposer(sent: Span, trigger: Span, ms: list[Mention], registry: Registry,
                   anchor: dt.date | None) -> Actor | None:
    """The country the parse names as imposing the tariff word (its agent, owner or the subject of its verb)."""
    parties = coder.tariff_parties(trigger)
    agent = mention_over(ms, parties.imposer) if parties is not None and parties.imposer else None
    return country_of(agent, registry, anchor) if agent is not None else None


def tariff_owner(sent: Span, trigger: Span, ms: list[Mention]) -> Mention | None:
    """A country (or its demonym) right before the tariff word, with only modifiers between: the imposer."""
    doc = sent.doc
    for m in reversed(ms):
        if m.end > trigger.start or m.is_person:
            continue
        gap = doc[m.end:trigger.start]
        if len(gap) > 6 or not all(t.lower_ in OWNER_GAP or t.like_num for t in gap):
            return None
        prev = lowers(doc)[m.start - 1] if m.start > sent.start else ""
        if prev in ("on", "against", "from", "to", "into", "with", "for") or (m.kind == "demonym" and "'s" in gap.text):
            return None  # "tariffs on Chinese duties"? no: "exports to the U.S." is not the owner
        return m
    return None


def targets_in(sent: Span, lo: int, hi: int, ms: list[Mention], imposer: Actor | None, registry: Registry,
                anchor: dt.date | None) -> list[Actor]:
    doc = sent.doc
    out: list[Actor] = []
    for m in ms:
        if not (lo <= m.start < hi):
            continue
        prev = lowers(doc)[m.start - 1] if m.start > sent.start else ""
        if prev in ("the", "all", "its", "every", "most") and m.start - 2 >= sent.start:
            prev = lowers(doc)[m.start - 2]
        # "a 10% levy against BRICS nations": a body named with its members after a word that names the party hit
        # is a target (it never imposes, unless a customs union)
        bloc = m.actor if not m.is_person and m.actor.kind == "organisation" and m.end < sent.end and \
            lowers(doc)[m.end] in coder.words("tariff", "bloc_members") and \
            prev in coder.words("tariff", "target_cases") else None
        actor = country_of(m, registry, anchor) or bloc
        if actor is None or actor == imposer or m.is_person or m.kind == "office" or _destination(doc, m, sent):
            continue  # "vehicles shipped to the EU": where the goods go taxes them, it is not hit; "the trade
            # minister said": a country standing in for its unnamed official is a person here
        if _about_another_party(sent, m, ms):
            continue  # "a 25% duty for India, which buys oil from Russia": the clause tells of India, Russia is no
            # party
        if any(w in _THIRD_PARTY_TRADE for w in lowers(doc)[max(sent.start, m.start - 2):m.start]):
            continue  # "a penalty for importing Russian crude": the one buying it is hit, not Russia
        nxt = " ".join(lowers(doc)[m.end:min(sent.end, m.end + 3)])
        demonym_goods = m.kind == "demonym" and any(w in GOODS_HEAD for w in nxt.split()[:3])
        # "quotas for 1.4 billion litres of American ethanol": an adjective of origin on a product
        demonym_goods = demonym_goods or (m.kind == "demonym" and prev == "of" and m.end < sent.end
                                          and texts(doc)[m.end].isalpha() and texts(doc)[m.end].islower())
        demonym_goods = demonym_goods or (nxt.split()[:1] and nxt.split()[0] in GOODS_HEAD)  # "U.S. goods"
        possessive_goods = nxt.startswith(("'s", "’s")) and any(w in GOODS_HEAD for w in nxt.split()[1:3])
        payer = m.start >= lo and (nxt.split()[:1] and nxt.split()[0] in ("pays", "paid", "faces", "faced", "already")
                                   or coder.hit_subject(sent, m.end - 1))  # "with Peru facing a 19% tariff"
        origin = prev == "in" and m.start >= 2 and lowers(doc)[m.start - 2] in ("made", "built", "produced",
                                                                              "assembled", "manufactured") \
            and (m.start < 3 or lowers(doc)[m.start - 3] not in ("not", "n't", "never"))  # "not made in X": elsewhere
        if prev not in _GOODS_PREP and _modifies_other_noun(doc, m):
            continue  # "responding to US pressure", "under EU rules": the country qualifies another noun (but "on
            # U.S. chicken" names the goods hit)
        if prev in _TARGET_PREP or demonym_goods or possessive_goods or payer or origin or prev in (",",):
            if prev == "," and not out and not (demonym_goods or possessive_goods or payer or origin) and \
                    m.start - 1 != lo:
                continue  # a comma continues a list of targets, it does not start one (but it opens the stretch
                # of a rate of its own: "Taiwan at 20 percent, Pakistan at 19 percent")
            if prev in ("and", "or"):
                if _led_by_agent(doc, m, ms, lo):
                    continue  # "similar moves by the U.S. and the EU": a list has the role of its first name
                # "the leaders of Chile and Peru ... will each face": the list's first names are hit with its last
                out.extend(a for a in list_before(doc, m, ms, lo, registry, anchor) if a != imposer and a not in out)
            if actor not in out:
                out.append(actor)
    return out


def _about_another_party(sent: Span, m: Mention, ms: list[Mention]) -> bool:
    """The mention sits in a relative clause that describes another country named, and no tariff word is in that
    clause (in "India, which taxes U.S. goods" the clause tells a measure of its own)."""
    for found in (coder.described_by_clause(sent, m.start), _which_clause(sent, m)):
        if found is None:
            continue
        noun, lo, hi = found
        if any(lo <= t.start < hi for t in sent.doc.spans.get("triggers", []) if t.label_ == "TARIFF"):
            return False
        if any(o is not m and o.start <= noun < o.end and not o.is_person for o in ms):
            return True
    return False


def _which_clause(sent: Span, m: Mention) -> tuple[int, int, int] | None:
    """What :func:`coder.described_by_clause` reads off the parse, read off the words where the parser saw no
    relative clause: ", which" or ", who" before the mention with no clause break between."""
    k = relative_word(sent, m.start)
    if k is None:
        return None
    end = next((j for j in range(m.end, sent.end) if texts(sent.doc)[j] in (",", ";", ":", ".")), sent.end)
    return k - 2, k, end


def list_before(doc: Doc, m: Mention, ms: list[Mention], lo: int, registry: Registry,
                 anchor: dt.date | None) -> list[Actor]:
    """The countries of a list that ``m`` closes ("A, B and m"), first to last, from token ``lo`` on."""
    out: list[Actor] = []
    at = m
    for o in reversed([o for o in ms if lo <= o.start and o.end <= m.start]):
        if o.is_person or not all(w in (",", "and", "or") for w in lowers(doc)[o.end:at.start]) or o.end == at.start:
            break
        actor = country_of(o, registry, anchor)
        if actor is None:
            break
        out.insert(0, actor)
        at = o
    return out


_NOT_HIT_INTRO = {"by", "like", "than", "as"}  # "moves by X and Y", "countries like X and Y": agents, comparisons


def _led_by_agent(doc: Doc, m: Mention, ms: list[Mention], lo: int) -> bool:
    """The list that ``m`` closes opens after "by", "like", "than" or "as" ("aligning with similar moves by the
    U.S. and the EU"): its names act or compare, none is hit."""
    first = m
    for o in reversed([o for o in ms if lo <= o.start and o.end <= m.start]):
        if not all(w in (",", "and", "or", "the") for w in lowers(doc)[o.end:first.start]) or o.end == first.start:
            break
        first = o
    k = first.start - 1
    while k > lo and lowers(doc)[k] in ("the", "a", "an"):
        k -= 1
    return first is not m and k >= lo and lowers(doc)[k] in _NOT_HIT_INTRO


def _modifies_other_noun(doc: Doc, m: Mention) -> bool:
    """The parse makes the mention a compound of a noun that names no goods ("US pressure", "EU rules")."""
    head = coder.qualified_noun(doc[m.end - 1]) if m.kind != "demonym" else None
    return head is not None and head.lower_ not in GOODS_HEAD


def condition_parties(sent: Span, ms: list[Mention], imposer: Actor, registry: Registry,
                       anchor: dt.date | None) -> list[Actor]:
    """ "unless Canada dropped its tariffs, he would raise the duties on cars": a threat aims at the party whose
    conduct its condition names."""
    out: list[Actor] = []
    for a, b in condition_spans(sent):
        for m in ms:
            actor = country_of(m, registry, anchor) if a < m.start < b else None
            if actor is not None and actor != imposer and actor not in out:
                out.append(actor)
    return out
