"""Quotations of a page and who says them, read off the words (a quotation often runs over several sentences, and
its speaker is named after its last one: '"I have just spoken to him. It went very well," Trump said').
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from ingest import coder

_OPENING = {"“", "«", "„"}
_CLOSING = {"”", "»"}
_STRAIGHT = '"'
_SPEAKER_GAP = 6  # words between a closing mark and its speaker: '," the U.S. president wrote on Truth Social'


@dataclass(frozen=True)
class Quotation:
    """Words ``start``..``end`` (the marks excluded) said by the person whose mention starts at ``speaker``."""

    start: int
    end: int
    speaker: int | None


def spans(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) of each quotation: the token indices inside its marks, curly or straight.

    >>> import spacy
    >>> doc = spacy.blank("en")('He said: "We met. It went well," and left.')
    >>> [doc[a:b].text for a, b in spans(doc)]
    ['We met. It went well,']
    """
    out = []
    opened: int | None = None
    for t in doc:
        if t.text in _OPENING or (t.text == _STRAIGHT and opened is None):
            opened = t.i + 1
        elif (t.text in _CLOSING or t.text == _STRAIGHT) and opened is not None:
            out.append((opened, t.i))
            opened = None
    return out


def quotations(doc: Doc, people: list[tuple[int, int]]) -> list[Quotation]:
    """Each quotation of ``doc`` with its speaker: the person (``people``: their mentions' (start, end)) next to the
    verb of saying that tells it, after its closing mark ('," Trump said', '," said Trump') or before its opening
    one ('Trump wrote: "...', 'Trump posted, writing "...'); a quotation that goes on in the next sentence of the
    paragraph is the same speaker's; None when no one is named there."""
    out: list[Quotation] = []
    for start, end, told in _told_all(doc):
        speaker = _speaker_in(doc, _after(doc, end), people) if told == "after" else \
            _speaker_in(doc, _before(start), people) if told == "before" else None
        if speaker is None and out and out[-1].speaker is not None and _goes_on(doc, out[-1].end, start):
            speaker = out[-1].speaker
        out.append(Quotation(start, end, speaker))
    return out


def attributed(doc: Doc, i: int) -> bool:
    """Word ``i`` is in a quotation told as said, written or posted by someone ('"... We will be imposing a 50%
    tariff," Trump wrote'), however many sentences it runs over."""
    last: tuple[int, int] | None = None
    for start, end, told in _told_all(doc):
        last = (start, end) if told or (last is not None and _goes_on(doc, last[1], start)) else None
        if last is not None and start <= i < end:
            return True
    return False


def _told_all(doc: Doc) -> list[tuple[int, int, str | None]]:
    """(start, end, where its verb of saying stands) of each quotation of the page, found once a page."""
    found = doc.user_data.get("dkg_quotes")
    if found is None:
        found = doc.user_data["dkg_quotes"] = [(a, b, _told(doc, a, b)) for a, b in spans(doc)]
    return found


def _told(doc: Doc, start: int, end: int) -> str | None:
    """Where the verb of saying that tells the quotation stands: "after" its closing mark, "before" its opening one
    (before a colon, or right before it: 'writing "We will ...', 'said, "It was ...'), or None."""
    speech = tuple(coder.words("modality", "speech"))
    if any(coder.is_a(doc[k], speech) for k in _after(doc, end)):
        return "after"
    k = start - 2
    if k >= 0 and doc[k].text == ":":
        return "before" if any(coder.is_a(doc[j], speech) for j in _before(start)) else None
    if k >= 0 and doc[k].text == ",":
        k -= 1
    return "before" if k >= 0 and coder.is_a(doc[k], speech) else None


def _after(doc: Doc, end: int) -> range:
    return range(end + 1, min(len(doc), end + 1 + _SPEAKER_GAP))


def _before(start: int) -> range:
    return range(max(0, start - 1 - _SPEAKER_GAP), max(0, start - 1))


def _goes_on(doc: Doc, end: int, start: int) -> bool:
    """A quotation opening at ``start`` goes on with the one closed at ``end`` ('"...," Trump said in a post. "I will
    ..."'): in the next sentence of the same paragraph."""
    return start - end <= 16 and not any("\n" in t.text for t in doc[end:start])


def _speaker_in(doc: Doc, where: range, people: list[tuple[int, int]]) -> int | None:
    """The person named first in ``where``, before any sentence break ('," Trump told Carney')."""
    for i in where:
        if doc[i].is_sent_start and i != where.start:
            return None
        found = next((a for a, _ in people if a == i), None)
        if found is not None:
            return found
    return None
