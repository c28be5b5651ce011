"""A summer day played through the system: `flask --app mobile_api simulate-day`.

The pure parts (parameters, the day's demand, people's behaviour, the event queue) know
neither Flask nor the database; `day` drives the system's own services and sweeps with them,
and `report` reads the day's figures back."""
