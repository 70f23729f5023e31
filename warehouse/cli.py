"""`warehouse`: load disclosure PDFs, see what the warehouse holds, find its database."""
from __future__ import annotations

import argparse
import sys

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from warehouse.console import (
    DONE, FAILED, INTERRUPTED, REFUSED, BarProgress, console, first_line, literal, log, log_to_stderr, visible,
)


def cmd_load(args: argparse.Namespace) -> int:
    from etl.database import open_warehouse
    from etl.pipeline import discover
    from etl.service import load_files
    from etl.vocabulary import LoadStatus

    try:
        discover(args.paths)  # a name that does not exist stops the command before the database is opened
    except FileNotFoundError as err:
        console.print(f"[red]error:[/] {literal(str(err))}")
        return FAILED
    engine = open_warehouse()
    columns = (TextColumn("{task.description:>8}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
               TextColumn("{task.fields[file]}", markup=False))
    try:
        with Progress(*columns, console=console, transient=True) as bar:
            loaded = load_files(engine, args.paths, args.workers, BarProgress(bar))
    except Exception as err:  # the database lost in the middle: what was committed stays
        log.debug("the load stopped", exc_info=True)
        console.print(f"[red]load stopped:[/] {literal(first_line(err))}")
        console.print("Documents loaded before it stay in the warehouse, the one being written is not: "
                      "run the same command again to load the rest.")
        return FAILED
    finally:
        engine.dispose()
    table = Table("file", "status", "facts", "detail", show_lines=False)
    style = {LoadStatus.LOADED: "green", LoadStatus.UNCHANGED: "cyan", LoadStatus.REFUSED: "red"}
    for o in loaded.outcomes:
        table.add_row(literal(o.file_name), f"[{style[o.status]}]{o.status}[/]", str(o.facts), literal(o.message))
    console.print(table)
    refused = loaded.count(LoadStatus.REFUSED)
    console.print(f"{len(loaded.outcomes)} documents: {loaded.count(LoadStatus.LOADED)} loaded, "
                  f"{loaded.count(LoadStatus.UNCHANGED)} unchanged, {refused} refused; "
                  f"{loaded.facts_loaded} facts loaded")
    return REFUSED if refused else DONE


def cmd_status(args: argparse.Namespace) -> int:
    from etl.database import open_warehouse
    from etl.status import documents, uncovered_tables
    from etl.vocabulary import DocumentStatus

    engine = open_warehouse()
    rows = documents(engine)
    uncovered = uncovered_tables(engine)
    engine.dispose()
    # coverage: the amount cells of the recognised tables → facts, rightly none, not held (gaps), unexplained
    table = Table("document", "department", "year", "kind", "level", "status", "facts", "tables", "amount cells",
                  "explained", "gaps", "unexplained")
    for d in rows:
        tables = f"{d.recognised}" + (f" (+{d.unrecognised} other)" if d.unrecognised else "")
        table.add_row(literal(d.file_name), literal(d.department or "—"), str(d.fiscal_year or "—"),
                      d.report_kind or "—", d.report_level or "—",
                      f"[red]{d.status}[/]" if d.status == DocumentStatus.REFUSED else d.status, str(d.fact_count), tables,
                      str(d.amount_cells), str(d.explained), f"[yellow]{d.gaps}[/]" if d.gaps else "0",
                      f"[red]{d.unexplained}[/]" if d.unexplained else "0")
    console.print(table)
    if uncovered:
        by_table = Table("document", "table", "page", "status", "amount cells", "facts", "explained", "gaps",
                         "unexplained", "reasons", title="tables not fully covered")
        for t in uncovered:
            by_table.add_row(literal(t.file_name), t.table_key, str(t.first_page), t.status, str(t.amount_cells),
                             str(t.fact_cells), str(t.explained), str(t.gaps), str(t.unexplained),
                             ", ".join(f"{reason} {n}" for reason, n in sorted(t.reasons.items())) or "—")
        console.print(by_table)
    for d in rows:
        if d.status == DocumentStatus.REFUSED and d.companion:
            console.print(f"narrative {literal(d.file_name)} belongs with the tables of {literal(d.companion)}")
        elif d.status in (DocumentStatus.REFUSED, DocumentStatus.SUPERSEDED):
            colour = "red" if d.status == DocumentStatus.REFUSED else "yellow"
            console.print(f"[{colour}]{d.status}[/] {literal(d.file_name)}: {literal(d.reason or '')}")
        elif d.unrecognised:
            console.print(f"tables not recognised in {literal(d.file_name)}: {literal(d.unrecognised_titles)}")
    by_status = {s: sum(d.status == s for d in rows) for s in DocumentStatus}
    loaded = [d for d in rows if d.status == DocumentStatus.LOADED]
    console.print(f"{len(rows)} documents ({by_status[DocumentStatus.LOADED]} loaded, "
                  f"{by_status[DocumentStatus.SUPERSEDED]} superseded, {by_status[DocumentStatus.REFUSED]} refused); "
                  f"{sum(d.fact_count for d in loaded)} facts in mart.disclosure_facts")
    console.print(f"coverage: {sum(d.amount_cells for d in loaded)} amount cells in recognised tables, "
                  f"{sum(d.fact_cells for d in loaded)} read as facts, {sum(d.explained for d in loaded)} explained, "
                  f"{sum(d.gaps for d in loaded)} gaps, {sum(d.unexplained for d in loaded)} unexplained "
                  "(mart.table_coverage, mart.unexplained_cells)")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from pathlib import Path

    from etl.database import open_warehouse
    from etl.show import ShowError, draw, fact_id, printed_figure

    engine = open_warehouse()
    try:
        figure = printed_figure(engine, fact_id(engine, args.fact))
        output = draw(figure, Path(args.output or f"fact-{figure.fact_id}.png"))
    except ShowError as err:
        console.print(f"[red]cannot show it:[/] {literal(str(err))}")
        return FAILED
    finally:
        engine.dispose()
    console.print(f"wrote {literal(str(output))}: fact {figure.fact_id} ({figure.table_key} {figure.measure} = "
                  f"{figure.amount} 元), {literal(figure.file_path.name)} page {figure.page}, its cell outlined")
    return DONE


def cmd_report(args: argparse.Namespace) -> int:
    from pathlib import Path

    from etl.pipeline import discover
    from etl.report import markdown, report_files

    paths = discover(args.paths)
    root = Path(args.paths[0]).resolve() if len(args.paths) == 1 else Path.cwd()
    columns = (TextColumn("reading"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
               TextColumn("{task.fields[file]}", markup=False))
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("reading", total=len(paths), file="")
        reports = report_files(paths, root, lambda name: bar.update(task, advance=1, file=visible(name)))
    text = markdown(reports, "warehouse report " + " ".join(args.paths) + f" -o {args.output}")
    Path(args.output).write_text(text, encoding="utf-8")
    console.print(f"wrote {literal(args.output)}: {len(reports)} files, "
                  f"{sum(r.readable for r in reports)} readable, {sum(r.facts for r in reports)} facts")
    return 0


def cmd_samples(args: argparse.Namespace) -> int:
    # the samples are drawn with reportlab, the optional extra `samples`; the production image has neither
    try:
        from samples import write_demo
    except ModuleNotFoundError as missing:
        if (missing.name or "").split(".")[0] not in ("samples", "reportlab"):
            raise
        install = "pip install 'disclosure-warehouse[samples]', or in a checkout pip install -e '.[samples]'"
        console.print(f"[red]warehouse samples needs the extra 'samples'[/] (no module {literal(missing.name)}): "
                      f"{literal(install)}")
        return FAILED
    for path in write_demo(args.folder):
        console.print(f"wrote {literal(str(path))}")
    return DONE


def cmd_check(args: argparse.Namespace) -> int:
    from etl.database import open_warehouse
    from etl.status import findings

    engine = open_warehouse()
    rows = findings(engine, args.severity)
    engine.dispose()
    current = None
    for f in rows:
        if f.file_name != current:
            current = f.file_name
            console.print(f"\n[bold]{literal(f.department or '?')} {f.fiscal_year}[/] ({literal(f.file_name)})")
        colour = "red" if f.severity == "extraction" else "yellow"
        console.print(f"  [{colour}]{f.severity:<10}[/] {f.check:<18} {literal(f.message)}"
                      f"  (expected {f.expected}, printed {f.actual})")
    misread = sum(f.severity == "extraction" for f in rows)
    console.print(f"\n{len(rows)} findings: {misread} extraction (we probably misread), "
                  f"{len(rows) - misread} source (the document contradicts itself)")
    return 1 if misread else 0


def cmd_crosswalk(args: argparse.Namespace) -> int:
    from etl.classification.store import read_crosswalk, store_crosswalk
    from etl.database import open_warehouse

    rows = read_crosswalk(args.file)  # a bad row stops the file before anything is written
    engine = open_warehouse()
    with engine.begin() as conn:
        stored = store_crosswalk(conn, rows)
    engine.dispose()
    console.print(f"{stored} crosswalk rows from {literal(args.file)} in mart.subject_crosswalk")
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    from etl.database import database_url, migrate

    migrate(database_url())
    console.print("the warehouse's schema is at the newest migration")
    return 0


def add_export_parser(sub: argparse._SubParsersAction) -> None:
    from etl.export.selection import AmountUnit, ExportFormat
    from etl.vocabulary import ReportKind

    export = sub.add_parser("export", help="write the loaded documents as open data: a Fiscal Data Package, Excel "
                                           "workbooks or Parquet files (docs/export.md)")
    export.add_argument("format", choices=[str(f) for f in ExportFormat])
    export.add_argument("-o", "--output", default="export", help="folder to write into (default: ./export)")
    export.add_argument("--department", help="only this department or unit (its name as loaded)")
    export.add_argument("--year", type=int, help="only this fiscal year")
    export.add_argument("--kind", choices=[str(k) for k in ReportKind], help="only budgets or only final accounts")
    export.add_argument("--unit", choices=[str(u) for u in AmountUnit], default=str(AmountUnit.YUAN),
                        help="excel: amounts in 元 (yuan) or in each table's printed unit (document)")
    export.set_defaults(func=cmd_export)


def cmd_export(args: argparse.Namespace) -> int:
    from pathlib import Path

    from etl.database import open_warehouse
    from etl.export.run import NothingToExport, export
    from etl.export.selection import AmountUnit, ExportFormat, Selection
    from etl.vocabulary import ReportKind

    engine = open_warehouse()
    selection = Selection(args.department, args.year, ReportKind(args.kind) if args.kind else None)
    try:
        paths = export(engine, ExportFormat(args.format), selection, Path(args.output), AmountUnit(args.unit))
    except NothingToExport as err:
        console.print(f"[red]error:[/] {literal(str(err))}")
        return FAILED
    finally:
        engine.dispose()
    for path in paths:
        console.print(f"wrote {literal(str(path))}")
    return DONE


def cmd_db_url(args: argparse.Namespace) -> int:
    from etl.database import database_url, libpq_url

    print(libpq_url(database_url()))
    return 0


def cmd_db_stop(args: argparse.Namespace) -> int:
    from etl.database import EmbeddedPostgres

    stopped = EmbeddedPostgres.from_env().stop()
    console.print("embedded PostgreSQL stopped" if stopped else "embedded PostgreSQL was not running")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="warehouse",
        description="Disclosure warehouse: 部门预算/决算公开 PDFs into PostgreSQL. The database is "
                    "$DATABASE_URL, or an embedded PostgreSQL under ./.warehouse (started on demand).",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    load = sub.add_parser("load", help="load PDF files or folders of PDFs (exit 1 if any is refused)")
    load.add_argument("paths", nargs="+", help="PDF files or folders")
    load.add_argument("-w", "--workers", type=int, default=0,
                      help="processes reading PDFs at once (default: one per core, or $WAREHOUSE_WORKERS)")
    load.add_argument("--debug", action="store_true",
                      help="log what each document became, and the traceback of any internal error, on stderr")
    load.set_defaults(func=cmd_load)
    sub.add_parser("status", help="documents, facts and refusals in the warehouse").set_defaults(func=cmd_status)
    show = sub.add_parser("show", help="write a PNG of the page a fact was read from, its cell outlined")
    show.add_argument("fact", help="a fact id (mart.document_cells.fact_id), or department/year/table_key/code/measure")
    show.add_argument("-o", "--output", help="the PNG to write (default: fact-<id>.png)")
    show.set_defaults(func=cmd_show)
    report = sub.add_parser("report", help="write a markdown report of what each PDF yields (no database)")
    report.add_argument("paths", nargs="+", help="PDF files or folders")
    report.add_argument("-o", "--output", default="docs/corpus.md")
    report.set_defaults(func=cmd_report)
    check = sub.add_parser("check", help="accounting identities the loaded documents fail (exit 1 on extraction findings)")
    check.add_argument("--severity", choices=("extraction", "source"))
    check.set_defaults(func=cmd_check)
    samples = sub.add_parser("samples", help="write the project's own sample disclosure PDFs into a folder")
    samples.add_argument("folder")
    samples.set_defaults(func=cmd_samples)
    crosswalk = sub.add_parser("crosswalk", help="load a subject crosswalk CSV (kind,from_year,from_code,to_year,"
                                                 "to_code,relation[,note]; see docs/schema.md)")
    crosswalk.add_argument("file")
    crosswalk.set_defaults(func=cmd_crosswalk)
    sub.add_parser("migrate", help="bring the warehouse's schema to the newest migration (every command does "
                                   "this as it starts)").set_defaults(func=cmd_migrate)
    add_export_parser(sub)
    sub.add_parser("db-url", help="print the database URL (for psql and BI tools)").set_defaults(func=cmd_db_url)
    sub.add_parser("db-stop", help="stop the embedded PostgreSQL").set_defaults(func=cmd_db_stop)
    args = parser.parse_args(argv)
    log_to_stderr(debug=getattr(args, "debug", False))
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return INTERRUPTED
    except Exception as err:  # a clear line instead of a traceback for operational failures
        log.debug("the command failed", exc_info=True)
        console.print(f"[red]error:[/] {literal(f'{type(err).__name__}: {err}')}")
        return FAILED


if __name__ == "__main__":
    sys.exit(main())
