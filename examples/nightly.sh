#!/usr/bin/env bash
# Nightly WE.CA.RE. run: rank the day's intake, archive the reports, alert on exit codes 1 and 2.
#
#   WECARE_INBOX    folder with the application workbooks (default: ./domande)
#   WECARE_ARCHIVE  folder where reports are kept, one set per day (default: ./archivio)
#   WECARE_ALERT    command that receives the alert text on stdin, subject as $1
#                   (default: mail to $WECARE_MAILTO, e.g. "mail -s")
set -u
inbox=${WECARE_INBOX:-./domande}
archive=${WECARE_ARCHIVE:-./archivio}
alert=${WECARE_ALERT:-"mail -s"}
mailto=${WECARE_MAILTO:-root}
today=$(date +%F)
mkdir -p "$archive"

shopt -s nullglob
files=("$inbox"/*.xlsx "$inbox"/*.csv)
if [ ${#files[@]} -eq 0 ]; then
    echo "wecare: no application files in $inbox" | $alert "wecare: nothing to check ($today)" "$mailto"
    exit 2
fi

wecare rank "${files[@]}" --format json --output "$archive/graduatoria-{date}.xlsx" --quiet \
    > "$archive/graduatoria-$today.json" 2> "$archive/errori-$today.txt"
code=$?

case $code in
    0) ;;
    1) wecare check "${files[@]}" --format csv --quiet > "$archive/rilievi-$today.csv" 2>/dev/null
       echo "Some applications are ineligible: see $archive/rilievi-$today.csv" \
           | $alert "wecare: ineligible applications ($today)" "$mailto" ;;
    *) $alert "wecare: the nightly run could not run (exit $code, $today)" "$mailto" \
           < "$archive/errori-$today.txt"
       exit "$code" ;;
esac

# What changed since the previous run (newest earlier JSON in the archive).
previous=$(ls "$archive"/graduatoria-*.json 2>/dev/null | grep -v "graduatoria-$today.json" | sort | tail -n 1)
if [ -n "$previous" ]; then
    wecare diff "$previous" "$archive/graduatoria-$today.json" --format table \
        > "$archive/modifiche-$today.txt" 2>> "$archive/errori-$today.txt"
    case $? in
        0) ;;
        1) $alert "wecare: the ranking changed ($today)" "$mailto" < "$archive/modifiche-$today.txt" ;;
        *) $alert "wecare: could not compare with $previous ($today)" "$mailto" < "$archive/errori-$today.txt" ;;
    esac
fi
exit "$code"
