"""The `searchapp` console script: thin commands over the library, typed exit codes.

Exit codes: 0 done; 1 some release files were rejected (each named on stderr);
2 usage error; 3 another reindex is running; 4 the index is missing, outdated
or cannot be written.
"""
from __future__ import annotations

import json
import os
import sys

import click

REINDEX_NICENESS = 10      # a reindex shares the processor with the site: the site goes first
INDEX_OPTION = dict(type=click.Path(file_okay=False), envvar="SEARCHAPP_INDEX",
                    help="Index folder (default: $SEARCHAPP_INDEX, else index/).")


class ReindexRunningError(click.ClickException):
    exit_code = 3


class IndexUnusable(click.ClickException):
    exit_code = 4


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Bilingual (French/English) press-release search."""


# ---------------------------------------------------------------- reindex

@main.command()
@click.argument("sources", nargs=-1, type=click.Path())
@click.option("--index", "index", **INDEX_OPTION)
@click.option("--full", is_flag=True, help="Rebuild the whole index instead of updating it.")
@click.option("--wait", type=click.FloatRange(min=0), default=0.0, show_default=True,
              help="Seconds to wait for another running reindex before giving up.")
@click.option("--nice", type=click.IntRange(0, 19), default=REINDEX_NICENESS, show_default=True,
              help="Lower the reindex's CPU priority by this much (as nice(1) does), so that a site "
                   "on the same machine keeps answering quickly; 0 leaves it.")
@click.option("--allow-removals", is_flag=True, envvar="SEARCHAPP_ALLOW_REMOVALS",
              help="Remove the releases of folders that now list no files, and more than a quarter "
                   "of the index in one run if the sources say so (refused by default).")
def reindex(sources: tuple[str, ...], index: str | None, full: bool, wait: float, nice: int,
            allow_removals: bool) -> None:
    """Index release files (*.txt) from SOURCES (default: seeds/)."""
    from searchapp import config

    lower_priority(nice)
    index_dir = config.index_dir(index)
    warn_if_writable_by_others(index_dir)
    report = run_reindex(list(sources) or [str(p) for p in config.default_sources()],
                         index_dir, full, wait, allow_removals)
    for path, note in report.notices:
        click.echo(f"{path}: note: {note}", err=True)
    for path, reason in report.failed:
        click.echo(f"{path}: rejected: {reason}", err=True)
    for path, reason in report.held:
        click.echo(f"{path}: kept: {reason}", err=True)
    click.echo(report.summary())
    sys.exit(1 if report.failed or report.held else 0)


def warn_if_writable_by_others(index_dir) -> None:
    """The index holds pickles the site loads: only the service user may write there."""
    from searchapp.index.storage import writable_by_others

    for path in writable_by_others(index_dir):
        click.echo(f"warning: {path} is writable by other users than its owner; the index loads "
                   f"pickled data from it: `chmod go-w {path}`", err=True)


def lower_priority(niceness: int) -> None:
    """Make this process (and the workers it forks) yield the processor to others. An idle
    machine runs it as fast; beside a busy site, the site's requests are served first."""
    if niceness and hasattr(os, "nice"):
        try:
            os.nice(niceness)
        except OSError:
            pass              # not permitted here: run at the priority given


def run_reindex(sources, index_dir, full: bool, wait: float = 0.0, allow_removals: bool = False):
    """Reindex with a progress bar on a terminal; library errors become exit codes."""
    from searchapp.index.reindex import reindex as do_reindex
    from searchapp.index.storage import ReindexRunning

    progress = _progress_bar() if sys.stderr.isatty() else None
    try:
        return do_reindex(sources, index_dir, full=full, progress=progress, wait_seconds=wait,
                          allow_removals=allow_removals)
    except ReindexRunning as error:
        raise ReindexRunningError(str(error)) from None
    except OSError as error:
        raise IndexUnusable(f"cannot write the index in {index_dir}: {error.strerror or error}; "
                          "the previous index is unchanged") from None
    finally:
        if progress:
            click.echo("", err=True)


