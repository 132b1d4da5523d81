"""Quotations (SPEC sections 3, 4 and 5): finding them, who said them, comparing wordings.

Every sentence here is written for these tests in the manner of news copy (wire stories,
British and American papers, scraped pages with captions and sidebars); none comes from the
sample corpus, so each case exercises a general rule of ``checks.extract.quotes``.
"""

from __future__ import annotations

import pytest

from checks.extract.quotes import (
    GAP,
    QuoteSpan,
    compare_quote,
    find_quotes,
    named_as,
    near_form,
    quote_words,
    same_speaker,
)

OPENING_MARKS = "“\"‘'«„»‹"
CLOSING_MARKS = "”\"’'»“«›"


def texts(text: str) -> list[str]:
    return [span.text for span in find_quotes(text)]


def speakers(text: str) -> list[str | None]:
    return [span.speaker for span in find_quotes(text)]


def assert_offsets(text: str, spans: list[QuoteSpan]) -> None:
    """Offsets are exact, the marks are outside the span, and a span never crosses a line."""
    for span in spans:
        assert text[span.start : span.end] == span.text
        assert span.text == span.text.strip()
        assert "\n" not in span.text
        assert text[: span.start].rstrip(" \u00a0")[-1:] in OPENING_MARKS
        after = text[span.end :].lstrip(" \u00a0")[:1]
        assert after in CLOSING_MARKS or after in ("", "\n", "\r")


# ---- finding ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param(
            "The mayor called the closure “a betrayal of every commuter in this city” on Tuesday.",
            ["a betrayal of every commuter in this city"],
            id="curly-double",
        ),
        pytest.param(
            '"We are not going anywhere," the coach told reporters after the 3-1 defeat.',
            ["We are not going anywhere,"],
            id="straight-double",
        ),
        pytest.param(
            "Chancellor warns of ‘difficult choices’ ahead of autumn budget",
            ["difficult choices"],
            id="curly-single-headline",
        ),
        pytest.param(
            "Rail minister says strike 'cannot go on' as talks stall for a third week",
            ["cannot go on"],
            id="straight-single-headline",
        ),
        pytest.param(
            "Le Figaro called the agreement «a historic compromise» in a front-page editorial.",
            ["a historic compromise"],
            id="guillemets",
        ),
        pytest.param(
            "Le Monde described the vote as «\u00a0un désaveu cinglant\u00a0» for the government.",
            ["un désaveu cinglant"],
            id="guillemets-french-spacing",
        ),
        pytest.param(
            "Die Zeitung schrieb, der Kanzler sei „völlig isoliert“ gewesen.",
            ["völlig isoliert"],
            id="german-low-high",
        ),
        pytest.param(
            "Der Minister nannte den Plan »unbezahlbar« und verließ den Saal.",
            ["unbezahlbar"],
            id="german-reversed-guillemets",
        ),
        pytest.param(
            "The museum’s director said the collection didn’t survive the ’90s intact.",
            [],
            id="curly-apostrophes",
        ),
        pytest.param(
            "The allies' plan, drafted in the '90s, owed more to rock 'n' roll than to diplomacy.",
            [],
            id="straight-apostrophes",
        ),
        pytest.param(
            "Fans queued for fish 'n' chips while the band's manager watched.",
            [],
            id="n-between-apostrophes",
        ),
        pytest.param(
            "Analysts said Ukraine 's war economy and the government 's budget could not last.",
            [],
            id="tokenised-clitic",
        ),
        pytest.param(
            "The guitarist , who is 6'2\" , played a 12\" single from the band 's first album.",
            [],
            id="inches-and-feet",
        ),
        pytest.param(
            "“He looked at me and said ‘we are finished here’ before walking out,” the witness "
            "told the court.",
            ["He looked at me and said ‘we are finished here’ before walking out,"],
            id="nested-single-in-double",
        ),
        pytest.param(
            "'She called the ruling \"a disgrace to the profession\",' the barrister said.",
            ['She called the ruling "a disgrace to the profession",'],
            id="nested-double-in-single",
        ),
        pytest.param(
            "‘It’s the economy, and we don’t have long,’ the shadow chancellor said.",
            ["It’s the economy, and we don’t have long,"],
            id="apostrophes-inside-single",
        ),
        pytest.param(
            "'Re-elect her and the town's buses will run on time,' the leaflet promised.",
            ["Re-elect her and the town's buses will run on time,"],
            id="single-quote-opening-with-re",
        ),
        pytest.param(
            "“We will finish the job,” Ms Okafor said, “and we will do it this year.”",
            ["We will finish the job,", "and we will do it this year."],
            id="split-by-attribution",
        ),
        pytest.param(
            "Critics dismissed the so-called “peace dividend” as “garbage”.",
            ["peace dividend", "garbage"],
            id="scare-quotes",
        ),
        pytest.param(
            "The statement said “all options remain on the table\nThe talks resume on Monday.",
            ["all options remain on the table"],
            id="unclosed-ends-at-paragraph",
        ),
        pytest.param(
            "Spending on the “Ring of Steel” programme rose, while ‘Project Fear’ was revived.",
            ["Ring of Steel", "Project Fear"],
            id="names-in-quotes",
        ),
        pytest.param(
            "The band’s 1994 hit “Don’t Look Back” was played, then ‘Rock ’n’ Roll Star’.",
            ["Don’t Look Back", "Rock ’n’ Roll Star"],
            id="titles-with-apostrophes",
        ),
    ],
)
def test_find_quotes(text, expected):
    spans = find_quotes(text)
    assert [s.text for s in spans] == expected
    assert_offsets(text, spans)


