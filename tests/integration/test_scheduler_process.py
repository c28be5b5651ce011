"""`python -m scheduler`: its own process, a few interval jobs, and `--once --at` for backfills."""
import os
import signal
import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from apscheduler.triggers.interval import IntervalTrigger

from scheduler import jobs, lock, wiring
from scheduler.__main__ import parse
from tests.conftest import T0
from tests.jobs_factory import book, events, get, notices

ROOT = Path(__file__).resolve().parents[2]


def scheduler_env(app, **extra):
    env = dict(os.environ, DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"],
               INSTANCE_PATH=os.environ["INSTANCE_PATH"], **extra)
    env.pop("NOTIFY_WEBHOOK_URL", None)
    return env


def scheduler(app, *args, **extra):
    return subprocess.run([sys.executable, "-m", "scheduler", *args], cwd=ROOT,
                          env=scheduler_env(app, **extra), capture_output=True, text=True,
                          timeout=120)


def test_once_at_an_instant_runs_every_sweep_as_of_then_and_logs_a_line_each(app, make):
    points = [make.point(lon=121.48), make.point(lon=121.49)]
    make.dispatcher()
    job_id = book(app, make.customer())
    at = (T0 + timedelta(hours=30)).isoformat().replace("+00:00", "Z")

    first = scheduler(app, "--once", "--at", at)
    assert first.returncode == 0, first.stderr
    sweep_lines = [line for line in first.stderr.splitlines() if " sweep " in line]
    assert [line.split(" sweep ")[1].split()[0] for line in sweep_lines] == list(jobs.SWEEPS)
    job = get(app, job_id)
    # Lapsed at the first point, moved to the second; 30 hours on, at risk and breached.
    assert job.service_point_id == points[1].id
    assert job.at_risk_at is not None and job.breached_at is not None
    assert "moved 1" in sweep_lines[0] and "breached 1" in sweep_lines[2]

    second = scheduler(app, "--once", "--at", at)
    assert second.returncode == 0, second.stderr
    assert events(app, job_id) == ["booked", "lapsed", "at_risk", "breached"]
    assert len(notices(app, "running_late")) == 1
    assert len(notices(app, "promise_breached")) == 1


@pytest.mark.parametrize("value, message", [
    ("tomorrow", "not an ISO 8601 time"),
    ("2026-07-01T12:00:00", "has no offset"),
])
def test_a_bad_at_is_refused_with_exit_status_2(value, message, capsys):
    with pytest.raises(SystemExit) as stopped:
        parse(["--once", "--at", value])
    assert stopped.value.code == 2
    assert message in capsys.readouterr().err


def test_at_without_once_is_refused(capsys):
    with pytest.raises(SystemExit) as stopped:
        parse(["--at", "2026-07-01T12:00:00Z"])
    assert stopped.value.code == 2


def test_the_command_itself_exits_2_on_a_bad_at(app):
    result = scheduler(app, "--once", "--at", "2026-13-01T00:00:00Z")
    assert result.returncode == 2
    assert "not an ISO 8601 time" in result.stderr


def test_an_at_with_an_offset_is_taken_as_that_instant():
    assert parse(["--once", "--at", "2026-07-01T10:00:00+08:00"]).at == T0


def test_the_scheduler_holds_one_interval_job_per_sweep_not_per_promise(app):
    built = wiring.build(app)
    sqlite = app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite")
    scheduled = [job for job in built.get_jobs() if job.id != wiring.CHECKPOINT]
    assert sorted(j.id for j in scheduled) == sorted(f"sweep:{name}" for name in jobs.SWEEPS)
    # SQLite's write-ahead log is copied into the file by a job of its own (PostgreSQL has a
    # checkpointer of its own), on a thread of its own, every couple of seconds.
    checkpointer = built.get_job(wiring.CHECKPOINT)
    assert (checkpointer is not None) == sqlite
    if checkpointer:
        assert checkpointer.executor == wiring.CHECKPOINT
        assert checkpointer.trigger.interval == timedelta(
            seconds=app.config["CHECKPOINT_INTERVAL_SECONDS"])
    for job in scheduled:
        interval = app.config["DELIVERY_INTERVAL_SECONDS" if job.id == "sweep:delivery"
                              else "SCHEDULER_INTERVAL_SECONDS"]
        assert isinstance(job.trigger, IntervalTrigger)
        assert job.trigger.interval == timedelta(seconds=interval)
        assert job.coalesce is True and job.max_instances == 1
        assert job.misfire_grace_time == interval
        # Delivery has a thread of its own: a large outbox never holds the sweeps up.
        assert job.executor == ("delivery" if job.id == "sweep:delivery" else "default")


def test_a_delivery_only_scheduler_holds_the_delivery_job_alone(app):
    assert [job.id for job in wiring.build(app, delivery_only=True).get_jobs()] == [
        "sweep:delivery"]


def test_a_second_scheduler_on_the_same_database_is_refused(app):
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    with lock.only_one(url):
        with pytest.raises(lock.AlreadyRunning):
            with lock.only_one(url):
                pass
    with lock.only_one(url):  # released with the first
        pass


def test_the_long_running_process_sweeps_at_once_and_stops_cleanly_on_sigterm(app):
    process = subprocess.Popen([sys.executable, "-m", "scheduler"], cwd=ROOT,
                               env=scheduler_env(app, SCHEDULER_INTERVAL_SECONDS="3600"),
                               stderr=subprocess.PIPE, text=True)
    watchdog = threading.Timer(60, process.kill)
    watchdog.start()
    try:
        # Every sweep logs its first run; delivery, with nothing to send, only at DEBUG (it
        # runs every few seconds).
        logged = set(jobs.SWEEPS) - {jobs.DELIVERY}
        seen = []
        for line in process.stderr:
            seen.append(line)
            if logged <= {part.split()[0] for part in _sweep_lines(seen)}:
                break
        assert logged <= {part.split()[0] for part in _sweep_lines(seen)}, "".join(seen)
        assert not any(" sweep delivery " in line for line in seen)

        refused = scheduler(app)
        assert refused.returncode == 1
        assert "another scheduler" in refused.stderr

        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
    finally:
        watchdog.cancel()
        process.kill()
        process.stderr.close()


def _sweep_lines(lines):
    return [line.split(" sweep ")[1] for line in lines if " sweep " in line]
