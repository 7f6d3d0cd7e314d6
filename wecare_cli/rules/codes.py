"""Messages of the findings raised by the eligibility and deadline rules (see finding_messages)."""

from __future__ import annotations

RULE_MESSAGES: dict[str, dict[str, str]] = {
    "measure-unknown": {
        "en": "Measure «{value}» is not one of the configured measures ({known}).",
        "it": "La misura «{value}» non è tra quelle configurate ({known}).",
    },
    "line-unknown": {
        "en": "Line «{value}» is not a line of measure {measure} (lines: {known}).",
        "it": "La linea «{value}» non è una linea della misura {measure} (linee: {known}).",
    },
    "district-unknown": {
        "en": "District «{value}» is not one of the {count} Distretti della Coesione Sociale (by code or name).",
        "it": "Il distretto «{value}» non è tra i {count} Distretti della Coesione Sociale (per codice o nome).",
    },
    "duplicate-application": {
        "en": "Application id {value} already appears in {first_file} row {first_row}: "
        "only the first counts.",
        "it": "Il codice domanda {value} compare già in {first_file} riga {first_row}: vale solo il primo.",
    },
    "deadline-missed": {
        "en": "Submitted on {submitted}, after the deadline in force ({deadline}, Europe/Rome).",
        "it": "Presentata il {submitted}, oltre la scadenza in vigore ({deadline}, ora italiana).",
    },
    "submission-time-missing": {
        "en": "Submitted on {submitted} without a time, the day the call closes at {deadline}: "
        "counted as on time; check the time of submission.",
        "it": "Presentata il {submitted} senza orario, nel giorno in cui il bando chiude alle {deadline}: "
        "considerata in tempo; verifica l'orario di presentazione.",
    },
    "submitted-in-the-future": {
        "en": "Submission time {submitted} is later than the time of this check ({reference}): a typing error?",
        "it": "La data di presentazione {submitted} è successiva al momento del controllo ({reference}): "
        "errore di battitura?",
    },
    "submitted-before-opening": {
        "en": "Submitted on {submitted}, before the sportello opened ({opens}).",
        "it": "Presentata il {submitted}, prima dell'apertura dello sportello ({opens}).",
    },
    "applicant-type-not-allowed": {
        "en": "«{column}» is {value}: the call admits {allowed}.",
        "it": "«{column}» è {value}: il bando ammette {allowed}.",
    },
    "amount-out-of-range": {
        "en": "Project value (total cost) {total} is outside the call's range: "
        "at least {low}, at most {high}.",
        "it": "Il valore del progetto (costo totale) {total} è fuori dai limiti del bando: "
        "almeno {low}, al massimo {high}.",
    },
    "cofinancing-below-minimum": {
        "en": "Requested {requested} of {total}: co-financing {share}, below the minimum {minimum}.",
        "it": "Richiesti {requested} su {total}: cofinanziamento {share}, sotto il minimo del {minimum}.",
    },
    "requested-exceeds-total-cost": {
        "en": "The requested contribution {requested} exceeds the total cost {total}.",
        "it": "Il contributo richiesto {requested} supera il costo totale {total}.",
    },
    "partnership-missing-third-sector": {
        "en": "The partnership needs at least {minimum} partner(s) of type {types} seated in {region}; "
        "found {found} among {partners} partner(s).",
        "it": "Il partenariato deve includere almeno {minimum} partner di tipo {types} con sede in {region}; "
        "trovati {found} su {partners} partner.",
    },
    "third-sector-partner-over-limit": {
        "en": "Third-sector partner {partner} is in {count} {measure} applications ({applications}); "
        "the limit is {limit}.",
        "it": "Il partner del terzo settore {partner} è in {count} domande {measure} ({applications}); "
        "il limite è {limit}.",
    },
    "district-duplicate-application": {
        "en": "District {district} already has application {first} ({first_file} row {first_row}), "
        "submitted earlier: one application per district.",
        "it": "Il distretto {district} ha già la domanda {first} ({first_file} riga {first_row}), "
        "presentata prima: una domanda per distretto.",
    },
    "duplicate-applicant": {
        "en": "The applicant {value} already applied to this measure and line with {first} ({first_file} row {first_row}): check that both applications are admissible.",
        "it": "Il richiedente {value} ha già presentato domanda per questa misura e linea con {first} ({first_file} riga {first_row}): verifica che entrambe le domande siano ammissibili.",
    },
    "partner-without-application": {
        "en": "Partner row for application {value}, which is not in the applications.",
        "it": "Riga partner per la domanda {value}, che non è tra le domande.",
    },
}