def test_offsets_point_into_the_whole_text():
    text = (
        "KYIV, March 3 (Reuters) - Officials said the convoy was “delayed, not cancelled”.\n"
        "\n"
        "A spokeswoman added: “We expect it on Thursday.”\n"
    )
    spans = find_quotes(text)
    assert [(s.text, s.paragraph) for s in spans] == [
        ("delayed, not cancelled", 0),
        ("We expect it on Thursday.", 1),
    ]
    assert_offsets(text, spans)
    assert text.index("delayed") == spans[0].start
    assert text.index("Thursday.") + len("Thursday.") == spans[1].end


def test_crlf_lines_keep_exact_offsets():
    text = "Headline here\r\nShe said “no deal is better than a bad deal” today.\r\n"
    (span,) = find_quotes(text)
    assert span.text == "no deal is better than a bad deal"
    assert_offsets(text, [span])


MULTI_PARAGRAPH_FIRST = (
    "Rosa Moreno, who chairs the residents’ association, said: “We have waited three years "
    "for the money that was promised after the fire.\n"
    "\n"
    "“Now the patience is gone, and the families want answers from the council.”\n"
    "\n"
    "The council declined to comment.\n"
)

MULTI_PARAGRAPH_LAST = (
    "“The river rose faster than anyone had predicted. By midnight the old bridge was gone.\n"
    "“We had ten minutes to get out,” said Tomasz Nowak, who runs the bakery on the square.\n"
)

MULTI_PARAGRAPH_THREE = (
    "Gen. Dana Whitfield said: “The brigade is ready.\n"
    "“It has trained for this since the spring.\n"
    "“And it will not be pulled back before the election.”\n"
)


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param(
            MULTI_PARAGRAPH_FIRST,
            [
                (
                    "We have waited three years for the money that was promised after the fire.",
                    "Rosa Moreno",
                ),
                (
                    "Now the patience is gone, and the families want answers from the council.",
                    "Rosa Moreno",
                ),
            ],
            id="attributed-in-first-part",
        ),
        pytest.param(
            MULTI_PARAGRAPH_LAST,
            [
                (
                    (
                        "The river rose faster than anyone had predicted. By midnight the old bridge was "
                        "gone."
                    ),
                    "Tomasz Nowak",
                ),
                ("We had ten minutes to get out,", "Tomasz Nowak"),
            ],
            id="attributed-in-last-part",
        ),
        pytest.param(
            MULTI_PARAGRAPH_THREE,
            [
                ("The brigade is ready.", "Dana Whitfield"),
                ("It has trained for this since the spring.", "Dana Whitfield"),
                ("And it will not be pulled back before the election.", "Dana Whitfield"),
            ],
            id="three-paragraphs",
        ),
    ],
)
def test_multi_paragraph_quotes_give_one_span_per_paragraph(text, expected):
    spans = find_quotes(text)
    assert [(s.text, s.speaker) for s in spans] == expected
    assert len({s.paragraph for s in spans}) == len(spans)
    assert_offsets(text, spans)


def test_a_closed_quote_is_not_continued_by_an_unrelated_paragraph():
    text = (
        "“We are done here,” said Rosa Moreno.\n"
        "Officials at the town hall called the protest “a stunt”.\n"
    )
    assert speakers(text) == ["Rosa Moreno", None]


