"""The OCDS export (releases per second and peak memory, at a quarter of the data and at all of it), the open data
page's background check of it, and the board pack PDF of the busiest meeting."""

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from itertools import islice


def _peak_rss_mb() -> float:
    """This process's own peak resident memory. Not getrusage's ru_maxrss: Linux carries that over from the
    process that started this one (it survives exec), so a child of a large benchmark process would report the
    parent's peak."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _export(limit: int | None) -> dict:
    """Stream the package (to nowhere) in this process: how long, how many releases, and the peak resident memory."""
    from commissioning.publishing import ocds

    releases = ocds.releases() if limit is None else islice(ocds.releases(), limit)
    started = time.perf_counter()
    size = count = 0
    for piece in ocds.stream_release_package(release_list=releases):
        size += len(piece)
        count += 1
    return {
        "releases": count - 2,
        "seconds": time.perf_counter() - started,
        "megabytes": size / 1e6,
        "peak_rss_mb": _peak_rss_mb(),
    }


def _check() -> dict:
    """The open data page's background check of the OCDS file: every release built and validated, 500 a batch."""
    from commissioning.publishing.checks import open_data_check

    started = time.perf_counter()
    outcome = open_data_check(key="ocds")
    return {
        "releases": outcome["count"],
        "valid": outcome["valid"],
        "seconds": time.perf_counter() - started,
        "peak_rss_mb": _peak_rss_mb(),
    }


def _export_in_child(limit: int | None, what: str = "ocds") -> dict:
    """In a fresh process, so that each run's peak memory is its own."""
    command = [sys.executable, "-m", "bench.exports", what] + (
        [] if limit is None else ["--limit", str(limit)]
    )
    completed = subprocess.run(command, capture_output=True, text=True, check=True, env=os.environ)  # noqa: S603
    return json.loads(completed.stdout)


def ocds_figures() -> dict:
    whole = _export_in_child(None)
    quarter = _export_in_child(max(1, whole["releases"] // 4))
    figures = {
        "releases": whole["releases"],
        "megabytes_written": round(whole["megabytes"], 1),
        "seconds": round(whole["seconds"], 1),
        "releases_per_second": round(whole["releases"] / whole["seconds"]),
        f"peak_rss_mb_first_{quarter['releases']}": round(quarter["peak_rss_mb"]),
        f"peak_rss_mb_all_{whole['releases']}": round(whole["peak_rss_mb"]),
        "memory_growth_all_over_quarter": round(whole["peak_rss_mb"] / quarter["peak_rss_mb"], 2),
    }
    check = _export_in_child(None, "check")
    figures["check"] = {
        "valid": check["valid"],
        "seconds": round(check["seconds"], 1),
        "releases_per_second": round(check["releases"] / check["seconds"]),
        "peak_rss_mb": round(check["peak_rss_mb"]),
    }
    print(f"  OCDS: {figures}", file=sys.stderr)
    return figures


def board_pack_figures() -> dict:
    from django.db.models import Count
    from django.test import Client

    from commissioning.accounts.models import User
    from commissioning.governance.models import Meeting

    meeting = Meeting.objects.annotate(n=Count("agenda_items")).order_by("-n", "-held_on").first()
    client = Client()
    client.force_login(User.objects.get(username="scale-partnership-manager-001"))
    url = f"/governance/meetings/{meeting.pk}/pack.pdf"
    times = []
    for _ in range(3):
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    figures = {
        "agenda_items": meeting.n,
        "best_seconds": round(min(times), 2),
        "worst_seconds": round(max(times), 2),
        "kilobytes": round(len(response.content) / 1000),
    }
    print(f"  Board pack: {figures}", file=sys.stderr)
    return figures


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("what", choices=["ocds", "check"])
    parser.add_argument("--limit", type=int)
    arguments = parser.parse_args()
    import django

    django.setup()
    print(json.dumps(_check() if arguments.what == "check" else _export(arguments.limit)))
