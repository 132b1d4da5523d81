"""The plugin's settings that the light part of the plugin needs without the engine.

Imported in every pytest session of a virtualenv the package is installed in, so it imports
nothing heavy (no spaCy, no pint).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal, get_args

from checks.model.kinds import Kind, Verdict

# The fact files' JSON schema, package data: `python -m checks schema` and --facts-suggest
# write it beside the fact files for editors' YAML language servers.
SCHEMA_FILE = Path(__file__).resolve().parents[1] / "schema" / "facts.schema.json"

DEFAULT_PIPELINE = "builtin"
# `facts_date_order`: how a slash date both orders make a date of is read (SPEC 3).
DateOrder = Literal["MDY", "DMY"]
DATE_ORDERS: tuple[DateOrder, ...] = get_args(DateOrder)

# Parsing costs about 17 s and 90 MB of memory per MiB with the built-in pipeline, a little
# worse than linear (5 MiB of dense news prose: 85 s, 550 MB peak; blank text costs as much).
# A news article is a few dozen KiB; 5 MiB is a book, not an article.
DEFAULT_MAX_SOURCE_BYTES = 5 * 1024 * 1024

# Marks on fact items, so that `-m quote` or `-k contradiction` select as users expect: the
# fact's kind, and (`pair` grain, where it is known at collection) the item's verdict.
KIND_MARKS = {
    Kind.DATE.value: "a fact item about a date",
    Kind.AMOUNT.value: "a fact item about an amount",
    Kind.COUNT.value: "a fact item about a count",
    Kind.QUOTE.value: "a fact item about a quotation",
}
# Every verdict, and "unmentioned" (a fact no source mentions).
VERDICT_MARKS = (*(verdict.value for verdict in Verdict), "unmentioned")
FACT_MARKS = frozenset((*KIND_MARKS, *VERDICT_MARKS))
