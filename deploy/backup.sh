#!/usr/bin/env bash
# Back up the database: pg_dump in custom format (compressed, restorable table by table) to a dated file, with
# a manifest of its migrations and row counts taken from the same snapshot, then keep only the newest backups.
#
#   DATABASE_URL=postgres://user@host:5432/name deploy/backup.sh
#
# BACKUP_DIR   where the files go (default var/backups); keep it on another disk, and copy it off the host
# BACKUP_KEEP  how many backups of this database to keep (default 14)
# Prints the dump's path last. Check a backup with deploy/restore-check.sh FILE.
set -euo pipefail
# shellcheck source=deploy/common.sh
source "$(dirname "$0")/common.sh"

[[ -n ${DATABASE_URL:-} ]] || die "set DATABASE_URL to the database to back up"
url=$(pg_url "$DATABASE_URL")
name=$(url_database "$url")
dir=${BACKUP_DIR:-var/backups}
keep=${BACKUP_KEEP:-14}
[[ $keep =~ ^[1-9][0-9]*$ ]] || die "BACKUP_KEEP must be a whole number of at least 1, not '$keep'"
mkdir -p "$dir"
chmod 700 "$dir"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
dump="$dir/$name-$stamp.dump"
partial="$dump.partial"
manifest="$dump.manifest"

# One read-only transaction holds a snapshot: pg_dump dumps it and the manifest counts it, so both agree even
# while the service is writing.
coproc SNAPSHOT { psql "$url" --no-psqlrc --no-align --tuples-only --quiet -v ON_ERROR_STOP=1 2>&1; }
# shellcheck disable=SC2153 # SNAPSHOT_PID is set by coproc
snapshot_pid=$SNAPSHOT_PID
to=${SNAPSHOT[1]}
from=${SNAPSHOT[0]}
cleanup() {
  rm -f "$partial" "$manifest.partial"
  kill "$snapshot_pid" 2>/dev/null || true
}
trap cleanup EXIT
printf '%s\n' "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;" "SELECT pg_export_snapshot();" >&"$to"
read -r -t 30 snapshot <&"$from" || die "could not open a snapshot of $name"
[[ $snapshot =~ ^[0-9A-F-]+$ ]] || die "could not open a snapshot of $name: $snapshot"

log "Backing up $name to $dump"
umask 077
pg_dump --format=custom --compress=6 --snapshot="$snapshot" --file="$partial" "$url" ||
  die "pg_dump of $name failed"

{
  printf '# Commissioning Hub backup manifest\n'
  printf 'database %s\n' "$name"
  printf 'taken_at %s\n' "$stamp"
} >"$manifest.partial"
printf '%s\n' "$STATE_SQL" "SELECT '__end_of_state__';" >&"$to"
ended=""
while IFS= read -r -t 120 line <&"$from"; do
  if [[ $line == __end_of_state__ ]]; then
    ended=yes
    break
  fi
  printf '%s\n' "$line" >>"$manifest.partial"
done
[[ -n $ended ]] || die "could not count the rows of $name: $(tail -n 3 "$manifest.partial")"
printf '%s\n' "COMMIT;" '\q' >&"$to"
wait "$snapshot_pid" || true

pg_restore --list "$partial" >/dev/null || die "the dump $partial cannot be read back"
mv "$partial" "$dump"
mv "$manifest.partial" "$manifest"

# Rotation: the newest $keep dumps of this database stay, older ones (and their manifests) go.
mapfile -t old < <(find "$dir" -maxdepth 1 -name "$name-[0-9]*T[0-9]*Z.dump" -printf '%f\n' | sort -r | tail -n "+$((keep + 1))")
for file in "${old[@]}"; do
  rm -f "$dir/$file" "$dir/$file.manifest"
  log "Removed the old backup $file"
done

tables=$(grep -c '^table ' "$manifest" || true)
rows=$(awk '$1 == "table" { sum += $NF } END { print sum + 0 }' "$manifest")
log "Backed up $name: $tables tables, $rows rows, $(du -h "$dump" | cut -f1) ($dump)"
printf '%s\n' "$dump"
