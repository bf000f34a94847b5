"""Actor mentions in context: gazetteer names, titles with names, title-only references, surnames of
people first named in full, and he/she pronouns, resolved against the registry and the article date.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from graph.namespaces import slug
from ingest import coder, quotes, syntax
from ingest.actors import LEADER_ROLES, Actor, Office, Registry, fold
from ingest.nlp import doc_text, lowers

_NAME_STOP = {"The", "A", "An", "And", "Of", "On", "In", "At", "For", "With", "To", "By", "His", "Her",
              "Its", "Their", "This", "That", "But", "As", "After", "Before", "When", "While", "Mr", "Mrs",
              "Ms", "Dr", "Minister", "President", "Secretary", "Prime", "Foreign", "Trade", "Office",
              "House", "Ministry", "Department", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
              "Saturday", "Sunday", "Said", "Says", "Who", "Which", "Speaking", "General", "Affairs",
              "Representative", "Commissioner", "Council", "Commission", "Cabinet", "Parliament"}
# office words that may take a portfolio ("Minister of Public Security") before the holder's name
_PORTFOLIO_HEADS = {"Minister", "Secretary", "Director", "Commissioner", "Chairman", "Chairwoman", "Governor"}
def _name_word(text: str) -> bool:
    """A capitalised word of a name, apostrophes allowed ("Mata'afa", "O'Neill")."""
    return text[:1].isupper() and text.replace("'", "").replace("’", "").isalpha()


def _other_name_before(doc: Doc, at: int, actor: Actor, marked: set[int]) -> bool:
    """The words before a one-word name are given names of someone else ("Melania Trump"): capitalised, not the
    sentence's first word, not a title, a country or a name already marked, and none of them a word of the
    person's own names ("Abdel Fattah Al Sisi" is el-Sisi)."""
    run: list[str] = []
    i = at - 1
    while i >= 0 and len(run) < 4 and _name_word(doc[i].text) and not doc[i].is_sent_start and i not in marked \
            and doc[i].text not in _NAME_STOP and len(doc[i].text) > 1:
        run.append(fold(doc[i].text))
        i -= 1
    if not run:
        return False
    own = {w for n in [actor.name, *actor.aliases] for w in re.split(r"[\s-]+", fold(n))}
    return not own & set(run)


# lowercase words inside names ("Rebelo de Sousa", "bin Salman", "van der Bellen")
_PARTICLES = {"de", "da", "do", "dos", "das", "del", "della", "di", "du", "van", "von", "der", "den", "bin", "bint",
              "al", "el", "ibn", "le", "la"}


_PRONOUN = re.compile(r"\b([Hh]e|[Ss]he|him|her|Her|[Hh]is)\b")


@dataclass
class Mention:
    """An actor named (or referred to) by tokens ``start``..``end`` of the document."""

    actor: Actor
    start: int
    end: int
    # name | metonym | demonym | title | new | surname | pronoun | leader ("the leaders of A and B": the leader
    # the page names, else the country standing in for him) | office (a title whose holder the page never names:
    # the country standing in for him)
    kind: str

    @property
    def is_person(self) -> bool:
        return self.actor.kind == "person"


_BLOC_ANAPHORS = {"bloc", "the bloc"}