def _progress_bar():
    def show(done: int, total: int) -> None:
        width = 30
        filled = width * done // max(total, 1)
        click.echo(f"\r[{'#' * filled}{' ' * (width - filled)}] {done}/{total}", err=True, nl=False)
    return show


# ---------------------------------------------------------------- search

def _iso_date(ctx, param, value):
    if value is None:
        return None
    from searchapp.ingest.documents import parse_partial_date

    iso = parse_partial_date(value)
    if iso is None:
        raise click.BadParameter(f"'{value}' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
    return iso


def _release_types(ctx, param, values) -> tuple[str, ...]:
    """Release types as typed (either language) -> canonical values; an unknown one is refused."""
    from searchapp.extract.types import RELEASE_TYPES, canonical_type

    found = []
    for value in values:
        kind = canonical_type(value)
        if kind is None:
            raise click.BadParameter(f"'{value}' is not a release type ({', '.join(RELEASE_TYPES)})")
        found.append(kind)
    return tuple(dict.fromkeys(found))


@main.command()
@click.argument("query")
@click.option("--partner", multiple=True, help="Partner organisation (name or alias); repeatable.")
@click.option("--region", multiple=True, help="Region (either language); repeatable.")
@click.option("--lang", type=click.Choice(["fr", "en"]), multiple=True, help="Release language.")
@click.option("--year", type=click.IntRange(1800, 2200), multiple=True, help="Year; repeatable.")
@click.option("--from", "date_from", callback=_iso_date, help="From this date (YYYY[-MM[-DD]]).")
@click.option("--to", "date_to", callback=_iso_date, help="Up to this date (YYYY[-MM[-DD]]).")
@click.option("--sort", type=click.Choice(["relevance", "date", "oldest"]), default="relevance", show_default=True,
              help="relevance, date (newest first) or oldest (oldest first).")
@click.option("--limit", type=click.IntRange(1, 100), default=10, show_default=True)
@click.option("--page", type=click.IntRange(min=1), default=1, show_default=True)
@click.option("--speaker", multiple=True, help="A person quoted (any spelling); repeatable.")
@click.option("--type", "types", multiple=True, callback=_release_types,
              help="Release type: news-release, media-advisory, statement, speech, backgrounder, invitation "
                   "(or its name in French or English); repeatable.")
@click.option("--both-languages/--one-language", "xlang", default=False, show_default=True,
              help="Also search the other language through translations (partnership <-> partenariat).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--index", "index", **INDEX_OPTION)
def search(query, partner, region, lang, year, date_from, date_to, sort, limit, page, speaker, types, xlang,
           as_json, index):
    """Search the index; QUERY may be "" to list every release, newest first."""
    from searchapp.search.service import SearchRequest

    request = SearchRequest(query=query, partners=partner, regions=region, langs=lang, years=year,
                            date_from=date_from, date_to=date_to, sort=sort, page=page, per_page=limit,
                            speakers=speaker, xlang=xlang, types=types)
    results = open_search_index(index).search(request)
    if as_json:
        click.echo(json.dumps(results.to_json(), ensure_ascii=False, indent=2))
    else:
        from searchapp.cli.textout import format_results

        click.echo(format_results(results))


@main.command()
@click.argument("query", required=False, default="")
@click.option("--speaker", multiple=True, help="A person quoted (any spelling); repeatable.")
@click.option("--partner", multiple=True, help="Partner organisation of the release; repeatable.")
@click.option("--lang", type=click.Choice(["fr", "en"]), multiple=True, help="Release language.")
@click.option("--sort", type=click.Choice(["relevance", "date"]), default="relevance", show_default=True)
@click.option("--limit", type=click.IntRange(1, 100), default=10, show_default=True)
@click.option("--page", type=click.IntRange(min=1), default=1, show_default=True)
@click.option("--both-languages/--one-language", "xlang", default=False, show_default=True,
              help="Also find quotations through translations into the other language.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--index", "index", **INDEX_OPTION)
def quotes(query, speaker, partner, lang, sort, limit, page, xlang, as_json, index):
    """Who said what: quotations matching QUERY (none: every quotation, newest releases first)."""
    from searchapp.search.quotes import search_quotes
    from searchapp.search.service import SearchRequest

    request = SearchRequest(query=query, speakers=speaker, partners=partner, langs=lang, sort=sort,
                            page=page, per_page=limit, xlang=xlang)
    results = search_quotes(open_search_index(index), request)
    if as_json:
        click.echo(json.dumps(results.to_json(), ensure_ascii=False, indent=2))
    else:
        from searchapp.cli.textout import format_quotes

        click.echo(format_quotes(results))


def open_search_index(index: str | None):
    """The SearchIndex for --index, with missing or outdated indexes as exit code 4."""
    from searchapp import config
    from searchapp.index.opening import IndexOutdated, open_live
    from searchapp.search.service import SearchIndex
    from searchapp.index.storage import IndexMissing

    index_dir = config.index_dir(index)
    try:
        open_live(index_dir)
    except (IndexMissing, IndexOutdated) as error:
        raise IndexUnusable(str(error)) from None
    return SearchIndex(index_dir)


# ---------------------------------------------------------------- stats

@main.command()
@click.option("--index", "index", **INDEX_OPTION)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def stats(index: str | None, as_json: bool) -> None:
    """Releases per language, year and partner, and the index size."""
    figures = open_search_index(index).stats()
    if as_json:
        click.echo(json.dumps(figures, ensure_ascii=False, indent=2))
        return
    from searchapp.cli.textout import format_stats

    click.echo(format_stats(figures))


# ---------------------------------------------------------------- glossary

@main.command()
@click.option("--learned", is_flag=True,
              help="List the term pairs learned from the archive's translations, with their evidence.")
@click.option("--index", "index", **INDEX_OPTION)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON list.")
def glossary(learned: bool, index: str | None, as_json: bool) -> None:
    """The glossary (French <TAB> English), or what the last reindex learned (--learned).

    Learned pairs are candidates for the hand-written glossary: promote one by adding its
    line there; a wrong one is rejected by a glossary line that gives the right translation.
    """
    if not learned:
        from searchapp.text.glossary import load_glossary

        rows = [{"fr": list(e.fr), "en": list(e.en)} for e in load_glossary().entries]
        lines = [" | ".join(r["fr"]) + "\t" + " | ".join(r["en"]) for r in rows]
    else:
        from searchapp import config
        from searchapp.index import lexicon, storage

        open_search_index(index)            # a missing or outdated index: exit code 4
        pairs = lexicon.load(storage.current_generation(config.index_dir(index)))
        rows = [{"fr": p.fr, "en": p.en, "pairs": p.pairs, "paragraphs": p.units, "dice": p.dice}
                for p in pairs]
        lines = [f"{p.fr}\t{p.en}\t{p.pairs} pairs, {p.units} paragraphs, dice {p.dice:.2f}" for p in pairs]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif lines:
        click.echo("\n".join(lines))
    else:
        click.echo("Nothing learned yet: the archive needs translation pairs (reindex to learn)."
                   if learned else "The glossary is empty.")


# ---------------------------------------------------------------- orgs

@main.command()
@click.option("--index", "index", **INDEX_OPTION)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON array.")
def orgs(index: str | None, as_json: bool) -> None:
    """Organisations the archive learned from its releases and those of the data file, with
    how many releases define each and list it as a partner (to promote or correct a name
    in data/organisations.toml)."""
    from searchapp import config
    from searchapp.index.learned import organisation_counts
    from searchapp.index.storage import current_generation

    rows = organisation_counts(current_generation(config.index_dir(index)))
    if as_json:
        click.echo(json.dumps([{"name": n, "source": s, "defined_in": d, "partner_in": p} for n, s, d, p in rows],
                              ensure_ascii=False, indent=2))
        return
    click.echo(f"{'defined':>7} {'partner':>7}  source     name")
    for name, source, defined, partnered in rows:
        click.echo(f"{defined:>7} {partnered:>7}  {source:<10} {name}")


# ---------------------------------------------------------------- serve

@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(1, 65535), default=5000, show_default=True)
@click.option("--index", "index", **INDEX_OPTION)
@click.option("--workers", type=click.IntRange(1, 64),
              help="Processes serving the site  [default: one per core, at most 4]")
