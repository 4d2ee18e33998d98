from commissioning.cycle.tests.conftest import activity  # noqa: F401 - the cycle app's activity fixture
