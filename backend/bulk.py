"""Many rows in one statement: rows bound as one JSON array (`unnested`), ids matched against an
array (`among`), and values the database writes as Python would store them (`json_params`),
so that a sweep's thousand rows cost the database about what one statement of SQL costs, not
a round of Python and driver work per row."""
import json
from datetime import datetime

from sqlalchemy import (Date, String, Text, any_, bindparam, case, cast, func,
                        literal, select, true, type_coerce)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.sql import sqltypes

from backend.db import UTCDateTime, db
from backend.i18n.templates import stored_params


def dialect_of(session=None):
    """The SQLAlchemy dialect of the database `session` (or the app's session) writes to."""
    return (session or db.session).get_bind().dialect


# Below this many rows an executemany costs less than building and compiling the arrays'
# statement: a request's few rows go as they are.
FEW_ROWS = 32


def inserting(statement, rows, session=None):
    """`statement` (an INSERT into a table) made to insert `rows` (dicts with the same keys),
    with the parameters to execute it with: a few rows as they are, many as `unnested`."""
    if len(rows) < FEW_ROWS:
        return statement, rows
    return statement.from_select(list(rows[0]), unnested(statement.table, rows, session)), None


def unnested(table, rows, session=None):
    """A SELECT of `rows` (dicts with the same keys) for a statement that writes them all at
    once: one bound JSON array of rows. A thousand rows then cost one bound value, where an
    executemany binds and runs the statement once per row. A key that is a column of `table`
    has its type; any other is text the statement reads beside them (a name the caller has
    read, a distance as a message writes it). A column whose rows all hold the same value (a
    sweep's moment, a null) is bound once, as a plain value."""
    names = list(rows[0])
    arrays, same = {}, {}
    for name in names:
        values = [row[name] for row in rows]
        if name != names[0] and isinstance(values[0], _SCALARS) \
                and all(value == values[0] for value in values):
            same[name] = values[0]
        else:
            arrays[name] = values
    types = {name: table.c[name].type if name in table.c else Text() for name in names}
    dialect = dialect_of(session)
    if dialect.name == "postgresql":
        # Each row an array of its values, each value cast to its column's type: of the ways
        # to hand PostgreSQL rows as JSON, the one it reads fastest (jsonb parsed once, no
        # record built per row), and the least text to write. Arrays of text would cost the
        # driver a regular expression per quote in each value (a JSON params column is full
        # of them).
        given = func.jsonb_array_elements(cast(bindparam("rows", json.dumps(
            list(zip(*arrays.values())), default=_json_value), type_=Text), JSONB)
        ).table_valued("value")
        varying = {name: (cast(given.c.value.op("->")(i), types[name])
                          if isinstance(types[name], sqltypes.JSON)
                          else cast(given.c.value.op("->>")(i), types[name])).label(name)
                   for i, name in enumerate(arrays)}
    else:
        # Each value as the column's type would bind it (a time as SQLite keeps times).
        stored = [[value if process is None else process(value) for value in values]
                  for process, values in ((types[name].dialect_impl(dialect)
                                           .bind_processor(dialect), values)
                                          for name, values in arrays.items())]
        given = func.json_each(bindparam("rows", json.dumps(list(zip(*stored))))
                               ).table_valued("value")
        varying = {name: func.json_extract(given.c.value, f"$[{i}]").label(name)
                   for i, name in enumerate(arrays)}
    # WHERE true: SQLite would read an ON CONFLICT after the FROM as a join's ON.
    return select(*(varying[name] if name in arrays else
                    bindparam(f"row_{name}", same[name], type_=types[name]).label(name)
                    for name in names)).where(true())


_SCALARS = (str, int, float, datetime, type(None))


def _json_value(value):
    """A time or a day as PostgreSQL reads it from JSON text."""
    return value.isoformat()


def among(column, values):
    """`column` is one of `values` (a sweep's thousand ids): on PostgreSQL one bound array,
    where an IN list has the statement's text carry a placeholder per value, for the
    compiler and the driver to write out and parse again at every run. (Made an array by the
    server from JSON, the values would cost the driver less, but the planner would no longer
    see how many there are, and would scan an index of the whole table for them.)"""
    if dialect_of().name == "postgresql":
        return column == any_(bindparam(None, list(values), type_=ARRAY(column.type)))
    return column.in_(values)


def json_params(params):
    """SQL: a template's `params` (name: SQL expression or value) as the JSON object
    templates.stored_params would store: times as ISO 8601 UTC, days as YYYY-MM-DD."""
    pairs = []
    for name, value in params.items():
        pairs += [literal(name), _as_stored(value) if hasattr(value, "type")
                  else literal(stored_params({name: value})[name])]
    if dialect_of().name == "postgresql":
        return func.json_build_object(*pairs)
    return func.json_object(*pairs)


def _as_stored(value):
    if isinstance(value.type, UTCDateTime):
        return iso_time(value)
    if isinstance(value.type, Date):
        return iso_day(value)
    return value


def iso_time(moment):
    """SQL: a time column as datetime.isoformat writes it in UTC, with Z: the fraction of a
    second only when there is one."""
    if dialect_of().name == "postgresql":
        utc = func.timezone("UTC", moment)
        return (func.to_char(utc, 'YYYY-MM-DD"T"HH24:MI:SS')
                + case((func.date_trunc("second", moment) == moment, ""),
                       else_=func.to_char(utc, ".US")) + "Z")
    # SQLite keeps a time as "YYYY-MM-DD HH:MM:SS.ffffff".
    return (func.substr(moment, 1, 10) + "T"
            + case((func.substr(moment, 21, 6) == "000000", func.substr(moment, 12, 8)),
                   else_=func.substr(moment, 12, 15)) + "Z")


def iso_day(day):
    """SQL: a day column as date.isoformat writes it."""
    if dialect_of().name == "postgresql":
        return func.to_char(day, "YYYY-MM-DD")
    # SQLite keeps a day as that text already; typed as text, it is joined to text with ||.
    return type_coerce(day, String)
