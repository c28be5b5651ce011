import pytest


@pytest.fixture(autouse=True)
def _clean_tables():
    """Pure rules touch no database: this stands in for the suite-wide fixture, which would
    build the app and migrate a database for them."""
    yield
