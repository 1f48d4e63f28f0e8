"""repair_gbk_mojibake: UTF-8 punctuation read as GBK is put back; everything else is untouched."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factcheck.ingest.mojibake import repair_gbk_mojibake

SOURCES = Path(__file__).resolve().parent.parent / "sources"
SCMP = SOURCES / "004_39d260672c34949b.txt"


def damage(text: str) -> str:
    """What a GBK decoder that drops undecodable bytes makes of UTF-8 text."""
    return text.encode("utf-8").decode("gbk", errors="ignore")


# id, input, expected output, expected repair count
ROWS = [
    pytest.param(
        "made 鈥渘otable progress鈥 in", "made “notable progress” in", 2, id="quotes-lost-closing-byte"
    ),
    pytest.param("Zhipu鈥檚 plans", "Zhipu’s plans", 1, id="apostrophe"),
    pytest.param("鈥淭he goal is", "“The goal is", 1, id="opening-at-line-start"),
    pytest.param("a 鈥榬esponsible鈥 AI", "a ‘responsible’ AI", 2, id="single-quotes"),
    pytest.param("鈥淎 鈥榖鈥 c.鈥\nnext", "“A ‘b’ c.”\nnext", 4, id="nested-quotes-closing-at-end-of-line"),
    pytest.param("tech鈥, OpenAI said", "tech”, OpenAI said", 1, id="closing-before-comma-no-open-quote"),
    pytest.param("the investors鈥 money", "the investors’ money", 1, id="plural-possessive-guess"),
    pytest.param("solutions 鈥 including chips", "solutions — including chips", 1, id="dash-between-spaces"),
    pytest.param("“a” 鈥淏鈥?done", "“a” “B”done", 2, id="question-mark-marker-for-lost-byte"),
    pytest.param("said 鈥渨hy鈥\ufffd then", "said “why” then", 2, id="replacement-char-marker"),
    pytest.param(damage("a—b"), "a—b", 1, id="em-dash-kept-byte"),
    pytest.param(damage("—a"), "—a", 1, id="whole-text-is-a-run"),
    pytest.param(damage("wait… what"), "wait” what", 1, id="ellipsis-lost-byte-is-guessed-as-quote"),
    pytest.param(damage("’中文"), damage("’中文"), 0, id="cjk-both-sides-left-alone"),
    pytest.param("智谱 AI 的估值", "智谱 AI 的估值", 0, id="genuine-chinese"),
    pytest.param("中鈥文", "中鈥文", 0, id="real-lead-char-in-chinese"),
    pytest.param("他说鈥渘不", "他说鈥渘不", 0, id="pair-inside-chinese-sentence"),
    pytest.param("no damage here “ok”", "no damage here “ok”", 0, id="clean-text"),
    pytest.param("", "", 0, id="empty"),
    pytest.param(
        damage("“Quoted,” she said — it’s ‘fine’."),
        "“Quoted,” she said — it’s ‘fine’.",
        5,
        id="roundtrip-of-damage",
        marks=pytest.mark.xfail(
            strict=True, reason="“Quoted,” loses the byte before ',' and is guessed as an apostrophe"
        ),
    ),
]


@pytest.mark.parametrize(("text", "expected", "count"), ROWS)
def test_repair(text: str, expected: str, count: int) -> None:
    assert repair_gbk_mojibake(text) == (expected, count)


def test_scmp_article_is_repaired() -> None:
    original = SCMP.read_text(encoding="utf-8")
    repaired, count = repair_gbk_mojibake(original)
    assert "“notable progress”" in repaired
    assert "鈥" not in repaired
    assert count > 10
    assert repaired.count("\n") == original.count("\n")
    # Outside the repaired runs the text is byte-identical: drop the damaged runs from the original
    # and the punctuation of U+2010..U+203F from the repair, then compare.
    damaged_runs = re.compile("鈥[^\\x00-\\x7f鈥]?[?\ufffd]?")
    original_rest = damaged_runs.sub("", original)
    repaired_rest = re.sub("[\u2010-\u203f]", "", repaired)
    # the trail byte of a kept pair came back as the ASCII letter it was fused with
    fused = re.compile("鈥([^\\x00-\\x7f])")
    letters = "".join(m.group(1).encode("gbk")[1:].decode("latin-1") for m in fused.finditer(original))
    assert len(letters) == len(re.findall("鈥[^\\x00-\\x7f]", original))
    assert sorted(original_rest + letters) == sorted(repaired_rest)
    for line_orig, line_rep in zip(original.split("\n"), repaired.split("\n"), strict=True):
        assert fused.sub(lambda m: m.group(1).encode("gbk")[1:].decode("latin-1"), line_orig).replace(
            "鈥", ""
        ) == re.sub("[\u2010-\u203f]", "", line_rep)


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=80))
def test_never_changes_line_count(text: str) -> None:
    repaired, _count = repair_gbk_mojibake(text)
    assert repaired.count("\n") == text.count("\n")


# Damaged punctuation separated by at least one ASCII character (adjacent damaged characters lose
# bytes that no repair can bring back).
_PUNCT_THEN_ASCII = st.lists(
    st.tuples(
        st.sampled_from(["", "“", "”", "‘", "’", "—", "…"]), st.text("ab ,.\n", min_size=1, max_size=5)
    ),
    max_size=12,
).map(lambda pairs: "".join(p + rest for p, rest in pairs))


@given(_PUNCT_THEN_ASCII)
def test_damage_then_repair_keeps_the_letters(text: str) -> None:
    repaired, _count = repair_gbk_mojibake(damage(text))
    assert re.sub("[^a-z\n]", "", repaired) == re.sub("[^a-z\n]", "", text)
