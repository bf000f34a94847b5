"""Score extracted events against a gold corpus, following the "Scoring" section of GOLD_FORMAT.md.

Pure standard library on purpose: the scorer must not depend on the extractor it judges. The actor
registry's resolver is passed in by the caller (``dkg eval``); without one, names are compared after
a plain normalisation (casefold, strip, collapse spaces, strip diacritics).

    >>> gold = {"d1": [{"type": "Call", "participants": ["Donald Trump", "Mark Carney"],
    ...                 "date": "2025-03-28", "status": "occurred"}]}
    >>> pred = {"d1": [{"type": "Call", "participants": ["Mark Carney", "Donald Trump"],
    ...                 "date": "2025-03-29", "status": "occurred"}]}
    >>> r = score(gold, pred)
    >>> r["f1"], r["strict_f1"], r["status_agreement"]
    (1.0, 1.0, 1.0)

Matching rules (per article):

* Types: a predicted ``type`` (or ``class`` when ``type`` is absent) is mapped to Call, Meeting or
  TariffMeasure; finer classes (Summit, Visit, ...) map to Meeting. A prediction whose type cannot be
  mapped matches nothing and counts as a false positive overall (it appears in no ``by_type`` row;
  ``n_pred_unmapped`` counts them).
* Call / Meeting: at least ``min(2, k)`` participants agree, where ``k`` is the number of distinct
  resolved gold participants; agreement is set intersection of resolved keys on both sides.
* TariffMeasure: the resolved imposers are equal, and when gold names a target the resolved targets are
  equal; a gold ``target: null`` accepts any predicted target.
* One-to-one, greedy best first. A candidate pair's quality is, in order: number of agreeing actors
  (for tariffs imposer + target, where a null target agrees only with a null target), whether the date
  agrees (rule below), closeness of the dates, then status, action, rate and goods agreement; ties go to
  the earlier gold event, then the earlier prediction, so the result is deterministic.

Date agreement (used for the strict scores and as a tie-breaker):

* gold ``YYYY-MM-DD``: the predicted date is a day within +-1 day of it (a month-level prediction
  is too vague to count);
* gold ``YYYY-MM``: the predicted date is a day in that month, or that same month;
* gold ``null``: the predicted date is null, and for each bound gold gives (``after``, ``before``) the
  predicted event carries the same bound and it agrees by the two rules above (+-1 day, or within
  the month for a month-level gold bound). Bounds gold does not give are ignored.

The strict scores use a second, separate one-to-one matching in which the date must also agree.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from graph.errors import UsageError

TYPES = ("Call", "Meeting", "TariffMeasure")

# Finer classes an extractor may emit; the corpus only annotates the three coarse types.
_FINER = {
    "call": "Call",
    "phonecall": "Call",
    "videocall": "Call",
    "meeting": "Meeting",
    "summit": "Meeting",
    "visit": "Meeting",
    "statevisit": "Meeting",
    "officialvisit": "Meeting",
    "talks": "Meeting",
    "negotiation": "Meeting",
    "negotiationround": "Meeting",
    "bilateralmeeting": "Meeting",
    "tariffmeasure": "TariffMeasure",
    "tariff": "TariffMeasure",
}

_DATE_RE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?(?:[T ].*)?$")
_GOLD_DATE_RE = re.compile(r"^\d{4}-\d{2}(?:-\d{2})?$")

# Stand-in for "no date" in the closeness tie-breaker: far worse than any real distance.
_FAR = 10**6


# ---------------------------------------------------------------- loading


def load_corpus(corpus_dir: str | Path) -> tuple[list[dict], dict[str, list[dict]]]:
    """Read ``articles.jsonl`` and ``gold.jsonl`` from a corpus directory (../shared/corpus/GOLD_FORMAT.md).

    Blank lines are skipped.

    Parameters
    ----------
    corpus_dir : str or Path
        The corpus folder.

    Returns
    -------
    tuple
        ``(articles in file order, {article id: list of gold events})``.

    Raises
    ------
    ValueError
        Naming ``file:line`` for malformed JSON, a line that is not an object with a string ``id``, a gold line
        without an ``events`` list of objects with a known ``type``, a gold date that is not
        ``YYYY-MM-DD``/``YYYY-MM``/null, duplicate ids, or ids present in one file only; a missing directory or
        file is also a ``ValueError``.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "articles.jsonl").write_text('{"id": "d001", "title": "t", "text": "Nothing happened."}\\n')
    >>> _ = (folder / "gold.jsonl").write_text('{"id": "d001", "events": []}\\n')
    >>> articles, gold = load_corpus(folder)
    >>> articles[0]["id"], gold["d001"]
    ('d001', [])
    """
    root = Path(corpus_dir)
    if not root.is_dir():
        raise UsageError(f"{root}: corpus directory not found")
    articles_path, gold_path = root / "articles.jsonl", root / "gold.jsonl"

    articles: list[dict] = []
    article_lines: dict[str, int] = {}
    for lineno, row in _read_jsonl(articles_path):
        aid = row["id"]
        if aid in article_lines:
            first = article_lines[aid]
            raise UsageError(f"{articles_path}:{lineno}: duplicate id {aid!r} (first on line {first})")
        article_lines[aid] = lineno
        articles.append(row)

    gold: dict[str, list[dict]] = {}
    gold_lines: dict[str, int] = {}
    for lineno, row in _read_jsonl(gold_path):
        gid = row["id"]
        where = f"{gold_path}:{lineno}"
        if gid in gold_lines:
            raise UsageError(f"{where}: duplicate id {gid!r} (first on line {gold_lines[gid]})")
        events = row.get("events")
        if not isinstance(events, list):
            raise UsageError(f"{where}: 'events' must be a list (article {gid!r})")
        for i, ev in enumerate(events):
            _check_gold_event(ev, f"{where}: event {i} of {gid!r}")
        gold_lines[gid] = lineno
        gold[gid] = events

    only_articles = [a for a in article_lines if a not in gold_lines]
    only_gold = [g for g in gold_lines if g not in article_lines]
    if only_articles:
        raise UsageError(f"{gold_path}: no gold line for article id(s) {only_articles}")
    if only_gold:
        raise UsageError(
            f"{gold_path}:{gold_lines[only_gold[0]]}: gold id(s) {only_gold} not in {articles_path.name}"
        )
    return articles, gold


def _read_jsonl(path: Path) -> Iterable[tuple[int, dict]]:
    if not path.is_file():
        raise UsageError(f"{path}: file not found")
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise UsageError(f"{path}:{lineno}: invalid JSON: {exc.msg} (column {exc.colno})") from None
            if not isinstance(row, dict):
                raise UsageError(f"{path}:{lineno}: expected a JSON object, got {type(row).__name__}")
            if not isinstance(row.get("id"), str) or not row["id"]:
                raise UsageError(f"{path}:{lineno}: missing or non-string 'id'")
            yield lineno, row


def _check_gold_event(ev: Any, where: str) -> None:
    if not isinstance(ev, dict):
        raise UsageError(f"{where}: expected an object, got {type(ev).__name__}")
    if ev.get("type") not in TYPES:
        raise UsageError(f"{where}: type must be one of {list(TYPES)}, got {ev.get('type')!r}")
    for key in ("date", "after", "before"):
        value = ev.get(key)
        if value is not None and not (isinstance(value, str) and _GOLD_DATE_RE.match(value)
                                      and _parse_date(value) is not None):
            raise UsageError(f"{where}: {key} must be YYYY-MM-DD, YYYY-MM or null, got {value!r}")
    if ev["type"] == "TariffMeasure":
        if not isinstance(ev.get("imposer"), str):
            raise UsageError(f"{where}: TariffMeasure needs a string 'imposer'")
    elif not isinstance(ev.get("participants"), list):
        raise UsageError(f"{where}: {ev['type']} needs a 'participants' list")


# ---------------------------------------------------------------- normalisation


def default_resolve(name: str) -> str:
    """Fallback actor key: casefold, strip diacritics, collapse whitespace.

    >>> default_resolve("  Emmanuel   MACRON ") == default_resolve("Emmanuel Macron")
    True
    >>> default_resolve("Šefčovič")
    'sefcovic'
    """
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().split())


def map_type(event: dict) -> str | None:
    """The coarse gold type a (possibly finer) event type maps to, or None.

    >>> map_type({"type": "Summit"}), map_type({"class": "Visit"}), map_type({"type": "Protest"})
    ('Meeting', 'Meeting', None)
    """
    raw = event.get("type") or event.get("class")
    if not isinstance(raw, str):
        return None
    return _FINER.get(re.sub(r"[\s_-]+", "", raw).casefold())


def _parse_date(value: Any) -> tuple[dt.date, dt.date, bool] | None:
    """``(first day, last day, is_day)`` for a day or month string; None when absent or unparseable."""
    if not isinstance(value, str):
        return None
    m = _DATE_RE.match(value.strip())
    if not m:
        return None
    try:
        year, month = int(m.group(1)), int(m.group(2))
        if m.group(3):
            day = dt.date(year, month, int(m.group(3)))
            return day, day, True
        last = calendar.monthrange(year, month)[1]
        return dt.date(year, month, 1), dt.date(year, month, last), False
    except ValueError:
        return None


def _value_agrees(gold_value: Any, pred_value: Any) -> bool:
    g, p = _parse_date(gold_value), _parse_date(pred_value)
    if g is None or p is None:
        return False
    if g[2]:
        # A month-level prediction cannot show it found the day.
        return p[2] and abs((p[0] - g[0]).days) <= 1
    return g[0] <= p[0] and p[1] <= g[1]


def date_agrees(gold: dict, pred: dict) -> bool:
    """Whether the predicted date agrees with the gold one (rule in the module docstring).

    >>> date_agrees({"date": "2025-03-28"}, {"date": "2025-03-27"})
    True
    >>> date_agrees({"date": None, "after": "2025-04-28"}, {"date": None, "after": "2025-04-29"})
    True
    """
    if gold.get("date") is not None:
        return _value_agrees(gold["date"], pred.get("date"))
    if pred.get("date") is not None:
        return False
    return all(_value_agrees(gold[b], pred.get(b)) for b in ("after", "before") if gold.get(b) is not None)


def _date_distance(gold: dict, pred: dict) -> int:
    g, p = _parse_date(gold.get("date")), _parse_date(pred.get("date"))
    if g is None or p is None:
        return 0 if g is None and p is None else _FAR
    if p[1] < g[0]:
        return (g[0] - p[1]).days
    if p[0] > g[1]:
        return (p[0] - g[1]).days
    return 0


def _norm_str(value: Any) -> str | None:
    return default_resolve(value) if isinstance(value, str) else None


def _rate(value: Any) -> float | None | str:
    if value is None or isinstance(value, bool):
        return None if value is None else "invalid"
    try:
        return float(str(value).strip().rstrip("%"))
    except ValueError:
        return "invalid"


def rate_agrees(gold: Any, pred: Any) -> bool:
    """Rates agree within 0.01 percentage points; both null agrees.

    >>> rate_agrees(25, "25.0"), rate_agrees(None, None), rate_agrees(10, None)
    (True, True, False)
    """
    g, p = _rate(gold), _rate(pred)
    if g is None or p is None:
        return g is None and p is None
    if isinstance(g, str) or isinstance(p, str):
        return False
    return abs(g - p) <= 0.01 + 1e-9


# ---------------------------------------------------------------- matching


class _Keyer:
    """Resolve names once per scoring run; the registry resolver may be comparatively slow."""

    def __init__(self, resolve: Callable[[str], str] | None) -> None:
        self._resolve = resolve or default_resolve
        self._cache: dict[str, str] = {}

    def __call__(self, name: Any) -> str | None:
        if not isinstance(name, str) or not name.strip():
            return None
        if name not in self._cache:
            key = self._resolve(name)
            # A resolver that gives up on a name should not make every unknown name collide on None.
            self._cache[name] = key if isinstance(key, str) and key else "\0" + default_resolve(name)
        return self._cache[name]


def _actors_agree(gtype: str, gold: dict, pred: dict, key: _Keyer) -> int | None:
    """Number of agreeing actors when the pair passes the actor rule, else None."""
    if gtype == "TariffMeasure":
        g_imp, p_imp = key(gold.get("imposer")), key(pred.get("imposer"))
        if g_imp != p_imp:
            return None
        g_tgt, p_tgt = key(gold.get("target")), key(pred.get("target"))
        if g_tgt is not None and g_tgt != p_tgt:
            return None
        return 1 + (g_tgt == p_tgt)
    g_set = {k for k in map(key, gold.get("participants") or []) if k is not None}
    p_set = {k for k in map(key, pred.get("participants") or []) if k is not None}
    shared = len(g_set & p_set)
    return shared if shared >= min(2, len(g_set)) else None


def _quality(gtype: str, gold: dict, pred: dict, actors: int) -> tuple:
    tariff = gtype == "TariffMeasure"
    return (
        actors,
        date_agrees(gold, pred),
        -_date_distance(gold, pred),
        _norm_str(gold.get("status")) == _norm_str(pred.get("status")),
        tariff and _norm_str(gold.get("action")) == _norm_str(pred.get("action")),
        tariff and rate_agrees(gold.get("rate"), pred.get("rate")),
        tariff and _norm_str(gold.get("goods")) == _norm_str(pred.get("goods")),
    )


def _match(gold: list[dict], gold_types: list[str | None], pred: list[dict],
           pred_types: list[str | None], key: _Keyer, strict: bool) -> list[tuple[int, int]]:
    """Greedy best-first one-to-one matching; returns (gold index, predicted index) pairs."""
    candidates = []
    for gi, (g, gt) in enumerate(zip(gold, gold_types, strict=True)):
        if gt is None:
            continue
        for pi, (p, pt) in enumerate(zip(pred, pred_types, strict=True)):
            if pt != gt:
                continue
            actors = _actors_agree(gt, g, p, key)
            if actors is None or (strict and not date_agrees(g, p)):
                continue
            candidates.append((_quality(gt, g, p, actors), gi, pi))
    candidates.sort(key=lambda c: (tuple(-int(x) for x in c[0]), c[1], c[2]))
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for _, gi, pi in candidates:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            pairs.append((gi, pi))
    return sorted(pairs)


# ---------------------------------------------------------------- scoring


def _prf(tp: int, n_gold: int, n_pred: int) -> tuple[float, float, float]:
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _share(agree: int, n: int) -> float:
    return agree / n if n else 0.0


def _jsonable(event: Any) -> Any:
    # Predictions may carry dates or other objects; the report must survive json.dumps.
    return json.loads(json.dumps(event, default=str))


def score(gold: dict[str, list[dict]], predicted: dict[str, list[dict]],
          resolve: Callable[[str], str] | None = None) -> dict:
    """Score predicted events against gold, article by article.

    Ids missing from ``predicted`` count as no predictions; ids in ``predicted`` but not in ``gold``
    are scored against an empty gold list (all their events are false positives). ``resolve`` maps an
    actor name to a canonical key and is applied to both sides (default :func:`default_resolve`).

    The report (all values JSON-serialisable) has ``precision``, ``recall``, ``f1``, ``tp``, ``fp``,
    ``fn``, ``n_gold``, ``n_pred`` (dates ignored); ``strict_precision``, ``strict_recall``,
    ``strict_f1``, ``strict_tp``, ``strict_fp``, ``strict_fn`` (separate matching requiring the date to
    agree); ``by_type`` with one row per gold type; ``status_agreement``/``status_n`` over matched
    pairs and ``action_agreement``/``action_n``, ``rate_agreement``/``rate_n`` over matched tariff pairs
    (a share is 0.0 when its ``_n`` is 0); ``n_pred_unmapped``; and ``errors``: ``{"id", "kind":
    "missed"|"spurious", "event"}`` from the date-blind matching plus ``{"id", "kind": "wrong_date",
    "gold", "predicted"}`` for matched pairs whose dates disagree. Precision/recall are 0.0 when their
    denominator is 0, F1 is 0.0 when both are.

    Parameters
    ----------
    gold : dict
        ``{article id: [gold events]}`` (:func:`load_corpus`).
    predicted : dict
        ``{article id: [predicted events]}`` in the same format.
    resolve : callable, optional
        Maps an actor name to the key it is compared by.

    Returns
    -------
    dict
        The report described above.

    Examples
    --------
    >>> g = {"a": [{"type": "TariffMeasure", "imposer": "United States", "target": None, "rate": 10,
    ...             "action": "imposed", "date": "2025-04", "status": "occurred"}]}
    >>> p = {"a": [{"type": "TariffMeasure", "imposer": "united states", "target": "China", "rate": 10,
    ...             "action": "imposed", "date": "2025-04-05", "status": "occurred"}],
    ...      "b": [{"type": "Visit", "participants": ["X", "Y"], "date": None}]}
    >>> r = score(g, p)
    >>> r["tp"], r["fp"], r["fn"], r["precision"], r["strict_recall"]
    (1, 1, 0, 0.5, 1.0)
    """
    key = _Keyer(resolve)
    counts = {t: {"n_gold": 0, "n_pred": 0, "tp": 0, "strict_tp": 0} for t in TYPES}
    n_gold = n_pred = tp = strict_tp = n_unmapped = 0
    status_ok = action_ok = action_n = rate_ok = 0
    errors: list[dict] = []

    ids = list(gold) + [i for i in predicted if i not in gold]
    for aid in ids:
        g_events = list(gold.get(aid) or [])
        p_events = list(predicted.get(aid) or [])
        g_types = [map_type(e) for e in g_events]
        p_types = [map_type(e) for e in p_events]
        n_gold += len(g_events)
        n_pred += len(p_events)
        for t in g_types:
            if t is not None:
                counts[t]["n_gold"] += 1
        for t in p_types:
            if t is None:
                n_unmapped += 1
            else:
                counts[t]["n_pred"] += 1

        pairs = _match(g_events, g_types, p_events, p_types, key, strict=False)
        strict_pairs = _match(g_events, g_types, p_events, p_types, key, strict=True)
        tp += len(pairs)
        strict_tp += len(strict_pairs)
        for gi, _ in strict_pairs:
            counts[g_types[gi]]["strict_tp"] += 1

        for gi, pi in pairs:
            g, p, t = g_events[gi], p_events[pi], g_types[gi]
            counts[t]["tp"] += 1
            status_ok += _norm_str(g.get("status")) == _norm_str(p.get("status"))
            if t == "TariffMeasure":
                action_n += 1
                action_ok += _norm_str(g.get("action")) == _norm_str(p.get("action"))
                rate_ok += rate_agrees(g.get("rate"), p.get("rate"))

        matched_g = {gi for gi, _ in pairs}
        matched_p = {pi for _, pi in pairs}
        for gi, g in enumerate(g_events):
            if gi not in matched_g:
                errors.append({"id": aid, "kind": "missed", "event": _jsonable(g)})
        for pi, p in enumerate(p_events):
            if pi not in matched_p:
                errors.append({"id": aid, "kind": "spurious", "event": _jsonable(p)})
        for gi, pi in pairs:
            if not date_agrees(g_events[gi], p_events[pi]):
                errors.append({"id": aid, "kind": "wrong_date", "gold": _jsonable(g_events[gi]),
                               "predicted": _jsonable(p_events[pi])})

    precision, recall, f1 = _prf(tp, n_gold, n_pred)
    s_precision, s_recall, s_f1 = _prf(strict_tp, n_gold, n_pred)
    by_type = {}
    for t, c in counts.items():
        p_, r_, f_ = _prf(c["tp"], c["n_gold"], c["n_pred"])
        sp, sr, sf = _prf(c["strict_tp"], c["n_gold"], c["n_pred"])
        by_type[t] = {
            "precision": p_, "recall": r_, "f1": f_,
            "strict_precision": sp, "strict_recall": sr, "strict_f1": sf,
            "tp": c["tp"], "fp": c["n_pred"] - c["tp"], "fn": c["n_gold"] - c["tp"],
            "strict_tp": c["strict_tp"], "n_gold": c["n_gold"], "n_pred": c["n_pred"],
        }
    return {
        "precision": precision, "recall": recall, "f1": f1,
        "tp": tp, "fp": n_pred - tp, "fn": n_gold - tp, "n_gold": n_gold, "n_pred": n_pred,
        "strict_precision": s_precision, "strict_recall": s_recall, "strict_f1": s_f1,
        "strict_tp": strict_tp, "strict_fp": n_pred - strict_tp, "strict_fn": n_gold - strict_tp,
        "by_type": by_type,
        "status_agreement": _share(status_ok, tp), "status_n": tp,
        "action_agreement": _share(action_ok, action_n), "action_n": action_n,
        "rate_agreement": _share(rate_ok, action_n), "rate_n": action_n,
        "n_pred_unmapped": n_unmapped,
        "errors": errors,
    }


# ---------------------------------------------------------------- report


def _describe(event: dict) -> str:
    """One line: type, actors, rate/goods/action, date (or bounds), status."""
    if not isinstance(event, dict):
        return repr(event)
    etype = event.get("type") or event.get("class") or "?"
    cls = event.get("class")
    label = f"{etype}/{cls}" if cls and cls != etype else str(etype)
    if map_type(event) == "TariffMeasure":
        actors = f"{event.get('imposer')} -> {event.get('target') or '(all)'}"
        extras = []
        if event.get("rate") is not None:
            extras.append(f"{event['rate']}%")
        if event.get("goods"):
            extras.append(str(event["goods"]))
        if event.get("action"):
            extras.append(str(event["action"]))
        if extras:
            actors += " [" + ", ".join(extras) + "]"
    else:
        actors = ", ".join(str(p) for p in event.get("participants") or []) or "(no participants)"
    date = event.get("date") or "null"
    for bound in ("after", "before"):
        if event.get(bound):
            date += f" {bound} {event[bound]}"
    return f"{label:<13} {actors} | {date} | {event.get('status') or '-'}"


def _evidence(event: Any) -> str | None:
    ev = event.get("evidence") if isinstance(event, dict) else None
    return " ".join(str(ev).split()) if ev else None


def format_report(report: dict, errors: bool = False) -> str:
    """Human-readable table of a :func:`score` report, as ``dkg eval`` prints it.

    With ``errors=True`` every missed, spurious and wrong-date event follows, with its article id,
    type, actors, date, status and, for predictions, the ``evidence`` sentence when there is one.

    Parameters
    ----------
    report : dict
        What :func:`score` returns.
    errors : bool
        List every missed, spurious and wrong-date event after the table.

    Returns
    -------
    str

    Examples
    --------
    >>> print(format_report(score({}, {})).splitlines()[0])  # doctest: +NORMALIZE_WHITESPACE
    type  n_gold  n_pred  tp  fp  fn  prec  rec  f1  strict_f1
    """
    header = f"{'type':<14}{'n_gold':>7}{'n_pred':>7}{'tp':>6}{'fp':>6}{'fn':>6}" \
             f"{'prec':>8}{'rec':>8}{'f1':>8}{'strict_f1':>11}"
    lines = [header, "-" * len(header)]

    def row(name: str, r: dict) -> str:
        return (f"{name:<14}{r['n_gold']:>7}{r['n_pred']:>7}{r['tp']:>6}{r['fp']:>6}{r['fn']:>6}"
                f"{r['precision']:>8.3f}{r['recall']:>8.3f}{r['f1']:>8.3f}{r['strict_f1']:>11.3f}")

    for t in TYPES:
        if t in report.get("by_type", {}):
            lines.append(row(t, report["by_type"][t]))
    lines.append("-" * len(header))
    lines.append(row("all", report))
    lines.append("")
    lines.append(f"strict (date must agree): precision {report['strict_precision']:.3f}  "
                 f"recall {report['strict_recall']:.3f}  f1 {report['strict_f1']:.3f}")
    for name in ("status", "action", "rate"):
        n = report.get(f"{name}_n", 0)
        share = report.get(f"{name}_agreement", 0.0)
        scope = "matched events" if name == "status" else "matched tariffs"
        # 0.0 in the report keeps it numeric; in print, "n/a" avoids reading 0/0 as total disagreement.
        shown = f"{share:.3f} ({round(share * n)}/{n} {scope})" if n else f"n/a (no {scope})"
        lines.append(f"{name} agreement: {shown}")
    if report.get("n_pred_unmapped"):
        lines.append(f"predictions with an unmappable type: {report['n_pred_unmapped']}")

    if errors:
        errs = report.get("errors", [])
        lines.append("")
        lines.append(f"errors ({len(errs)}):")
        for e in errs:
            kind = e.get("kind", "?")
            if kind == "wrong_date":
                gold_ev, pred_ev = e.get("gold") or {}, e.get("predicted") or {}
                lines.append(f"  {e.get('id')}  wrong_date  {_describe(pred_ev)}")
                lines.append(f"      gold date: {gold_ev.get('date') or 'null'}"
                             + "".join(f" {b} {gold_ev[b]}" for b in ("after", "before") if gold_ev.get(b)))
                evidence = _evidence(pred_ev)
            else:
                lines.append(f"  {e.get('id')}  {kind:<10}  {_describe(e.get('event'))}")
                evidence = _evidence(e.get("event")) if kind == "spurious" else None
            if evidence:
                lines.append(f"      evidence: {evidence}")
    return "\n".join(lines)
