#!/usr/bin/env bash
# Prove that a backup restores: pg_restore it into a NEW database, compare the row count of
# every table with the counts taken at backup time, then run the AUD-2 integrity check on
# the restored copy against the journal saved with the backup.
#
#   DATABASE_URL=postgres://owner@host:5432/township INTEGRITY_KEY=... \
#     deploy/restore_check.sh backups/township-20260101T020000Z
#
# DATABASE_URL names the server (and the role) to restore on; its database is never
# written: the copy is a new database `<name>_restore_<time>` (RESTORE_DB to choose), dropped
# at the end unless KEEP=1. INTEGRITY_KEY must be the deployment's key (the seals are keyed).
# The Django settings are the environment's (DJANGO_SETTINGS_MODULE, SECRET_KEY, ...);
# PYTHON is the interpreter that runs manage.py (default: python; "uv run python" in a checkout).
# Exit status 0: restored, every count equal, no integrity breach. Non-zero otherwise.
set -euo pipefail

backup=${1:?usage: restore_check.sh BACKUP_DIR}
: "${DATABASE_URL:?DATABASE_URL (the server to restore on) is required}"
python=${PYTHON:-python}
here=$(cd "$(dirname "$0")/.." && pwd)

for file in db.dump counts.tsv integrity-journal.jsonl SHA256SUMS; do
  [ -f "$backup/$file" ] || { echo "restore_check: $backup/$file is missing" >&2; exit 2; }
done
(cd "$backup" && sha256sum --quiet -c SHA256SUMS) || {
  echo "restore_check: the backup's checksums do not match" >&2
  exit 2
}

# postgres://user:pw@host:port/name?query -> the same server with another database name.
base=${DATABASE_URL%%\?*}
query=""
[ "$base" != "$DATABASE_URL" ] && query="?${DATABASE_URL#*\?}"
server=${base%/*}
source_db=${base##*/}
target_db=${RESTORE_DB:-${source_db}_restore_$(date -u +%Y%m%d%H%M%S)}
admin_url="$server/postgres$query"
target_url="$server/$target_db$query"

# Row-level security (docs/DATABASE.md) is forced on the governed tables, for their owner
# too: only a superuser or a BYPASSRLS role sees (and can dump, restore and count) every row.
bypass=$(psql "$admin_url" -X -A -t -q -c \
  "SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user")
if [ "$bypass" != t ]; then
  echo "restore_check: connect as a superuser or a role with BYPASSRLS (row-level security)" >&2
  exit 2
fi

work=$(mktemp -d)
cleanup() {
  rm -rf "$work"
  if [ "${KEEP:-0}" != 1 ]; then
    psql "$admin_url" -X -q -v ON_ERROR_STOP=1 \
      -c "DROP DATABASE IF EXISTS \"$target_db\" WITH (FORCE)" >/dev/null 2>&1 || true
  fi
}
trap cleanup EXIT

echo "restore_check: restoring $backup into $target_db"
psql "$admin_url" -X -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE \"$target_db\""
pg_restore --exit-on-error --dbname="$target_url" "$backup/db.dump"

# Row counts of the copy, the same query as backup.sh.
psql "$target_url" -X -q -A -t -v ON_ERROR_STOP=1 >"$work/counts.tsv" <<'SQL'
SELECT c.relname || E'\t' ||
       (xpath('/row/n/text()',
              query_to_xml(format('SELECT count(*) AS n FROM %I.%I', n.nspname, c.relname),
                           false, true, '')))[1]::text
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
 ORDER BY c.relname;
SQL
tables=$(wc -l <"$backup/counts.tsv")
rows=$(awk -F'\t' '{s += $2} END {print s + 0}' "$backup/counts.tsv")
if ! diff -u "$backup/counts.tsv" "$work/counts.tsv" >"$work/counts.diff"; then
  echo "restore_check: row counts differ (backup vs restored):" >&2
  cat "$work/counts.diff" >&2
  exit 1
fi
echo "restore_check: $tables tables, $rows rows, every count equal"

# AUD-2 on the copy, against a copy of the backup's journal (the check appends to it).
cp "$backup/integrity-journal.jsonl" "$work/journal.jsonl"
(cd "$here" && DATABASE_URL="$target_url" INTEGRITY_JOURNAL="$work/journal.jsonl" \
  $python manage.py integrity_check)
echo "restore_check: OK"
