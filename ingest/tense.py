"""Time and polarity of a call or meeting trigger: does its sentence tell it as ahead ("will meet", "agreed to
visit", "until the two sit down") or negated ("did not meet", "the visit was cancelled")? Read off the words
around the trigger (token windows); what tells no event at all (wishes, denials, questions) the parse decides
(ingest.coder), and a time clause or a past relative clause it reads overrides these words (ingest.interactions).
"""

from __future__ import annotations

import re

from spacy.tokens import Span

from ingest import coder
from ingest.nlp import lowers, sent_text, span_text, texts

_NEGATION = {"not", "n't", "never", "no", "without", "nor", "neither"}


_CANCEL = {"cancelled", "canceled", "called off", "scrapped", "postponed indefinitely", "declined", "frozen",
           "broke off", "broken off", "could not take place", "did not take place", "never took place",
           "refused", "rejected", "won't", "will not"}


_FUTURE = re.compile(r"\b(will|'ll|shall|might|is to|are to|set to|scheduled|schedule|plans? to|planning to|"
                     r"planned|expected to|expects? to|due to|agreed to|would|intends? to|going to|upcoming|next|"
                     r"invited|aims? to|hopes? to|to be held|is to be|tomorrow|later this|"
                     r"in the coming|preparing to|arrang\w* (?:a|an|the)|to set up|pencil\w* in)\b", re.IGNORECASE)


def tense_future(sent: Span, trigger: Span) -> bool:
    lo = max(sent.start, trigger.start - 8)
    if _ordinal_infinitive(sent, trigger):
        return False  # "the first leader to meet Trump since ...": a record of what happened
    if trigger.text.lower() in ("meet", "sit down", "speak", "talk", "visit", "host", "call") and any(
            w in ("until", "once", "before", "when") for w in lowers(sent.doc)[max(sent.start, trigger.start - 5):
                                                                                trigger.start]):
        return True  # "until the two leaders sit down together": a present form after "until" looks ahead
    if trigger.start > sent.start and lowers(sent.doc)[trigger.start - 1] == "to" and \
            lowers(sent.doc)[trigger.start] in ("meet", "visit", "speak", "talk", "call", "host", "hold", "sit"):
        # "agreed to meet", "promised to visit": an infinitive looks ahead; but "flew to Ottawa on Thursday to meet
        # Carney" tells the purpose of a trip made
        return not coder.purpose_of_past(trigger)
    window = span_text(sent.doc, lo, trigger.end + 2)
    if _SCHEDULED.search(span_text(sent.doc, max(sent.start, trigger.start - 14), lo)) and \
            not _CLAUSE_BREAK.search(span_text(sent.doc, max(sent.start, trigger.start - 14), trigger.start)):
        return True  # "He was due to fly to Doha later on Wednesday for talks with ..."
    if not _FUTURE.search(window):
        return _modal_after(sent, trigger)
    before = span_text(sent.doc, lo, trigger.start).lower()
    # "after they met", "had agreed" -> past; "will meet", "plans to visit" -> future
    return not re.search(r"\b(had|has|have)\s+(met|spoken|held|visited|talked)\b", before)


_SCHEDULED = re.compile(r"\b(due to|scheduled to|set to|expected to|plans? to|planning to|is to|are to|will|would)\b",
                        re.I)


_CLAUSE_BREAK = re.compile(r"[;:—]|\b(said|says|after|when|while|since|had|has|have)\b", re.I)


def _modal_after(sent: Span, trigger: Span) -> bool:
    """ "talks with Mexican officials over the coming month will be led by ...": the trigger noun as the subject
    of a future verb later in its clause."""
    doc = sent.doc
    for i in range(trigger.end, min(sent.end, trigger.end + 10)):
        w = lowers(doc)[i]
        if w in ("will", "would", "'ll", "shall"):
            return True
        if doc[i].is_punct or w in ("who", "which", "that", "and", "but", "said", "says"):
            return False
    return False


_ORDINAL = {"first", "second", "third", "last", "latest", "only", "next"}


_COPULA = {"is", "was", "are", "were", "be", "been", "being", "became", "becomes", "becoming", "among", "as"}


def _ordinal_infinitive(sent: Span, trigger: Span) -> bool:
    """ "the first foreign leader to sit down with", "among the first leaders to visit": an infinitive after an
    ordinal noun phrase tells what someone was first (or last) to do, not what they plan."""
    doc = sent.doc
    if trigger.start - 1 <= sent.start or lowers(doc)[trigger.start - 1] != "to":
        return False
    for i in range(trigger.start - 2, max(sent.start, trigger.start - 6) - 1, -1):
        w = lowers(doc)[i]
        if w in _ORDINAL:
            # ... after a copula or "among": "is the first", "becoming the first", "among the first"
            return w != "next" and i - 2 >= sent.start and lowers(doc)[i - 1] == "the" and \
                lowers(doc)[i - 2] in _COPULA
        if not (texts(doc)[i].isalnum() or texts(doc)[i] in ("-", "'s", "’s")) or w in ("to", "and", "or", "not"):
            return False
    return False


def negated(sent: Span, trigger: Span) -> bool:
    lo = max(sent.start, trigger.start - 7)
    before = lowers(sent.doc)[lo:trigger.start]
    for k in range(len(before) - 1, -1, -1):  # back to the start of the clause
        if before[k] in (",", ";", "but", "and", "while", "after", "—"):
            before = before[k + 1:]
            break
    if any(w in _NEGATION for w in before):
        return True
    text = sent_text(sent).lower()
    return any(c in text for c in _CANCEL)
