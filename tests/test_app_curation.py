"""Corrections from the dashboard: the event's Corrections panel (fix, reject, undo) and the audit trail page.

Uses the hand-made fixture store and helpers of tests/test_app.py (its fixtures are imported, hence F811).
"""
# ruff: noqa: F811

from __future__ import annotations

from test_app import _fresh_streamlit_caches, app, event_of, gazetteer, no_exceptions, store, texts  # noqa: F401

from diplomatic_kg.dashboard import data
from graph.storage.store import open_store
from graph.write import curation


def _event_page(iri: str):
    at = app()
    at.query_params["event"] = data.event_id(iri)
    return at.switch_page("diplomatic_kg/dashboard/pages/event.py").run()


def test_fix_from_the_event_page_is_recorded_and_shown(store, gazetteer):
    steel = event_of(gazetteer, 2, 0)
    at = _event_page(steel)
    no_exceptions(at)
    at.text_input(key="curator").set_value("Dana")
    at.number_input(key="fix_rate").set_value(10.0)
    at.text_input(key="fix_why").set_value("the order says 10%")
    at.button[[b.label for b in at.button].index("Save the correction")].click().run()
    no_exceptions(at)
    (c,) = curation.corrections(open_store("memory:"))
    assert (c.kind, c.by, c.why, c.results[0]["rate"]) == ("fix", "Dana", "the order says 10%", 10.0)
    # The rate is in the event's identity: the page follows the corrected event and shows its trail.
    assert at.query_params["event"] in (data.event_id(c.result_events[0]), [data.event_id(c.result_events[0])])
    shown = texts(at)
    assert "rate: 25.0 -> 10.0" in shown and "Dana" in shown and "**Rate** 10%" in shown


def test_reject_then_undo_from_the_dashboard(store, gazetteer):
    visit = event_of(gazetteer, 3, 0)
    at = _event_page(visit)
    at.text_input(key="reject_why").set_value("a courtesy call, not a visit")
    at.button[[b.label for b in at.button].index("Reject this event")].click().run()
    no_exceptions(at)
    assert any("No event" in w.value for w in at.warning) and "rejected" in texts(at)
    at.text_input(key="undo_why_past_0").set_value("it was a visit")
    at.button[[b.label for b in at.button].index("Undo this correction")].click().run()
    no_exceptions(at)
    (c,) = curation.corrections(open_store("memory:"))
    assert c.undone["why"] == "it was a visit"
    assert "Sheinbaum" in texts(at) and not at.warning


def test_a_correction_without_a_reason_is_refused_on_the_page(store, gazetteer):
    at = _event_page(event_of(gazetteer, 2, 0))
    at.button[[b.label for b in at.button].index("Reject this event")].click().run()
    no_exceptions(at)
    assert any("why" in e.value for e in at.error)
    assert curation.corrections(open_store("memory:")) == []


def test_audit_trail_page_lists_every_correction(store, gazetteer):
    s = open_store("memory:", write=True)
    curation.reject(s, event_of(gazetteer, 3, 0), by="Ana", why="not a visit")
    curation.fix(s, event_of(gazetteer, 0, 0), {"status": "planned"}, by="Ben", why="only announced")
    at = app().switch_page("diplomatic_kg/dashboard/pages/corrections.py").run()
    no_exceptions(at)
    shown = texts(at)
    assert "2 applied" in shown and "Ana" in shown and "status: occurred -> planned" in shown
