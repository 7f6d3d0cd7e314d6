"""Messages of the findings raised while reading files and cells (see finding_messages).

Two catalogs live here, so that every text of the ingest layer is in one place:

* :data:`INGEST_MESSAGES`: finding code -> ``{"en", "it"}`` templates, filled with the
  finding's ``column``, ``value`` and ``params``;
* :data:`FILE_ERROR_MESSAGES`: the code of an :class:`~wecare_cli.errors.InputFileError`
  (a file that cannot be read at all, exit 2) -> ``{"en", "it"}`` templates.

Severities (cell and row findings are in ``ApplicationRow.findings`` / ``PartnerRow.findings``;
file findings in ``Intake.file_findings``):

========================== ======== ====================================================
code                       severity where / meaning
========================== ======== ====================================================
missing-value              error    cell: a required field is empty
tax-code-stored-as-number  error    cell: a number in a tax-code column, leading zeros lost
tax-code-invalid           error    cell: not a valid codice fiscale / partita IVA
invalid-amount             error    cell: not an amount in euro
invalid-date               error    cell: not a date (never read month-first)
date-stored-as-number      warning  cell: an Excel serial number in a General cell
invalid-value              error    cell: not one of the accepted values (types, sizes, yes/no)
invalid-number             error    cell: the score is not a non-negative number
text-stored-as-date        error    cell: Excel turned a code into a date
digits-lost                error    cell: a number longer than the 15 digits Excel keeps
cup-invalid                warning  cell: the CUP does not have the 15-character shape
pec-invalid                warning  cell: the PEC is not an e-mail address
pec-not-certified-domain   warning  cell: the PEC domain does not look like a PEC provider
formula-error              error    cell: the formula's cached result is an error (#DIV/0!...)
formula-not-calculated     error    cell: a formula without a calculated value
hidden-row                 warning  row: hidden in Excel, checked anyway
extra-cells                warning  row: a CSV line with more cells than the header
hidden-sheet               warning  file: a hidden or very hidden sheet
blank-gap                  warning  file: blank rows followed by more data
merged-cells               error    file: merged cells inside the data area
no-data                    error    file: a header but no data rows
macros-ignored             warning  file: the workbook holds macros; they are not run
csv-encoding-cp1252        warning  file: the CSV is not UTF-8, read as Windows-1252
file-given-twice           warning  file: the same file (same content) given again; read once
========================== ======== ====================================================
"""

from __future__ import annotations

