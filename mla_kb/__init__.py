"""mla-kb: a declarative knowledge base of the law of mutual legal assistance in
criminal matters. Every conclusion cites the article it comes from."""

from .errors import InputError, MlaKbError, OntologyError, RuleError
from .kb import KnowledgeBase

__all__ = ["InputError", "KnowledgeBase", "MlaKbError", "OntologyError", "RuleError"]
