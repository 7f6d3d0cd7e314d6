"""What may be published of a ranking: personal tax codes withheld.

A published graduatoria and the transparency open data (D.Lgs. 33/2013, art. 26–27) name the
beneficiaries, but art. 26 c.4 excludes the identifying data of natural persons where they would
reveal health or socio-economic hardship. wecare takes the safe side: a natural person's tax code
(the 16-character codice fiscale, as of a *ditta individuale*) is never published, wherever it
appears (the tax-code column, a name that contains one, a note); a company's or body's 11-digit
codice fiscale / partita IVA is published.

The core says what is withheld; the words that replace it are the reports' (the caller passes them).
"""

from __future__ import annotations

import re

PERSONAL_TAX_CODE = re.compile(
    r"(?<![A-Za-z0-9])"
    r"[A-Za-z]{6}[0-9LMNPQRSTUVlmnpqrstuv]{2}[ABCDEHLMPRSTabcdehlmprst]"
    r"[0-9LMNPQRSTUVlmnpqrstuv]{2}[A-Za-z][0-9LMNPQRSTUVlmnpqrstuv]{3}[A-Za-z]"
    r"(?![A-Za-z0-9])"
)
"""A natural person's codice fiscale (16 characters, omocodia letters included), anywhere in a
text: six letters, year, month letter, day, municipality, check letter."""

SIXTEEN_CHARACTERS = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]{16}(?![A-Za-z0-9])")
"""A run of exactly 16 letters and digits: withheld when it mixes both, so that a codice fiscale
written with a typo is still withheld (better a code too many hidden than a person's published)."""


def _looks_personal(token: str) -> bool:
    return any(c.isdigit() for c in token) and any(c.isalpha() for c in token)


def is_personal_tax_code(code: str | None) -> bool:
    """Whether ``code`` is (or looks like) a natural person's 16-character codice fiscale."""
    if code is None:
        return False
    compact = code.strip().replace(" ", "")
    return bool(SIXTEEN_CHARACTERS.fullmatch(compact)) and _looks_personal(compact)


def without_personal_tax_codes(text: str, replacement: str) -> str:
    """``text`` with every natural person's tax code in it replaced by ``replacement``."""
    if len(text) < 16:
        return text
    return SIXTEEN_CHARACTERS.sub(
        lambda match: replacement if _looks_personal(match.group()) else match.group(), text
    )