INGEST_MESSAGES: dict[str, dict[str, str]] = {
    "missing-value": {
        "en": "«{column}» is required but empty.",
        "it": "«{column}» è obbligatorio ma è vuoto.",
    },
    "tax-code-stored-as-number": {
        "en": "«{column}» holds the number {value}: Excel dropped the leading zeros of the code. "
        "{hint_en} Format the column as Text and type the code again.",
        "it": "«{column}» contiene il numero {value}: Excel ha eliminato gli zeri iniziali del codice. "
        "{hint_it} Formatta la colonna come Testo e reinserisci il codice.",
    },
    "tax-code-invalid": {
        "en": "«{column}»: {value} is not a valid codice fiscale or partita IVA "
        "(16 characters for a person, 11 digits for an organisation, with the right check character).",
        "it": "«{column}»: {value} non è un codice fiscale o una partita IVA valida "
        "(16 caratteri per una persona, 11 cifre per un ente, con il carattere di controllo corretto).",
    },
    "invalid-amount": {
        "en": "«{column}»: {value} is not an amount in euro: write a non-negative number with at most "
        "two decimals, e.g. 1.234,56.",
        "it": "«{column}»: {value} non è un importo in euro: scrivi un numero non negativo con al più "
        "due decimali, ad esempio 1.234,56.",
    },
    "invalid-date": {
        "en": "«{column}»: {value} is not a date: write it as dd/mm/yyyy (with hh:mm if the time "
        "matters), between {min_year} and {max_year}.",
        "it": "«{column}»: {value} non è una data: scrivila come gg/mm/aaaa (con hh:mm se conta "
        "l'orario), tra il {min_year} e il {max_year}.",
    },
    "date-stored-as-number": {
        "en": "«{column}» holds the number {value}, read as the Excel date {date}: format the cell as a date "
        "to be sure.",
        "it": "«{column}» contiene il numero {value}, letto come la data Excel {date}: formatta la cella "
        "come data per esserne sicuro.",
    },
    "invalid-value": {
        "en": "«{column}»: {value} is not one of the accepted values: {expected}.",
        "it": "«{column}»: {value} non è tra i valori ammessi: {expected}.",
    },
    "invalid-number": {
        "en": "«{column}»: {value} is not a non-negative number (e.g. 72,5).",
        "it": "«{column}»: {value} non è un numero non negativo (ad esempio 72,5).",
    },
    "text-stored-as-date": {
        "en": "«{column}» holds the date {value}: Excel turned the text into a date and the original is "
        "lost. Format the column as Text and type the value again.",
        "it": "«{column}» contiene la data {value}: Excel ha trasformato il testo in una data e l'originale "
        "è perso. Formatta la colonna come Testo e reinserisci il valore.",
    },
    "digits-lost": {
        "en": "«{column}» holds the number {value}, longer than the 15 digits Excel keeps: the last digits "
        "are lost. Format the column as Text and type the value again.",
        "it": "«{column}» contiene il numero {value}, più lungo delle 15 cifre che Excel conserva: le ultime "
        "cifre sono perse. Formatta la colonna come Testo e reinserisci il valore.",
    },
    "cup-invalid": {
        "en": "«{column}»: {value} does not look like a CUP (15 characters, like J12H18000010001); "
        "check it on OpenCUP.",
        "it": "«{column}»: {value} non sembra un CUP (15 caratteri, come J12H18000010001); "
        "verificalo su OpenCUP.",
    },
    "pec-invalid": {
        "en": "«{column}»: {value} is not an e-mail address.",
        "it": "«{column}»: {value} non è un indirizzo di posta elettronica.",
    },
    "pec-not-certified-domain": {
        "en": "«{column}»: the domain {domain} does not look like a certified-mail (PEC) provider; "
        "check that {value} is a PEC.",
        "it": "«{column}»: il dominio {domain} non sembra di un gestore di posta certificata; "
        "verifica che {value} sia una PEC.",
    },
    "formula-error": {
        "en": "«{column}»: the formula gives the error {error}; correct it in Excel and save again.",
        "it": "«{column}»: la formula restituisce l'errore {error}; correggila in Excel e salva di nuovo.",
    },
    "formula-not-calculated": {
        "en": "«{column}»: the formula has no calculated value (file written by a program?); open the "
        "file in Excel, save it and try again.",
        "it": "«{column}»: la formula non ha un valore calcolato (file generato da un programma?); apri "
        "il file in Excel, salvalo e riprova.",
    },
    "hidden-row": {
        "en": "Row {row} is hidden in Excel: it has been checked anyway.",
        "it": "La riga {row} è nascosta in Excel: è stata controllata comunque.",
    },
    "extra-cells": {
        "en": "This line has {count} more cell(s) than the header ({value}): a separator inside a value?",
        "it": "Questa riga ha {count} celle in più dell'intestazione ({value}): un separatore dentro un valore?",
    },
    "hidden-sheet": {
        "en": "The workbook has a {state} sheet, «{sheet_name}», that does not show in Excel.",
        "it": "La cartella di lavoro ha un foglio nascosto ({state}), «{sheet_name}», che in Excel non si vede.",
    },
    "blank-gap": {
        "en": "Rows {first}–{last} are blank but more data follows from row {next}: check that no "
        "application was left out.",
        "it": "Le righe {first}–{last} sono vuote ma ci sono altri dati da riga {next}: verifica che non "
        "siano domande dimenticate.",
    },
    "merged-cells": {
        "en": "Cells {range} are merged: only {cell} holds a value. Unmerge them and repeat the value on "
        "every row.",
        "it": "Le celle {range} sono unite: solo {cell} contiene un valore. Separa le celle e ripeti il "
        "valore su ogni riga.",
    },
    "no-data": {
        "en": "The sheet has a header (row {header_row}) but no data rows.",
        "it": "Il foglio ha l'intestazione (riga {header_row}) ma nessuna riga di dati.",
    },
    "macros-ignored": {
        "en": "The workbook contains macros: they were not run, only the saved values were read.",
        "it": "La cartella di lavoro contiene macro: non sono state eseguite, sono stati letti solo i "
        "valori salvati.",
    },
    "csv-encoding-cp1252": {
        "en": "The file is not UTF-8: it was read as Windows-1252 (Italian Excel). Check accents and the "
        "€ sign.",
        "it": "Il file non è in UTF-8: è stato letto come Windows-1252 (Excel italiano). Controlla "
        "accenti e simbolo €.",
    },
    "file-given-twice": {
        "en": "The file has the same content as «{first}», given before it: it was read only once.",
        "it": "Il file ha lo stesso contenuto di «{first}», indicato prima: è stato letto una volta sola.",
    },
}
"""Finding code -> {"en": template, "it": template}."""

