"""Every output format, on scenarios of every regime: text, Markdown, HTML, JSON."""

import json
from html.parser import HTMLParser

import pytest

from mla_kb.render import render

SCENARIOS = {
    "tca": {"requesting_state": "GB", "requested_state": "NL", "date": "2024-03-01",
            "measures": ["search_and_seizure"],
            "person": {"finally_judged_in": "DE", "same_acts": True, "penalty": "enforced"}},
    "eio": {"requesting_state": "NL", "requested_state": "DE", "date": "2024-03-01",
            "facts": {"harms_national_security": True}},
    "conventions": {"requesting_state": "DK", "requested_state": "NL", "date": "2008-01-01",
                    "urgent": True},
    "nothing": {"requesting_state": "US", "requested_state": "BR", "date": "2024-03-01"},
}


class _Checker(HTMLParser):
    """Checks that every opened element is closed in order, and collects links and text."""

    VOID = {"meta", "br", "hr", "img", "link", "input"}

    def __init__(self):
        super().__init__()
        self.stack, self.hrefs, self.sources, self.text = [], [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag not in self.VOID:
            self.stack.append(tag)
        if "href" in attrs:
            self.hrefs.append(attrs["href"])
        if "src" in attrs:
            self.sources.append(attrs["src"])

    def handle_endtag(self, tag):
        assert self.stack and self.stack.pop() == tag, f"unbalanced </{tag}>"

    def handle_data(self, data):
        self.text.append(data)


@pytest.mark.parametrize("name", SCENARIOS)
def test_every_format_renders_every_conclusion(kb, name):
    assessment = kb.assess(SCENARIOS[name])
    text, markdown = render(assessment, "text"), render(assessment, "markdown")
    page = render(assessment, "html")
    assert json.loads(render(assessment, "json")) == json.loads(json.dumps(assessment))
    checker = _Checker()
    checker.feed(page)
    checker.close()
    assert checker.stack == [] and checker.sources == []  # balanced, and nothing fetched
    assert all(h.startswith(("#", "http")) for h in checker.hrefs)
    page_text = " ".join(checker.text)
    for conclusion in assessment["conclusions"]:
        label = conclusion["citations"][0]["label"]
        assert conclusion["statement"] in text and label in text
        assert conclusion["statement"] in markdown
        assert conclusion["statement"] in page_text and f"[{label}]" in page_text
    if not assessment["conclusions"]:
        assert "No conclusion follows" in text and "No conclusion follows" in page_text


def test_html_shows_the_article_text_beside_each_step(kb):
    page = render(kb.assess(SCENARIOS["tca"]), "html")
    assert "<blockquote>Mutual assistance may be refused, in addition to the grounds" in page
    assert "<details" in page and "shown above" in page


def _fact_leaves(node):
    if "fact" in node:
        yield node
    for premise in node.get("premises", []):
        yield from _fact_leaves(premise)


def test_a_fact_read_in_a_secondary_source_says_so_in_every_format(kb):
    """Luxembourg's EIO record rests on a secondary source, the Netherlands' on its law."""
    scenario = {"requesting_state": "LU", "requested_state": "NL", "date": "2018-09-20"}
    assessment = kb.assess(scenario)
    leaves = {leaf["source"].rsplit("/", 1)[-1]: leaf
              for conclusion in assessment["conclusions"] for leaf in _fact_leaves(conclusion["proof"])}
    assert leaves["LU-EIO"]["certainty"] == "secondary"
    assert leaves["NL-EIO"]["certainty"] == "read"
    lines = render(assessment, "text").splitlines()
    assert any("(ontology: LU-EIO; read in a secondary source)" in line for line in lines)
    assert any(line.endswith("(ontology: NL-EIO)") for line in lines)
    assert "LU-EIO</a>; read in a secondary source" in render(assessment, "html")
    french = render(kb.assess(scenario, lang="fr"), "text")
    assert "(ontologie: LU-EIO; lu dans une source secondaire)" in french


def test_a_provision_in_a_fact_reads_as_it_is_cited(kb):
    """A binding that leaves out a provision names it as a lawyer cites it, in every language."""
    scenario = {"requesting_state": "GB", "requested_state": "NL", "date": "2010-03-01",
                "measures": ["cross_border_hot_pursuit"], "urgent": True}
    for lang in ("en", "fr", "nl"):
        text = render(kb.assess(scenario, lang=lang), "text")
        assert "CISA Art 41(1)" in text and "CISA-41-1" not in text
