"""Profile one page on the seeded benchmark database: time, size, queries and the slowest SQL.

python -m bench.profile_page URL USERNAME [--factor 10] [--cprofile 20]"""

import argparse
import os
import time

from bench.run import _database_url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("username")
    parser.add_argument("--factor", type=float, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--cprofile",
        type=int,
        default=0,
        metavar="N",
        help="Also profile N requests and print the costliest calls.",
    )
    args = parser.parse_args()
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.bench"
    os.environ["DATABASE_URL"] = _database_url(args.factor, args.seed)
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from commissioning.accounts.models import User
    from commissioning.core.startup import load_before_serving

    load_before_serving()

    client = Client()
    client.force_login(User.objects.get(username=args.username))
    client.get(args.url)
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        response = client.get(args.url)
        elapsed = time.perf_counter() - started
    size = len(response.content) if not response.streaming else "streamed"
    print(f"{response.status_code} {elapsed * 1000:.0f} ms, {size} bytes, {len(captured)} queries")
    for query in sorted(captured.captured_queries, key=lambda q: -float(q["time"]))[:6]:
        print(f"  {query['time']} s  {query['sql'][:300]}")
    if args.cprofile:
        _profile(client, args.url, args.cprofile)


def _profile(client, url: str, requests: int) -> None:
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        client.get(url)
    profiler.disable()
    stats = pstats.Stats(profiler).strip_dirs()
    stats.sort_stats("tottime").print_stats(25)
    stats.sort_stats("cumulative").print_stats(40)
    if os.environ.get("PROFILE_CALLERS"):
        stats.print_callers(os.environ["PROFILE_CALLERS"])


if __name__ == "__main__":
    main()
