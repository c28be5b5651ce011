import pytest

from tests.integration.jobs_factory import run_once_cli


@pytest.fixture(params=["function", "cli"])
def sweep(request, app, monkeypatch):
    """sweep(function, now): the sweep function alone, or every sweep through
    `python -m scheduler --once --at now` (in process)."""
    def run(function, now):
        if request.param == "cli":
            run_once_cli(app, monkeypatch, now)
        else:
            with app.app_context():
                return function(now)
    return run
