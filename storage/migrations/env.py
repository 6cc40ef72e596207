"""Alembic environment: the engine comes from resfri's configuration, never from an ini file."""

from alembic import context
from sqlmodel import SQLModel

import storage.models  # noqa: F401 - registers the tables

engine = context.config.attributes["engine"]
with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=SQLModel.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
