"""schemathesis, with every check, against the app's own /api/v1/openapi.json, as each of the
four roles: the document and the server agree on what is accepted and what comes back, errors
included, and nothing answers 500.

A bounded run on a fresh database (a few examples per operation; SCHEMATHESIS_EXAMPLES=100 for
a thorough one, every phase for every role). Two things are set apart, both from the contract (API.md):
- 422 is the contract's answer to a well-formed request that breaks a rule the document cannot
  state (an unknown service point, a phone number that is no number, a window that ends before
  it starts, a reused Idempotency-Key), so a schema-valid request may get it;
- logout and erasing one's own account (DELETE /me) are left out: they end the very sign-in
  the run uses."""
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "3"))
ALL_PHASES = "examples,coverage,fuzzing,stateful"
# The coverage phase (every boundary of every field, whatever --max-examples says) is most of
# a run's time: in the bounded run it goes with the two roles that reach every operation
# between them, the admin and the customer.
PHASES = {"admin": ALL_PHASES, "customer": ALL_PHASES,
          "technician": "examples,fuzzing,stateful", "dispatcher": "examples,fuzzing,stateful"}
CONFIG = """
[checks.positive_data_acceptance]
expected-statuses = ["2XX", "3XX", "401", "403", "404", "409", "422", "429"]
"""


@pytest.fixture
def served(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def signed_in(make, role):
    point = make.point()
    people = {"customer": lambda: make.customer(), "technician": lambda: make.technician(point),
              "dispatcher": lambda: make.dispatcher(), "admin": lambda: make.admin()}
    return make.headers(people[role]())["Authorization"]


@pytest.mark.parametrize("role", ["customer", "technician", "dispatcher", "admin"])
def test_schemathesis_with_every_check_finds_nothing_as_a(role, served, make, tmp_path):
    config = tmp_path / "schemathesis.toml"
    config.write_text(CONFIG)
    result = subprocess.run(
        [str(Path(sys.executable).with_name("schemathesis")), "--config-file", str(config),
         "run", f"{served}/api/v1/openapi.json", "--checks", "all",
         "--header", f"Authorization: {signed_in(make, role)}",
         "--phases", PHASES[role] if "SCHEMATHESIS_EXAMPLES" not in os.environ else ALL_PHASES,
         "--max-examples", str(EXAMPLES), "--seed", "11", "--generation-database", "none",
         "--exclude-path", "/api/v1/auth/logout", "--exclude-method", "DELETE",
         "--workers", "1", "--no-color", "--output-truncate", "false"],
        cwd=tmp_path, capture_output=True, text=True, timeout=900)  # its cache goes there
    assert result.returncode == 0, result.stdout[-30000:] + result.stderr[-3000:]
