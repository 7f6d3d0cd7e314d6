"""Every user-facing text in Italian and English. Codes and JSON keys never change with language."""

from __future__ import annotations

import os
from collections.abc import Mapping
from enum import StrEnum


class Lang(StrEnum):
    """The languages of the interface."""

    IT = "it"
    EN = "en"


def resolve_lang(option: str | None, environ: Mapping[str, str] | None = None) -> Lang:
    """``--lang``, else WECARE_LANG, else the locale (``it_*`` gives Italian), else English."""
    env = os.environ if environ is None else environ
    for candidate in (option, env.get("WECARE_LANG")):
        if candidate and candidate.strip().lower()[:2] in ("it", "en"):
            return Lang(candidate.strip().lower()[:2])
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value:
            return Lang.IT if value.lower().startswith("it") else Lang.EN
    return Lang.EN


EN: dict[str, str] = {
    # generic
    "yes": "yes",
    "no": "no",
    "unknown": "unknown",
    "error": "Error",
    "internal-error": "Internal error: {error}. Run again with --debug to see the details.",
    "config-error": "The configuration is not valid:",
    "open": "open",
    "closed": "closed",
    "not-configured": "not configured",
    # measures
    "measures-title": "WE.CA.RE. measures on {as_of}",
    "col-code": "Code",
    "col-name": "Name",
    "col-fund": "Fund",
    "col-budget": "Budget",
    "col-procedure": "Procedure",
    "col-deadline": "Deadline in force",
    "col-open": "Open",
    "col-line": "Line",
    "col-lines": "Lines",
    "col-source": "Source",
    "col-note": "Note",
    "col-province": "Province",
    "col-quadrant": "Quadrant",
    "col-lead-body": "Lead body",
    "col-seat": "Seat",
    "col-population": "Population",
    "col-verified": "Verified",
    "col-value": "Value",
    "col-rule": "Rule",
    "col-phase": "Phase",
    "col-kind": "Kind",
    "col-act": "Act",
    "total": "Total",
    "procedure-graduatoria": "ranked (graduatoria)",
    "procedure-sportello": "first come, first served (sportello)",
    "measure-unknown": "Unknown measure {code!r}. Known measures: {known}.",
    "measure-show-title": "{code} – {name}",
    "deadline-history": "Deadline history",
    "rules": "Rules",
    "districts-title": "Distretti della Coesione Sociale ({count})",
    "districts-unverified": "{count} districts are placeholders or unverified: see districts.csv.",
    "config-ok": "Configuration valid: {measures} measures ({measures_path}, {measures_source}), "
    "{districts} districts ({districts_path}, {districts_source}).",
    "config-unknowns": "Facts the sources do not give (null in measures.yaml): {count}.",
    "init-written": "Written {path}",
    "rule-applicant-types": "Applicant types",
    "rule-enterprise-sizes": "Enterprise sizes",
    "rule-non-profit": "Non-profit required",
    "rule-district-known": "Applicant must lead a known district",
    "rule-project-min": "Project value at least (€)",
    "rule-project-max": "Project value at most (€)",
    "rule-cofinancing": "Minimum co-financing",
    "rule-third-sector-types": "Required third-sector partner types",
    "rule-third-sector-min": "Third-sector partners at least",
    "rule-third-sector-region": "Third-sector partners seated in the region",
    "rule-third-sector-max": "Applications per third-sector partner at most",
    "rule-one-per-district": "One application per district",
    "rule-threshold": "Minimum score",
    "rule-district-cap": "Projects funded per district at most",
    "rule-opening": "Sportello opens",
    "rule-budget": "Budget (€)",
    "rule-programme": "Programme code",
    "rule-act": "Act",
}

IT: dict[str, str] = {
    "yes": "sì",
    "no": "no",
    "unknown": "non noto",
    "error": "Errore",
    "internal-error": "Errore interno: {error}. Rilancia con --debug per vedere i dettagli.",
    "config-error": "La configurazione non è valida:",
    "open": "aperto",
    "closed": "chiuso",
    "not-configured": "non configurato",
    "measures-title": "Misure WE.CA.RE. al {as_of}",
    "col-code": "Codice",
    "col-name": "Nome",
    "col-fund": "Fondo",
    "col-budget": "Dotazione",
    "col-procedure": "Procedura",
    "col-deadline": "Scadenza in vigore",
    "col-open": "Aperto",
    "col-line": "Linea",
    "col-lines": "Linee",
    "col-source": "Fonte",
    "col-note": "Nota",
    "col-province": "Provincia",
    "col-quadrant": "Quadrante",
    "col-lead-body": "Ente capofila",
    "col-seat": "Sede",
    "col-population": "Popolazione",
    "col-verified": "Verificato",
    "col-value": "Valore",
    "col-rule": "Regola",
    "col-phase": "Fase",
    "col-kind": "Tipo",
    "col-act": "Atto",
    "total": "Totale",
    "procedure-graduatoria": "graduatoria",
    "procedure-sportello": "a sportello",
    "measure-unknown": "Misura sconosciuta {code!r}. Misure note: {known}.",
    "measure-show-title": "{code} – {name}",
    "deadline-history": "Storia delle scadenze",
    "rules": "Regole",
    "districts-title": "Distretti della Coesione Sociale ({count})",
    "districts-unverified": "{count} distretti sono segnaposto o non verificati: vedi districts.csv.",
    "config-ok": "Configurazione valida: {measures} misure ({measures_path}, {measures_source}), "
    "{districts} distretti ({districts_path}, {districts_source}).",
    "config-unknowns": "Dati che le fonti non riportano (null in measures.yaml): {count}.",
    "init-written": "Scritto {path}",
    "rule-applicant-types": "Tipologie di richiedente",
    "rule-enterprise-sizes": "Dimensioni d'impresa",
    "rule-non-profit": "Senza scopo di lucro obbligatorio",
    "rule-district-known": "Il richiedente deve essere capofila di un distretto noto",
    "rule-project-min": "Valore del progetto almeno (€)",
    "rule-project-max": "Valore del progetto al massimo (€)",
    "rule-cofinancing": "Cofinanziamento minimo",
    "rule-third-sector-types": "Tipologie di partner del terzo settore richieste",
    "rule-third-sector-min": "Partner del terzo settore almeno",
    "rule-third-sector-region": "Partner del terzo settore con sede in regione",
    "rule-third-sector-max": "Domande per partner del terzo settore al massimo",
    "rule-one-per-district": "Una domanda per distretto",
    "rule-threshold": "Punteggio minimo",
    "rule-district-cap": "Progetti finanziati per distretto al massimo",
    "rule-opening": "Apertura sportello",
    "rule-budget": "Dotazione (€)",
    "rule-programme": "Codice programma",
    "rule-act": "Atto",
}

CATALOGS: dict[Lang, dict[str, str]] = {Lang.EN: EN, Lang.IT: IT}


def text(key: str, lang: Lang, **params: object) -> str:
    """The text for a key in a language, with its parameters filled in."""
    template = CATALOGS[lang].get(key) or EN.get(key) or key
    return template.format(**params) if params else template
