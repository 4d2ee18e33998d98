#!/usr/bin/env bash
# Prove a backup restores: restore it into a new scratch database, and check that the restored copy has the
# same applied migrations and the same number of rows in every table as the database had when it was backed
# up (the manifest deploy/backup.sh writes beside the dump). The scratch database is dropped at the end.
#
#   deploy/restore-check.sh var/backups/commissioning-20261207T013000Z.dump
#
# RESTORE_SERVER_URL  the PostgreSQL server to restore on (default: the server in DATABASE_URL, else
#                     postgres://postgres@127.0.0.1:5432/postgres); the scratch database is created there
# Without a manifest (a dump made some other way), DATABASE_URL names the source database, which must not have
# changed since the dump, and it is counted now.
set -euo pipefail
# shellcheck source=deploy/common.sh
source "$(dirname "$0")/common.sh"

dump=${1:-}
[[ -n $dump ]] || die "usage: deploy/restore-check.sh DUMP_FILE"
[[ -f $dump ]] || die "no such backup file: $dump"
manifest="$dump.manifest"

server=${RESTORE_SERVER_URL:-${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}}
server=$(url_with_database "$(pg_url "$server")" postgres)
scratch="restore_check_$(date -u +%Y%m%d%H%M%S)_$$_${RANDOM}"
scratch_url=$(url_with_database "$server" "$scratch")
work=$(mktemp -d)

cleanup() {
  local status=$?
  psql "$server" --no-psqlrc --quiet -v ON_ERROR_STOP=1 \
    -c "DROP DATABASE IF EXISTS \"$scratch\" WITH (FORCE)" >/dev/null 2>&1 ||
    echo "restore-check.sh: could not drop the scratch database $scratch: drop it by hand" >&2
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT

if [[ -f $manifest ]]; then
  grep -E '^(migration|table) ' "$manifest" >"$work/expected" || true
  source_label="the manifest taken with the backup ($(awk '$1 == "taken_at" { print $2 }' "$manifest"))"
elif [[ -n ${DATABASE_URL:-} ]]; then
  log "No manifest beside $dump: counting the source database now"
  psql "$(pg_url "$DATABASE_URL")" --no-psqlrc --no-align --tuples-only --quiet -v ON_ERROR_STOP=1 \
    -c "$STATE_SQL" >"$work/expected" || die "could not count the rows of the source database"
  source_label="the source database $(url_database "$DATABASE_URL") now"
else
  die "no manifest $manifest: set DATABASE_URL to the database the dump was taken from"
fi
[[ -s $work/expected ]] || die "$source_label lists no migrations or tables: is it a Commissioning Hub backup?"

pg_restore --list "$dump" >/dev/null 2>"$work/list.err" || die "the backup cannot be read: $(head -n 3 "$work/list.err")"

log "Restoring $dump into the scratch database $scratch"
psql "$server" --no-psqlrc --quiet -v ON_ERROR_STOP=1 -c "CREATE DATABASE \"$scratch\"" >/dev/null ||
  die "could not create the scratch database $scratch"
pg_restore --exit-on-error --no-owner --no-privileges --jobs=2 --dbname="$scratch_url" "$dump" \
  2>"$work/restore.err" || die "pg_restore failed: $(tail -n 5 "$work/restore.err")"

psql "$scratch_url" --no-psqlrc --no-align --tuples-only --quiet -v ON_ERROR_STOP=1 -c "$STATE_SQL" \
  >"$work/restored" 2>"$work/state.err" || die "could not count the restored rows: $(tail -n 3 "$work/state.err")"

if ! diff -u --label "backed up ($source_label)" --label "restored ($scratch)" \
  "$work/expected" "$work/restored" >"$work/diff"; then
  cat "$work/diff" >&2
  die "the restored database differs from $source_label (lines above: - backed up, + restored)"
fi

migrations=$(grep -c '^migration ' "$work/restored" || true)
tables=$(grep -c '^table ' "$work/restored" || true)
rows=$(awk '$1 == "table" { sum += $NF } END { print sum + 0 }' "$work/restored")
log "Restore check passed: $migrations migrations, $tables tables and $rows rows, identical to $source_label"
