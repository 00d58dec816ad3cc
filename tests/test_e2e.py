"""End to end, in a real headless Chromium against the web app on loopback: fill the
form, submit, see the conclusion and its article, open a proof, change a fact and
see the answer change, see the message for bad input. The page with an answer is
saved as build/screenshots/ask.png (not committed).

Needs Debian's chromium (.ci/run installs it); without it these tests are skipped,
unless MLA_KB_REQUIRE_BROWSER is set, as in CI, where its absence is a failure."""

import os
import shutil

import pytest
from conftest import ROOT

from mla_kb.web import create_app, serving

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if not CHROMIUM:
    if os.environ.get("MLA_KB_REQUIRE_BROWSER"):
        raise RuntimeError("chromium is required (MLA_KB_REQUIRE_BROWSER is set) but not installed")
    pytest.skip("chromium is not installed (apt-get install chromium)", allow_module_level=True)

playwright = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def base_url(kb):
    with serving(create_app(kb)) as url:
        yield url


@pytest.fixture(scope="module")
def page(base_url):
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        page = browser.new_page()
        yield page
        browser.close()


def fill_case(page, base_url, penalty="enforced"):
    page.goto(base_url + "/")
    page.select_option("#requesting_state", "GB")
    page.select_option("#requested_state", "NL")
    page.fill("#date", "2024-03-01")
    page.check("input[name=measures][value=search_and_seizure]")
    page.select_option("[id='person.finally_judged_in']", "DE")
    page.select_option("[id='person.penalty']", penalty)
    page.select_option("[id='person.same_acts']", "true")
    page.select_option("[id='offence.road_traffic']", "none")


def test_ask_see_the_conclusion_and_its_article_and_open_a_proof(page, base_url):
    fill_case(page, base_url)
    page.click("button[type=submit]")
    answer = page.locator("#answer")
    answer.wait_for()
    assert "Netherlands may refuse assistance on the ground of ne bis in idem." in answer.inner_text()
    assert "[TCA Art LAW.MUTAS.119]" in answer.inner_text()
    why = page.locator("section.conclusion", has_text="ne bis in idem").locator("summary").first
    quote = page.locator("section.conclusion", has_text="ne bis in idem").locator("blockquote").first
    assert not quote.is_visible()
    why.click()
    assert quote.is_visible() and "Mutual assistance may be refused" in quote.inner_text()
    (ROOT / "build" / "screenshots").mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ROOT / "build" / "screenshots" / "ask.png"), full_page=True)


def test_change_a_fact_and_the_answer_changes(page, base_url):
    fill_case(page, base_url, penalty="not_enforced")
    page.click("button[type=submit]")
    text = page.locator("#answer").inner_text()
    assert "ne bis in idem." not in text and "[TCA Art LAW.MUTAS.120(1)]" in text


def test_bad_input_shows_its_message(page, base_url):
    fill_case(page, base_url)
    page.fill("#date", "")
    page.click("button[type=submit]")
    alert = page.locator("[role=alert]")
    assert "missing required field(s): date" in alert.inner_text()


def test_a_training_case_and_its_model_answer(page, base_url):
    page.goto(base_url + "/cases")
    page.click("text=gb-nl-ne-bis-in-idem")
    assert "ne bis in idem" in page.locator("#answer").inner_text()
    page.click("#change")
    assert page.locator("[id='person.penalty']").input_value() == "enforced"