# ---- attribution -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param(
            "“The talks were productive,” Sarah Lindqvist said.",
            ["Sarah Lindqvist"],
            id="name-said",
        ),
        pytest.param(
            "“The talks were productive,” said Sarah Lindqvist, the EU trade "
            "commissioner, after the meeting.",
            ["Sarah Lindqvist"],
            id="said-name",
        ),
        pytest.param(
            '"We expect a decision by Friday," said Ms. Okafor.',
            ["Ms. Okafor"],
            id="said-title-name",
        ),
        pytest.param(
            "Tom Harding, the defence secretary, said the army was “ready to deploy within days”.",
            ["Tom Harding"],
            id="name-appositive-said-before",
        ),
        pytest.param(
            "“We are ready,” Tom Harding, the defence secretary, said on Monday.",
            ["Tom Harding"],
            id="name-appositive-said-after",
        ),
        pytest.param(
            "Okafor also told reporters that “the budget is fully funded”.",
            ["Okafor"],
            id="also-told-reporters-that",
        ),
        pytest.param(
            "Okafor has repeatedly warned that the scheme is “unaffordable”.",
            ["Okafor"],
            id="has-repeatedly-warned",
        ),
        pytest.param(
            "Lindqvist: “We will not sign a bad deal.”", ["Lindqvist"], id="interview-colon"
        ),
        pytest.param(
            "Alan Moss: Army ‘too small to fight a long war’", ["Alan Moss"], id="headline-colon"
        ),
        pytest.param(
            "According to Lindqvist, “the door remains open”.",
            ["Lindqvist"],
            id="according-to-before",
        ),
        pytest.param(
            "According to the ministry, the strikes were “precise and proportionate”.",
            ["the ministry"],
            id="according-to-earlier-in-sentence",
        ),
        pytest.param(
            "The strikes were “precise and proportionate”, according to a senior "
            "diplomat in Geneva.",
            ["a senior diplomat in Geneva"],
            id="according-to-after",
        ),
        pytest.param("“We are not afraid of them,” Harding says", ["Harding"], id="headline-says"),
        pytest.param(
            "Sanctions ‘will bite by summer’, Lindqvist says",
            ["Lindqvist"],
            id="headline-tail-says",
        ),
        pytest.param(
            "Europe’s plan is ‘not realistic’ and must change, Lindqvist says.",
            ["Lindqvist"],
            id="tail-says-mid-sentence-quote",
        ),
        pytest.param(
            "Donors must shoulder the “lion’s share” of the cost, the agency’s director "
            "Amir Haddad has said, as talks opened in Oslo.",
            ["the agency’s director Amir Haddad"],
            id="tail-role-name-has-said",
        ),
        pytest.param(
            "“The evidence was overwhelming,” committee chair Meg Hollis said in a statement.",
            ["committee chair Meg Hollis"],
            id="lowercase-title-before-name",
        ),
        pytest.param(
            "“The evidence was overwhelming,” said committee chair Meg Hollis.",
            ["committee chair Meg Hollis"],
            id="said-lowercase-title-name",
        ),
        pytest.param(
            "“We are not going to be rushed,” Kyiv mayor says",
            ["Kyiv mayor"],
            id="headline-role-without-article",
        ),
        pytest.param(
            "“The situation is under control,” the minister said.",
            ["the minister"],
            id="role-after",
        ),
        pytest.param(
            "“The situation is under control,” said the interior minister.",
            ["the interior minister"],
            id="said-role",
        ),
        pytest.param(
            "Lindqvist spoke to reporters in Geneva. “We have a deal,” she said.",
            ["Lindqvist"],
            id="pronoun-same-paragraph",
        ),
        pytest.param(
            "Okafor told the committee the figures were wrong.\n"
            "“We cannot sign off these accounts,” he said.",
            ["Okafor"],
            id="pronoun-previous-paragraph",
        ),
        pytest.param(
            "“We are ready,” said Okafor. “We have been ready for weeks,” he added.",
            ["Okafor", "Okafor"],
            id="pronoun-after-attributed-quote",
        ),
        pytest.param(
            "Okafor told the committee the figures were wrong.\n"
            "The hearing was adjourned.\n"
            "Members later voted to extend the inquiry.\n"
            "“It is over,” she said.",
            [None],
            id="pronoun-too-far",
        ),
        pytest.param(
            "Okafor said the deal was “fair”. She called the critics “misinformed” and "
            "the report “a work of fiction”.",
            ["Okafor", "Okafor", "Okafor"],
            id="continuation-in-paragraph",
        ),
        pytest.param(
            "Trump said he and Chinese leader Xi Jinping had agreed to hold “serious talks”.",
            ["Trump"],
            id="agreed-is-not-speech",
        ),
        pytest.param(
            "Okafor hit back on Tuesday, saying the inquiry was “politically motivated”.",
            ["Okafor"],
            id="participle-saying",
        ),
        pytest.param(
            "“We will keep fighting for every job,” said union leader Jo Baptiste.\n"
            "“This plant has a future, and the workers deserve one too.”",
            # the role before the name is left out (SPEC 4: "Information
            # minister Mohammed" is Mohammed)
            ["Jo Baptiste", "Jo Baptiste"],
            id="wire-continuation-paragraph",
        ),
        pytest.param(
            "The festival, billed as “the biggest party in the north”, drew 40,000 people.",
            [None],
            id="no-speaker",
        ),
        pytest.param("TECHNOLOGY BRINGS ‘REAL DANGERS’\n", [None], id="capitals-subheading"),
        pytest.param(
            "WASHINGTON: The central bank held rates steady on Wednesday, citing "
            "what officials called “stubborn” inflation.",
            [None],
            id="dateline-is-not-a-speaker",
        ),
        pytest.param(
            "Caption: Crowds gather outside parliament\n"
            "‘Not in our name’ read one banner held by students.",
            [None],
            id="caption-then-slogan",
        ),
    ],
)
def test_attribution(text, expected):
    assert speakers(text) == expected


