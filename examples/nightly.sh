#!/usr/bin/env bash
# Nightly WE.CA.RE. run: rank the day's intake, archive the reports, and alert on what changed
# since the previous night (new ineligible applications, a changed ranking) or when it cannot run.
# The same ineligible applications night after night raise no alert: they were told the first night.
#
#   WECARE_INBOX    folder with the application workbooks (default: ./domande)
#   WECARE_ARCHIVE  folder where reports are kept, one set per day (default: ./archivio)
#   WECARE_ALERT    command that receives the alert text on stdin, subject as $1
#                   (default: mail to $WECARE_MAILTO, e.g. "mail -s")
#   WECARE_PYTHON   the Python that reads the changes found by wecare diff (default: python3)
set -u
inbox=${WECARE_INBOX:-./domande}
archive=${WECARE_ARCHIVE:-./archivio}
alert=${WECARE_ALERT:-"mail -s"}
mailto=${WECARE_MAILTO:-root}
python=${WECARE_PYTHON:-python3}
today=$(date +%F)
mkdir -p "$archive"
ranking="$archive/graduatoria-$today.json"
errors="$archive/errori-$today.txt"

shopt -s nullglob
files=("$inbox"/*.xlsx "$inbox"/*.xlsm "$inbox"/*.xlsb "$inbox"/*.xls "$inbox"/*.ods "$inbox"/*.csv)
if [ ${#files[@]} -eq 0 ]; then
    echo "wecare: no application files in $inbox" | $alert "wecare: nothing to check ($today)" "$mailto"
    exit 2
fi

wecare rank "${files[@]}" --format json --output "$archive/graduatoria-{date}.xlsx" --quiet \
    > "$ranking" 2> "$errors"
code=$?
if [ "$code" -ge 2 ]; then
    rm -f "$ranking"  # no ranking tonight: the next night compares with the last one there was
    $alert "wecare: the nightly run could not run (exit $code, $today)" "$mailto" < "$errors"
    exit "$code"
fi
if [ "$code" -eq 1 ]; then
    wecare check "${files[@]}" --format csv --quiet > "$archive/rilievi-$today.csv" 2>/dev/null
fi

# The previous night: the newest earlier ranking in the archive.
previous=$(ls "$archive"/graduatoria-*.json 2>/dev/null | grep -v "graduatoria-$today.json" | sort | tail -n 1)
if [ -z "$previous" ]; then
    # The first night: every ineligible application is news.
    if [ "$code" -eq 1 ]; then
        echo "Some applications are ineligible: see $archive/rilievi-$today.csv" \
            | $alert "wecare: ineligible applications ($today)" "$mailto"
    fi
    exit "$code"
fi

changes="$archive/modifiche-$today"
wecare diff "$previous" "$ranking" --format json > "$changes.json" 2>> "$errors"
case $? in
    0) exit "$code" ;;  # nothing changed since the previous night: no alert
    1) ;;
    *) $alert "wecare: could not compare with $previous ($today)" "$mailto" < "$errors"
       exit "$code" ;;
esac
wecare diff "$previous" "$ranking" --format table > "$changes.txt" 2>> "$errors"

# What changed: applications that became ineligible (new ones, or verdicts that turned), and
# the ranking (ranks, grants, envelopes, applications that entered or left it).
counts=$("$python" - "$changes.json" <<'PY'
import json
import sys

with open(sys.argv[1], encoding="utf-8") as stream:
    changes = json.load(stream)
ineligible = "ineligible"
new = [a for a in changes["new_applications"] if a["status"] == ineligible]
turned = [c for c in changes["verdict_changes"] if c["new_status"] == ineligible != c["old_status"]]
ranking = (
    changes["rank_changes"]
    or changes["grant_changes"]
    or changes["envelope_changes"]
    or any(a["status"] != ineligible for a in changes["new_applications"] + changes["withdrawn"])
    or any(ineligible not in (c["old_status"], c["new_status"]) for c in changes["verdict_changes"])
    or any(c["old_status"] == ineligible != c["new_status"] for c in changes["verdict_changes"])
)
print(len(new) + len(turned), 1 if ranking else 0)
PY
)
if [ $? -ne 0 ]; then  # the changes could not be read apart: say that something changed
    $alert "wecare: changes since the previous night ($today)" "$mailto" < "$changes.txt"
    exit "$code"
fi
read -r new_ineligible ranking_changed <<< "$counts"
if [ "${new_ineligible:-0}" -gt 0 ]; then
    $alert "wecare: $new_ineligible new ineligible application(s) ($today)" "$mailto" < "$changes.txt"
fi
if [ "${ranking_changed:-0}" -eq 1 ]; then
    $alert "wecare: the ranking changed ($today)" "$mailto" < "$changes.txt"
fi
exit "$code"
