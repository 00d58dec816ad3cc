"""Errors the knowledge base reports to its users."""


class MlaKbError(Exception):
    """Base class of the errors of mla-kb."""


class InputError(MlaKbError):
    """Bad input from a user (scenario, command-line option): exit code 2."""


class RuleError(MlaKbError):
    """A rule file, or the rule set as a whole, is malformed: names file and line."""


class OntologyError(MlaKbError):
    """The ontology is malformed or inconsistent."""


def shown(value: object, limit: int = 60) -> str:
    """A value from the user as an error message quotes it: its repr, cut short if long,
    so that the message stays one readable line."""
    text = repr(value)
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text)} characters)"