# ---- normalisation (SPEC section 5) ------------------------------------------------------------


@pytest.mark.parametrize(
    "first, second",
    [
        pytest.param("We Will Fight On", "we will fight on", id="case"),
        pytest.param(
            "Ukraine’s future is in Europe", "Ukraine's future is in Europe", id="curly-apostrophe"
        ),
        pytest.param("the allies’ plan", "the allies' plan", id="plural-possessive"),
        pytest.param("peace – and security", "peace — and security", id="en-em-dash"),
        pytest.param("peace - and security", "peace -- and security", id="hyphen-dashes"),
        pytest.param("a  durable\n peace", "a durable peace", id="whitespace"),
        pytest.param("We are ready.", "We are ready", id="full-stop"),
        pytest.param("“Are we ready?”", "are we ready", id="question-and-marks"),
        pytest.param('"Never again!"', "“never again”", id="straight-curly-quotes"),
        pytest.param("our defence budget", "our defense budget", id="defence"),
        pytest.param("recognising the border", "recognizing the border", id="ising"),
        pytest.param("the organisation's rules", "the organization's rules", id="isation"),
        pytest.param("the colour of money", "the color of money", id="colour"),
        pytest.param("our favourite neighbours", "our favorite neighbors", id="our-inside"),
        pytest.param("the city centre", "the city center", id="centre"),
        pytest.param("a centred approach", "a centered approach", id="centred"),
        pytest.param("theatres and metres", "theaters and meters", id="tres"),
        pytest.param("she travelled widely", "she traveled widely", id="travelled"),
        pytest.param("cancelling the modelling", "canceling the modeling", id="elling"),
        pytest.param("we analysed it", "we analyzed it", id="analysed"),
        pytest.param("analyse the data", "analyze the data", id="analyse"),
        pytest.param("the catalogue", "the catalog", id="catalogue"),
        pytest.param("a long dialogue", "a long dialog", id="dialogue"),
        pytest.param("a licence and an offence", "a license and an offense", id="ence"),
        pytest.param("the programme", "the program", id="programme"),
        pytest.param("we practise daily", "we practice daily", id="practise"),
        pytest.param("non-lethal aid", "nonlethal aid", id="hyphenation"),
        pytest.param("co-operation with allies", "cooperation with allies", id="co-operation"),
        pytest.param("Nato allies", "NATO allies", id="acronym-case"),
        pytest.param("the U.S. position", "the US position", id="acronym-dots"),
        pytest.param("5 per cent", "5%", id="per-cent"),
        pytest.param("Jean-Noël said", "Jean-Noël said", id="accents-kept-equal"),
    ],
)
def test_normalisation_folds(first, second):
    assert quote_words(first) == quote_words(second)


