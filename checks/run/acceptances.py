"""Acceptances: failing links an editor has accepted in the fact file (`accept:`) become
ACCEPTED, and an acceptance that no longer matches anything is stale."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from checks.facts.factfile import Acceptance, Fact
from checks.model.kinds import Verdict
from checks.read.source_files import matches_glob

if TYPE_CHECKING:
    from checks.run.engine import LinkResult


def apply_acceptances(
    fact: Fact, source: str, links: list[LinkResult]
) -> tuple[tuple[LinkResult, ...], tuple[Acceptance, ...]]:
    """Failing links an editor has accepted become ACCEPTED; acceptances matching nothing are stale.

    An acceptance is strict: it names what the source says, so once the source is fixed the
    entry must go (a stale acceptance would silently accept a future, different mistake).
    """
    if not fact.accept:
        return tuple(links), ()
    entries = [a for a in fact.accept if matches_glob(source, a.source)]
    says = [_words(a.says) for a in entries]  # normalised once, not once per link
    used: set[Acceptance] = set()
    # Which entry accepts a text, by the link's normalised text: a source repeating the same
    # figure thousands of times looks through the entries once for it.
    accepting: dict[str, int | None] = {}
    judged = []
    for link in links:
        if link.verdict.fails:
            text = _words(link.mention.text)
            if text not in accepting:
                accepting[text] = next(
                    (index for index, said in enumerate(says) if _says(said, text)), None
                )
            index = accepting[text]
            if index is not None:
                entry = entries[index]
                used.add(entry)
                judgement = replace(
                    link.judgement,
                    verdict=Verdict.ACCEPTED,
                    detail=f"accepted ({entry.position}): {entry.reason}",
                )
                link = replace(link, judgement=judgement)
        judged.append(link)
    return tuple(judged), tuple(a for a in entries if a not in used)


def _words(text: str) -> str:
    return " ".join(text.lower().split())


def _says(says: str, text: str) -> bool:
    """An acceptance's words (normalised by ``_words``) match a mention's text: either holds
    the other."""
    return bool(says) and (says == text or says in text or text in says)
