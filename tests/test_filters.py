"""One filter type (graph.query.filters.EventFilter) under every front end, and one day parser."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Literal

from diplomatic_kg.cli import main
from graph import exports
from graph.analysis import network
from graph.errors import UsageError
from graph.example import example_store
from graph.namespaces import ACTOR
from graph.query import queries
from graph.query.filters import PARAMS, EventFilter, parse_day

ROOT = Path(__file__).resolve().parent.parent
EVERY_FIELD = EventFilter(actors=(str(ACTOR["CAN"]),), types=("Call", "Summit"), start=dt.date(2025, 3, 1),
                          end=dt.date(2025, 3, 31), statuses=("planned",), min_sources=2, text="steel",
                          node_only=True)


def test_every_field_is_set_in_the_example_and_round_trips_through_parameters():
    defaults = EventFilter()
    unset = [f.name for f in dataclasses.fields(EventFilter) if getattr(EVERY_FIELD, f.name) == getattr(defaults,
                                                                                                         f.name)]
    assert unset == [], "set the new field in EVERY_FIELD"
    params = EVERY_FIELD.to_params()
    assert set(params) == set(PARAMS)  # each field has its parameter
    assert EventFilter.from_params(params) == (EVERY_FIELD, [])
    assert EventFilter.from_params(EVERY_FIELD.to_params(short_actors=True)) == (EVERY_FIELD, [])


def test_the_front_ends_use_the_one_type():
    from diplomatic_kg.dashboard import data

    assert queries.TimelineFilter is EventFilter and data.Filters is EventFilter
    assert exports.filter_params(EVERY_FIELD) == EVERY_FIELD.to_params()


def test_one_day_parser():
    assert parse_day("2025-03") == dt.date(2025, 3, 1) and parse_day("2025-03", last=True) == dt.date(2025, 3, 31)
    assert parse_day("2024", last=True) == dt.date(2024, 12, 31)
    assert parse_day(dt.date(2025, 1, 2)) == dt.date(2025, 1, 2)
    with pytest.raises(UsageError, match="not a date"):
        parse_day("March")
    flt, problems = EventFilter.from_params({"from": "March", "to": "2025-02"})
    assert flt.start is None and flt.end == dt.date(2025, 2, 28) and "not a date" in problems[0]
    with pytest.raises(UsageError, match="not a date"):
        EventFilter.from_params({"from": "March"}, strict=True)


def test_the_network_takes_the_filter():
    store = example_store()
    flt = EventFilter(types=("Call",), start=dt.date(2025, 3, 1), end=dt.date(2025, 3, 31))
    by_filter = network.interaction_graph(store, flt=flt)
    by_arguments = network.interaction_graph(store, types=["Call"], start="2025-03-01", end="2025-03-31")
    assert sorted(by_filter.edges) == sorted(by_arguments.edges) and by_filter.number_of_edges() == 2
    assert network.related(store, "Carney", flt=EventFilter(types=("Meeting",)))[0]["count"] == 1
    # a month given as the end of a window means its last day, as in the CLI and the URL
    assert network.interaction_graph(store, end="2025-03").number_of_edges() == 3


def test_cli_and_url_parameters_give_the_same_filter_and_the_same_events(tmp_path):
    url = f"oxigraph:{tmp_path / 'store'}"
    result = CliRunner().invoke(main, ["ingest", str(ROOT / "data" / "samples"), "--store", url])
    assert result.exit_code == 0, result.output
    from diplomatic_kg.cli.options import event_filter
    from graph.storage.store import open_store

    store = open_store(url)
    typed = {"actor": ("Carney",), "type": ("call",), "from": "2025-03", "to": "2025-04"}
    from_cli = event_filter(typed, store)
    from_url, problems = EventFilter.from_params({"actor": "mark-carney", "type": "Call", "from": "2025-03",
                                                  "to": "2025-04"})
    assert problems == [] and from_cli == from_url
    rows = CliRunner().invoke(main, ["timeline", "--store", url, "--actor", "Carney", "--type", "call",
                                     "--from", "2025-03", "--to", "2025-04", "--format", "json"])
    assert rows.exit_code == 0, rows.output
    assert rows.output.count('"event"') == queries.count_events(store, from_url) > 0


def test_a_bad_date_on_the_command_line_is_one_line():
    result = CliRunner().invoke(main, ["timeline", "--store", "memory:", "--from", "March"])
    assert result.exit_code == 2 and "not a date" in result.output and "Traceback" not in result.output


# -- a new field is one change in graph/query/filters.py --------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class _WithOutlet(EventFilter):
    """What adding a field to EventFilter takes (here in a subclass, so the test stands alone): the field and its
    SPARQL. (Its URL parameter would go in from_params / to_params, in the same module.)"""

    outlet: str | None = None

    def _outlet(self) -> str:
        return (f"{{ SELECT DISTINCT ?event WHERE {{ GRAPH ?go {{ ?event prov:wasDerivedFrom ?go . "
                f"?go dkg:outlet {Literal(self.outlet).n3()} }} }} }}")

    def where(self) -> str:
        return super().where() + (f" {self._outlet()}" if self.outlet else "")

    def event_set(self) -> str:
        return super().event_set() + (f"\n  {self._outlet()}" if self.outlet else "")


def _events(iris) -> list[str]:
    return sorted(str(e).rsplit("/", 1)[-1] for e in iris)


def test_a_new_field_is_honoured_wherever_events_are_selected(tmp_path):
    from graph.query.projection import matching_mask, projection
    from graph.storage import aggregates
    from graph.storage.store import open_store

    flt = _WithOutlet(outlet="Example Courier")
    assert flt.beyond_arrays == ("outlet",) and not flt.everything and not flt.empty
    assert _WithOutlet().empty and _WithOutlet(node_only=True).everything
    wanted = ["call-carney-trump", "tariff-usa-can"]
    store = example_store()
    assert _events(queries.matching_events(store, flt)) == wanted and queries.count_events(store, flt) == 2
    assert _events(r["event"] for r in queries.timeline(store, flt)) == wanted
    assert _events(r["event"] for r in queries.timeline(store, flt.replace(types=("Call",)))) == wanted[:1]
    proj = projection(store)
    assert _events(proj.events[i] for i in matching_mask(proj, flt, store).nonzero()[0]) == wanted
    with pytest.raises(UsageError, match="outlet"):
        matching_mask(proj, flt)  # the arrays alone cannot answer it
    assert exports.export(store, flt, "csv").events == 2
    with pytest.raises(UsageError, match="cannot select events by outlet"):
        network.interaction_graph(store, flt=flt)  # refused, never silently dropped
    # A published checkpoint's aggregates answer the array fields; the new one still selects in SPARQL.
    url = f"oxigraph:{tmp_path / 'store'}"
    with open_store(url, write=True) as disk:
        dataset = Dataset()
        dataset.parse(data=store.dump("nquads"), format="nquads")
        for graph in dataset.graphs():
            if len(graph):
                disk.replace_graph(graph.identifier, list(graph))
        disk.publish()
    reader = open_store(url)
    assert aggregates.current(reader) is not None
    assert _events(r["event"] for r in queries.timeline(reader, flt)) == wanted
    assert queries.count_events(reader, flt) == 2