class MentionResolver:
    """Resolves every actor mention in one article (create one per article)."""

    def __init__(self, registry: Registry, anchor: dt.date | None) -> None:
        self.registry = registry
        self.anchor = anchor
        self.local: dict[str, Actor] = {}  # surnames and names of people met in this article

    def __call__(self, doc: Doc) -> list[Mention]:
        found: list[Mention] = []
        taken: set[int] = set()
        marked = {i for s in list(doc.spans["actors"]) + list(doc.spans["titles"]) for i in range(s.start, s.end)}
        for span in doc.spans["actors"]:
            actor = self.registry.get(span.kb_id_)
            if actor is None:
                continue
            if actor.kind == "person" and len(span) == 1 and not span.text.startswith("@") and \
                    _other_name_before(doc, span.start, actor, marked):
                continue  # "Lawrence Wong Shyun Tsai", "Melania Trump": the last word of another person's name
            if span.label_ == "name" and actor.kind == "person":
                self.local.setdefault(fold(span.text), actor)
            if fold(span.text) in _BLOC_ANAPHORS:
                # "the bloc" is the last bloc the page named (ASEAN, BRICS, the EU), the EU only when none
                actor = next((m.actor for m in reversed(found) if m.actor.kind == "organisation"
                              and fold(m.actor.name) not in _BLOC_ANAPHORS), actor)
            found.append(Mention(actor, span.start, span.end, span.label_))
            taken.update(range(span.start, span.end))
        focal = self._focal_country(found)
        for title in doc.spans["titles"]:
            if title.start in taken:
                # "EU trade chief": the title's first word is a country or body already marked; the rest is the
                # office, in that country or body
                owner = next((m for m in found if m.start == title.start and m.end < title.end
                              and not m.is_person), None)
                if owner is None or any(i in taken for i in range(owner.end, title.end)):
                    continue
                title = doc[owner.end:title.end]
            mention = self._title_mention(doc, title, taken, found, focal)
            if mention is not None:
                found.append(mention)
                taken.update(range(mention.start, mention.end))
        for mention in self._portfolio_holders(doc, taken):
            found.append(mention)
            taken.update(range(mention.start, mention.end))
        found.sort(key=lambda m: m.start)
        found.extend(self._surnames(doc, taken))
        found.sort(key=lambda m: m.start)
        found.extend(self._counterparts(doc, found, taken))
        found.sort(key=lambda m: m.start)
        found.extend(self._pronouns(doc, found))
        found.sort(key=lambda m: m.start)
        found.extend(_first_person(doc, found))
        found.sort(key=lambda m: m.start)
        return self._unnamed_holders(self._leaders_of(doc, _nicknamed(doc, found)))

    def _unnamed_holders(self, mentions: list[Mention]) -> list[Mention]:
        """ "Erdogan held talks with Qatar's emir", "Trump called his French counterpart": an office holder the page
        never names is not named by the extractor either; his country stands in for him (GOLD_FORMAT), as for
        "the leaders of A and B"."""
        named = _named(mentions)
        out = []
        for m in mentions:
            if m.kind in ("title", "leader") and m.is_person and m.actor.id not in named and \
                    (country := self.registry.get(m.actor.country_on(self.anchor) or "")) is not None:
                m = Mention(country, m.start, m.end, "leader" if m.kind == "leader" else "office")
            out.append(m)
        return out

    def _leaders_of(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
        """ "The leaders of Armenia and Azerbaijan met", "the foreign ministers of Jordan and Egypt": each country
        after them is its holder of that office when the page names him (else the country stands in for him,
        GOLD_FORMAT)."""
        named = _named(mentions)
        people = {m.actor.id: m.actor for m in mentions if m.actor.id in named}
        words = lowers(doc)
        out = []
        for m in mentions:
            office = _office_of(words, m.start, mentions) if m.actor.kind == "country" else None
            if office is not None:
                role = self.registry.role_of_title(office)
                roles = LEADER_ROLES if office in coder.words("frame", "leader_titles") or \
                    role in LEADER_ROLES else {role}
                # (on a page of unknown date, a holder of any time the page names)
                named = [a for a in people.values() if any(
                    o.country == m.actor.id and o.role in roles and (self.anchor is None or o.held_on(
                        self.anchor)) for o in a.offices)]
                # (else the country stands in for its leader)
                m = Mention(named[0] if len(named) == 1 else m.actor, m.start, m.end, "leader")
            out.append(m)
        return out

    def _portfolio_holders(self, doc: Doc, taken: set[int]) -> list[Mention]:
        """People the gazetteer does not know, named after an office with its portfolio: "Minister of Public
        Security Zhao Kezhi" (the portfolio's words, then a two-word name)."""
        out = []
        words = lowers(doc)
        for i in range(len(doc) - 4):
            if doc[i].text not in _PORTFOLIO_HEADS or words[i + 1] not in ("of", "for") or i in taken:
                continue
            j = i + 2
            run: list[int] = []
            while j < len(doc) and j not in taken and len(run) < 7 and (
                    (doc[j].is_alpha and doc[j].text[0].isupper() and not doc[j].is_sent_start)
                    or (run and words[j] == "and" and j + 1 < len(doc) and doc[j + 1].text[:1].isupper())):
                run.append(j)
                j += 1
            if len(run) < 3 or words[run[-2]] == "and" or words[run[-1]] == "and":
                continue  # "Minister of Foreign Affairs": a portfolio and no name
            first, last = run[-2], run[-1]
            name = doc[first:last + 1].text
            actor = self._person(name, doc[last].text, doc[i:first].text, None)
            out.append(Mention(actor, first, last + 1, "new"))
        return out

    def _person(self, name: str, surname: str, title: str, country: str | None) -> Actor:
        """The person named after an office title: the gazetteer's, one met earlier in the article, or a new one
        holding that office (remembered by name and surname for the rest of the article)."""
        actor = self.registry.resolve(name) or self.local.get(fold(name))
        if actor is None:
            actor = Actor(id=slug(name), name=name, kind="person", in_gazetteer=False,
                          offices=[Office(title=title, role=self.registry.role_of_title(fold(title)), country=country,
                                          start=None, end=None, titles=(fold(title),))])
            self.local[fold(name)] = actor
            self.local[fold(surname)] = actor
        return actor

    def _focal_country(self, mentions: list[Mention]) -> str | None:
        counts = Counter(m.actor.country_on(self.anchor) for m in mentions if m.kind != "pronoun")
        counts.pop(None, None)
        return counts.most_common(1)[0][0] if counts else None

    def _country_before(self, doc: Doc, title: Span, mentions: list[Mention]) -> str | None:
        """Country qualifying a title: "Canadian Prime Minister", "Canada's foreign minister"."""
        for m in mentions:
            if m.end <= title.start and title.start - m.end <= 2 and m.actor.kind != "person":
                between = doc[m.end:title.start].text.strip().lower()
                if between in ("", "'s", "’s", "'", "the"):
                    return m.actor.id
        return None

    def _title_mention(self, doc: Doc, title: Span, taken: set[int], mentions: list[Mention],
                       focal: str | None) -> Mention | None:
        country = self._country_before(doc, title, mentions)
        after = lowers(doc)[title.end:title.end + 2]
        if after[:1] == ["elect"] or (len(after) == 2 and after[0] in ("-", "–") and after[1] == "elect"):
            # "the US President-elect Donald Trump": the one elected (named next), not the office's holder; unnamed,
            # his country ("the president-elect vowed to hit Brazil with a tariff")
            end = title.end + (1 if after[0] == "elect" else 2)
            owner = self.registry.get(country or focal or "")
            named = end < len(doc) and end in taken
            return None if named or owner is None else Mention(owner, title.start, end, "leader")
        # A name right after the title: a known person is already marked; an unknown one is new.
        j = title.end
        owner = next((m for m in mentions if m.actor.kind == "country" and j + 1 == m.start), None) \
            if j < len(doc) and lowers(doc)[j] == "of" else None
        if owner is not None:
            # "President of Kazakhstan Kassym-Jomart Tokayev", "the president of Portugal, Marcelo Rebelo de Sousa"
            k = owner.end + (owner.end < len(doc) and doc[owner.end].text == ",")
            if k < len(doc) and _name_word(doc[k].text) and k + 1 < len(doc) and _name_word(doc[k + 1].text):
                country, j = owner.actor.id, k
            elif k == owner.end and k < len(doc) and _name_word(doc[k].text):
                country, j = owner.actor.id, k
        if j < len(doc) and j in taken:
            return None
        if j + 1 < len(doc) and doc[j].text == "," and any(m.start == j + 1 and m.actor.kind == "person"
                                                             for m in mentions):
            return None  # "the acting Prime Minister, Pedro Sánchez,": the person named in apposition
        name_tokens = []
        while j < len(doc) and len(name_tokens) < 4:
            tok = doc[j]
            if _name_word(tok.text) and tok.text not in _NAME_STOP and j not in taken \
                    and not tok.is_sent_start:
                name_tokens.append(tok)
                j += 1
            elif name_tokens and tok.text in ("-", "‐") and j + 1 < len(doc) and doc[j + 1].is_alpha \
                    and not doc[j - 1].whitespace_:
                name_tokens.append(doc[j + 1])  # "Yeo Han-koo", "Kang Yu-jung": one given name
                j += 2
            elif name_tokens and tok.text in _PARTICLES and j + 1 < len(doc) and _name_word(doc[j + 1].text) \
                    and j + 1 not in taken:
                name_tokens.extend([tok, doc[j + 1]])  # "Marcelo Rebelo de Sousa", "Ursula von der Leyen"
                j += 2
            else:
                break
        title_text = fold(title.text)
        if name_tokens and any(m.start == j and m.actor.kind == "person" for m in mentions):
            return None  # "President Donald J Trump": the first names of the person named right after
        if len(name_tokens) >= 2:
            name = doc[name_tokens[0].i:name_tokens[-1].i + 1].text
            actor = self._person(name, name_tokens[-1].text, title.text.strip(), country or focal)
            return Mention(actor, name_tokens[0].i, name_tokens[-1].i + 1, "new")
        if name_tokens:
            # a single capitalised word: the holder of that title whose name it is ("PM Shehbaz" on a page of 2025),
            # else too ambiguous ("President Trump" is in the gazetteer)
            word = fold(name_tokens[0].text)
            named = [h for h in self.registry.holders(title_text, country, self.anchor, ever=self.anchor is None)
                     if word in fold(h.name).split()]
            if len({h.id for h in named}) == 1:
                return Mention(named[0], title.start, name_tokens[0].i + 1, "name")
            return None
        if title.start > 0 and lowers(doc)[title.start - 1].rstrip("-") in coder.words("frame", "other_holder"):
            return None  # "Deputy Secretary of State", "the former President": not the office's holder
        holder = self._holder(doc, title_text, country, mentions, title.start, focal, title.sent.start)
        if holder is None:
            return None
        return Mention(holder, title.start, title.end, "title")

    def _holder(self, doc: Doc, title: str, country: str | None, mentions: list[Mention], before: int,
                focal: str | None, sentence_start: int) -> Actor | None:
        if self.anchor is None:
            # No date bounds the office: only a holder the article itself names can be meant (never today's)
            # (the latest named before it; else the one holder the page names after it: a headline's "EU trade
            # chief" named in the body)
            ids = {h.id for h in self.registry.holders(title, country, None, ever=True)}
            earlier = [m.actor for m in sorted(mentions, key=lambda m: -m.start)
                       if m.start < before and m.actor.id in ids]
            later = {m.actor.id: m.actor for m in mentions if m.start > before and m.actor.id in ids}
            return earlier[0] if earlier else next(iter(later.values())) if len(later) == 1 else None
        holders = self.registry.holders(title, country, self.anchor)
        if not holders and title == "leader" and country is not None:
            leader = self.registry.leader(country, self.anchor)  # "the Brazilian leader"
            # where president and prime minister both lead ("the Russian leader"), the one the page has named
            named = {m.actor.id for m in mentions if m.start < before}
            holders = [leader] if leader is not None else [
                a for a in self.registry.leaders(country, self.anchor) if a.id in named][:1]
        if not holders:
            return None
        if len(holders) == 1 and country is not None:
            return holders[0]
        ids = {h.id for h in holders}
        # a holder named in the same clause is someone else ("Carney invited the Prime Minister"); across a comma
        # the title often takes the name up again ("Trump met Starmer and, with the prime minister at his side")
        named_here = {m.actor.id for m in mentions if sentence_start <= m.start < before
                      and not any(t.text in (",", ";", "—", "–") for t in doc[m.end:before])}
        for m in sorted(mentions, key=lambda m: -m.start):  # the latest-named holder in the article...
            if m.start < before and m.actor.id in ids and m.actor.id not in named_here:
                return m.actor  # ...but not one named earlier in the same sentence ("Carney invited the PM")
        if country is None and focal is not None:
            local = [h for h in holders if any(o.country == focal and title in o.titles for o in h.offices)]
            if len(local) == 1:
                return local[0]
        return holders[0] if len(holders) == 1 else None

    def _surnames(self, doc: Doc, taken: set[int]) -> list[Mention]:
        """One word of the name of a person the page named in full: the surname of someone not in the gazetteer,
        and the family name of a known person that the gazetteer cannot take alone ("Lee" after "Lee Jae-myung",
        "Sharif" after "Shehbaz Sharif": several people bear it) when it names one person on this page."""
        out: list[Mention] = []
        new_people = {k: a for k, a in self.local.items() if not a.in_gazetteer and " " not in k}
        owners: dict[str, set[Actor]] = {}
        for key, a in self.local.items():
            if a.in_gazetteer and " " in key:
                for word in {key.split()[0], key.split()[-1]}:
                    if len(word) > 2 and word.isalpha() and word not in _PARTICLES and \
                            word.title() not in _NAME_STOP and word not in coder.words("frame", "name_openers"):
                        owners.setdefault(word, set()).add(a)
        known = {w: next(iter(a)) for w, a in owners.items() if len(a) == 1 and w not in new_people}
        surnames = {a.name.split()[-1] for a in new_people.values()} | set(known)
        if not surnames:
            return out
        pattern = re.compile(r"\b(" + "|".join(re.escape(n) for n in surnames) + r")\b", re.IGNORECASE)
        for m in pattern.finditer(doc_text(doc)):
            span = doc.char_span(m.start(), m.end())
            if span is None or span.start in taken or not span.text[:1].isupper():
                continue
            actor = new_people.get(fold(span.text)) or known.get(fold(span.text))
            if actor is not None:
                out.append(Mention(actor, span.start, span.end, "surname"))
                taken.add(span.start)
        return out

    def _counterparts(self, doc: Doc, mentions: list[Mention], taken: set[int]) -> list[Mention]:
        """ "Trump spoke with his French counterpart": the holder in France of the office of the person named
        last before it in the sentence (a name right after the word is already a mention of its own)."""
        out = []
        for i, word in enumerate(lowers(doc)):
            if word not in ("counterpart", "counterparts") or i in taken or i + 1 in taken:
                continue
            country = next((m for m in mentions if m.end == i and m.actor.kind == "country"), None)
            if country is None:
                continue
            # "his Jordanian and Ukrainian counterparts": each country coordinated before the word
            countries = [country]
            while word == "counterparts":
                k = countries[-1].start
                prev = next((m for m in mentions if m.actor.kind == "country" and m.end == k - 1 and
                             lowers(doc)[k - 1] in ("and", ",")), None)
                if prev is None:
                    break
                countries.append(prev)
            tok = doc[i]
            sent_start = tok.sent.start
            first = countries[-1].start
            person = next((m for m in reversed(mentions) if m.is_person and sent_start <= m.start < first), None)
            if person is None:
                continue
            for c in reversed(countries):
                # with no date, who held the office is unknown: the country stands in for him
                holder = self.registry.counterpart(person.actor, c.actor.id, self.anchor) if self.anchor else None
                # (on the one word "counterpart", or on each country's word: a person named by a country, as "the
                # leaders of A and B"); a holder the gazetteer does not know is his country standing in for him
                actor, kind = (holder, "title") if holder is not None else (c.actor, "office")
                out.append(Mention(actor, tok.i, tok.i + 1, kind) if len(countries) == 1 else
                           Mention(actor, c.start, c.end, "leader" if holder is not None else "office"))
        return out

    def _pronouns(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
        """he/she -> the latest person named before it; a sentence-initial He/She, or one after a fronted phrase
        ("On Tuesday, he spoke ..."), -> the subject of the sentence before (its first person, after a fronted
        phrase: "After meeting al-Sharaa, Trump addressed ...")."""
        out = []
        people = [m for m in mentions if m.is_person]
        starts = [int(i) for i in (doc.to_array("SENT_START") == 1).nonzero()[0]]
        k = 0
        last: Mention | None = None
        for m in _PRONOUN.finditer(doc_text(doc)):
            span = doc.char_span(m.start(), m.end())
            if span is None:
                continue
            while k < len(people) and people[k].start < span.start:
                last = people[k]
                k += 1
            if last is None:
                continue
            # "he" is never a woman the gazetteer knows, nor "she" a man ("After a call with Ursula von der Leyen,
            # he agreed ..." is the man named before her)
            gender = "male" if m.group(0).lower() in ("he", "him", "his") else "female"
            fits = [p for p in people[:k] if p.actor.gender in (None, gender)]
            if not fits:
                continue
            actor = fits[-1].actor
            s = bisect.bisect_right(starts, span.start) - 1
            lead = doc[starts[s]:span.start] if s >= 0 else None
            fronted = lead is not None and len(lead) > 0 and (lead[-1].text == "," or m.group(0).lower() in (
                "his", "her")) and not any(starts[s] <= q.start < span.start for q in people)
            # "On Tuesday, he spoke ...", "In his meeting with Albanese, ...": the subject of the sentence before
            if s > 0 and ((starts[s] == span.start and m.group(0) in ("He", "She")) or fronted):
                p = s - 1
                while p > 0 and doc[starts[p]:starts[p + 1]].text.isspace():
                    p -= 1  # a paragraph break is a "sentence" of its own
                told = [o for o in out if o.start >= starts[p] and o.actor.gender in (None, gender)]
                subject = _subject(doc, starts[p], span.start, sorted(fits + told, key=lambda o: o.start))
                actor = subject.actor if subject is not None else actor  # ("He also met Macron. He had spent
                # the morning ...": the first "He" again, not Macron)
            elif (main := _main_subject(doc, span.start, fits)) is not None:
                actor = main.actor  # "Trump cited the treatment of Bolsonaro, who is on trial, as he announced ..."
            else:
                speaker = _speaker(doc, span.start, fits)
                actor = speaker.actor if speaker is not None else actor
            out.append(Mention(actor, span.start, span.end, "pronoun"))
        return out


def named_people(mentions: list[Mention]) -> list[Actor]:
    """The people the page names (by their name, in full or by surname), not only by an office or a pronoun, in
    the order it first names them."""
    return list({m.actor.id: m.actor for m in mentions
                 if m.is_person and m.kind in ("name", "new", "surname")}.values())


def _named(mentions: list[Mention]) -> set[str]:
    return {a.id for a in named_people(mentions)}


def _office_of(words: list[str], start: int, mentions: list[Mention]) -> str | None:
    """The office named before a country in "the leaders of A, B and C", "the foreign ministers of Jordan and
    Egypt" (singular, as the gazetteer's titles: "leader", "foreign minister"), or None."""
    ends = {m.end: m.start for m in mentions}
    i = start
    while i >= 2 and words[i - 1] in (",", "and") and i - 1 in ends:
        i = ends[i - 1]  # back over "A, B and" to the first country of the list
    if i < 2 or words[i - 1] != "of":
        return None
    head = words[i - 2]
    one = head[:-1] if head.endswith("s") and head not in coder.words("frame", "leader_titles") else head
    if one == "minister" and i >= 3 and words[i - 3].isalpha():
        return f"{words[i - 3]} minister"  # "the prime ministers of", "the foreign ministers of"
    return one if one in coder.words("frame", "leader_titles") else None


def _main_subject(doc: Doc, i: int, people: list[Mention]) -> Mention | None:
    """The person the parse makes the subject of the clause that a pronoun's adverbial clause hangs on: the
    subject of an "as he announced" / "when she arrived" clause is the main clause's subject, not whoever was
    named last. None without a parse or such a clause."""
    tok = syntax.token(doc[i])
    if tok is None or not tok.dep_.startswith("nsubj") or not tok.head.dep_.startswith("advcl"):
        return None
    base = doc[i].sent.start
    for c in tok.head.head.children:
        if c.dep_.startswith("nsubj"):
            return next((p for p in people if p.start <= base + c.i < p.end), None)
    return None


_FIRST_PERSON = {"I", "me", "Me", "my", "My"}


def _first_person(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """ "I", "me", "my" in a quotation are whoever says it, however many sentences it runs over ('"I have just spoken
    to Netanyahu. It went well," Trump said')."""
    people = {m.start: m for m in mentions if m.is_person}
    out = []
    for q in quotes.quotations(doc, [(m.start, m.end) for m in people.values()]):
        if q.speaker is not None:
            out.extend(Mention(people[q.speaker].actor, i, i + 1, "pronoun") for i in range(q.start, q.end)
                       if doc[i].text in _FIRST_PERSON)
    return out


def _speaker(doc: Doc, i: int, people: list[Mention]) -> Mention | None:
    """ "Trump told reporters ..., adding that he would cut the tariff": a subject pronoun in what a person says is
    that person (read off the parse: the subject of the verb of saying, or of the clause it continues)."""
    tok = syntax.token(doc[i])
    if tok is None or tok.dep_ != "nsubj" or tok.head.dep_ != "ccomp":
        return None
    node = tok.head.head
    base = doc[i].sent.start
    for _ in range(3):
        subj = next((c for c in node.children if c.dep_ == "nsubj"), None)
        if subj is not None:
            return next((m for m in people if m.start <= base + subj.i < m.end), None)
        if node.dep_.split(":")[0] not in ("advcl", "conj", "xcomp") or node.head.i == node.i:
            return None
        node = node.head
    return None


_FRONTED = {"after", "before", "in", "on", "at", "when", "while", "as", "following", "despite", "speaking", "during",
            "asked", "with", "since", "by", "for", "from", "under", "earlier", "later", "last", "once", "if",
            "although"}


def _subject(doc: Doc, start: int, end: int, people: list[Mention]) -> Mention | None:
    """The first person named in tokens start..end, past a fronted phrase ("In Mexico City on Tuesday, ...")."""
    first = doc[start]
    lo = start
    if first.lower_ in _FRONTED:
        comma = next((i for i in range(start, end) if doc[i].text == ","), None)
        lo = comma + 1 if comma is not None else start
    for p in people:
        if lo <= p.start < end:
            return p
    return None


_QUOTE_MARKS = {'"', "“", "”", "'", "‘", "’"}  # a nickname's marks, straight or curly, opening or closing


def _nicknamed(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """ 'President Luis Inácio "Lula" Da Silva': the words of a name the gazetteer does not know, followed by a
    known person's name in quotes, are that person (a nickname set inside the full name)."""
    out = list(mentions)
    for k, m in enumerate(out[:-1]):
        if m.kind != "new" or m.end >= len(doc) or doc[m.end].text not in _QUOTE_MARKS:
            continue
        close = next((i for i in range(m.end + 2, min(len(doc), m.end + 5)) if doc[i].text in _QUOTE_MARKS), None)
        if close is None:
            continue
        # the nickname known ('"Lula"'), or the surname right after it ('"Bongbong" Marcos')
        known = next((n for n in out[k + 1:k + 3] if n.is_person and n.kind in ("name", "surname")
                      and n.start in (m.end + 1, close + 1)), None)
        if known is not None:
            out[k] = Mention(known.actor, m.start, m.end, "name")
    return out