TAX_CODE_SUGGESTION_HINTS: dict[bool, dict[str, str]] = {
    True: {
        "en": "With its zeros back it reads {suggestion}, a valid code.",
        "it": "Con gli zeri reintegrati diventa {suggestion}, un codice valido.",
    },
    False: {
        "en": "Padded to 11 digits it would read {suggestion}, but that is only a guess: it is not a "
        "valid code.",
        "it": "Completato a 11 cifre diventerebbe {suggestion}, ma è solo un'ipotesi: non è un codice valido.",
    },
}
"""The sentence of ``tax-code-stored-as-number`` in each language, by whether the padded code is valid."""

FILE_ERROR_MESSAGES: dict[str, dict[str, str]] = {
    "file-not-found": {
        "en": "the file does not exist; check the name and the folder.",
        "it": "il file non esiste; controlla il nome e la cartella.",
    },
    "file-not-regular": {
        "en": "this is not a file but a {kind}: it would never end or would wait for ever; give the path "
        "of a saved spreadsheet.",
        "it": "non è un file ma un {kind}: non finirebbe mai o resterebbe in attesa per sempre; indica il "
        "percorso di un foglio di calcolo salvato.",
    },
    "file-is-folder": {
        "en": "this is a folder, not a file; give the path of the spreadsheet.",
        "it": "è una cartella, non un file; indica il percorso del foglio di calcolo.",
    },
    "file-unreadable": {
        "en": "the file cannot be read ({reason}); check its permissions or close the program using it.",
        "it": "il file non si può leggere ({reason}); controlla i permessi o chiudi il programma che lo usa.",
    },
    "file-empty": {
        "en": "the file is empty (0 bytes); it was probably not saved or copied completely.",
        "it": "il file è vuoto (0 byte); probabilmente non è stato salvato o copiato per intero.",
    },
    "file-not-xlsx": {
        "en": "the name says {extension} but the content is {found}; open it in Excel and save it as an "
        "Excel workbook (.xlsx).",
        "it": "il nome dice {extension} ma il contenuto è {found}; aprilo in Excel e salvalo come "
        "cartella di lavoro Excel (.xlsx).",
    },
    "file-xls-legacy": {
        "en": "this is an old Excel 97-2003 workbook (.xls); open it in Excel and save it again as .xlsx.",
        "it": "è una vecchia cartella di lavoro Excel 97-2003 (.xls); aprila in Excel e salvala di nuovo "
        "come .xlsx.",
    },
    "file-encrypted": {
        "en": "the workbook is protected by a password; remove the password in Excel (File > Info) and "
        "save it again.",
        "it": "la cartella di lavoro è protetta da password; togli la password in Excel (File > Informazioni) "
        "e salvala di nuovo.",
    },
    "file-corrupt": {
        "en": "the file is damaged ({reason}); it may be incomplete: download or copy it again.",
        "it": "il file è danneggiato ({reason}); forse è incompleto: scaricalo o copialo di nuovo.",
    },
    "file-too-large": {
        "en": "the file is too large to read safely ({reason}); check that it is the right file.",
        "it": "il file è troppo grande per essere letto in sicurezza ({reason}); verifica che sia il file giusto.",
    },
    "sheet-too-large": {
        "en": "the sheet «{sheet}» reaches cell {corner}: {cells} cells from A1, more than the {limit} that "
        "are read safely ({variable}). The values farthest from A1 are in {far}: if one is a stray value, "
        "clear it (or delete the rows and columns up to it) and save again; for a larger file raise "
        "{variable} on a machine with more memory.",
        "it": "il foglio «{sheet}» arriva alla cella {corner}: {cells} celle da A1, più delle {limit} che si "
        "leggono in sicurezza ({variable}). I valori più lontani da A1 sono in {far}: se uno è finito lì "
        "per errore, cancellalo (o elimina righe e colonne fino a lì) e salva di nuovo; per un file più "
        "grande aumenta {variable} su una macchina con più memoria.",
    },
    "csv-too-large": {
        "en": "the file holds up to {cells} cells ({lines} lines), more than the {limit} cells that are read "
        "safely ({variable}); split it, or raise {variable} on a machine with more memory.",
        "it": "il file contiene fino a {cells} celle ({lines} righe), più delle {limit} celle che si leggono "
        "in sicurezza ({variable}); dividilo, o aumenta {variable} su una macchina con più memoria.",
    },
    "run-too-large": {
        "en": "its {cells} cells, with the {spent} of the files read before it, exceed the {limit} cells "
        "one run reads safely ({variable}); check the files in smaller groups, or raise {variable} on a "
        "machine with more memory.",
        "it": "le sue {cells} celle, con le {spent} dei file letti prima, superano le {limit} celle che una "
        "sola esecuzione legge in sicurezza ({variable}); controlla i file in gruppi più piccoli, o "
        "aumenta {variable} su una macchina con più memoria.",
    },
    "cell-reference-invalid": {
        "en": "the sheet «{sheet}» has the cell reference «{reference}», which is not a cell of a "
        "spreadsheet (the last one is XFD1048576): the file is damaged or was not written by a spreadsheet "
        "program. It was not read, so that no value lands in another cell.",
        "it": "il foglio «{sheet}» ha il riferimento di cella «{reference}», che non è una cella di un foglio "
        "di calcolo (l'ultima è XFD1048576): il file è danneggiato o non è stato scritto da un programma di "
        "fogli di calcolo. Non è stato letto, perché nessun valore finisca in un'altra cella.",
    },
    "file-out-of-memory": {
        "en": "there was not enough memory to read it ({variable} is {limit} cells); split the file, lower "
        "{variable} so that such files are refused at once, or run on a machine with more memory.",
        "it": "la memoria non è bastata per leggerlo ({variable} è {limit} celle); dividi il file, abbassa "
        "{variable} perché file simili siano rifiutati subito, o usa una macchina con più memoria.",
    },
    "file-unsafe": {
        "en": "the file contains XML constructs that are not allowed in a workbook ({reason}); it was not "
        "read. Save it again from Excel.",
        "it": "il file contiene costrutti XML non ammessi in una cartella di lavoro ({reason}); non è stato "
        "letto. Salvalo di nuovo da Excel.",
    },
    "file-format-unsupported": {
        "en": "{reason}; save it as an Excel workbook (.xlsx) or as CSV.",
        "it": "{reason}; salvalo come cartella di lavoro Excel (.xlsx) o come CSV.",
    },
    "file-encoding-unknown": {
        "en": "the file is not text in UTF-8, UTF-16 or Windows-1252; save it again as CSV UTF-8.",
        "it": "il file non è testo in UTF-8, UTF-16 o Windows-1252; salvalo di nuovo come CSV UTF-8.",
    },
    "sheet-not-found": {
        "en": "no sheet holds the {table} columns; sheets found: {sheets}. Name the sheet «{expected}» or "
        "check the column headers.",
        "it": "nessun foglio contiene le colonne {table}; fogli trovati: {sheets}. Chiama il foglio "
        "«{expected}» o controlla le intestazioni.",
    },
    "header-not-found": {
        "en": "no header row in the first {rows} rows of {where}; missing columns: {missing}. "
        "Found (row {found_row}): {found}.",
        "it": "nessuna riga di intestazione nelle prime {rows} righe di {where}; colonne mancanti: {missing}. "
        "Trovato (riga {found_row}): {found}.",
    },
    "column-missing": {
        "en": "{where}, header on row {header_row}: required column(s) missing: {missing}. "
        "Columns found: {found}.",
        "it": "{where}, intestazione a riga {header_row}: mancano le colonne obbligatorie: {missing}. "
        "Colonne trovate: {found}.",
    },
    "duplicate-column": {
        "en": "{where}: the columns {first} and {second} are both «{column}»; rename or remove one.",
        "it": "{where}: le colonne {first} e {second} sono entrambe «{column}»; rinominane o eliminane una.",
    },
}
"""Code of an unreadable-file error -> {"en": template, "it": template} (the error text uses "en")."""
