"""`facts_date_order` reaches every reader of slash dates: example sentences, suggestions."""

from __future__ import annotations


def test_an_editors_example_sentence_reads_slash_dates_by_the_date_order():
    from checks.facts.factfile import load_fact_file
    from checks.facts.values import parse_tolerance, parse_value
    from checks.run.engine import check_example

    fact_file = load_fact_file(
        "f.yaml",
        "facts:\n  - id: lease-end\n    date: 2025-02-12\n    about: [lease]\n",
        parse_value,
        parse_tolerance,
    )
    fact = fact_file.facts[0]
    sentence = "The lease ran out on 12/02/2025."
    assert [link.verdict.value for link in check_example(fact_file, fact, sentence)] == [
        "unresolved"
    ]
    assert [
        link.verdict.value for link in check_example(fact_file, fact, sentence, date_order="DMY")
    ] == ["consistent"]


def test_suggestions_place_slash_dates_by_the_date_order():
    from checks.extract.pipeline import load_pipeline, parse_source
    from checks.judge.statements import statements
    from checks.read.sources import SourceText

    parsed = {
        "a.txt": parse_source(
            load_pipeline(), SourceText("a.txt", "The lease ran out on 12/02/2025.\n", "", None)
        )
    }
    assert [s for s in statements(parsed) if s.kind == "date"] == []
    assert [s.kind for s in statements(parsed, "DMY")] == ["date"]


def test_the_mentions_command_places_slash_dates_by_the_date_order(tmp_path, capsys):
    from checks.cli import main

    source = tmp_path / "a.txt"
    source.write_text("The lease ran out on 12/02/2025.\n", encoding="utf-8")
    main(["mentions", str(source), "--date-order", "DMY"])
    assert "->  2025-02-12\n" in capsys.readouterr().out  # one day, as failures show it
    main(["mentions", str(source)])
    assert "->  unresolved" in capsys.readouterr().out


def test_an_unplaced_slash_date_is_called_one():
    from checks.extract.pipeline import load_pipeline, parse_source
    from checks.facts.factfile import load_fact_file
    from checks.facts.values import parse_tolerance, parse_value
    from checks.read.sources import SourceText
    from checks.run.engine import check_parsed

    fact_file = load_fact_file(
        "f.yaml",
        "facts:\n  - id: lease-end\n    date: 2025-02-12\n    about: [lease]\n",
        parse_value,
        parse_tolerance,
    )
    parsed = parse_source(
        load_pipeline(), SourceText("a.txt", "The lease ran out on 12/02/2025.\n", "", None)
    )
    [(_, link)] = check_parsed(parsed, fact_file)
    assert link.judgement.source_interval == "slash date '12/02/2025'"
    assert "facts_date_order" in link.judgement.detail


def test_a_slash_date_that_names_no_day_is_no_year_either():
    from checks.extract.dates import find_dates

    assert find_dates("The strike began on 13/13/2025.") == []


def test_a_fact_files_impossible_slash_date_is_called_so():
    from checks.facts.factfile import explain_value

    assert "not a day of the calendar" in explain_value("date", "02/30/2025")
