"""The OCDS export (releases per second and peak memory, at a quarter of the data and at all of it) and the board
pack PDF of the busiest meeting."""

import sys
import time
import tracemalloc
from itertools import islice


def _peak(function) -> tuple[float, int]:
    tracemalloc.start()
    started = time.perf_counter()
    result = function()
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, peak, result


def ocds_figures() -> dict:
    from commissioning.publishing import ocds

    def stream(limit=None):
        releases = ocds.releases() if limit is None else islice(ocds.releases(), limit)
        size = count = 0
        for piece in ocds.stream_release_package(release_list=releases):
            size += len(piece)
            count += 1
        return count - 2, size

    seconds, peak_all, (count, size) = _peak(stream)
    quarter = max(1, count // 4)
    _, peak_quarter, _ = _peak(lambda: stream(quarter))
    figures = {
        "releases": count,
        "megabytes_written": round(size / 1e6, 1),
        "seconds": round(seconds, 1),
        "releases_per_second": round(count / seconds),
        f"peak_memory_mb_first_{quarter}": round(peak_quarter / 1e6, 1),
        f"peak_memory_mb_all_{count}": round(peak_all / 1e6, 1),
        "memory_growth_all_over_quarter": round(peak_all / peak_quarter, 2),
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
