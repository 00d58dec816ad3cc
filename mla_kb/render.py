"""Renderers: an assessment as a text tree for the terminal, Markdown, a self-contained
HTML page, or JSON. All read the same proof objects."""

from __future__ import annotations

import json
from html import escape
from typing import Any

from .messages import text


def render(assessment: dict[str, Any], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(assessment, indent=2, ensure_ascii=False) + "\n"
    lang = assessment.get("lang", "en")
    if fmt == "html":
        title = escape(_title(assessment))
        return (f'<!doctype html>\n<html lang="{lang}"><head><meta charset="utf-8">\n'
                f"<title>{title}</title><style>{STYLE}</style></head><body>\n<h1>{title}</h1>\n"
                + html_fragment(assessment) + "</body></html>\n")
    return _Writer(markdown=fmt == "markdown", lang=lang).assessment(assessment)


def _title(assessment: dict[str, Any]) -> str:
    scenario = assessment["scenario"]
    return assessment["heading"] + (f" ({scenario['id']})" if scenario.get("id") else "")


def render_why_not(result: dict[str, Any], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(result, indent=2, ensure_ascii=False) + "\n"
    return _Writer(markdown=fmt == "markdown", lang=result.get("lang", "en")).why_not(result)


def render_changes(result: dict[str, Any], fmt: str) -> str:
    """What would change a conclusion, as text (or Markdown) or JSON."""
    if fmt == "json":
        return json.dumps(result, indent=2, ensure_ascii=False) + "\n"
    lang = result.get("lang", "en")
    title = text(lang, "changes_title", conclusion=result["conclusion"]) + " " + result["heading"]
    lines = [f"{'# ' if fmt == 'markdown' else ''}{title}", "",
             text(lang, "changes_now", outcome=_outcome_text(result, lang))]
    groups: dict[str, list[str]] = {}
    for change in result["changes"]:
        field = text(lang, "day_of_receipt") if change["field"] == "date" else change["field"]
        groups.setdefault(_outcome_text(change, lang), []).append(text(
            lang, "change", field=field, to=json.dumps(change["to"]), was=json.dumps(change["from"])))
    for outcome, items in groups.items():
        lines += ["", text(lang, "changes_if", outcome=outcome), *items]
    if not result["changes"]:
        lines += ["", text(lang, "no_change")]
    return "\n".join(lines) + "\n"


def _outcome_text(outcome: dict[str, Any], lang: str) -> str:
    if not outcome["follows"]:
        return text(lang, "does_not_follow")
    details = ", ".join(str(v) for v in (outcome["effect"], outcome["value"]) if v is not None)
    return text(lang, "follows") + (f" ({details})" if details else "")


def _record(node: dict[str, Any]) -> str:
    """The ontology record a fact of a proof came from, by its local name."""
    return node["source"].rsplit("/", 1)[-1]


def _certainty(node: dict[str, Any], lang: str) -> str:
    """How an ontology record was read, where it was not read in its primary source."""
    certainty = node.get("certainty")
    return f"; {text(lang, 'certainty_' + certainty)}" if certainty in ("secondary", "unverified") else ""


class _Writer:
    def __init__(self, markdown: bool, lang: str = "en") -> None:
        self.markdown, self.lang = markdown, lang
        self.lines: list[str] = []
        self.shown: set[str] = set()

    def assessment(self, assessment: dict[str, Any]) -> str:
        title = _title(assessment)
        self.lines.append(f"# {title}" if self.markdown else title)
        if not assessment["conclusions"]:
            self.lines.append("")
            self.lines.append(text(self.lang, "nothing"))
        section = None
        for conclusion in assessment["conclusions"]:
            if conclusion["type"] != section:
                section = conclusion["type"]
                heading = text(self.lang, section)
                self.lines += ["", f"## {heading}" if self.markdown else heading.upper()]
            self.conclusion(conclusion)
        if assessment.get("open_questions"):
            heading = text(self.lang, "open_questions")
            self.lines += ["", f"## {heading}" if self.markdown else heading.upper()]
            for question in assessment["open_questions"]:
                self.lines.append(f"- {question['conclusion']}: {question['statement']}")
        return "\n".join(self.lines) + "\n"

    def why_not(self, result: dict[str, Any]) -> str:
        title = text(self.lang, "why_not", conclusion=result["conclusion"]) + " " + result["heading"]
        self.lines.append(f"# {title}" if self.markdown else title)
        if result["follows"]:
            self.lines += ["", text(self.lang, "it_follows")]
            self.node(result["proof"], 1)
        elif not result["reasons"]:
            self.lines += ["", text(self.lang, "no_rule")]
        for reason in result["reasons"]:
            self.reason(reason, 0)
        return "\n".join(self.lines) + "\n"

    def reason(self, reason: dict[str, Any], depth: int) -> None:
        pad = "  " * depth
        under = text(self.lang, "under", citation=self.cite(reason["citation"]), rule=reason["rule"])
        self.lines += ["", pad + under]
        if reason["held"]:
            self.lines.append(f"{pad}  {text(self.lang, 'holds')}")
        for premise in reason["held"]:
            self.node(premise, depth + 2)
        failed = reason["failed"]
        self.lines.append(f"{pad}  {text(self.lang, 'fails')} {failed['says']}")
        if "fact" in failed:
            why = "left_open" if failed["unknown"] else "stated_otherwise"
            self.lines.append(f"{pad}    {text(self.lang, why, fact=failed['fact'])}")
        if "because" in failed:
            self.node(failed["because"], depth + 2)
        for sub in failed.get("reasons", []):
            self.reason(sub, depth + 2)

    def conclusion(self, conclusion: dict[str, Any]) -> None:
        labels = ", ".join(self.cite(c) for c in conclusion["citations"][:1])
        self.lines.append(f"{'- **' if self.markdown else '* '}{conclusion['statement']}"
                          f"{'**' if self.markdown else ''} [{labels}]")
        self.lines.append(f"  {'`' if self.markdown else ''}{conclusion['id']}"
                          f"{'`' if self.markdown else ''}")
        if conclusion.get("depends_on"):
            self.lines.append(f"  {text(self.lang, 'unless')} {', '.join(conclusion['depends_on'])}")
        self.lines.append(f"  {text(self.lang, 'because')}")
        for premise in conclusion["proof"].get("premises", []):
            self.node(premise, 2)

    def node(self, node: dict[str, Any], depth: int) -> None:
        pad = "  " * depth + "- "
        if "rule" in node:
            key = node["conclusion"]
            label = self.cite(node["citation"])
            if key in self.shown:
                self.lines.append(f"{pad}{node['says']} [{label}] ({text(self.lang, 'shown_above')})")
                return
            self.shown.add(key)
            self.lines.append(f"{pad}{node['says']} [{label}]")
            for premise in node["premises"]:
                self.node(premise, depth + 1)
        elif "fact" in node:
            source = text(self.lang, "scenario") if node["source"] == "scenario" else \
                f"{text(self.lang, 'ontology')}: {_record(node)}{_certainty(node, self.lang)}"
            self.lines.append(f"{pad}{node['says']} ({source})")
        else:
            extra = (f" ({', '.join(node['unless'])}: {text(self.lang, 'says_otherwise')}?)"
                     if node.get("unless") else "")
            self.lines.append(f"{pad}{node['says']}{extra}")

    def cite(self, citation: dict[str, Any]) -> str:
        if self.markdown and citation.get("uri"):
            return f"[{citation['label']}]({citation['uri']})"
        return citation["label"]


STYLE = """
body { font: 15px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
h2 { border-bottom: 1px solid #ccc; margin-top: 2rem; }
.statement { font-weight: 600; margin-bottom: .2rem; }
.id { font: 12px monospace; color: #666; }
.cite { font-size: 13px; white-space: nowrap; }
details { margin: .2rem 0 .2rem 1rem; }
summary { cursor: pointer; }
blockquote { margin: .3rem 0 .3rem 1rem; padding: .2rem .6rem; border-left: 3px solid #9ab;
             color: #333; font-size: 13px; background: #f6f8fa; }
ul { margin: .2rem 0; padding-left: 1.4rem; }
.source, .check { color: #555; font-size: 13px; }
.depends { color: #a50; }
"""


def html_fragment(assessment: dict[str, Any]) -> str:
    """The conclusions of an assessment as HTML to put in a page (see STYLE)."""
    return _Html(assessment.get("lang", "en")).assessment(assessment)


class _Html:
    """A single self-contained page: collapsible proofs, the article text beside each step."""

    def __init__(self, lang: str = "en") -> None:
        self.lang = lang
        self.parts: list[str] = []
        self.shown: dict[str, str] = {}

    def assessment(self, assessment: dict[str, Any]) -> str:
        if not assessment["conclusions"]:
            self.parts.append(f"<p>{escape(text(self.lang, 'nothing'))}</p>")
        section = None
        for number, conclusion in enumerate(assessment["conclusions"]):
            if conclusion["type"] != section:
                section = conclusion["type"]
                self.parts.append(f"<h2>{escape(text(self.lang, section))}</h2>")
            self.conclusion(conclusion, number)
        if assessment.get("open_questions"):
            self.parts.append(f"<h2>{escape(text(self.lang, 'open_questions'))}</h2><ul>")
            for question in assessment["open_questions"]:
                self.parts.append(f"<li><span class=\"id\">{escape(question['conclusion'])}</span> "
                                  f"{escape(question['statement'])}</li>")
            self.parts.append("</ul>")
        return "\n".join(self.parts) + "\n"

    def conclusion(self, conclusion: dict[str, Any], number: int) -> None:
        cite = self.cite(conclusion["citations"][0])
        self.parts.append(f'<section class="conclusion" id="conclusion-{number}">'
                          f'<p class="statement">{escape(conclusion["statement"])} {cite}</p>'
                          f'<div class="id">{escape(conclusion["id"])}</div>')
        if conclusion.get("depends_on"):
            self.parts.append(f'<p class="depends">{escape(text(self.lang, "unless"))} '
                              f'{escape(", ".join(conclusion["depends_on"]))}</p>')
        self.parts.append(f"<details><summary>{escape(text(self.lang, 'why'))}</summary>")
        self.node(conclusion["proof"], f"c{number}", in_list=False)
        self.parts.append("</details></section>")

    def node(self, node: dict[str, Any], anchor: str, in_list: bool = True) -> None:
        if "rule" in node:
            key = node["conclusion"]
            if key in self.shown:
                self.parts.append(f'<li>{escape(node["says"])} {self.cite(node["citation"])} '
                                  f'(<a href="#{self.shown[key]}">{text(self.lang, "shown_above")}</a>)</li>')
                return
            self.shown[key] = anchor
            self.parts.append(("<li>" if in_list else "") +
                              f'<details id="{anchor}" open><summary>{escape(node["says"])} '
                              f'{self.cite(node["citation"])}</summary>'
                              f'<blockquote>{escape(node["citation"]["text"])}</blockquote><ul>')
            for index, premise in enumerate(node["premises"]):
                self.node(premise, f"{anchor}-{index}")
            self.parts.append("</ul></details>" + ("</li>" if in_list else ""))
        elif "fact" in node:
            source = text(self.lang, "scenario") if node["source"] == "scenario" else _record(node)
            link = node.get("reference")
            source_html = (f'<a href="{escape(link)}">{escape(source)}</a>' if link
                           else escape(source)) + escape(_certainty(node, self.lang))
            self.parts.append(f'<li>{escape(node["says"])} <span class="source">({source_html})</span></li>')
        else:
            self.parts.append(f'<li class="check">{escape(node["says"])}</li>')

    @staticmethod
    def cite(citation: dict[str, Any]) -> str:
        label = escape(citation["label"])
        if citation.get("uri"):
            return f'<a class="cite" href="{escape(citation["uri"])}">[{label}]</a>'
        return f'<span class="cite">[{label}]</span>'
