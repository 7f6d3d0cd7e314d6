"""The layouts fit any width and never cut what must be read whole (properties, then cases)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.text import Text

from wecare_cli.reports.layout import Column, FittedTable, prefixed, wrap

WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzàèé-.,«»€0123456789", min_size=1, max_size=30)
PROSE = st.lists(WORD, min_size=0, max_size=40).map(" ".join)
IDENTIFIER = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-/", min_size=1, max_size=14)


@given(prose=PROSE, width=st.integers(min_value=1, max_value=120))
def test_wrapped_text_fits_its_width_and_loses_no_character(prose: str, width: int) -> None:
    lines = wrap(Text(prose), width)
    assert all(line.cell_len <= width for line in lines)
    assert "".join(line.plain for line in lines).replace(" ", "") == prose.replace(" ", "")


@given(prose=PROSE, width=st.integers(min_value=31, max_value=120))
def test_a_word_that_fits_the_line_is_never_split(prose: str, width: int) -> None:
    lines = wrap(Text(prose), width)
    assert [w for line in lines for w in line.plain.split()] == prose.split()


@given(
    prose=PROSE, width=st.integers(min_value=20, max_value=120), indent=st.integers(min_value=0, max_value=30)
)
def test_a_hanging_indent_keeps_every_line_within_the_width(prose: str, width: int, indent: int) -> None:
    lines = prefixed(" " * indent + "x ", Text(prose), width)
    assert all(line.cell_len <= width for line in lines)


@settings(max_examples=60)
@given(
    rows=st.lists(st.tuples(IDENTIFIER, PROSE, IDENTIFIER, PROSE), min_size=1, max_size=6),
    width=st.integers(min_value=40, max_value=140),
)
def test_a_fitted_table_fits_any_width_and_keeps_its_identifiers_whole(
    rows: list[tuple[str, str, str, str]], width: int
) -> None:
    table = FittedTable(
        [
            Column("Application"),
            Column("Applicant", wrap=True, below=2),
            Column("Status"),
            Column("Reasons", wrap=True, whole_words=True, below=1),
        ],
        title="A title long enough to be wrapped at the narrowest of widths, and then some",
    )
    for row in rows:
        table.add_row(*row)
    lines = [line.plain for line in table.lines(width)]
    assert all(len(line) <= width for line in lines)
    for identifier, _, status, _ in rows:
        assert any(identifier in line for line in lines)
        assert any(status in line for line in lines)


def test_kept_columns_keep_their_width_and_the_name_moves_under_its_row_when_narrow() -> None:
    table = FittedTable(
        [
            Column("Rank", "right"),
            Column("Application"),
            Column("Applicant", wrap=True, below=1, minimum=16),
            Column("Granted", "right"),
            Column("Status"),
        ]
    )
    table.add_row("1", "FSE1-001", "Consorzio Servizi Sociali Langhe (esempio)", "€300,000", "funded")
    table.add_row("-", "FSE4-001", "Agenzia di Sviluppo Esempio", "€0", "not allocated")
    wide = [line.plain for line in table.lines(90)]
    assert wide == [
        "Rank  Application  Applicant                                    Granted  Status",
        "────  ───────────  ──────────────────────────────────────────  ────────  ─────────────",
        "   1  FSE1-001     Consorzio Servizi Sociali Langhe (esempio)  €300,000  funded",
        "   -  FSE4-001     Agenzia di Sviluppo Esempio                       €0  not allocated",
    ]
    narrow = [line.plain for line in table.lines(50)]
    assert narrow == [
        "Rank  Application   Granted  Status",
        "────  ───────────  ────────  ─────────────",
        "   1  FSE1-001     €300,000  funded",
        "      Applicant: Consorzio Servizi Sociali Langhe",
        "                 (esempio)",
        "   -  FSE4-001           €0  not allocated",
        "      Applicant: Agenzia di Sviluppo Esempio",
    ]


def test_when_even_the_kept_columns_do_not_fit_each_row_becomes_a_record() -> None:
    table = FittedTable([Column("Application"), Column("Status")])
    table.add_row("FSE1-" + "9" * 30, "partially funded")
    assert [line.plain for line in table.lines(40)] == [
        "Application: FSE1-9999999999999999999999",
        "             99999999",
        "  Status: partially funded",
    ]


def test_control_characters_are_written_out_before_the_columns_are_measured() -> None:
    table = FittedTable([Column("Id"), Column("Applicant", wrap=True)])
    table.add_row("A\x1b[2J", "Coop\rX")
    lines = [line.plain for line in table.lines(60)]
    assert lines[2] == "A\\x1b[2J  Coop\\rX"
    assert lines[1].startswith("─" * len("A\\x1b[2J") + "  ─")


def test_an_ascii_console_gets_a_rule_of_hyphens() -> None:
    table = FittedTable([Column("Code")])
    table.add_row("D01")
    assert [line.plain for line in table.lines(40, ascii_only=True)] == ["Code", "----", "D01"]
