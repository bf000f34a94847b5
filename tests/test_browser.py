"""The dashboard in a real browser: headless Chromium (Debian's /usr/bin/chromium) driven by Playwright.

`dkg ingest` loads the sample articles into a fresh store, `dkg app` serves it on 127.0.0.1, and the browser
opens the timeline, filters it by an actor, opens an event and its sources, and visits the other pages. The
screenshots it takes are the README's (docs/screenshots/) when DKG_SCREENSHOTS points there. Which actor and
event it picks is read from the store, so the test does not depend on the exact content of the samples.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parent.parent
# The README's screenshots are refreshed on request (DKG_SCREENSHOTS=docs/screenshots pytest tests/test_browser.py);
# a plain test run writes its own to a temporary folder so that it never modifies tracked files.
SHOTS = Path(os.environ.get("DKG_SCREENSHOTS") or tempfile.mkdtemp(prefix="dkg-screenshots-"))
DKG = shutil.which("dkg", path=str(Path(sys.executable).parent)) or shutil.which("dkg")

try:
    from playwright.sync_api import expect, sync_playwright
except ImportError:  # pragma: no cover - depends on the environment
    sync_playwright = None

pytestmark = [
    pytest.mark.skipif(sync_playwright is None, reason="playwright is not installed (pip install -e '.[test]')"),
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is missing (apt-get install -y chromium)"),
    pytest.mark.skipif(DKG is None, reason="the dkg command is not installed (pip install -e .)"),
]
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """A store with the samples, served by `dkg app`; yields (base URL, store URL)."""
    tmp = tmp_path_factory.mktemp("browser")
    store_url = f"oxigraph:{tmp / 'store'}"
    env = {k: v for k, v in os.environ.items() if k not in ("DKG_STORE", "DKG_GAZETTEER")}
    ingest = subprocess.run([DKG, "ingest", str(ROOT / "data" / "samples"), "--store", store_url, "-q"],
                            env=env, capture_output=True, text=True, timeout=300)
    assert ingest.returncode == 0, ingest.stderr
    port = _free_port()
    log = (tmp / "app.log").open("w")
    proc = subprocess.Popen([DKG, "app", "--store", store_url, "--port", str(port), "--no-open"], env=env,
                            stdout=log, stderr=subprocess.STDOUT, cwd=tmp)
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if urllib.request.urlopen(base + "_stcore/health", timeout=1).read() == b"ok":
                    break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"dkg app did not start: {(tmp / 'app.log').read_text()}")
            time.sleep(0.2)
        yield base, store_url
    finally:
        proc.terminate()  # dkg app stops its Streamlit server on SIGTERM
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM))
        yield b
        b.close()


def _idle(page) -> None:
    page.wait_for_selector(IDLE, timeout=60_000)


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    time.sleep(0.8)  # let plotly finish its transitions
    page.screenshot(path=str(SHOTS / name))


def test_filter_by_actor_open_an_event_and_see_its_sources(served, browser):
    from graph.query import queries
    from graph.storage.store import open_store

    base, store_url = served
    store = open_store(store_url)
    total = queries.count_events(store)
    person = next(a for a in queries.actor_counts(store) if a["kind"] == "person")
    n_person = queries.count_events(store, queries.TimelineFilter(actors=(person["actor"],)))
    assert 0 < n_person < total

    page = browser.new_page(viewport={"width": 1440, "height": 1500})
    page.goto(base)
    _idle(page)
    expect(page.get_by_text(f"{total} events", exact=False)).to_be_visible(timeout=30_000)
    expect(page.locator('[data-testid="stPlotlyChart"] .scatterlayer .point').first).to_be_visible()
    _shot(page, "timeline.png")

    page.get_by_role("combobox", name="Actors").click()
    page.keyboard.type(person["label"])
    page.get_by_role("option").filter(has_text=person["label"]).first.click()
    page.keyboard.press("Escape")
    expect(page.get_by_text(f"{n_person} events", exact=False)).to_be_visible(timeout=30_000)
    assert re.search(r"[?&]actor=", page.url)
    _idle(page)

    page.locator('[data-testid="stPlotlyChart"] .scatterlayer .point').first.click(force=True)
    expect(page.get_by_text("Sources (", exact=False)).to_be_visible(timeout=30_000)
    _idle(page)
    match = re.search(r"[?&]event=([0-9a-f]+)", page.url)
    assert match, page.url
    card = queries.event_card(store, queries.check_iri(f"https://w3id.org/diplomatic-kg/id/event/{match.group(1)}"))
    assert card is not None and person["actor"] in {a["iri"] for a in card["actors"]}
    first = card["sources_list"][0]
    expect(page.get_by_text(first["title"], exact=False).first).to_be_visible()
    expect(page.locator("mark.dkg-trigger, mark.dkg-actor").first).to_be_visible()  # evidence highlighted
    page.get_by_text("Sources (", exact=False).scroll_into_view_if_needed()
    _shot(page, "event.png")

    # the view is in the URL: opening it in a new tab shows the same filter and event
    other = browser.new_page(viewport={"width": 1440, "height": 1000})
    other.goto(page.url)
    _idle(other)
    expect(other.get_by_text(f"{n_person} events", exact=False)).to_be_visible(timeout=30_000)
    expect(other.get_by_text("Sources (", exact=False)).to_be_visible(timeout=30_000)
    other.close()
    page.close()


def test_actor_network_and_sparql_pages(served, browser):
    from graph.query import queries
    from graph.storage.store import open_store

    base, store_url = served
    store = open_store(store_url)
    person = next(a for a in queries.actor_counts(store) if a["kind"] == "person")
    slug = person["actor"].rsplit("/", 1)[-1]
    page = browser.new_page(viewport={"width": 1440, "height": 1500})

    page.goto(f"{base}actor?actor={slug}")
    _idle(page)
    expect(page.get_by_role("heading", name=person["label"])).to_be_visible(timeout=30_000)
    expect(page.get_by_text("Counterparts", exact=True)).to_be_visible()
    _shot(page, "actor.png")

    page.goto(f"{base}network")
    _idle(page)
    expect(page.get_by_text("ties", exact=False).first).to_be_visible(timeout=30_000)
    expect(page.locator('[data-testid="stPlotlyChart"]').first).to_be_visible()
    _shot(page, "network.png")

    page.goto(f"{base}sparql")
    _idle(page)
    page.get_by_role("button", name="Run query").click()
    expect(page.get_by_text(re.compile(r"\d+ rows? in"))).to_be_visible(timeout=30_000)
    _idle(page)
    _shot(page, "sparql.png")
    page.locator("textarea").first.fill("SELECT ?x WHERE { ?x dkg:date ")
    page.get_by_role("button", name="Run query").click()
    expect(page.get_by_text("The query is not valid", exact=False)).to_be_visible(timeout=30_000)
    page.close()


def test_the_downloads_of_a_view_are_the_files_dkg_export_makes(served, browser, tmp_path):
    import csv
    import json

    import networkx as nx

    from graph import exports
    from graph.query.queries import TimelineFilter
    from graph.storage.snapshot import snapshot_id
    from graph.storage.store import open_store

    base, store_url = served
    store = open_store(store_url)
    flt = TimelineFilter(types=("Call",))
    page = browser.new_page(accept_downloads=True, viewport={"width": 1400, "height": 1000})
    page.goto(base + "?type=Call")
    _idle(page)
    files = {}
    for label, fmt in (("CSV", "csv"), ("GEXF (Gephi)", "gexf"), ("TimelineJS", "timelinejs")):
        with page.expect_download(timeout=60_000) as download:
            page.get_by_role("button", name=label, exact=True).click()
        files[fmt] = tmp_path / download.value.suggested_filename
        download.value.save_as(files[fmt])
    page.close()
    sid = snapshot_id(store)
    assert files["csv"].name == f"dkg-events-{sid}.csv" and files["gexf"].suffix == ".gexf"
    # The button's file is exactly what `dkg export --type Call` writes (the GEXF's date aside: networkx stamps it).
    assert files["csv"].read_bytes() == exports.export(store, flt, "csv").data
    rows = list(csv.DictReader(files["csv"].open(encoding="utf-8")))
    assert rows and {r["type"] for r in rows} == {"Call"} and {r["filter"] for r in rows} == {"type=Call"}
    assert nx.read_gexf(files["gexf"]).number_of_edges() > 0
    assert json.loads(files["timelinejs"].read_text(encoding="utf-8"))["snapshot"] == sid


def test_country_level_network_and_an_actor_filter_through_people(served, browser):
    from graph.analysis import network
    from graph.query import queries
    from graph.storage.store import open_store

    base, store_url = served
    store = open_store(store_url)
    canada = "https://w3id.org/diplomatic-kg/id/actor/CAN"
    through = queries.count_events(store, queries.TimelineFilter(actors=(canada,)))
    direct = queries.count_events(store, queries.TimelineFilter(actors=(canada,), node_only=True))
    assert through > direct  # Carney's calls and meetings are Canada's
    call = next(r for r in queries.timeline(store, queries.TimelineFilter(actors=(canada,), types=("Call",)))
                if r["through"])
    page = browser.new_page(viewport={"width": 1440, "height": 1500})
    page.goto(f"{base}?actor=CAN&event={call['event'].rsplit('/', 1)[-1]}")
    _idle(page)
    expect(page.get_by_text(f"{through} events", exact=False)).to_be_visible(timeout=30_000)
    expect(page.get_by_text("for Canada", exact=False).first).to_be_visible(timeout=30_000)  # the detail says so
    expect(page.get_by_text("PLOVER", exact=False).first).to_be_visible()
    page.get_by_text("Only events naming these actors").click()
    expect(page.get_by_text(f"{direct} events", exact=False)).to_be_visible(timeout=30_000)
    assert "node_only=1" in page.url

    network.forget_projections()
    G = network.interaction_graph(store)
    with network.level("country"):
        H = network.interaction_graph(store)
    page.goto(f"{base}network")
    _idle(page)
    expect(page.get_by_text(f"{G.number_of_nodes():,} actors, {G.number_of_edges():,} ties", exact=False)) \
        .to_be_visible(timeout=30_000)
    page.get_by_text("countries", exact=True).click()
    expect(page.get_by_text(f"{H.number_of_nodes():,} actors, {H.number_of_edges():,} ties", exact=False)) \
        .to_be_visible(timeout=30_000)
    _idle(page)
    expect(page.locator('[data-testid="stPlotlyChart"]').first).to_be_visible()
    _shot(page, "network-countries.png")
    page.close()
