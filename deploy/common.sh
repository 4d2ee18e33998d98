# Shared by the scripts in deploy/ (sourced, not run). Connection strings are libpq URLs, as in DATABASE_URL.
# shellcheck shell=bash

# postgres://, postgresql://, pgsql:// or postgis:// (django-environ's spellings) as a libpq URL.
pg_url() {
  local url=$1
  case $url in
    postgres://* | postgresql://*) printf '%s' "$url" ;;
    pgsql://* | postgis://*) printf 'postgresql://%s' "${url#*://}" ;;
    *) die "not a PostgreSQL URL: ${url%%://*}://… (expected postgres://user@host:port/name)" ;;
  esac
}

# The database name in a URL, and the same URL naming another database on the same server.
url_database() {
  local base=${1%%\?*}
  printf '%s' "${base##*/}"
}

url_with_database() {
  local url=$1 name=$2 base query=""
  base=${url%%\?*}
  [[ $url == *\?* ]] && query="?${url#*\?}"
  printf '%s/%s%s' "${base%/*}" "$name" "$query"
}

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*"; }
die() {
  printf '%s: FAILED: %s\n' "$(basename "$0")" "$*" >&2
  exit 1
}

# Exact row counts per table and the applied migrations, one line each, sorted (deploy/database-state.sql).
DEPLOY_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck disable=SC2034 # read by the scripts that source this file
STATE_SQL=$(<"$DEPLOY_DIR/database-state.sql")
export PGCONNECT_TIMEOUT=${PGCONNECT_TIMEOUT:-10}
