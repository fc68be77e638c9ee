"""R-AC-5: the database refuses a status change that the model's transition table does not
allow, whoever writes it (raw SQL, a shell, a bulk update): one trigger per declared `Workflow`
with a model, remade from its table after every `migrate`, so the guard cannot drift from the
table the actions check (docs/decisions/025-transition-guards.md)."""

from importlib import import_module

from django.apps import apps
from django.db import connections

from yipanqi.core.workflow import DECLARED, Workflow

MESSAGE = "illegal status transition"


def declared_workflows() -> list[Workflow]:
    """Every Workflow of the project's apps (their actions modules imported), with a model."""
    for config in apps.get_app_configs():
        if config.name.startswith("yipanqi.") and _has_actions(config.name):
            import_module(f"{config.name}.actions")
    return [flow for flow in DECLARED if flow.model is not None]


def _has_actions(app: str) -> bool:
    try:
        import_module(f"{app}.actions")
    except ModuleNotFoundError as missing:
        if missing.name != f"{app}.actions":
            raise
        return False
    return True


def trigger_name(flow: Workflow) -> str:
    return f"{flow.model._meta.db_table}_transition"


def _pairs(flow: Workflow) -> str:
    return ", ".join(f"'{old}>{new}'" for old, new in flow.pairs())


def sqlite_statements(flow: Workflow) -> list[str]:
    table, name = flow.model._meta.db_table, trigger_name(flow)
    return [
        f"DROP TRIGGER IF EXISTS {name}",
        f"CREATE TRIGGER {name} BEFORE UPDATE OF status ON {table} FOR EACH ROW "
        f"WHEN NEW.status <> OLD.status AND (OLD.status || '>' || NEW.status) NOT IN ({_pairs(flow)}) "
        f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
    ]


def postgresql_statements(flow: Workflow) -> list[str]:
    table, name = flow.model._meta.db_table, trigger_name(flow)
    return [
        f"""CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$
           BEGIN
             IF NEW.status <> OLD.status
                AND (OLD.status || '>' || NEW.status) NOT IN ({_pairs(flow)}) THEN
               RAISE EXCEPTION '{MESSAGE} on {table}: % -> %', OLD.status, NEW.status
                 USING ERRCODE = 'check_violation';
             END IF;
             RETURN NEW;
           END; $$ LANGUAGE plpgsql""",
        f"DROP TRIGGER IF EXISTS {name} ON {table}",
        f"CREATE TRIGGER {name} BEFORE UPDATE OF status ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {name}()",
    ]


STATEMENTS = {"sqlite": sqlite_statements, "postgresql": postgresql_statements}


def install(using: str = "default") -> int:
    """(Re)make every workflow's trigger on the database `using`; returns how many."""
    connection = connections[using]
    make = STATEMENTS.get(connection.vendor)
    if make is None:
        return 0
    flows = declared_workflows()
    with connection.cursor() as cursor:
        for flow in flows:
            for sql in make(flow):
                cursor.execute(sql)  # nosec B608: table names and statuses from the code, not input
    return len(flows)


def after_migrate(sender, using: str = "default", **kwargs) -> None:
    """post_migrate (sent once per app; core's is enough): the tables exist, remake the guards."""
    install(using)


def road(flow: Workflow, start: str, goal: str) -> list[str]:
    """The shortest list of statuses from `start` to `goal` that the table allows (without
    `start`; empty when they are the same), or ValueError when there is none."""
    paths, seen = [[start]], {start}
    while paths:
        path = paths.pop(0)
        if path[-1] == goal:
            return path[1:]
        for new in sorted(flow.table.get(path[-1], ())):
            if new not in seen:
                seen.add(new)
                paths.append([*path, new])
    raise ValueError(f"{flow.model._meta.label}: no road from {start} to {goal}")


def walk_to(model, pk: int, goal: str, **fields) -> None:
    """For tests and repairs that place a row in a status without its actions: write each status
    on the allowed road to `goal` (so the guard lets it through), then `fields`."""
    flow = next(f for f in declared_workflows() if f.model is model)
    rows = model._default_manager.filter(pk=pk)
    for status in road(flow, rows.values_list("status", flat=True).get(), goal):
        rows.update(status=status)
    if fields:
        rows.update(**fields)


def _drop_statements(flow: Workflow, vendor: str) -> list[str]:
    table, name = flow.model._meta.db_table, trigger_name(flow)
    if vendor == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {name}"]
    return [f"DROP TRIGGER IF EXISTS {name} ON {table}"]


def force_status(model, pk: int, status: str, using: str = "default", **fields) -> None:
    """For transition matrices that put one row back into every status in turn (backwards too):
    the guard of the model's table is dropped, the row written, and the guard made again, all in
    the caller's transaction (so a test's rollback undoes it too). Not for application code."""
    connection = connections[using]
    flow = next(f for f in declared_workflows() if f.model is model)
    make = STATEMENTS.get(connection.vendor)
    with connection.cursor() as cursor:
        for sql in _drop_statements(flow, connection.vendor) if make else []:
            cursor.execute(sql)
        model._default_manager.using(using).filter(pk=pk).update(status=status, **fields)
        for sql in make(flow) if make else []:
            cursor.execute(sql)  # nosec B608: table names and statuses from the code, not input