@pytest.mark.parametrize(
    "first, second",
    [
        pytest.param("four years", "for years", id="four-for"),
        pytest.param("the papers were filled", "the papers were filed", id="filled-filed"),
        pytest.param("an hour late", "an or late", id="hour"),
        pytest.param("the pour", "the por", id="pour"),
        pytest.param("a fence", "a fense", id="fence"),
        pytest.param("they rise", "they rize", id="rise"),
        pytest.param("a rogue state", "a rog state", id="rogue"),
        pytest.param("they yelled", "they yeled", id="yelled"),
        pytest.param("we will", "we well", id="will-well"),
        pytest.param("no deal", "a deal", id="no-a"),
        pytest.param("not now", "now", id="dropped-not"),
        pytest.param("5 percent", "6 percent", id="numbers"),
        pytest.param("the affect", "the effect", id="affect-effect"),
    ],
)
def test_normalisation_keeps_distinct_words_apart(first, second):
    assert quote_words(first) != quote_words(second)


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param(
            "We will fight ... and we will win",
            ("we", "will", "fight", GAP, "and", "we", "will", "win"),
            id="three-dots",
        ),
        pytest.param(
            "We will fight … and we will win",
            ("we", "will", "fight", GAP, "and", "we", "will", "win"),
            id="ellipsis",
        ),
        pytest.param(
            "We will fight. . . and we will win",
            ("we", "will", "fight", GAP, "and", "we", "will", "win"),
            id="spaced-dots",
        ),
        pytest.param(
            "We [the allies] will stand firm", ("we", GAP, "will", "stand", "firm"), id="insertion"
        ),
        pytest.param(
            "[It was] a departure from the plan",
            (GAP, "a", "departure", "from", "the", "plan"),
            id="leading-insertion",
        ),
        pytest.param(
            "... and then we left", (GAP, "and", "then", "we", "left"), id="leading-ellipsis"
        ),
        pytest.param("Don’t – ever – say that!", ("dont", "ever", "say", "that"), id="dashes"),
    ],
)
def test_quote_words(text, expected):
    assert quote_words(text) == expected


# ---- comparing wordings ------------------------------------------------------------------------

FLOODS = (
    "We will not abandon the families who lost their homes in the floods, and we will "
    "rebuild every bridge before the winter."
)
LIBRARY = (
    "The council's decision to close the library is short-sighted, and the people of this "
    "town will remember it at the next election."
)


@pytest.mark.parametrize(
    "source, canonical, linked, consistent",
    [
        pytest.param(FLOODS, FLOODS, True, True, id="exact"),
        pytest.param(
            "we will not abandon the families who lost their homes in the floods, and "
            "we will rebuild every bridge before the winter",
            FLOODS,
            True,
            True,
            id="exact-after-normalisation",
        ),
        pytest.param(
            "we will rebuild every bridge before the winter",
            FLOODS,
            True,
            True,
            id="part-of-canonical",
        ),
        pytest.param("every bridge", FLOODS, True, True, id="two-word-fragment"),
        pytest.param(
            "The weather has been cruel. " + FLOODS + " That is a promise.",
            FLOODS,
            True,
            True,
            id="canonical-inside-longer-quote",
        ),
        pytest.param(
            "rebuild every bridge before the winter, whatever it costs the treasury",
            FLOODS,
            True,
            True,
            id="overlap-at-the-end",
        ),
        pytest.param(
            "This government keeps its word: we will not abandon the families who lost their homes",
            FLOODS,
            True,
            True,
            id="overlap-at-the-start",
        ),
        pytest.param(
            "We will not abandon the families ... and we will rebuild every bridge "
            "before the winter",
            FLOODS,
            True,
            True,
            id="ellipsis-skips-words",
        ),
        pytest.param(
            "We will not abandon the families who lost their homes in the floods, "
            "and [the ministry] will rebuild every bridge",
            FLOODS,
            True,
            True,
            id="insertion-replaces-words",
        ),
        pytest.param(
            "We will not abandon the families who lost their homes in the floods, and "
            "we will rebuild every road before the winter.",
            FLOODS,
            True,
            False,
            id="changed-word",
        ),
        pytest.param(
            "We will not abandon the families who lost their homes in the floods, and "
            "we will rebuild every single bridge before the winter.",
            FLOODS,
            True,
            False,
            id="added-word",
        ),
        pytest.param(
            "We will not abandon the families who lost homes in the floods, and we "
            "will rebuild every bridge before the winter.",
            FLOODS,
            True,
            False,
            id="dropped-word",
        ),
        pytest.param(
            "We will never abandon the families who lost their homes in the floods",
            FLOODS,
            True,
            False,
            id="not-to-never",
        ),
        pytest.param(
            "we will rebuild every bridge before the winter ... we will not abandon the families",
            FLOODS,
            True,
            False,
            id="ellipsis-out-of-order",
        ),
        pytest.param(
            "The council’s decision to close the library is short sighted",
            LIBRARY,
            True,
            True,
            id="apostrophe-and-hyphen",
        ),
        pytest.param(
            "and we will not be moved by threats from anyone",
            FLOODS,
            False,
            False,
            id="only-stopwords-shared",
        ),
        pytest.param(
            "Prices always climb before the winter and nobody in this town can stop them",
            FLOODS,
            False,
            False,
            id="common-three-word-phrase",
        ),
        pytest.param(
            "The people of Leeds will decide who runs the council",
            LIBRARY,
            False,
            False,
            id="unrelated-same-topic",
        ),
        pytest.param("", FLOODS, False, False, id="empty"),
    ],
)
def test_compare_quote(source, canonical, linked, consistent):
    comparison = compare_quote(source, canonical)
    assert (comparison.linked, comparison.consistent) == (linked, consistent)
    if consistent or not linked:
        assert comparison.diff == ""


