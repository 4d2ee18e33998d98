import pytest

from commissioning.jobs.tests import worker
from commissioning.jobs.tests.sample_jobs import CALLS


@pytest.fixture(autouse=True)
def calls():
    CALLS.clear()
    yield CALLS
    CALLS.clear()


@pytest.fixture
def database_queue(settings):
    """The production queue: attempts are rows in the database until a worker runs them."""
    settings.TASKS = worker.DATABASE_QUEUE


@pytest.fixture
def run_worker():
    return worker.run_worker
