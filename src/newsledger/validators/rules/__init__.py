"""The rule registry: every diagnostic code, its severity and its documentation.

A rule is declared once, where it is checked. Checks that need the whole dataset
are functions decorated with :func:`rule` (their docstring is the user
documentation); codes raised while reading a file or validating a record are
declared with :func:`declare` next to the code that raises them. Documentation
follows four headings: What it does / Why is this bad? / Example / Use instead.
``newsledger rules``, ``newsledger rule CODE`` and ``docs/rules.md`` read it.
"""

from __future__ import annotations

from newsledger.validators.rules.registry import RULES, SECTIONS, Rule, declare, rule

__all__ = ["RULES", "SECTIONS", "Rule", "all_rules", "declare", "rule"]


def all_rules() -> dict[str, Rule]:
    """Every registered rule, importing the modules that declare them."""
    from newsledger.validators.rules import dataset, file, meaning, schema, versions  # noqa: F401

    return dict(sorted(RULES.items()))
