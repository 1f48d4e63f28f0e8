"""The shared lower-cased copy: always text.lower() of the text asked about, never a stale copy."""

import pytest

from factcheck.extract.lowercase import lowered

TEXTS = [
    "Acme Raised $5 Million",
    "Acme’s Staff Grew To 300",  # a curly quote: not ASCII
    "İstanbul",  # lower-casing changes the length
    "",
    "acme raised $5 million",
]


@pytest.mark.parametrize("text", TEXTS)
def test_lowered_is_lower(text: str) -> None:
    assert lowered(text) == text.lower()


def test_lowered_follows_the_text_asked_about() -> None:
    a = "Acme Has 300 Staff"
    b = "".join(["Acme Has ", "400 Staff"])  # built at run time: another object
    assert lowered(a) == "acme has 300 staff"
    assert lowered(b) == "acme has 400 staff"
    assert lowered(a) == "acme has 300 staff"
    same_text_other_object = "".join(["Acme Has ", "300 Staff"])
    assert lowered(same_text_other_object) == "acme has 300 staff"
