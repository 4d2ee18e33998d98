"""A bounded load test on loopback: the production configuration (gunicorn, several workers) on PostgreSQL, many
concurrent API users reading the registers and recording board decisions, and optionally PostgreSQL restarted in
the middle. It checks: no server errors while the database is up, every accepted write is in the database once and
whole (no lost and no half-written record), requests during the restart fail cleanly and quickly, and the service
recovers by itself.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/commissioning_hub python -m bench.load [--restart-postgres]

It makes and drops a database of its own beside the one DATABASE_URL names. Every loop is bounded in requests and
time; nothing is sent anywhere but 127.0.0.1."""

import argparse
import json
import os
import random
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
READS = [
    "/api/v1/agreements/",
    "/api/v1/services/",
    "/api/v1/monitoring/returns/",
    "/api/v1/procurements/",
    "/api/v1/governance/decisions/",
    "/healthz",
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _environment(database_url: str) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "False",
        "DATABASE_URL": database_url,
    }


def _manage(env: dict, *args: str) -> str:
    completed = subprocess.run(  # noqa: S603 - our own manage.py with our own interpreter
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if completed.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{completed.stderr[-2000:]}")
    return completed.stdout.strip().splitlines()[-1] if completed.stdout.strip() else ""


def _database(base_url: str, name: str, *, drop_only: bool = False) -> str:
    import psycopg

    base = base_url.rpartition("/")[0]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop_only:
            connection.execute(f'CREATE DATABASE "{name}"')
            # As docs/deployment.md sets up production's database (storage is SSD).
            connection.execute(f'ALTER DATABASE "{name}" SET random_page_cost = 1.1')
    return f"{base}/{name}"


def _postgres_restart() -> float:
    clusters = sorted(os.listdir("/etc/postgresql"))
    started = time.perf_counter()
    subprocess.run(  # noqa: S603 - the machine's own cluster, as the operator would
        [
            shutil.which("pg_ctlcluster") or "/usr/bin/pg_ctlcluster",
            "--skip-systemctl-redirect",
            clusters[0],
            "main",
            "restart",
        ],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - started


class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.samples: list[tuple[float, str, int, float]] = []  # (at, kind, status, seconds)
        self.accepted: list[str] = []

    def add(self, kind: str, status: int, seconds: float) -> None:
        with self.lock:
            self.samples.append((time.perf_counter(), kind, status, seconds))


def _user(
    base: str, token: str, body_id: int, number: int, deadline: float, requests_each: int, results: Results
):
    session = requests.Session()
    session.headers.update({"Authorization": f"Token {token}", "X-Forwarded-Proto": "https"})
    rng = random.Random(number)
    for index in range(requests_each):
        if time.perf_counter() > deadline:
            return
        started = time.perf_counter()
        try:
            if index % 5 == 4:
                reference = f"LOAD-{number:03d}-{index:04d}"
                response = session.post(
                    f"{base}/api/v1/governance/decisions/",
                    json={
                        "reference": reference,
                        "body": body_id,
                        "decision": "Agreed under load.",
                        "decided_on": "2026-11-02",
                    },
                    timeout=10,
                )
                if response.status_code == 201:
                    with results.lock:
                        results.accepted.append(reference)
                results.add("write", response.status_code, time.perf_counter() - started)
            else:
                response = session.get(f"{base}{rng.choice(READS)}", timeout=10)
                results.add("read", response.status_code, time.perf_counter() - started)
        except requests.RequestException:
            results.add("error", 0, time.perf_counter() - started)


def run(args) -> dict:
    base_url = os.environ.get("DATABASE_URL", "")
    if not base_url.startswith(("postgres://", "postgresql://")):
        raise SystemExit(
            "Set DATABASE_URL to a PostgreSQL server: the load test runs the production configuration."
        )
    name = "commissioning_hub_load"
    database_url = _database(base_url, name)
    env = _environment(database_url)
    report: dict = {"users": args.users, "workers": args.workers, "requests_each": args.requests}
    print("Preparing the database…", file=sys.stderr)
    _manage(env, "migrate", "--noinput", "-v", "0")
    _manage(env, "seed_scale", "--factor", "0.2")
    tokens = [_manage(env, "issue_api_token", f"scale-partnership-manager-{n:03d}") for n in (1,)]
    body_id = int(
        _manage(
            env,
            "shell",
            "-c",
            "from commissioning.governance.models import Body; print(Body.objects.order_by('pk').first().pk)",
        )
    )
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    log = (ROOT / "var" / "load-gunicorn.log").open(
        "w"
    )  # a file, never a pipe nobody reads: that would block
    server = subprocess.Popen(  # noqa: S603 - our own gunicorn
        [str(Path(PYTHON).parent / "gunicorn"), "config.wsgi", "--workers", str(args.workers),
         "--bind", f"127.0.0.1:{port}", "--timeout", "30", "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=log, stderr=log, text=True,
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                if requests.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                time.sleep(0.2)
        else:
            raise SystemExit("gunicorn did not answer /healthz.")
        results = Results()
        deadline = time.perf_counter() + args.seconds
        threads = [
            threading.Thread(
                target=_user,
                args=(base, tokens[n % len(tokens)], body_id, n, deadline, args.requests, results),
            )
            for n in range(args.users)
        ]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        restart = None
        if args.restart_postgres:
            # A third of the way in by requests made, not by time: as the service gets faster the load ends sooner.
            third, latest = args.users * args.requests // 3, started + args.seconds / 3
            while len(results.samples) < third and time.perf_counter() < latest:
                time.sleep(0.05)
            restart_at = time.perf_counter()
            seconds = _postgres_restart()
            restart = (restart_at, restart_at + seconds)
            report["postgres_restart_seconds"] = round(seconds, 1)
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
        report.update(_summarise(results, elapsed, restart))
        report.update(_recovery(base))
        stored = _manage(
            env,
            "shell",
            "-c",
            "import json; from commissioning.governance.models import Decision; "
            "print(json.dumps(sorted(Decision.objects.filter(reference__startswith='LOAD-')"
            ".exclude(decision='').values_list('reference', flat=True))))",
        )
        stored = json.loads(stored.splitlines()[-1])
        report["writes_accepted"] = len(results.accepted)
        report["writes_stored"] = len(stored)
        report["lost_writes"] = len(set(results.accepted) - set(stored))
        report["writes_stored_but_not_acknowledged"] = len(set(stored) - set(results.accepted))
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
        _database(base_url, name, drop_only=True)
    return report


def _recovery(base: str, within: float = 60) -> dict:
    """Whether the health check answers 200 again, and how long after the load it took."""
    started = time.perf_counter()
    while time.perf_counter() - started < within:
        try:
            if requests.get(f"{base}/healthz", timeout=5).status_code == 200:
                return {
                    "recovered": True,
                    "recovery_seconds_after_load": round(time.perf_counter() - started, 1),
                }
        except requests.RequestException:
            pass
        time.sleep(1)
    return {"recovered": False}


def _summarise(results: Results, elapsed: float, restart) -> dict:
    def during(at: float) -> bool:
        return restart is not None and restart[0] - 1 <= at <= restart[1] + 5

    steady = [s for s in results.samples if not during(s[0])]
    around = [s for s in results.samples if during(s[0])]
    times = sorted(s[3] for s in steady if s[2] and s[2] < 500)
    summary = {
        "requests": len(results.samples),
        "seconds": round(elapsed, 1),
        "requests_per_second": round(len(results.samples) / elapsed),
        "p50_ms": round(statistics.median(times) * 1000) if times else None,
        "p95_ms": round(times[min(len(times) - 1, int(0.95 * len(times)))] * 1000) if times else None,
        "server_errors_while_database_up": sum(1 for s in steady if s[2] >= 500 or s[2] == 0),
        "other_failures": sum(1 for s in steady if 400 <= s[2] < 500),
    }
    if restart is not None:
        failed = [s for s in around if s[2] >= 500 or s[2] == 0]
        summary["requests_around_restart"] = len(around)
        summary["failed_around_restart"] = len(failed)
        summary["slowest_failure_seconds"] = round(max((s[3] for s in failed), default=0), 1)
        summary["statuses_around_restart"] = sorted({s[2] for s in around})
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=24)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--requests", type=int, default=100, help="Requests per user at most.")
    parser.add_argument("--seconds", type=float, default=60, help="The load stops after this at most.")
    parser.add_argument(
        "--restart-postgres",
        action="store_true",
        help="Restart PostgreSQL a third of the way in (a third of the requests made).",
    )
    args = parser.parse_args()
    if args.restart_postgres and not shutil.which("pg_ctlcluster"):
        raise SystemExit("--restart-postgres needs pg_ctlcluster (PostgreSQL from Debian's packages).")
    report = run(args)
    print(json.dumps(report, indent=2))
    problems = []
    if report["server_errors_while_database_up"]:
        problems.append("server errors while the database was up")
    if report["lost_writes"]:
        problems.append("acknowledged writes missing from the database")
    if report["writes_stored_but_not_acknowledged"] and not args.restart_postgres:
        # Only a restart may cut a response off after its transaction committed.
        problems.append("writes stored that were never acknowledged")
    if not report["recovered"]:
        problems.append("the service did not recover")
    if problems:
        raise SystemExit("Load test failed: " + "; ".join(problems))


if __name__ == "__main__":
    main()
