"""How `make bench` judges its figures against the targets."""

from bench.run import judge, table


def _page(p50, p95, **extra):
    return {"url": "/x/", "p50_ms": p50, "p95_ms": p95, "queries": 9, "key": True, "compare": "", **extra}


def test_a_key_page_is_held_to_the_floor_measured_beside_it():
    results = {
        "floor": {**_page(5, 6), "key": False},
        "quick": _page(12, 14, floor_p95_ms=5.0),
        "slow": _page(20, 16, floor_p95_ms=5.0),
        "spiky": _page(20, 160, floor_p95_ms=60.0),
    }

    verdicts = judge(results)

    assert verdicts == {"quick": True, "slow": False, "spiky": False}
    assert results["slow"]["targets"] == {"p95 ≤ 150 ms": True, "p95 ≤ 3 × floor": False}
    assert results["spiky"]["targets"] == {"p95 ≤ 150 ms": False, "p95 ≤ 3 × floor": True}


def test_the_register_is_compared_with_admin_measured_in_alternation_with_it():
    faster = _page(30, 31, floor_p95_ms=20.0, compare="admin", paired_p50_ms=18.0, admin_p50_ms=18.5)
    slower = _page(15, 16, floor_p95_ms=20.0, compare="admin", paired_p50_ms=19.0, admin_p50_ms=18.5)

    assert judge({"register": faster}) == {"register": True}
    assert judge({"register": slower}) == {"register": False}
    assert slower["targets"]["no slower than admin (p50)"] is False


def test_the_table_shows_the_floor_beside_each_page_and_the_paired_comparison():
    page = _page(
        15, 16, floor_p95_ms=8.0, compare="admin", paired_p50_ms=19.0, admin_p50_ms=18.5, computed_ms=41.0
    )
    report = {
        "database": "sqlite",
        "factor": 10,
        "when": "now",
        "machine": "m",
        "repeat": 20,
        "pages": {"r": page},
    }
    judge(report["pages"])

    row = next(line for line in table(report).splitlines() if line.startswith("| r |"))

    assert row.startswith("| r | 15 | 16 | 9 | 41.0 | 8.0 | 2.0 | missed: no slower than admin (p50)")
    assert "p50 19.0 against admin's 18.5, in alternation" in row
