"""Set the mart's views aside while a migration alters a column they read, and put them back.

PostgreSQL will not change the type of a column a view reads, not even to widen it. A migration that must do
so saves every view of schema `mart` as the database has it (definition, comment, column comments), drops them,
alters its columns, and puts them back in the order they depend on each other: as they were, or as the
migration redefines them. Statements go through the driver's own connection, so that a `%` or `:name` in a
view's text is never read as a parameter.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection


@dataclass(frozen=True)
class SavedView:
    name: str
    definition: str  # the select, as pg_get_viewdef gives it
    comment: str | None
    column_comments: dict[str, str]


def set_aside(connection: Connection) -> list[SavedView]:
    """Drop every view of schema mart; return them, each after the views it reads."""
    rows = connection.exec_driver_sql("""
        select v.relname, pg_get_viewdef(v.oid), obj_description(v.oid, 'pg_class'),
               coalesce((select jsonb_object_agg(a.attname, col_description(v.oid, a.attnum))
                         from pg_attribute a
                         where a.attrelid = v.oid and a.attnum > 0 and not a.attisdropped
                           and col_description(v.oid, a.attnum) is not null), '{}'::jsonb),
               array(select distinct w.relname from pg_rewrite r
                     join pg_depend d on d.classid = 'pg_rewrite'::regclass and d.objid = r.oid
                                     and d.refclassid = 'pg_class'::regclass
                     join pg_class w on w.oid = d.refobjid
                     where r.ev_class = v.oid and w.oid <> v.oid and w.relkind = 'v'
                       and w.relnamespace = 'mart'::regnamespace)
        from pg_class v where v.relnamespace = 'mart'::regnamespace and v.relkind = 'v'""").all()
    reads = {name: set(used) for name, *_, used in rows}
    order: list[str] = []
    while len(order) < len(rows):
        order += sorted(name for name, used in reads.items() if name not in order and used <= set(order))
    saved = {name: SavedView(name, definition, comment, dict(columns))
             for name, definition, comment, columns, _ in rows}
    driver = connection.connection.driver_connection
    for name in reversed(order):
        driver.execute(f"drop view mart.{name}")
    return [saved[name] for name in order]


def put_back(connection: Connection, saved: list[SavedView], redefined: dict[str, str],
             view_comments: dict[str, str], column_comments: dict[str | tuple[str, str], str]) -> None:
    """Create the saved views again (those in `redefined` by its `create view` statement), then the views of
    `redefined` that were not there. A comment comes from the arguments, else from what was saved: a column's by
    (view, column); on a view of `redefined`, by column; else as saved on the view, or as saved on a column of
    the same name elsewhere."""
    driver = connection.connection.driver_connection
    before = {view.name: view for view in saved}
    anywhere = {column: text for view in saved for column, text in view.column_comments.items()}
    names = [view.name for view in saved] + [name for name in redefined if name not in before]
    for name in names:
        driver.execute(redefined.get(name) or f"create view mart.{name} as {before[name].definition}")
        comment = view_comments.get(name) or before[name].comment
        driver.execute(f"comment on view mart.{name} is {_quoted(comment)}")
        kept = before[name].column_comments if name in before else {}
        for (column,) in driver.execute("select column_name from information_schema.columns "
                                        "where table_schema = 'mart' and table_name = %s", (name,)).fetchall():
            text = (column_comments.get((name, column))
                    or (column_comments.get(column) if name in redefined else None)
                    or kept.get(column) or column_comments.get(column)
                    or anywhere[column])  # a new column needs its comment in the migration
            driver.execute(f"comment on column mart.{name}.{column} is {_quoted(text)}")


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
