"""The migrations build the very schema the models describe, on the database under test."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from backend.db import db


def test_the_migrated_schema_is_the_one_the_models_describe(app):
    # The test database was built by running the migrations; a model changed without a
    # migration shows here as a difference (a column, an index, a type).
    with app.app_context(), db.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
    assert differences == []
