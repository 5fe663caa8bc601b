#!/usr/bin/env bash
# Back up the database (pg_dump -Fc) and the AUD-2 integrity journal, consistently.
#
#   DATABASE_URL=postgres://owner@host:5432/township deploy/backup.sh [OUT_DIR]
#
# Writes OUT_DIR/township-<UTC time>/ (OUT_DIR defaults to ./backups) with
#   db.dump                  the custom-format dump (pg_restore reads it),
#   counts.tsv               the row count of every table, read in the dump's own snapshot,
#   integrity-journal.jsonl  a copy of INTEGRITY_JOURNAL (the chain heads kept outside the
#                            database; without it a restored copy cannot be checked),
#   SHA256SUMS               the checksums of the three;
# and prints the directory. deploy/restore_check.sh proves a backup restores.
#
# Connect as a superuser or a role with BYPASSRLS, not the application's role:
# row-level security (forced, for the tables' owner too) would hide rows.
# Needs psql and pg_dump of the server's major version (postgresql-client-15).
set -euo pipefail

: "${DATABASE_URL:?DATABASE_URL (a superuser or BYPASSRLS role of the app database) is required}"
journal=${INTEGRITY_JOURNAL:-var/integrity-journal.jsonl}
out_root=${1:-backups}
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="$out_root/township-$stamp"
# Row-level security (docs/DATABASE.md) is forced on the governed tables, for their owner
# too: only a superuser or a BYPASSRLS role sees (and can dump, restore and count) every row.
bypass=$(psql "$DATABASE_URL" -X -A -t -q -c \
  "SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user")
if [ "$bypass" != t ]; then
  echo "backup: connect as a superuser or a role with BYPASSRLS (row-level security)" >&2
  exit 2
fi
mkdir -p "$out"
chmod 700 "$out"

journal_digest() {
  if [ -f "$journal" ]; then sha256sum "$journal" | cut -d' ' -f1; else echo none; fi
}

# The row count of every table of the public schema, in the current transaction.
read -r -d '' COUNT_SQL <<'SQL' || true
SELECT c.relname || E'\t' ||
       (xpath('/row/n/text()',
              query_to_xml(format('SELECT count(*) AS n FROM %I.%I', n.nspname, c.relname),
                           false, true, '')))[1]::text
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
 ORDER BY c.relname;
SQL

backup_once() {
  # The journal is copied first; the dump is taken in one exported snapshot, and the rows
  # are counted in that same snapshot. If the journal changed meanwhile (a seal committed
  # during the backup), the copy may not match the dump: the caller tries again.
  local before after snapshot line pid
  before=$(journal_digest)
  if [ -f "$journal" ]; then cp "$journal" "$out/integrity-journal.jsonl"; else : >"$out/integrity-journal.jsonl"; fi

  coproc PSQL { psql "$DATABASE_URL" -X -q -A -t -v ON_ERROR_STOP=1 2>&1; }
  local pid=$PSQL_PID
  printf '%s\n' "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;" \
    "SELECT 'snapshot:' || pg_export_snapshot();" >&"${PSQL[1]}"
  snapshot=""
  while read -r line <&"${PSQL[0]}"; do
    case $line in
      snapshot:*) snapshot=${line#snapshot:}; break ;;
      *) echo "backup: psql: $line" >&2; return 2 ;;
    esac
  done
  [ -n "$snapshot" ] || { echo "backup: no snapshot" >&2; return 2; }

  pg_dump --dbname="$DATABASE_URL" --format=custom --snapshot="$snapshot" --file="$out/db.dump" \
    || return 2

  printf '%s\n' "$COUNT_SQL" "\\echo __end__" >&"${PSQL[1]}"
  : >"$out/counts.tsv"
  while read -r line <&"${PSQL[0]}"; do
    [ "$line" = "__end__" ] && break
    case $line in
      *$'\t'*) printf '%s\n' "$line" >>"$out/counts.tsv" ;;
      *) echo "backup: psql: $line" >&2; return 2 ;;
    esac
  done
  printf '%s\n' "COMMIT;" "\\q" >&"${PSQL[1]}"
  wait "$pid" 2>/dev/null || true

  after=$(journal_digest)
  [ "$before" = "$after" ]
}

for attempt in 1 2 3; do
  if backup_once; then
    (cd "$out" && sha256sum db.dump counts.tsv integrity-journal.jsonl >SHA256SUMS)
    echo "$out"
    exit 0
  fi
  status=$?
  [ "$status" = 1 ] || exit "$status"
  echo "backup: the journal changed during the backup (attempt $attempt); again" >&2
done
echo "backup: the journal kept changing; no consistent backup" >&2
exit 1