@pytest.mark.parametrize(
    "source, linked",
    [
        # A two-word quotation: half of it is one word, so a shared content word would do;
        # both of its words are here.
        pytest.param("lost homes", True, id="two-words-whole"),
        # Six words: half is three, so a run of three words links (and the rest must agree).
        pytest.param("rebuild every bridge in the spring", True, id="six-words-run-of-three"),
        # Eight words: needs a run of four; three is not enough.
        pytest.param(
            "we must rebuild every bridge nobody else would fix",
            False,
            id="eight-words-run-of-three",
        ),
        # Eight words with a run of four: linked.
        pytest.param(
            "Officials promised to rebuild every bridge before March",
            True,
            id="eight-words-run-of-four",
        ),
        # A long quote sharing a run of four content words, but whose aligned words cover
        # less than half of the shorter wording, is another statement (SPEC 4).
        pytest.param(
            "Nobody believes that they will rebuild every bridge before the winter "
            "comes, said the leader of the opposition group on the council",
            False,
            id="long-quote-run-under-half",
        ),
        # ... and linked when the aligned words cover half of the shorter one.
        pytest.param(
            "we will rebuild every bridge before the winter, whatever it costs the council",
            True,
            id="long-quote-half-aligned",
        ),
    ],
)
def test_linking_threshold(source, linked):
    assert compare_quote(source, FLOODS).linked is linked


@pytest.mark.parametrize(
    "source, removed, added",
    [
        pytest.param(
            "we will rebuild every road before the winter", "bridge", "road", id="changed"
        ),
        pytest.param(
            "we will rebuild every single bridge before the winter", None, "single", id="added"
        ),
        # Seven words with runs of three only would not link (SPEC section 4: a run of four,
        # or half the quotation); this one shares "floods and we will rebuild".
        pytest.param(
            "floods, and we will rebuild bridges before the winter",
            "every bridge",
            "bridges",
            id="changed-two-for-one",
        ),
        pytest.param(
            "who lost homes in the floods, and we will rebuild", "their", None, id="dropped"
        ),
    ],
)
def test_misquote_diff_names_the_changed_words(source, removed, added):
    comparison = compare_quote(source, FLOODS)
    assert comparison.linked and not comparison.consistent
    if removed:
        assert f"[-{removed}-]" in comparison.diff
    else:
        assert "[-" not in comparison.diff
    if added:
        assert f"{{+{added}+}}" in comparison.diff
    else:
        assert "{+" not in comparison.diff


def test_run_is_the_longest_shared_run():
    assert compare_quote("we will rebuild every bridge", FLOODS).run == 5
    assert compare_quote("nothing in common here at all today", FLOODS).run <= 1


# ---- same speaker ------------------------------------------------------------------------------

HEGSETH = ("Hegseth", "Pete Hegseth", "US Defense Secretary", "Pentagon chief")
ZELENSKY = ("Zelensky", "President Zelensky", "Volodymyr Zelensky")