def serve(host: str, port: int, index: str | None, workers: int | None) -> None:
    """Serve the web interface (waitress); builds the index from seeds/ first if there is none."""
    from searchapp import config
    from searchapp import create_app
    from searchapp.index.opening import index_exists
    from searchapp.web.workers import WorkersFailing, default_workers, listen, serve_in_workers

    from searchapp.index.storage import clean_at_start

    index_dir = config.index_dir(index)
    warn_if_writable_by_others(index_dir)
    clean_at_start(index_dir)
    if not index_exists(index_dir):
        sources = [str(p) for p in config.default_sources()]
        click.echo(f"No index in {index_dir}: building it from {', '.join(sources)} first.", err=True)
        report = run_reindex(sources, index_dir, full=True)
        click.echo(report.summary(), err=True)
    settings = {"INDEX_DIR": str(index_dir), "WARM_INDEX_SECONDS": config.WARM_INDEX_SECONDS}
    workers = workers or default_workers()
    try:
        listeners = listen(host, port)
    except OSError as error:
        raise click.ClickException(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
    processes = f", {workers} worker processes" if workers > 1 else ""
    click.echo(f"Serving on http://{host}:{port}/{processes} (Ctrl+C to stop)", err=True)
    try:
        serve_in_workers(lambda: create_app(settings), listeners, workers=workers)
    except WorkersFailing as error:
        raise click.ClickException(str(error)) from None


# ---------------------------------------------------------------- bench

@main.command()
@click.option("--releases", type=click.IntRange(min=20), default=10_000, show_default=True,
              help="Size of the generated archive.")
@click.option("--seed", type=int, default=1, show_default=True, help="Seed of the generated archive.")
@click.option("--json", "json_out", type=click.Path(dir_okay=False), help="Also write the figures here.")
@click.option("--paragraphs", type=click.Path(exists=True, file_okay=False), multiple=True,
              help="A folder of releases whose paragraphs feed the corpus (besides seeds/); repeatable.")
@click.option("--workdir", type=click.Path(file_okay=False),
              help="Keep the corpus and indexes here (default: a temporary folder, removed).")
@click.option("--reuse", is_flag=True,
              help="With --workdir: measure the corpus and index already there (no full build).")
def bench(releases: int, seed: int, json_out: str | None, paragraphs: tuple[str, ...],
          workdir: str | None, reuse: bool) -> None:
    """Benchmark a generated archive beside SQLite FTS5 and print the figures."""
    from searchapp.bench.runner import BenchConfig, format_table, run_bench, write_json

    if reuse and not workdir:
        raise click.UsageError("--reuse needs --workdir")
    config = BenchConfig(releases=releases, seed=seed, paragraphs=paragraphs, workdir=workdir, reuse=reuse)
    figures = run_bench(config, echo=lambda line: click.echo(line, err=True))
    click.echo(format_table(figures))
    if json_out:
        write_json(figures, json_out)


def run() -> None:
    """The console script: main(), then leave without tearing the interpreter down.

    A reindex of a 100,000-release archive holds millions of small objects (the
    file list, the vocabulary, the index's tables); freeing them one by one at
    exit took 0.3 s of a 2.5 s update. By then everything is written and closed,
    and the reindex lock released; only the output streams are left to flush.
    An error other than an exit is raised as usual. (`python -m searchapp.cli`
    exits normally, for profilers.)
    """
    try:
        main()
        code = 0
    except SystemExit as done:
        code = done.code
    if isinstance(code, str):
        print(code, file=sys.stderr)
        code = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):    # a closed pipe (`searchapp search ... | head`)
            pass
    os._exit(code or 0)

