"""The ontology (`ontology/*.ttl`): read it, and turn it into facts, labels and citations."""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS
from rdflib.term import Node

from .errors import OntologyError
from .messages import Phrase
from .rules import CitationRef
from .vocabulary import Vocabulary

MLA = Namespace("https://w3id.org/mla-kb/ontology#")
XSD_STRING = ox.NamedNode("http://www.w3.org/2001/XMLSchema#string")
OPEN = dt.date.max.toordinal()  # the end date of a period that has not ended


def iso_date(ordinal: int) -> str | None:
    """A day ordinal as YYYY-MM-DD; None for the open end of a period."""
    return None if ordinal == OPEN else dt.date.fromordinal(ordinal).isoformat()


def provision_order(key: tuple) -> list:
    """Sort key of a provision: instrument, article, paragraph, point, numbers as numbers."""
    return [[int(p) if p.isdigit() else p for p in re.split(r"(\d+)", part or "")] for part in key]


@dataclass(frozen=True)
class Fact:
    pred: str
    args: tuple[str | int, ...]
    source: str  # "scenario" or the ontology resource the fact came from


def load_graph(directory: Path) -> Graph:
    """Parse every Turtle file of the ontology folder into one rdflib graph. pyoxigraph parses
    (in a twentieth of the time rdflib's own parser takes); its terms become rdflib's, each
    made once, in a store without named graphs (twice as fast to fill as rdflib's default)."""
    graph = Graph(store="SimpleMemory")
    files = sorted(directory.glob("*.ttl"))
    if not files:
        raise OntologyError(f"no *.ttl files in {directory}")
    named: dict[ox.NamedNode | ox.Literal, Node] = {}  # IRIs and literals recur: half the terms
    for path in files:
        try:
            triples = list(ox.parse(path=path, format=ox.RdfFormat.TURTLE))
        except (SyntaxError, OSError) as exc:
            raise OntologyError(f"{path.name}: {exc}") from exc
        blank: dict[str, BNode] = {}  # a blank node's label holds within one file
        for t in triples:
            graph.add((_rdflib_term(t.subject, blank, named), _rdflib_term(t.predicate, blank, named),
                       _rdflib_term(t.object, blank, named)))
    return graph


def _rdflib_term(node: ox.NamedNode | ox.BlankNode | ox.Literal, blank: dict[str, BNode],
                 named: dict[ox.NamedNode | ox.Literal, Node]) -> Node:
    if isinstance(node, ox.BlankNode):
        return blank.setdefault(node.value, BNode())
    if node in named:
        return named[node]
    if isinstance(node, ox.NamedNode):
        term: Node = URIRef(node.value)
    elif node.language:
        term = Literal(node.value, lang=node.language)
    elif node.datatype == XSD_STRING:
        term = Literal(node.value)
    else:
        term = Literal(node.value, datatype=URIRef(node.datatype.value))
    named[node] = term
    return term


