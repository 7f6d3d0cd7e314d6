"""An identifier is folded exactly as a label is, whether the folding is remembered or not."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from wecare_cli.vocabulary import identifier_key, normalise_label

ids = st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from(" _-\t\u200b\u00adÀéß"), max_size=24)


@settings(max_examples=500, deadline=None)
@given(ids)
def test_an_identifier_is_folded_as_a_label_is(text: str) -> None:
    assert identifier_key(text) == normalise_label(text)


def test_folding_identifiers_does_not_fill_the_labels_memory() -> None:
    before = normalise_label.cache_info().currsize
    for number in range(1_000):
        identifier_key(f"FSE3-{number:06d}-mai-visto")
    assert normalise_label.cache_info().currsize == before
