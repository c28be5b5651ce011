"""`./serve`: says "ready" once the API answers, stops everything it started on TERM or Ctrl-C,
and the README's walk-through runs against it again and again.

It runs here on a SQLite file of its own and a free port, as a person runs it (the demo network
loaded on the first start), whatever database the rest of the suite uses."""
import json
import os
import re
import signal
import socket
import subprocess
import threading
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Serve:
    """`./serve` in a session of its own, so that whatever it leaves behind can be found."""

    def __init__(self, instance):
        self.port = free_port()
        env = dict(os.environ, DATABASE_URL=f"sqlite:///{instance}/dispatch.db",
                   INSTANCE_PATH=str(instance), PORT=str(self.port), WORKERS="1")
        env.pop("NOTIFY_WEBHOOK_URL", None)
        self.process = subprocess.Popen([str(ROOT / "serve")], cwd=ROOT, env=env,
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                        text=True, start_new_session=True)
        self.group = self.process.pid
        self.output = []
        self.watchdog = threading.Timer(120, self.kill_all)
        self.watchdog.start()

    def wait_until_ready(self):
        for line in self.process.stdout:
            self.output.append(line)
            if line.startswith("ready"):
                # Keep reading, so that a full pipe never blocks it.
                threading.Thread(target=self.process.stdout.read, daemon=True).start()
                return line
        raise AssertionError("./serve ended without saying ready:\n" + "".join(self.output))

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def processes_left(self):
        try:
            os.killpg(self.group, 0)
        except ProcessLookupError:
            return False
        return True

    def kill_all(self):
        if self.processes_left():
            os.killpg(self.group, signal.SIGKILL)

    def close(self):
        self.watchdog.cancel()
        self.kill_all()
        self.process.wait()


@pytest.fixture(scope="module")
def instance(tmp_path_factory):
    return tmp_path_factory.mktemp("serve")


@pytest.fixture
def serve(instance):
    started = []

    def start():
        started.append(Serve(instance))
        return started[-1]
    yield start
    for running in started:
        running.close()


def healthz(serve):
    with urllib.request.urlopen(serve.url("/healthz"), timeout=5) as answer:
        return answer.status, json.load(answer)


def walk_through():
    """The README's walk-through with curl, as a person pastes it."""
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## A job from booking to feedback, with curl")[1]
    return re.search(r"```sh\n(.*?)```", section, re.S).group(1)


def json_values(text):
    """The JSON documents jq printed one after another."""
    decoder, values, at = json.JSONDecoder(), [], 0
    while text[at:].strip():
        at += len(text[at:]) - len(text[at:].lstrip())
        value, at = decoder.raw_decode(text, at)
        values.append(value)
    return values


def test_ready_once_the_api_answers_the_readme_walk_through_again_and_again_and_term_stops_all(
        serve):
    running = serve()
    assert running.wait_until_ready().startswith(f"ready: API on {running.url('')}")
    assert healthz(running) == (200, {"status": "ok"})

    script = walk_through().replace("127.0.0.1:5000", f"127.0.0.1:{running.port}")
    jobs = []
    for _ in range(2):
        result = subprocess.run(["bash", "-euo", "pipefail", "-c", script], capture_output=True,
                                text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        documents = json_values(result.stdout)
        unit, booked, final = documents[0], documents[1], documents[-3]
        assert unit["warranty"]["status"] == "whole_unit"
        assert booked["status"] == "assigned"
        assert booked["warranty"] == {"covered": True, "basis": "whole_unit"}
        assert final["status"] == "completed"
        assert final["warranty"] == {"covered": True, "basis": "whole_unit"}
        assert final["timeline"] == ["booked", "accepted", "departed", "delayed", "arrived",
                                     "completed", "feedback"]
        [job_id] = [value for value in documents if isinstance(value, str)]
        jobs.append(job_id)
    assert jobs[0] != jobs[1]  # each run booked a job of its own

    running.process.send_signal(signal.SIGTERM)  # to ./serve alone, as a supervisor sends it
    assert running.process.wait(timeout=60) != 0
    assert not running.processes_left()
    with pytest.raises(OSError):
        healthz(running)


def test_ctrl_c_stops_everything(serve):
    running = serve()
    running.wait_until_ready()
    os.killpg(running.group, signal.SIGINT)  # a terminal sends it to the whole foreground group
    running.process.wait(timeout=60)
    assert not running.processes_left()
