from decimal import Decimal

import pytest

from commissioning.monitoring.rag import Rag, kpi_rag, worst


@pytest.mark.parametrize(
    ("actual", "target", "polarity", "tolerance", "expected"),
    [
        (100, 100, "higher", 10, Rag.GREEN),  # meets the target exactly
        (120, 100, "higher", 10, Rag.GREEN),
        (90, 100, "higher", 10, Rag.AMBER),  # misses by exactly the tolerance
        (89.99, 100, "higher", 10, Rag.RED),
        (10, 10, "lower", 10, Rag.GREEN),
        (8, 10, "lower", 10, Rag.GREEN),  # lower is better: under the target is good
        (11, 10, "lower", 10, Rag.AMBER),
        (11.5, 10, "lower", 10, Rag.RED),
        (99, 100, "higher", 0, Rag.RED),  # no tolerance: any miss is red
        (0, 0, "lower", 10, Rag.GREEN),
        (1, 0, "lower", 10, Rag.RED),  # a zero target has no margin
    ],
)
def test_kpi_rag(actual, target, polarity, tolerance, expected):
    assert (
        kpi_rag(
            actual=Decimal(str(actual)),
            target=Decimal(str(target)),
            polarity=polarity,
            tolerance=Decimal(tolerance),
        )
        == expected
    )


def test_agreement_takes_the_worst_kpi():
    assert worst([Rag.GREEN, Rag.AMBER, Rag.GREEN]) == Rag.AMBER
    assert worst([Rag.GREEN, Rag.RED, Rag.AMBER]) == Rag.RED
    assert worst([Rag.GREEN]) == Rag.GREEN
    assert worst([]) is None
    assert worst([None]) is None
