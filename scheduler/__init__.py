"""The scheduler process: a few periodic sweeps that turn the promise clocks into action.

`python -m scheduler` runs it until stopped; `python -m scheduler --once [--at ISO-8601]` runs
every sweep once as of that instant. The sweeps themselves are use cases in
backend.services.sweeps; this package holds the job functions APScheduler calls and the wiring."""