@pytest.mark.parametrize(
    "said_by, speaker, aliases, same",
    [
        pytest.param("Hegseth", "Pete Hegseth", (), True, id="surname"),
        pytest.param("Pete Hegseth", "Pete Hegseth", HEGSETH, True, id="full-name"),
        pytest.param(
            "US Defense Secretary Pete Hegseth", "Pete Hegseth", (), True, id="title-and-name"
        ),
        pytest.param(
            "Defence Secretary Pete Hegseth", "Pete Hegseth", HEGSETH, True, id="british-title"
        ),
        pytest.param("Mr Hegseth", "Pete Hegseth", (), True, id="honorific"),
        pytest.param("the Pentagon chief", "Pete Hegseth", HEGSETH, True, id="alias-role"),
        pytest.param("Pentagon chief", "Pete Hegseth", (), True, id="bare-role"),
        pytest.param("John Healey", "Pete Hegseth", HEGSETH, False, id="different-person"),
        pytest.param("Healey", "Pete Hegseth", HEGSETH, False, id="different-surname"),
        pytest.param(
            "President Trump",
            "Volodymyr Zelensky",
            ZELENSKY,
            False,
            id="shared-title-trump-zelensky",
        ),
        pytest.param(
            "President Zelensky",
            "Donald Trump",
            ("Trump", "President Trump"),
            False,
            id="shared-title-zelensky-trump",
        ),
        pytest.param("President Zelensky", "Volodymyr Zelensky", ZELENSKY, True, id="title-alias"),
        pytest.param(
            "Volodymyr Zelenskyy", "Volodymyr Zelensky", (), True, id="transliteration-full"
        ),
        pytest.param(
            "Zelenskyy",
            "Volodymyr Zelensky",
            ("Zelenskyy",),
            True,
            id="transliteration-surname-by-alias",
        ),
        # Spellings one letter apart are different people unless `names` says otherwise.
        pytest.param(
            "Zelenskyy", "Volodymyr Zelensky", (), False, id="transliteration-surname-without-alias"
        ),
        pytest.param(
            "Magnus Carlson", "Magnus Carlsen", ("Carlsen",), True, id="shared-first-name"
        ),
        pytest.param(
            "Carlson", "Magnus Carlsen", ("Carlsen",), False, id="surnames-one-letter-apart"
        ),
        pytest.param("Jean-Noel Barrot", "Jean-Noël Barrot", (), True, id="accents"),
        pytest.param("Barrot", "Jean-Noël Barrot", (), True, id="hyphenated-first-name"),
        pytest.param(
            "French Foreign Minister Jean-Noël Barrot",
            "Jean-Noël Barrot",
            (),
            True,
            id="nationality-title-name",
        ),
        pytest.param("the minister", "Pete Hegseth", (), True, id="role"),
        pytest.param("the defence secretary", "Pete Hegseth", (), True, id="role-title-words"),
        pytest.param("a senior official", "Pete Hegseth", HEGSETH, True, id="anonymous"),
        pytest.param("Ukrainian President", "Volodymyr Zelensky", (), True, id="nationality-role"),
        pytest.param("French President", "Donald Trump", (), True, id="role-cannot-tell"),
        pytest.param("Prime Minister", "Keir Starmer", (), True, id="bare-title"),
        pytest.param("committee chair Meg Hollis", "Meg Hollis", (), True, id="lowercase-title"),
        pytest.param(
            "committee chair Meg Hollis",
            "Pete Hegseth",
            HEGSETH,
            False,
            id="lowercase-title-other-person",
        ),
    ],
)
def test_same_speaker(said_by, speaker, aliases, same):
    assert same_speaker(said_by, speaker, aliases) is same


# ---- the three together ------------------------------------------------------------------------


def test_a_split_quote_compares_part_by_part():
    text = (
        "“We will not abandon the families who lost their homes in the floods,” the "
        "minister, Ana Ruiz, said on Friday, “and we will rebuild every bridge before the "
        "winter.”"
    )
    spans = find_quotes(text)
    assert [s.speaker for s in spans] == ["Ana Ruiz", "Ana Ruiz"]
    for span in spans:
        comparison = compare_quote(span.text, FLOODS)
        assert comparison.linked and comparison.consistent
        assert same_speaker(span.speaker, "Ana Ruiz", ("Ruiz",))
        assert not same_speaker(span.speaker, "Tom Harding", ("Harding",))


ILLUSION = "Chasing this illusionary goal will only prolong the war and cause more suffering."


