"""Who a fact's speaker is: the names a fact file's `names` map gives one person."""

from __future__ import annotations

from checks.extract.quotes import named_as
from checks.facts.factfile import Fact
from checks.model.mentions import QuoteMention


def by_fact_speaker(mention: QuoteMention, fact: Fact, names: dict[str, tuple[str, ...]]) -> bool:
    """Does the source name the fact's speaker as the one who said the quotation?"""
    if not mention.speaker or not fact.speaker:
        return False  # the common case, answered before looking up any alias
    return named_as(mention.speaker, fact.speaker, speaker_aliases(fact.speaker, names))


def speaker_aliases(speaker: str, names: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """Every way ``names`` says the speaker may be written."""
    for canonical, aliases in names.items():
        if speaker.lower() == canonical.lower() or speaker.lower() in (a.lower() for a in aliases):
            return (canonical, *aliases)
    return ()
