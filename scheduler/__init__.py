"""The scheduler process: a few periodic sweeps that turn the promise clocks into action.

`python -m scheduler` runs it until stopped; `python -m scheduler --once [--at ISO-8601]` runs
every sweep once as of that instant. The sweeps themselves are use cases in
backend.services.sweeps; this package holds the job functions APScheduler calls and the wiring."""

# The app settings the scheduler runs with. Its connections are not pinged before use: a
# sweep that meets a dropped connection fails, rolls back and runs again on its next turn,
# and the ping would be a round trip as long as a whole idle sweep.
SETTINGS = {"SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": False}}
