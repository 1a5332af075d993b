"""Alembic environment: run with the connection the service hands over (or a URL)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from apportion.service.db import Base

config = context.config
target = Base.metadata

connection = config.attributes.get("connection")
if connection is not None:
    context.configure(connection=connection, target_metadata=target, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.begin() as conn:
        context.configure(connection=conn, target_metadata=target, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
