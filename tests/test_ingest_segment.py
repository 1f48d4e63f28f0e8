"""split_sentences / split_passages: exact sentences and passages, offsets that slice back."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factcheck.ingest.segment import split_passages, split_sentences

SOURCES = Path(__file__).resolve().parent.parent / "sources"


def sentences_of(text: str) -> list[str]:
    got = split_sentences(text, 0, len(text), 1)
    return [text[s.start : s.end] for s in got]


# id, text, expected sentences
SENTENCE_ROWS = [
    pytest.param(
        "Zhipu has 800 staff. It is valued at $2.5 billion.",
        ["Zhipu has 800 staff.", "It is valued at $2.5 billion."],
        id="two-plain",
    ),
    pytest.param(
        "It is valued at $2.5 billion. Moonshot too.",
        ["It is valued at $2.5 billion.", "Moonshot too."],
        id="money-decimal-ends-sentence",
    ),
    pytest.param(
        "Growth was 3.5 percent. Costs rose.", ["Growth was 3.5 percent.", "Costs rose."], id="decimal-3.5"
    ),
    pytest.param(
        "On Feb. 17, the firm inked a deal. It grew.",
        ["On Feb. 17, the firm inked a deal.", "It grew."],
        id="feb-17",
    ),
    pytest.param(
        "The deal closed in Feb. The firm grew.",
        ["The deal closed in Feb.", "The firm grew."],
        id="month-abbr-ends-sentence",
    ),
    pytest.param(
        "Sales in the U.S. rose. Costs fell.",
        ["Sales in the U.S. rose.", "Costs fell."],
        id="us-mid-sentence",
    ),
    pytest.param(
        "U.S. President Donald Trump spoke.",
        ["U.S. President Donald Trump spoke."],
        id="us-before-proper-noun",
    ),
    pytest.param(
        "It sells in the U.S. The firm grew.",
        ["It sells in the U.S.", "The firm grew."],
        id="us-ends-sentence",
    ),
    pytest.param(
        "They moved to the U.K. in June.", ["They moved to the U.K. in June."], id="uk-lowercase-after"
    ),
    pytest.param(
        "Mr. Lee founded 01.AI in 2023. It has 200 staff.",
        ["Mr. Lee founded 01.AI in 2023.", "It has 200 staff."],
        id="mr-and-01ai",
    ),
    pytest.param(
        "Firms such as 01.AI. Others lag.", ["Firms such as 01.AI.", "Others lag."], id="01ai-at-sentence-end"
    ),
    pytest.param(
        "Dr. Wang said so. Prof. Li agreed.", ["Dr. Wang said so.", "Prof. Li agreed."], id="dr-prof"
    ),
    pytest.param(
        "Apple Inc. said revenue rose. Its stock fell.",
        ["Apple Inc. said revenue rose.", "Its stock fell."],
        id="inc-mid-sentence",
    ),
    pytest.param(
        "It was bought by Apple Inc. The price was secret.",
        ["It was bought by Apple Inc.", "The price was secret."],
        id="inc-ends-sentence",
    ),
    pytest.param(
        "China International Capital Corp., and others joined.",
        ["China International Capital Corp., and others joined."],
        id="corp-comma",
    ),
    pytest.param("Sinovation Co. Ltd. invested.", ["Sinovation Co. Ltd. invested."], id="co-ltd"),
    pytest.param(
        "It ranked No. 1 in China. Rivals lag.", ["It ranked No. 1 in China.", "Rivals lag."], id="no-1"
    ),
    pytest.param(
        "Big firms, e.g. Baidu, joined. Small ones left.",
        ["Big firms, e.g. Baidu, joined.", "Small ones left."],
        id="eg",
    ),
    pytest.param(
        "Costs fell (i.e. by half). Profit rose.",
        ["Costs fell (i.e. by half).", "Profit rose."],
        id="ie-in-parens",
    ),
    pytest.param(
        "Zhipu vs. Moonshot is close. Both grew.", ["Zhipu vs. Moonshot is close.", "Both grew."], id="vs"
    ),
    pytest.param(
        "Players emerged [para. 1]. Among them is Zhipu [para. 2][para. 3]. These grew [para. 4].",
        ["Players emerged [para. 1].", "Among them is Zhipu [para. 2][para. 3].", "These grew [para. 4]."],
        id="para-markers",
    ),
    pytest.param(
        "“We grew fast,” he said. “Now we slow.”",
        ["“We grew fast,” he said.", "“Now we slow.”"],
        id="quote-comma",
    ),
    pytest.param(
        "He said it was over.” Next came the IPO.",
        ["He said it was over.”", "Next came the IPO."],
        id="quote-after-full-stop",
    ),
    pytest.param(
        "“Why?” he asked. Nobody knew.",
        ["“Why?” he asked.", "Nobody knew."],
        id="question-in-quote-lowercase-after",
    ),
    pytest.param("Is it real? Yes! It is.", ["Is it real?", "Yes!", "It is."], id="question-exclamation"),
    pytest.param(
        "He paused... then went on. Later... Nothing.",
        ["He paused... then went on.", "Later...", "Nothing."],
        id="ellipsis-dots",
    ),
    pytest.param("Wait… The deal is done.", ["Wait…", "The deal is done."], id="ellipsis-char"),
    pytest.param(
        "in Malaysia and Kenya.The initiative grew.",
        ["in Malaysia and Kenya.", "The initiative grew."],
        id="glued-full-stop",
    ),
    pytest.param(
        "Visit example.com today. Or not.", ["Visit example.com today.", "Or not."], id="domain-not-split"
    ),
    pytest.param(
        "John F. Kennedy spoke. He left.", ["John F. Kennedy spoke.", "He left."], id="middle-initial"
    ),
    pytest.param(
        "Revenue hit 10.5 million yuan in 2024. Profit was 1.2 million.",
        ["Revenue hit 10.5 million yuan in 2024.", "Profit was 1.2 million."],
        id="numbers-with-decimals",
    ),
    pytest.param(
        "The startup was founded in 2019. 2020 was hard.",
        ["The startup was founded in 2019.", "2020 was hard."],
        id="next-sentence-starts-with-digit",
    ),
    pytest.param("  padded sentence.  ", ["padded sentence."], id="trimmed"),
    pytest.param("no final punctuation", ["no final punctuation"], id="no-punctuation"),
    pytest.param("", [], id="empty"),
    pytest.param(
        "It is valued at $2.5 billion. The firm has 800 staff.",
        ["It is valued at $2.5 billion.", "The firm has 800 staff."],
        id="valuation-then-staff",
    ),
    pytest.param(
        "They moved to the U.S. Then they grew.",
        ["They moved to the U.S.", "Then they grew."],
        id="us-then-starter",
    ),
    pytest.param(
        "Shares rose in the U.S. Investors cheered.",
        ["Shares rose in the U.S.", "Investors cheered."],
        id="us-before-non-starter-capital",
        marks=pytest.mark.xfail(
            strict=True, reason="'U.S.' + a capitalised word that is not a starter stays joined"
        ),
    ),
]


@pytest.mark.parametrize(("text", "expected"), SENTENCE_ROWS)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert sentences_of(text) == expected


def test_sentence_offsets_and_lines_in_a_larger_text() -> None:
    text = "Head line\n\nFirst one. Second\nwraps here. Third."
    start = text.index("First")
    got = split_sentences(text, start, len(text), 3)
    assert [text[s.start : s.end] for s in got] == ["First one.", "Second\nwraps here.", "Third."]
    assert [s.line for s in got] == [3, 3, 4]


@given(st.text(alphabet="ab .?!”\n1U.S", max_size=80))
def test_sentences_slice_back_and_do_not_overlap(text: str) -> None:
    got = split_sentences(text, 0, len(text), 1)
    last = 0
    for s in got:
        assert last <= s.start < s.end <= len(text)
        piece = text[s.start : s.end]
        assert piece == piece.strip()
        assert s.line == 1 + text.count("\n", 0, s.start)
        last = s.end


def passages_of(text: str, skip: frozenset[int] = frozenset(), body_start: int = 0) -> list[tuple[int, str]]:
    return [(p.line, p.text) for p in split_passages(text, skip, body_start)]


# id, text, skipped lines, body start, expected (line, passage text)
PASSAGE_ROWS = [
    pytest.param(
        "One.\n\nTwo.\nThree.", frozenset(), 0, [(1, "One."), (3, "Two."), (4, "Three.")], id="one-per-line"
    ),
    pytest.param("Ad\nOne.\nAd\nTwo.", frozenset({0, 2}), 0, [(2, "One."), (4, "Two.")], id="skipped-lines"),
    pytest.param("---\nk: v\n---\nBody.", frozenset(), 12, [(4, "Body.")], id="body-start"),
    pytest.param(
        "The firm, which is\nvalued at $2 billion, grew.\nNext.",
        frozenset(),
        0,
        [(1, "The firm, which is\nvalued at $2 billion, grew."), (3, "Next.")],
        id="lowercase-continuation-joined",
    ),
    pytest.param(
        "A title\nThe text.", frozenset(), 0, [(1, "A title"), (2, "The text.")], id="title-not-joined"
    ),
    pytest.param(
        "- item one\n- item two",
        frozenset(),
        0,
        [(1, "- item one"), (2, "- item two")],
        id="bullets-separate",
    ),
    pytest.param("  indented.  \n\t\n", frozenset(), 0, [(1, "indented.")], id="trimmed-and-blank"),
    pytest.param(
        "The company said on Monday that it had raised\n"
        "$300 million from Alibaba and Tencent in a round\n"
        "that values it at $2.5 billion, people said.\n"
        "\n"
        "Zhipu AI, founded in 2019, has about 800 staff\n"
        "and offices in Beijing, Singapore and Dubai, the\n"
        "firm said in a statement on its website today.\n",
        frozenset(),
        0,
        [
            (
                1,
                "The company said on Monday that it had raised\n$300 million from Alibaba and Tencent in a round\nthat values it at $2.5 billion, people said.",
            ),
            (
                5,
                "Zhipu AI, founded in 2019, has about 800 staff\nand offices in Beijing, Singapore and Dubai, the\nfirm said in a statement on its website today.",
            ),
        ],
        id="hard-wrapped-blocks",
    ),
]


@pytest.mark.parametrize(("text", "skip", "body_start", "expected"), PASSAGE_ROWS)
def test_split_passages(
    text: str, skip: frozenset[int], body_start: int, expected: list[tuple[int, str]]
) -> None:
    assert passages_of(text, skip, body_start) == expected


@pytest.mark.parametrize("path", sorted(SOURCES.glob("*.txt")), ids=lambda p: p.name[:3])
def test_bundled_passages_slice_back(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    passages = split_passages(text)
    assert passages
    for i, p in enumerate(passages):
        assert p.number == i
        assert text[p.start : p.end] == p.text
        assert p.line == 1 + text.count("\n", 0, p.start)
        assert p.sentences
        for s in p.sentences:
            assert p.start <= s.start < s.end <= p.end
            assert s.line == 1 + text.count("\n", 0, s.start)


def test_single_huge_line_is_one_passage() -> None:
    text = "Zhipu AI has 800 staff and a valuation of $2.5 billion " * 40_000  # ~2.2 MB, one line
    passages = split_passages(text)
    assert len(passages) == 1
    assert passages[0].text == text.strip()