@pytest.mark.parametrize(
    "source, linked",
    [
        pytest.param("illusory goal", True, id="shorter-form"),
        pytest.param("illusionery goal", True, id="one-letter-typo"),
        pytest.param("illusionary goals", True, id="plural"),
        pytest.param("this illusory goal", True, id="three-words"),
        pytest.param("common goal", False, id="another-word-is-another-phrase"),
        pytest.param("illusory", False, id="one-word-alone"),
        pytest.param("illusory aim", False, id="no-exact-word-left"),
        pytest.param("goal illusory", False, id="out-of-order"),
        pytest.param("the illusory", False, id="only-a-stopword-exact"),
    ],
)
def test_a_short_quotation_by_the_speaker_links_with_a_word_in_another_form(source, linked):
    """Known to be by the fact's speaker, "illusory goal" is a misquote of "illusionary goal";
    without that, two words sharing one are not the same quotation."""
    near = compare_quote(source, ILLUSION, near=True)
    assert (near.linked, near.consistent) == (linked, False)
    assert not compare_quote(source, ILLUSION).linked
    if linked:
        assert "[-" in near.diff and "{+" in near.diff


@pytest.mark.parametrize(
    "a, b, near",
    [
        ("overwhelmed", "overwhelming", True),
        ("illusory", "illusionary", True),
        ("goal", "goals", True),
        ("realistic", "unrealistic", False),
        ("share", "shore", False),
        ("goal", "goat", False),
        ("provide", "provide", False),
        ("defence", "defense", True),
    ],
)
def test_near_form(a, b, near):
    assert near_form(a, b) is near


@pytest.mark.parametrize(
    "said_by, named",
    [
        ("Pete Hegseth", True),
        ("Hegseth", True),
        ("the Pentagon chief", False),
        ("US Defence Secretary", False),
        ("Markus Söder", False),
        (None, False),
    ],
)
def test_named_as(said_by, named):
    assert named_as(said_by, "Pete Hegseth", ("Hegseth", "Pentagon chief")) is named


def test_a_qualifier_before_a_lower_case_title_is_not_the_speakers_name():
    """SPEC 4: "Transport minister Okafor" is Okafor, and so is the "he" after him."""
    from checks.extract.quotes import find_quotes

    text = (
        'Transport minister Okafor rejected the claim, saying "the line stays open."\n'
        '"We will not close a single station," he added.\n'
    )
    assert [q.speaker for q in find_quotes(text)] == ["Okafor", "Okafor"]


def test_an_appositive_after_a_role_for_someone_names_the_speaker():
    """SPEC 4: "a spokesperson for Lindqvist, Maja Berg, said": Berg speaks, for Lindqvist."""
    from checks.extract.quotes import find_quotes

    text = (
        'A spokesperson for Lindqvist, Maja Berg, said the plan "is ready." '
        'She later added that "talks will go on."\n'
    )
    assert [q.speaker for q in find_quotes(text)] == ["Maja Berg", "Maja Berg"]


@pytest.mark.parametrize(
    "text, speaker",
    [
        # A pronoun goes to the nearest person named before it, speaking or not (SPEC 4) ...
        (
            "Mayor Lin said the plan was sound. Councillor Ortega was blunt. "
            '"We cannot afford it," she said.',
            "Councillor Ortega",
        ),
        (
            "Rosa Ortega chairs the board. Mayor Lin said the plan was sound. Ortega was blunt. "
            '"We cannot afford it," she said.',
            "Ortega",
        ),
        # ... the speaker when she is the nearer ...
        (
            "Councillor Ortega was blunt. Mayor Lin said the plan was sound. "
            '"We cannot afford it," she said.',
            "Mayor Lin",
        ),
        # ... and never an organisation opening a sentence.
        (
            'Mayor Lin spoke first. Northwind rejected the offer. "We cannot afford it," she said.',
            "Mayor Lin",
        ),
    ],
)
def test_a_pronoun_goes_to_the_nearest_person_named_before(text, speaker):
    assert [q.speaker for q in find_quotes(text)] == [speaker]


def test_a_two_word_organisation_is_no_antecedent_for_she():
    """ "White House officials denied it": a full name counts as a person only when the
    text also names her by surname alone; "House" never stands alone."""
    text = (
        "Karine Jean-Pierre said the report was wrong. White House officials denied it "
        'too. "That is false," she said.'
    )
    assert [q.speaker for q in find_quotes(text)] == ["Karine Jean-Pierre"]
