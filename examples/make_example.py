"""Build examples/domande-esempio.xlsx: a realistic intake that exercises every check rule.

The applicants, people and tax codes are fictitious (the codes are formally valid partite IVA
made up for the example, or deliberately broken where a rule needs it). District names are
the real ones of districts.csv. Run: ``python examples/make_example.py``.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

HERE = Path(__file__).resolve().parent
TARGET = HERE / "domande-esempio.xlsx"

HEADERS = [
    "Codice domanda",
    "Misura",
    "Linea",
    "Fase",
    "Richiedente",
    "Codice fiscale",
    "Tipologia richiedente",
    "Dimensione impresa",
    "Senza scopo di lucro",
    "Distretto",
    "Provincia sede",
    "Contributo richiesto",
    "Costo totale",
    "Data presentazione",
    "Punteggio",
    "CUP",
    "PEC",
    "Note istruttoria",
]


def when(text: str) -> datetime:
    """A submission instant written as ISO text (Rome time, as officers type it)."""
    return datetime.fromisoformat(text)


# One tuple per application row, in the order of HEADERS (None = empty cell).
# fmt: off
APPLICATIONS: list[tuple[Any, ...]] = [
    # --- FSE1, preliminary projects (deadline 20/12/2017, one per district, ETS partner) ---
    ("FSE1-001", "FSE1", None, "preliminare", "Consorzio Servizi Sociali Langhe (esempio)", "02601810019",
     "Ente gestore", None, "sì", "Alba", "CN", 300000, 300000, when("2017-12-12T10:15"), 82,
     "J51H17000030007", "servizi.sociali@pec.esempio.it", "Partner ETS di Torino"),
    ("FSE1-002", "FSE1", None, "preliminare", "Consorzio Monregalese (esempio)", "09083010042",
     "ente-gestore", None, "sì", "Mondovì", "CN", 250000, 250000, when("2017-12-21T09:30"), 75, None,
     "protocollo@pec.esempio.it", "Consegnata il giorno dopo la scadenza"),
    ("FSE1-003", "FSE1", None, "preliminare", "Unione dei Comuni Esempio", "06131860964", "Comune", None,
     "sì", "Biella", "BI", 200000, 200000, when("2017-12-15T11:00"), 70, None, "unione@cert.esempio.it",
     "Il capofila non è un ente gestore"),
    ("FSE1-004", "FSE1", None, "preliminare", "Consorzio Servizi Sociali Langhe (esempio)", "02601810019",
     "ente gestore", None, "sì", "alba", "CN", 180000, 180000, when("2017-12-18T16:40"), 60, None,
     "servizi.sociali@pec.esempio.it", "Seconda domanda per lo stesso distretto"),
    ("FSE1-005", "FSE1", None, "preliminare", "Consorzio di Atlantide (esempio)", "09139090022",
     "ente-gestore", None, "sì", "Atlantide", "TO", 150000, 150000, when("2017-12-10T09:00"), 65, None,
     "consorzio@pec.esempio.it", "Distretto inesistente"),
    ("FSE1-006", "FSE1", None, "preliminare", "Consorzio Cuneese (esempio)", "06030820036", "ente-gestore",
     None, "sì", "Cuneo", "CN", 400000, 400000, when("2017-12-19T12:00"), 88, None, "csac@legalmail.it",
     "Solo partner pubblici"),
    ("FSE1-007", "FSE1", None, "preliminare", "Consorzio Fossanese (esempio)", "06281940053",
     "ente-gestore", None, "sì", "Fossano", "CN", 350000, 350000, when("2017-12-20T23:50"), 79, None,
     "monviso@pec.esempio.it", "ETS condiviso con altre due domande"),
    ("FSE1-008", "FSE1", None, "preliminare", "Consorzio Braidese (esempio)", "02199350063",
     "ente-gestore", None, "sì", "D07", "CN", 320000, 320000, when("2017-12-14T08:05"), 77, None,
     "bra@pec.esempio.it", "ETS condiviso con altre due domande"),
    # --- FSE2 (deadline 24/12/2018), lines territoriale / regionale ---
    ("FSE2-001", "FSE2", "territoriale", None, "Cooperativa Sociale Il Ponte (esempio)", "08657970011",
     "Cooperativa sociale", None, "sì", None, "TO", 120000, 150000, when("2018-12-20T10:00"), 91,
     "J51H18000120007", "ilponte@pec.esempio.it", None),
    ("FSE2-002", "FSE2", "regionale", None, "Associazione Rete Solidale (esempio)", "04323190019", "ODV",
     None, "sì", None, "TO", 90000, 100000, when("2018-12-24"), 84, None, "retesolidale@pec.esempio.it",
     "Data senza orario"),
    ("FSE2-003", "FSE2", "territoriale", None, "Impresa Edile Esempio srl", "08757490043", "impresa",
     "piccola", "no", None, "CN", 80000, 100000, when("2018-12-10T15:00"), 60, None, "edile@esempio.it",
     "Un'impresa non è un ente del terzo settore"),
    ("FSE2-004", "FSE2", "territoriale", None, "Fondazione Esempio", "01862520028", "fondazione", None,
     "sì", None, "VC", 70000, 90000, when("2018-12-11T09:00"), 72, None, "fondazione@pec.esempio.it",
     "Tipologia non prevista"),
    ("FSE2-005", "FSE2", "territoriale", None, "Cooperativa Orizzonti (esempio)", "06018950037",
     "impresa sociale", None, "sì", None, "NO", 60000, 80000, when("2018-12-12T09:00"), 68, None,
     "orizzonti@pec.esempio.it", "Costo totale sotto gli 85.000 €"),
    # --- FSE3 attivazione (60-200 k€, co-financing ≥ 20%, deadline 27/02/2020) ---
    ("FSE3-001", "FSE3", "attivazione", None, "Tessiture Biellesi Esempio srl", "06842680966", "impresa",
     "piccola", "no", None, "BI", 80000, 100000, when("2020-02-20T11:00"), 88, "J51H19000450007",
     "tessiture@legalmail.it", None),
    ("FSE3-002", "FSE3", "attivazione", None, "Officine Esempio spa", "04710490063", "impresa", "grande",
     "no", None, "AL", 100000, 150000, when("2020-02-21T10:00"), 80, None, "officine@pec.esempio.it",
     "Grande impresa senza piano territoriale"),
    ("FSE3-003", "FSE3", "attivazione", None, "Logistica Esempio srl", "04650750047", "impresa", "media",
     "no", None, "CN", 200000, 250000, when("2020-02-18T09:00"), 77, None, "logistica@pec.esempio.it",
     "Progetto oltre i 200.000 €"),
    ("FSE3-004", "FSE3", "attivazione", None, "Panificio Esempio snc", "09170340013", "impresa", "micro",
     "no", None, "TO", 90000, 100000, when("2020-02-17T09:00"), 74, None, "panificio@pec.esempio.it",
     "Cofinanziamento al 10%"),
    ("FSE3-005", "FSE3", "attivazione", None, "Studio Grafico Esempio", "01234567890", "impresa", "micro",
     "no", None, "TO", 50000, 70000, when("2020-02-16T09:00"), 70, None, "grafica@pec.esempio.it",
     "Codice fiscale sbagliato"),
    ("FSE3-006", "FSE3", "attivazione", None, "Meccanica Esempio srl", 1907990012, "impresa", "piccola",
     "no", None, "TO", 60000, 80000, when("2020-02-15T09:00"), 69, None, "meccanica@pec.esempio.it",
     "Codice fiscale scritto come numero"),
    ("FSE3-007", "FSE3", "attivazione", None, "Sartoria Esempio srl", "03667120053", "impresa", "piccola",
     "no", None, "AT", 70000, 60000, when("2020-02-14T09:00"), 66, None, "sartoria@pec.esempio.it",
     "Contributo oltre il costo totale"),
    ("FSE3-008", "FSE3", "attivazione", None, None, "06842680966", "impresa", "piccola", "no", None, "BI",
     60000, 90000, "31/02/2020", 65, None, "sartoria-bis@pec.esempio.it",
     "Richiedente mancante e data impossibile"),
    ("FSE3-009", "FSE3", "attivazione", None, "Cartiera Esempio srl", "02330790011", "impresa", "piccola",
     "no", None, "TO", "12.5OO,00 €", "100.000,00 €", when("2020-02-12T09:00"), 64, "12345",
     "cartiera-senza-chiocciola", "Importo con la lettera O"),
    ("FSE3-010", "FSE3", "aggregatori", None, "Associazione Artigiani Esempio", "04402680013",
     "ente-pubblico", None, "sì", None, "TO", 150000, 200000, when("2019-03-01T10:00"), 81, None,
     "artigiani@pec.esempio.it", "Regole del bando non note"),
    ("FSE3-001", "FSE3", "attivazione", None, "Tessiture Biellesi Esempio srl", "06842680966", "impresa",
     "piccola", "no", None, "BI", 80000, 100000, when("2020-02-20T11:05"), 88, None,
     "tessiture@legalmail.it", "Stessa domanda inviata due volte"),
    # --- FESR sportello (opens 15/10/2018, closes 21/02/2020 at 10:00) ---
    ("FESR-001", "FESR", "A", None, "Cooperativa Sociale Salute Esempio", "09952890037", "impresa sociale",
     "media", "sì", None, "NO", 900000, 1200000, when("2018-10-15T09:01"), None, "J51H18000990007",
     "salute@pec.esempio.it", None),
    ("FESR-002", "FESR", "B", None, "Bottega Solidale Esempio", "07866660041", "impresa", "micro", "no",
     None, "CN", 80000, 95000, when("2018-10-16T14:30"), None, None, "bottega@pec.esempio.it", None),
    ("FESR-003", "FESR", "2", None, "Laboratorio Inclusivo Esempio", "07603130019", "impresa sociale",
     "piccola", "sì", None, "TO", 70000, 90000, when("2018-10-10T09:00"), None, None,
     "laboratorio@pec.esempio.it", "Inviata prima dell'apertura"),
    ("FESR-004", "FESR", "B", None, "Servizi Esempio srl", "02159010020", "impresa", "media", "no", None,
     "VC", 60000, 80000, when("2019-05-02T10:00"), None, None, "servizi@pec.esempio.it",
     "Media impresa sulla linea B"),
    ("FESR-005", "FESR", "C", None, "Cooperativa Sociale Salute Esempio", "09952890037", "impresa sociale",
     "media", "sì", None, "NO", 50000, 60000, when("2019-05-03T10:00"), None, None,
     "salute@pec.esempio.it", "Linea inesistente"),
    ("FESR-006", "FESR", "A", None, "Impresa Sociale Casa Esempio", "06131860964", "impresa sociale",
     "piccola", "no", None, "AL", 900000, 1500000, when("2020-02-21T10:00"), None, None,
     "casa@pec.esempio.it", "Dopo la chiusura e con scopo di lucro"),
    # --- FSE4 and an unknown measure ---
    ("FSE4-001", "FSE4", None, None, "Agenzia di Sviluppo Esempio", "09083010042", "ente pubblico", None,
     "sì", None, "TO", 100000, 100000, when("2017-09-01T12:00"), None, None, "agenzia@pec.esempio.it",
     "Procedura della misura non nota"),
    ("X-001", "FSE9", None, None, "Richiedente Esempio", "09139090022", "ets", None, "sì", None, "TO",
     10000, 10000, when("2019-01-01T12:00"), None, None, "x@pec.esempio.it", "Misura inesistente"),
]

PARTNERS: list[tuple[str, str, str, str, str]] = [
    ("FSE1-001", "Cooperativa Sociale Il Ponte (esempio)", "08657970011", "ETS", "TO"),
    ("FSE1-001", "Comune di Alba (esempio)", "02601810019", "comune", "CN"),
    ("FSE1-002", "Associazione Volontari Monregalesi (esempio)", "06563211009", "OdV", "CN"),
    ("FSE1-003", "Cooperativa Orizzonti (esempio)", "06018950037", "impresa sociale", "NO"),
    ("FSE1-004", "Associazione Rete Solidale (esempio)", "04323190019", "ODV", "TO"),
    ("FSE1-005", "Associazione Volontari Monregalesi (esempio)", "06563211009", "odv", "CN"),
    ("FSE1-006", "Comune di Cuneo (esempio)", "04710490063", "comune", "CN"),
    ("FSE1-006", "ASL Esempio", "04650750047", "ASL", "CN"),
    ("FSE1-007", "Cooperativa Condivisa (esempio)", "05979710018", "ets", "TO"),
    ("FSE1-008", "Cooperativa Condivisa (esempio)", "05979710018", "ets", "TO"),
    ("FSE1-004", "Cooperativa Condivisa (esempio)", "05979710018", "ets", "TO"),
    ("FSE1-099", "Partner di una domanda inesistente", "08190931009", "ets", "TO"),
]
# fmt: on


def build(target: Path = TARGET) -> Path:
    """Write the example workbook and return its path."""
    workbook = Workbook()
    lists = workbook.active
    assert lists is not None
    lists.title = "Liste"
    lists.sheet_state = "hidden"
    for index, code in enumerate(["FSE1", "FSE2", "FSE3", "FESR", "FSE4"], start=1):
        lists.cell(row=index, column=1, value=code)

    sheet = workbook.create_sheet("Domande")
    sheet["A1"] = "Regione Piemonte – WE.CA.RE. – Domande pervenute (esempio, dati fittizi)"
    sheet["A1"].font = Font(bold=True, size=13)
    for column, header in enumerate(HEADERS, start=1):
        sheet.cell(row=3, column=column, value=header).font = Font(bold=True)
    for offset, values in enumerate(APPLICATIONS):
        row = 4 + offset
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=column, value=value)
            header = HEADERS[column - 1]
            if header == "Codice fiscale" and isinstance(value, str):
                cell.number_format = "@"
            elif header in ("Contributo richiesto", "Costo totale") and isinstance(value, int):
                cell.number_format = "#,##0.00 €"
            elif header == "Data presentazione" and isinstance(value, datetime):
                has_time = (value.hour, value.minute) != (0, 0)
                cell.number_format = "dd/mm/yyyy hh:mm" if has_time else "dd/mm/yyyy"
    # An application hidden by hand: checked anyway, with a warning.
    sheet.row_dimensions[4 + 9].hidden = True
    sheet.freeze_panes = "A4"

    partners = workbook.create_sheet("Partner")
    for column, header in enumerate(
        [
            "Codice domanda",
            "Denominazione partner",
            "Codice fiscale partner",
            "Tipologia partner",
            "Provincia sede partner",
        ],
        start=1,
    ):
        partners.cell(row=1, column=column, value=header).font = Font(bold=True)
    for offset, partner in enumerate(PARTNERS):
        for column, value in enumerate(partner, start=1):
            cell = partners.cell(row=2 + offset, column=column, value=value)
            if column == 3:
                cell.number_format = "@"
    workbook.save(target)
    return target


if __name__ == "__main__":
    print(build())
