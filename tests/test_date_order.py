"""`facts_date_order` reaches every reader of slash dates: example sentences, suggestions."""

from __future__ import annotations


def test_an_editors_example_sentence_reads_slash_dates_by_the_date_order():
    from checks.engine import check_example
    from checks.factfile import load_fact_file
    from checks.values import parse_tolerance, parse_value

    fact_file = load_fact_file("f.yaml", "facts:\n  - id: lease-end\n    date: 2025-02-12\n"
                               "    about: [lease]\n", parse_value, parse_tolerance)
    fact = fact_file.facts[0]
    sentence = "The lease ran out on 12/02/2025."
    assert [link.verdict.value for link in check_example(fact_file, fact, sentence)] \
        == ["unresolved"]
    assert [link.verdict.value for link in check_example(
        fact_file, fact, sentence, date_order="DMY")] == ["consistent"]


def test_suggestions_place_slash_dates_by_the_date_order():
    from checks.pipeline import load_pipeline, parse_source
    from checks.sources import SourceText
    from checks.suggest import statements

    parsed = {"a.txt": parse_source(load_pipeline(), SourceText(
        "a.txt", "The lease ran out on 12/02/2025.\n", "", None))}
    assert [s for s in statements(parsed) if s.kind == "date"] == []
    assert [s.kind for s in statements(parsed, "DMY")] == ["date"]
