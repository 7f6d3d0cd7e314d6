"""The closed vocabularies of the application form: codes and the Italian labels accepted for them.

Matching ignores case, accents, repeated spaces, ``_`` and ``-`` (see :func:`normalise_label`).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

APPLICANT_TYPE_LABELS: dict[str, tuple[str, ...]] = {
    "ente-gestore": (
        "ente gestore",
        "ente gestore delle funzioni socio-assistenziali",
        "ente gestore dei servizi socio-assistenziali",
        "consorzio socio-assistenziale",
    ),
    "comune": ("comune",),
    "unione-comuni": ("unione di comuni", "unione dei comuni", "unione montana", "unione comuni"),
    "asl": ("asl", "azienda sanitaria locale", "azienda sanitaria"),
    "ente-pubblico": ("ente pubblico", "altro ente pubblico", "pubblica amministrazione"),
    "ets": ("ets", "ente del terzo settore", "terzo settore"),
    "odv": ("odv", "organizzazione di volontariato", "associazione di volontariato"),
    "impresa-sociale": ("impresa sociale", "cooperativa sociale"),
    "impresa": ("impresa", "pmi", "azienda", "impresa profit"),
}
"""Applicant and partner types: code -> Italian labels also accepted."""

APPLICANT_TYPES: tuple[str, ...] = tuple(APPLICANT_TYPE_LABELS)

ENTERPRISE_SIZE_LABELS: dict[str, tuple[str, ...]] = {
    "micro": ("micro", "microimpresa", "micro impresa"),
    "piccola": ("piccola", "piccola impresa", "small"),
    "media": ("media", "media impresa", "medium"),
    "grande": ("grande", "grande impresa", "large"),
}
"""Enterprise sizes (EU SME definition): code -> labels also accepted."""

ENTERPRISE_SIZES: tuple[str, ...] = tuple(ENTERPRISE_SIZE_LABELS)

YES_WORDS: tuple[str, ...] = ("si", "yes", "true", "vero", "x", "1")
NO_WORDS: tuple[str, ...] = ("no", "false", "falso", "0")
"""Yes/no answers (after normalisation, so ``Sì`` is ``si``)."""

_SPACES = re.compile(r"[\s_\-]+")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\ufeff\u00ad"))


def _folded(text: str) -> str:
    if text.isascii():
        return _SPACES.sub(" ", text).strip().casefold()
    folded = unicodedata.normalize("NFKD", text.translate(_INVISIBLE))
    without_accents = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return _SPACES.sub(" ", without_accents).strip().casefold()


@lru_cache(maxsize=65_536)
def normalise_label(text: str) -> str:
    """Fold a header or label for matching: no accents, case, invisible characters or extra spaces."""
    return _folded(text)


def identifier_key(text: str) -> str:
    """An identifier (an application id) as compared: folded as :func:`normalise_label` folds a
    label, but not remembered: an intake's ids are all different, and a cache of them would only
    hold memory (65,536 of them at 100,000 applications) and never be read again."""
    return _folded(text)


def _index(labels: dict[str, tuple[str, ...]]) -> dict[str, str]:
    index: dict[str, str] = {}
    for code, names in labels.items():
        for name in (code, *names):
            index[normalise_label(name)] = code
    return index


_APPLICANT_TYPE_INDEX = _index(APPLICANT_TYPE_LABELS)
_SIZE_INDEX = _index(ENTERPRISE_SIZE_LABELS)


def applicant_type_code(text: str) -> str | None:
    """The applicant-type code for a code or Italian label, or None if it is not one."""
    return _APPLICANT_TYPE_INDEX.get(normalise_label(text))


def enterprise_size_code(text: str) -> str | None:
    """The enterprise-size code for a code or label, or None if it is not one."""
    return _SIZE_INDEX.get(normalise_label(text))


def yes_no(text: str) -> bool | None:
    """True for a yes word, False for a no word, None for anything else."""
    word = normalise_label(text)
    if word in YES_WORDS:
        return True
    if word in NO_WORDS:
        return False
    return None


# --------------------------------------------------------------------------------------------
# The columns of the tables read (the configuration may give them more header texts)

APPLICATION_COLUMNS: dict[str, str] = {
    "application_id": "Codice domanda",
    "measure": "Misura",
    "line": "Linea",
    "applicant_name": "Richiedente",
    "applicant_tax_code": "Codice fiscale",
    "applicant_type": "Tipologia richiedente",
    "enterprise_size": "Dimensione impresa",
    "non_profit": "Senza scopo di lucro",
    "district": "Distretto",
    "seat_province": "Provincia sede",
    "requested_amount": "Contributo richiesto",
    "total_cost": "Costo totale",
    "submitted_at": "Data presentazione",
    "phase": "Fase",
    "score": "Punteggio",
    "cup": "CUP",
    "pec": "PEC",
}
"""Canonical column name -> the Italian header officers write. Both are accepted."""

REQUIRED_APPLICATION_COLUMNS: tuple[str, ...] = (
    "application_id",
    "measure",
    "applicant_name",
    "applicant_tax_code",
    "applicant_type",
    "requested_amount",
    "total_cost",
    "submitted_at",
)
"""Always required. ``line`` (measures with lines) and ``district`` (FSE1) are checked later."""

PARTNER_COLUMNS: dict[str, str] = {
    "application_id": "Codice domanda",
    "partner_name": "Denominazione partner",
    "partner_tax_code": "Codice fiscale partner",
    "partner_type": "Tipologia partner",
    "partner_province": "Provincia sede partner",
}
REQUIRED_PARTNER_COLUMNS: tuple[str, ...] = ("application_id", "partner_name", "partner_type")
