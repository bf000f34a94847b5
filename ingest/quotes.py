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
    """Each quotation of ``doc`` with its speaker: the person (``people``: their mentions' (start, end)) next to a
    verb of saying right after its closing mark ('," Trump said', '," said Trump') or right before its opening one
    ('Trump wrote: "...'); None when it names none there."""
    speech = tuple(coder.words("modality", "speech"))
    out = []
    for start, end in spans(doc):
        after = range(end + 1, min(len(doc), end + 1 + _SPEAKER_GAP))
        before = range(max(0, start - 1 - _SPEAKER_GAP), max(0, start - 1))
        speaker = _speaker_in(doc, after, people, speech) if any(coder.is_a(doc[i], speech) for i in after) else None
        if speaker is None and start >= 2 and doc[start - 2].text == ":":
            speaker = _speaker_in(doc, before, people, speech)
        if speaker is None and out and out[-1].speaker is not None and _goes_on(doc, out[-1].end, start):
            speaker = out[-1].speaker
        out.append(Quotation(start, end, speaker))
    return out


def _said_before(doc: Doc, start: int) -> bool:
    """A verb of saying opens the quotation starting at ``start`` ('writing "We will ...', 'said, "It was ...')."""
    k = start - 2
    if k >= 0 and doc[k].text in (",", ":"):
        k -= 1
    return k >= 0 and coder.is_a(doc[k], tuple(coder.words("modality", "speech")))


def _goes_on(doc: Doc, end: int, start: int) -> bool:
    """A quotation opening at ``start`` goes on with the one closed at ``end`` ('"...," Trump said in a post. "I will
    ..."'): in the next sentence of the same paragraph."""
    return start - end <= 16 and not any("\n" in t.text for t in doc[end:start])


def attributed(doc: Doc, i: int) -> bool:
    """Word ``i`` is in a quotation told as said, written or posted by someone ('"... We will be imposing a 50%
    tariff," Trump wrote'), however many sentences it runs over (the quotations of a page are found once)."""
    found = doc.user_data.get("dkg_quotes")
    if found is None:
        speech = tuple(coder.words("modality", "speech"))
        found = doc.user_data["dkg_quotes"] = []
        for a, b in spans(doc):
            if any(coder.is_a(doc[k], speech) for k in range(b + 1, min(len(doc), b + 1 + _SPEAKER_GAP))) or \
                    (a >= 2 and doc[a - 2].text == ":" and
                     any(coder.is_a(doc[k], speech) for k in range(max(0, a - 2 - _SPEAKER_GAP), a - 2))) or \
                    _said_before(doc, a) or (found and _goes_on(doc, found[-1][1], a)):
                found.append((a, b))
    return any(a <= i < b for a, b in found)


def _speaker_in(doc: Doc, where: range, people: list[tuple[int, int]], speech: tuple[str, ...]) -> int | None:
    """The person named in ``where`` before any sentence break (the first one: '," Trump told Carney')."""
    for i in where:
        if doc[i].is_sent_start and i != where.start:
            return None
        found = next((a for a, b in people if a == i), None)
        if found is not None:
            return found
    return None
