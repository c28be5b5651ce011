import pytest


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


def run_once_cli(app, monkeypatch, now):
    """`python -m scheduler --once --at now`, in this process (test_scheduler_process.py
    crosses the process boundary)."""
    from scheduler.__main__ import main
    monkeypatch.setenv("DATABASE_URL", app.config["SQLALCHEMY_DATABASE_URI"])
    assert main(["--once", "--at", now.isoformat()]) == 0
