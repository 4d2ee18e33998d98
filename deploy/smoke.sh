#!/usr/bin/env bash
# Smoke test of the production configuration on this host, end to end: a fresh PostgreSQL database, migrate,
# collectstatic, load_frameworks, gunicorn (2 workers, loopback port) and two background-job workers, then:
# the health check, the sign-in page and its security headers, a static file from WhiteNoise, the API schema,
# jobs queued by the daily commands and run by the workers, and a backup restored and checked. Everything is
# stopped and the database dropped at the end; any failure exits non-zero with what failed.
#
#   deploy/smoke.sh
#
# SMOKE_SERVER_URL  the PostgreSQL server (default postgres://postgres@127.0.0.1:5432/postgres)
# PYTHON, GUNICORN  the interpreters to use (default .venv/bin/python, .venv/bin/gunicorn)
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=deploy/common.sh
source deploy/common.sh

started=$SECONDS
python=${PYTHON:-.venv/bin/python}
gunicorn=${GUNICORN:-.venv/bin/gunicorn}
server=$(url_with_database "$(pg_url "${SMOKE_SERVER_URL:-postgres://postgres@127.0.0.1:5432/postgres}")" postgres)
db="smoke_$(date -u +%Y%m%d%H%M%S)_$$_${RANDOM}"
work=$(mktemp -d)
chmod 711 "$work" # nginx's workers read the collected static files under it
host=commissioning.smoke.test
pids=()    # the services, stopped with SIGTERM and expected to stop cleanly
helpers=() # one-off commands run alongside; stopped if the test ends before they do
web_pid=""

step() { log "$* ($((SECONDS - started))s)"; }
ok() { log "  ok: $*"; }

stop_processes() {
  local pid deadline
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  deadline=$((SECONDS + 30))
  for pid in "${pids[@]}"; do
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then
      kill -KILL "$pid" 2>/dev/null || true
      echo "smoke.sh: process $pid did not stop within 30 seconds of SIGTERM" >&2
      return 1
    fi
    wait "$pid" 2>/dev/null || true
  done
  pids=()
}

cleanup() {
  local status=$? file pid
  trap - EXIT INT TERM
  for pid in "${helpers[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  stop_processes || status=1
  if ((status != 0)); then
    for file in "$work"/*.log; do
      [[ -s $file ]] || continue
      printf '\n--- last lines of %s\n' "$(basename "$file")" >&2
      tail -n 25 "$file" >&2
    done
  fi
  if ! psql "$server" --no-psqlrc --quiet -v ON_ERROR_STOP=1 \
    -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null 2>&1; then
    echo "smoke.sh: could not drop the database $db: drop it by hand" >&2
    status=1
  fi
  rm -rf "$work"
  if ((status == 0)); then
    log "Smoke test passed in $((SECONDS - started))s"
  else
    log "Smoke test FAILED after $((SECONDS - started))s" >&2
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The production settings, configured only by the environment, as on a server.
export DJANGO_SETTINGS_MODULE=config.settings.production
DJANGO_SECRET_KEY=$("$python" -c 'import secrets; print(secrets.token_urlsafe(50))')
export DJANGO_SECRET_KEY
export DJANGO_ALLOWED_HOSTS="$host,127.0.0.1"
export DJANGO_CSRF_TRUSTED_ORIGINS="https://$host"
DATABASE_URL=$(url_with_database "$server" "$db")
export DATABASE_URL
export CACHE_URL="filecache://$work/cache"
export DJANGO_STATIC_ROOT="$work/static"
export DJANGO_MEDIA_ROOT="$work/media"
export EMAIL_URL="consolemail://"
export SITE_URL="https://$host"
export LOG_LEVEL=WARNING
port=$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"

step "Creating the database $db"
psql "$server" --no-psqlrc --quiet -v ON_ERROR_STOP=1 -c "CREATE DATABASE \"$db\"" \
  -c "ALTER DATABASE \"$db\" SET random_page_cost = 1.1" >/dev/null ||
  die "could not create the database $db on ${server%/*}"

step "Migrating; collecting the static files and checking the deployment settings alongside"
"$python" manage.py collectstatic --noinput -v 0 >"$work/collectstatic.log" 2>&1 &
collect_pid=$!
helpers+=("$collect_pid")
"$python" manage.py check --deploy --fail-level WARNING >"$work/check.log" 2>&1 &
check_pid=$!
helpers+=("$check_pid")
"$python" manage.py migrate --noinput --skip-checks -v 0 >"$work/migrate.log" 2>&1 || die "migrate failed"
wait "$collect_pid" || die "collectstatic failed"
wait "$check_pid" || die "manage.py check --deploy found problems: $(tail -n 5 "$work/check.log")"
helpers=()
ok "migrated; $(find "$DJANGO_STATIC_ROOT" -type f | wc -l) static files collected; check --deploy is clean"

step "Starting gunicorn (2 workers) on 127.0.0.1:$port and two background-job workers; loading the frameworks"
"$python" manage.py load_frameworks --skip-checks >"$work/load_frameworks.log" 2>&1 &
frameworks_pid=$!
helpers+=("$frameworks_pid")
GUNICORN_BIND="127.0.0.1:$port" GUNICORN_WORKERS=2 \
  "$gunicorn" --config deploy/gunicorn.conf.py --pid "$work/gunicorn.pid" >"$work/gunicorn.log" 2>&1 &
web_pid=$!
pids+=("$web_pid")
for number in 1 2; do
  "$python" manage.py db_worker --worker-id "smoke-$number" --interval 0.2 --no-startup-delay --no-reload --skip-checks \
    >"$work/worker-$number.log" 2>&1 &
  pids+=("$!")
done

# Fetch a page as the reverse proxy would pass it on: the public host name, over HTTPS.
fetch() {
  local path=$1
  shift
  curl --silent --show-error --max-time 20 --output "$work/body" --dump-header "$work/headers" \
    --write-out '%{http_code}' -H "Host: $host" "$@" "$base$path"
}
header() { grep -i "^$1:" "$work/headers" | head -n 1 | cut -d: -f2- | tr -d '\r' | sed 's/^ *//'; }
expect_header() {
  local name=$1 wanted=$2 value
  value=$(header "$name")
  [[ $value == *"$wanted"* ]] || die "$name should contain \"$wanted\", but is \"${value:-missing}\""
}

deadline=$((SECONDS + 60))
until curl --silent --fail --max-time 2 -H "Host: $host" "$base/healthz" >/dev/null 2>&1; do
  kill -0 "$web_pid" 2>/dev/null || die "gunicorn stopped while starting"
  ((SECONDS < deadline)) || die "the health check did not answer within 60 seconds"
  sleep 0.5
done

step "Checking the web service"
code=$(fetch /healthz)
[[ $code == 200 ]] || die "/healthz answered $code"
grep -q '"database": "ok"' "$work/body" || die "/healthz did not report the database: $(cat "$work/body")"
ok "/healthz: $(cat "$work/body") over plain HTTP"

master=$(cat "$work/gunicorn.pid")
# The master forks its workers one after another: the first may answer before the second has started.
deadline=$((SECONDS + 10))
until web_workers=$(pgrep -P "$master" | wc -l); ((web_workers >= 2 || SECONDS >= deadline)); do sleep 0.2; done
((web_workers >= 2)) || die "gunicorn runs $web_workers worker process(es), expected 2"
ok "gunicorn master $master with $web_workers workers"

code=$(fetch /sign-in/ -H "X-Forwarded-Proto: https")
[[ $code == 200 ]] || die "the sign-in page answered $code"
grep -q "Sign in" "$work/body" || die "the sign-in page does not say Sign in"
expect_header Content-Security-Policy "default-src 'self'"
expect_header Content-Security-Policy "frame-ancestors 'none'"
expect_header Strict-Transport-Security "max-age=31536000"
expect_header X-Content-Type-Options nosniff
expect_header X-Frame-Options DENY
expect_header Referrer-Policy same-origin
grep -i '^set-cookie: __Host-csrftoken=' "$work/headers" | grep -qi 'secure' ||
  die "the CSRF cookie is not a secure __Host- cookie"
ok "sign-in page 200 with CSP, HSTS, nosniff, X-Frame-Options, Referrer-Policy and a secure __Host- cookie"

code=$(fetch /sign-in/)
[[ $code == 301 && $(header Location) == "https://$host/sign-in/" ]] ||
  die "plain HTTP should redirect to https://$host/sign-in/, but answered $code $(header Location)"
[[ -z $(header Strict-Transport-Security) ]] || die "HSTS was sent over plain HTTP"
ok "plain HTTP redirects to HTTPS, without HSTS"

stylesheet=$(grep -o '/static/css/application\.[0-9a-f]*\.css' <(fetch /sign-in/ -H "X-Forwarded-Proto: https" >/dev/null; cat "$work/body") | head -n 1)
[[ -n $stylesheet ]] || die "the sign-in page links no hashed stylesheet (is the manifest storage on?)"
code=$(fetch "$stylesheet" -H "X-Forwarded-Proto: https" -H "Accept-Encoding: gzip")
[[ $code == 200 ]] || die "$stylesheet answered $code"
expect_header Content-Type text/css
expect_header Cache-Control immutable
expect_header Content-Encoding gzip
ok "$stylesheet served by WhiteNoise: gzip, cached for ever"

code=$(fetch /api/v1/schema/ -H "X-Forwarded-Proto: https")
[[ $code == 200 ]] || die "the API schema answered $code"
grep -q '^openapi: 3' "$work/body" || die "the API schema is not OpenAPI 3"
grep -q 'title: Commissioning Hub API' "$work/body" || die "the API schema has the wrong title"
ok "API schema: OpenAPI $(grep -m1 '^openapi:' "$work/body" | cut -d' ' -f2), $(grep -c '^  /api/v1/' "$work/body") paths"

step "A figure kept in the cache, read through both workers, then a payment recorded by another process"
"$python" manage.py shell -c "
from datetime import date
from decimal import Decimal
from commissioning.accounts.models import User
from commissioning.contracts import services
from commissioning.organisations.models import Membership, Organisation, Role
council = Organisation.objects.create(name='Smoke County Council', is_partner=True)
provider = Organisation.objects.create(name='Smoke Family Support', is_provider=True)
person = User.objects.create_user(username='smoke-finance', email='finance@smoke.example', password=None)
Membership.objects.create(user=person, organisation=council, role=Role.CONTRACTS_MANAGER)
services.agreement_create(actor=person, data={
    'reference': 'SMOKE-1', 'title': 'Family support', 'agreement_type': 'contract', 'provider': provider,
    'commissioner': council, 'annual_value': Decimal('1000'), 'whole_life_value': Decimal('3000'),
    'starts_on': date(2026, 4, 1), 'ends_on': date(2029, 3, 31), 'status': 'live', 'payment_basis': 'fixed_price'})
" >"$work/figures.log" 2>&1 || die "setting up the figures failed: $(tail -n 5 "$work/figures.log")"
token=$("$python" manage.py issue_api_token smoke-finance 2>"$work/token.log") || die "issue_api_token failed: $(cat "$work/token.log")"
invoices() {
  local code
  code=$(fetch "/api/v1/payments-compliance/?period=2026-09" -H "X-Forwarded-Proto: https" -H "Authorization: Token $token")
  [[ $code == 200 ]] || die "payments compliance answered $code: $(cat "$work/body")"
  "$python" -c 'import json, sys; print(json.load(open(sys.argv[1]))["invoices"])' "$work/body"
}
for _ in $(seq 1 8); do
  [[ $(invoices) == 0 ]] || die "payments compliance counted invoices before any was recorded"
done
"$python" manage.py shell -c "
from datetime import date
from decimal import Decimal
from commissioning.accounts.models import User
from commissioning.contracts import services
from commissioning.contracts.models import Agreement
services.payment_record(actor=User.objects.get(username='smoke-finance'), agreement=Agreement.objects.get(reference='SMOKE-1'),
    data={'due_on': date(2026, 5, 1), 'amount': Decimal('250'), 'invoice_reference': 'INV-1',
          'invoice_received_on': date(2026, 5, 1), 'paid_on': date(2026, 5, 11), 'disputed': False})
" >>"$work/figures.log" 2>&1 || die "recording the payment failed: $(tail -n 5 "$work/figures.log")"
for _ in $(seq 1 8); do
  [[ $(invoices) == 1 ]] || die "a worker served payments compliance figures from before the payment"
done
ok "payments compliance: 0 invoices eight times, then 1 eight times after a payment recorded by another process"

if command -v nginx >/dev/null && command -v openssl >/dev/null; then
  step "Putting the example nginx configuration in front, with a self-signed certificate"
  mkdir -p "$work/nginx"
  openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=$host" \
    -keyout "$work/nginx/key.pem" -out "$work/nginx/cert.pem" >/dev/null 2>&1 || die "openssl could not make a certificate"
  read -r http_port https_port < <("$python" -c '
import socket
sockets = [socket.socket() for _ in range(2)]
for s in sockets:
    s.bind(("127.0.0.1", 0))
print(*(s.getsockname()[1] for s in sockets))')
  sed -e "s#server_name commissioning.example.gov.uk;#server_name $host;#" \
    -e "s#/etc/letsencrypt/live/commissioning.example.gov.uk/fullchain.pem#$work/nginx/cert.pem#" \
    -e "s#/etc/letsencrypt/live/commissioning.example.gov.uk/privkey.pem#$work/nginx/key.pem#" \
    -e "s#listen 80;#listen 127.0.0.1:$http_port;#" -e "s#listen 443 ssl http2;#listen 127.0.0.1:$https_port ssl http2;#" \
    -e "/listen \[::\]/d" -e "/ssl_stapling/d" \
    -e "s#server 127.0.0.1:8000 #server 127.0.0.1:$port #" \
    -e "s#/srv/commissioning/var/staticfiles/#$DJANGO_STATIC_ROOT/#" \
    deploy/nginx/commissioning-hub.conf >"$work/nginx/site.conf"
  cat >"$work/nginx/nginx.conf" <<NGINX
pid $work/nginx/nginx.pid;
error_log $work/nginx.log;
events {}
http {
  include /etc/nginx/mime.types;
  access_log off;
  client_body_temp_path $work/nginx; proxy_temp_path $work/nginx; fastcgi_temp_path $work/nginx;
  uwsgi_temp_path $work/nginx; scgi_temp_path $work/nginx;
  include $work/nginx/site.conf;
}
NGINX
  nginx -q -c "$work/nginx/nginx.conf" -p "$work/nginx" 2>>"$work/nginx.log" || die "nginx did not start with the example configuration"
  for _ in $(seq 1 50); do [[ -s $work/nginx/nginx.pid ]] && break; sleep 0.1; done
  pids+=("$(cat "$work/nginx/nginx.pid")")
  via_nginx() {
    local path=$1
    shift
    curl --silent --show-error --max-time 20 --insecure --resolve "$host:$https_port:127.0.0.1" \
      --output "$work/body" --dump-header "$work/headers" --write-out '%{http_code}' "$@" "https://$host:$https_port$path"
  }
  code=$(via_nginx /sign-in/)
  [[ $code == 200 ]] || die "the sign-in page through nginx answered $code"
  expect_header Strict-Transport-Security "max-age=31536000"
  expect_header Content-Security-Policy "default-src 'self'"
  expect_header X-Content-Type-Options nosniff
  ok "sign-in through nginx over TLS: 200 with HSTS (nginx set X-Forwarded-Proto), CSP and nosniff"
  served_before=$(grep -c "$stylesheet" "$work/gunicorn.log" || true)
  code=$(via_nginx "$stylesheet" -H "Accept-Encoding: gzip")
  [[ $code == 200 ]] || die "$stylesheet through nginx answered $code"
  expect_header Cache-Control immutable
  expect_header Content-Encoding gzip
  [[ $(grep -c "$stylesheet" "$work/gunicorn.log" || true) == "$served_before" ]] ||
    die "nginx passed $stylesheet on to gunicorn instead of serving it from $DJANGO_STATIC_ROOT"
  ok "$stylesheet served by nginx itself, gzip, cached for ever"
  code=$(curl --silent --max-time 10 --output /dev/null --write-out '%{http_code} %{redirect_url}' \
    --resolve "$host:$http_port:127.0.0.1" "http://$host:$http_port/sign-in/")
  [[ $code == "301 https://$host/sign-in/" ]] || die "nginx should redirect plain HTTP to HTTPS, but answered $code"
  ok "nginx redirects plain HTTP to https://$host/sign-in/"
else
  step "nginx or openssl is not installed: the example nginx configuration is not tried"
fi

step "Queueing jobs: the daily commands', and five more runs for the two workers to share"
"$python" manage.py shell -c "
import datetime
from django.core.management import call_command
from commissioning.jobs.services import job_enqueue
from commissioning.reminders.jobs import reminders_run
call_command('send_reminders')
call_command('check_open_data')
for days in range(1, 6):
    job_enqueue(job=reminders_run, arguments={'date': str(datetime.date.today() + datetime.timedelta(days=days))})
" >"$work/send_reminders.log" 2>&1 || die "queueing the jobs failed: $(tail -n 5 "$work/send_reminders.log")"
first=$(grep -o 'as background job [0-9]*' "$work/send_reminders.log" | head -n 1 | grep -o '[0-9]*$') ||
  die "send_reminders did not queue a job: $(cat "$work/send_reminders.log")"
sql() { psql "$DATABASE_URL" --no-psqlrc --no-align --tuples-only --quiet -v ON_ERROR_STOP=1 -c "$1"; }
deadline=$((SECONDS + 60))
while :; do
  waiting=$(sql "SELECT count(*) FROM jobs_jobrun WHERE status <> 'succeeded'")
  ((waiting == 0)) && break
  failed=$(sql "SELECT string_agg(id || ': ' || last_error, '; ') FROM jobs_jobrun WHERE status = 'failed'")
  [[ -z $failed ]] || die "a job failed: $failed"
  ((SECONDS < deadline)) || die "$waiting job(s) not run by the workers within 60 seconds"
  sleep 0.5
done
runs=$(sql "SELECT count(*) FROM jobs_jobrun")
((runs == 8)) || die "expected 8 job runs (reminders, two open data checks, five more), found $runs"
checks=$(sql "SELECT string_agg(arguments->>'key' || ': ' || (result->>'summary'), '; ' ORDER BY id)
              FROM jobs_jobrun WHERE label = 'Check an open data file'")
summary=$(sql "SELECT result->>'summary' FROM jobs_jobrun WHERE id = $first")
twice=$(sql "SELECT count(*) FROM django_tasks_database_dbtaskresult
             WHERE status <> 'SUCCESSFUL' OR jsonb_array_length(worker_ids) <> 1")
((twice == 0)) || die "$twice queued attempt(s) did not run exactly once"
shares=$(sql "SELECT string_agg(worker || ' ran ' || count, ', ' ORDER BY worker) FROM (
                SELECT worker_ids->>0 AS worker, count(*) FROM django_tasks_database_dbtaskresult GROUP BY 1) AS s")
ok "job $first (the daily command) succeeded: $summary"
ok "open data checks succeeded: $checks"
ok "8 runs, each attempt run once: $shares"

wait "$frameworks_pid" || die "load_frameworks failed"
helpers=()
ok "$(tail -n 1 "$work/load_frameworks.log")"

step "Backing up the database and restoring the backup into a scratch database"
BACKUP_DIR="$work/backups" deploy/backup.sh >"$work/backup.log" 2>&1 || die "backup.sh failed: $(tail -n 3 "$work/backup.log")"
dump=$(tail -n 1 "$work/backup.log")
deploy/restore-check.sh "$dump" >"$work/restore-check.log" 2>&1 ||
  die "restore-check.sh failed: $(tail -n 5 "$work/restore-check.log")"
ok "$(tail -n 1 "$work/restore-check.log" | cut -d' ' -f2-)"

step "Stopping gunicorn and the workers"
stop_processes || die "a process did not stop on SIGTERM"
ok "stopped cleanly"