class Ontology:
    """The facts of the world as the rules see them, with their labels and provisions."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self._provenance: dict[str, tuple[str | None, str | None]] = {}
        self.ids: dict[URIRef, str] = {}
        self.labels: dict[tuple[str, str], str] = {}  # (identifier, language) -> label
        for subject, value in graph.subject_objects(MLA.identifier):
            self.ids[subject] = str(value)
        for subject, ident in self.ids.items():
            for label in graph.objects(subject, RDFS.label):
                if isinstance(label, Literal) and label.language:
                    self.labels[(ident, label.language)] = str(label)
        # how a label reads in a sentence, by (identifier, language)
        self.articles = self._by_language(MLA.sentenceArticle)
        self.plural = {key for key, number in self._by_language(MLA.grammaticalNumber).items()
                       if number == "plural"}
        self.plural_labels = self._by_language(MLA.pluralLabel)
        self.provisions = self._index_provisions()
        for key, node in self.provisions.items():  # a provision reads as a lawyer cites it
            self.labels.setdefault((self.ident(node), "en"), CitationRef(*key).label)

    # --- identifiers and labels ---------------------------------------------

    def ident(self, node: URIRef) -> str:
        if node in self.ids:
            return self.ids[node]
        text = str(node)
        return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]

    def label(self, ident: str, lang: str = "en") -> str:
        """The label in a language, else in English, else the identifier itself."""
        return self.labels.get((ident, lang)) or self.labels.get((ident, "en"), ident)

    @functools.cache  # noqa: B019 - one Ontology per knowledge base, kept for its lifetime
    def phrase(self, ident: str, lang: str = "en") -> Phrase:
        """The label as it reads in a sentence: after the article the language puts before it
        (mla:sentenceArticle), plural where the name is (mla:grammaticalNumber), with a verb's
        plural form (mla:pluralLabel)."""
        label = self.label(ident, lang)
        article = self.articles.get((ident, lang))
        if article:
            label = article + label if article.endswith("'") else f"{article} {label}"
        return Phrase(label, (ident, lang) in self.plural, self.plural_labels.get((ident, lang)))

    def _by_language(self, prop: URIRef) -> dict[tuple[str, str], str]:
        """The language-tagged values of a property, by (identifier, language)."""
        return {(self.ids[s], v.language): str(v) for s, v in self.graph.subject_objects(prop)
                if s in self.ids and isinstance(v, Literal) and v.language}

    def instances(self, class_name: str) -> list[URIRef]:
        """Instances of an mla: class or of any of its subclasses."""
        classes = set(self.graph.transitive_subjects(RDFS.subClassOf, MLA[class_name]))
        return sorted({s for c in classes for s in self.graph.subjects(RDF.type, c)})

    @functools.cache  # noqa: B019 - one Ontology per knowledge base, kept for its lifetime
    def ids_of(self, class_name: str) -> list[str]:
        return sorted(self.ident(s) for s in self.instances(class_name))

    # --- facts -----------------------------------------------------------------

    def facts(self, vocabulary: Vocabulary) -> list[Fact]:
        """Every fact the vocabulary reads from the ontology."""
        facts: list[Fact] = []
        for predicate in vocabulary:
            spec = predicate.ontology
            if not spec:
                continue
            if "property" in spec:
                for s, o in self.graph.subject_objects(MLA[spec["property"]]):
                    facts.append(Fact(predicate.name, (self.ident(s), self.ident(o)), str(s)))
                continue
            classes = spec["class"] if isinstance(spec["class"], list) else [spec["class"]]
            subjects = {s for c in classes for s in self.instances(c)}
            if "where" in spec:  # only the records that have this property
                subjects = {s for s in subjects if (s, MLA[spec["where"]], None) in self.graph}
            for subject in sorted(subjects):
                values = [self._values(subject, p, p in spec.get("open", [])) for p in spec["args"]]
                missing = [p for p, v in zip(spec["args"], values, strict=True) if not v]
                if missing:
                    raise OntologyError(f"{subject} lacks mla:{', mla:'.join(missing)}")
                facts += [Fact(predicate.name, args, str(subject))
                          for args in itertools.product(*values)]
        return facts

    def _values(self, subject: URIRef, prop: str, may_be_open: bool) -> list[str | int]:
        """The values of a property (one fact per value), or [OPEN] for a missing end date."""
        if prop == "self":
            return [self.ident(subject)]
        values = [self._python(v) for v in self.graph.objects(subject, MLA[prop])]
        return sorted(values, key=str) or ([OPEN] if may_be_open else [])

    def _python(self, value) -> str | int:
        if isinstance(value, Literal):
            python = value.toPython()
            return python.toordinal() if isinstance(python, dt.date) else str(python)
        return self.ident(value)

    # --- provisions and citations ---------------------------------------------

    def _index_provisions(self) -> dict[tuple, URIRef]:
        index: dict[tuple, URIRef] = {}
        for node in self.instances("Provision"):
            instrument = self.graph.value(node, MLA.ofInstrument)
            article = self.graph.value(node, MLA.article)
            if instrument is None or article is None:
                raise OntologyError(f"provision {node} needs mla:ofInstrument and mla:article")
            paragraph = self.graph.value(node, MLA.paragraph)
            point = self.graph.value(node, MLA.point)
            key = (self.ident(instrument), str(article),
                   str(paragraph) if paragraph is not None else None,
                   str(point) if point is not None else None)
            index[key] = node
        return index

    def provision_text(self, ref: CitationRef) -> str | None:
        node = self.provisions.get(ref.key)
        text = self.graph.value(node, MLA.text) if node is not None else None
        return str(text) if text is not None else None

    def citation(self, ref: CitationRef) -> dict:
        """The citation object of the assessment contract for a provision."""
        return dict(self._citation(ref))

    @functools.cache  # noqa: B019 - one Ontology per knowledge base, kept for its lifetime
    def _citation(self, ref: CitationRef) -> dict:
        node = self.provisions[ref.key]
        source = self.graph.value(node, DCTERMS.source)
        return {
            "instrument": ref.instrument,
            "article": ref.article,
            "paragraph": ref.paragraph,
            "point": ref.point,
            "label": ref.label,
            "text": str(self.graph.value(node, MLA.text) or ""),
            "uri": str(source) if source is not None else None,
        }

    def provenance(self, resource: str) -> tuple[str | None, str | None]:
        """The public source (dcterms:source) of an ontology resource and how it was read
        (mla:certainty: read, secondary, unverified), where the record says; looked up once."""
        if resource not in self._provenance:
            subject = URIRef(resource)
            source = self.graph.value(subject, DCTERMS.source)
            certainty = self.graph.value(subject, MLA.certainty)
            self._provenance[resource] = (None if source is None else str(source),
                                          None if certainty is None else str(certainty))
        return self._provenance[resource]
