"""A counted text takes the language's plural form, whoever fills it in."""

import pytest

from wecare_cli.i18n.catalog import text
from wecare_cli.i18n.lang import Lang


@pytest.mark.parametrize(
    ("lang", "count", "expected"),
    [
        (Lang.IT, 1, "Questa riga ha 1 cella in più"),
        (Lang.IT, 2, "Questa riga ha 2 celle in più"),
        (Lang.EN, 1, "This line has 1 more cell than"),
        (Lang.EN, 2, "This line has 2 more cells than"),
    ],
)
def test_a_finding_message_with_a_count_takes_its_plural_form(lang: Lang, count: int, expected: str) -> None:
    assert text("finding-extra-cells", lang, count=count, value="x").startswith(expected)


def test_a_text_without_plural_forms_keeps_its_count_as_a_number() -> None:
    assert text("diff-new-applications", Lang.IT, count=1) == "Domande nuove (1)"
