"""The ``extractor`` command: ``parse_args`` then one library call per command.

Only this module prints and chooses exit codes; tests call ``main([...])``.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys
import threading
import traceback
import warnings
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import IO

from extractor.core.settings import DEFAULT, Settings

EXIT_OK, EXIT_FAILURES, EXIT_USAGE, EXIT_OUTPUT, EXIT_INTERNAL = 0, 1, 2, 3, 4
_CONTROL = {code: f"\\x{code:02x}" for code in [*range(0x20), 0x7F, *range(0x80, 0xA0)] if code not in (0x09,)}


def printable(text: object) -> str:
    r"""Text from a document made safe for a terminal: control characters escaped.

    >>> printable("Salon\x1b[2J X")
    'Salon\\x1b[2J X'
    """
    return str(text).translate(_CONTROL)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="extractor", description="French event press releases to validated, source-grounded JSON records."
    )
    commands = parser.add_subparsers(dest="command", required=True)

    extract = commands.add_parser("extract", help="extract records from files, folders, archives and dumps")
    extract.add_argument("paths", nargs="+", metavar="PATH",
                         help="a .txt/.md/.html/.pdf/.docx/.odt/.eml file (or .gz of one), a folder, a glob, "
                              "a .zip/.tar/.tar.gz archive, a .jsonl dump, -")
    extract.add_argument("-o", "--output", default="-", help="JSON Lines output (default: standard output)")
    extract.add_argument("--errors", help="dead-letter file (default: OUTPUT.errors.jsonl, or standard error)")
    extract.add_argument("--format", choices=("jsonl", "jsonld", "csv"), default="jsonl",
                         help="records as JSON Lines (the contract), schema.org JSON-LD lines, or CSV rows")
    extract.add_argument("--workers", type=int, default=0, help="processes in parallel (default: one per core)")
    extract.add_argument("--engine", choices=("local", "dask"), default="local",
                         help="run here, or on a Dask cluster (default: local)")
    extract.add_argument("--scheduler", help="address of a Dask scheduler (default: a local cluster)")
    extract.add_argument("--resume", action="store_true",
                         help="append to the output, skipping inputs it already holds")
    extract.add_argument("--with-text", action="store_true", help="copy each text into document.text")
    _pipeline_options(extract)
    extract.add_argument("--max-document-bytes", type=int, default=10_000_000, metavar="BYTES",
                         help="a file or archive member larger than this is 'too_large' (default 10 MB)")
    extract.add_argument("--max-archive-bytes", type=int, default=1_000_000_000, metavar="BYTES",
                         help="bytes read out of one archive at most, counted while decompressing (default 1 GB)")
    extract.add_argument("--max-depth", type=int, default=2, metavar="N",
                         help="archives nested deeper than this are 'too_deep' (default 2)")
    extract.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary")
    extract.add_argument("--debug", action="store_true",
                         help="show library logs and the traceback of an internal error")

    validate = commands.add_parser("validate", help="check records against the contract (needs no spaCy)")
    validate.add_argument("files", nargs="+", metavar="FILE",
                          help="JSON Lines or JSON array files, folders of them, or - for stdin")
    validate.add_argument("--text-dir", help="folder of the source texts, to check evidence against them")

    commands.add_parser("schema", help="print the JSON Schema of a record")

    evaluate = commands.add_parser("evaluate", help="precision, recall and F1 per field against gold records")
    evaluate.add_argument("paths", nargs="+", metavar="PATH", help="corpus folders or .txt files with .expected.json")
    evaluate.add_argument("--json", dest="json_path", help="also write the report as JSON to this file")
    evaluate.add_argument("--errors", action="store_true", help="list what each document missed or added")
    evaluate.add_argument("--batch", action="append", metavar="NAME",
                          help="real corpus: score only this batch (repeatable)")

    review = commands.add_parser("review", help="an HTML page of records beside their texts, evidence highlighted")
    review.add_argument("file", help="records written by 'extractor extract' (with --with-text, or give --text-dir)")
    review.add_argument("-o", "--output", default="review.html", help="the HTML file to write (default review.html)")
    review.add_argument("--text-dir", help="folder of the source texts, for records without document.text")

    summarize = commands.add_parser("summarize", help="one line per record of a JSON Lines file")
    summarize.add_argument("file", help="records written by 'extractor extract', or - for stdin")

    serve = commands.add_parser("serve", help="the HTTP API, the pipeline loaded once per worker process "
                                              "(needs the serve extra)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    serve.add_argument("--workers", type=int, default=0, help="extraction processes (default: one per core)")
    serve.add_argument("--queue", type=int, default=32, metavar="N",
                       help="documents that may wait for a worker; one more is answered 503 (default 32)")
    serve.add_argument("--token", help="bearer token every /v1 request must carry "
                                       "(default: the EXTRACTOR_TOKEN environment variable; none: open)")
    serve.add_argument("--max-body-bytes", type=int, default=10_000_000, metavar="BYTES",
                       help="a request body (a batch: one of its lines) larger than this is answered 413 "
                            "(default 10 MB)")
    serve.add_argument("--hang-after", type=float, default=60.0, metavar="SECONDS",
                       help="a worker silent this long plus twice the time limit per document is killed "
                            "(default 60)")
    _pipeline_options(serve)
    serve.add_argument("--log-level", default="info", choices=("critical", "error", "warning", "info", "debug"),
                       help="uvicorn's log level (default info); 'warning' leaves out the access log")
    return parser.parse_args(argv)


def _pipeline_options(command: argparse.ArgumentParser) -> None:
    """The options of ``extractor.core.settings.Settings`` a command takes."""
    command.add_argument("--time-limit", type=float, default=None, metavar="SECONDS",
                         help="seconds the rules may spend on one document before it fails as 'timeout' "
                              f"(default {DEFAULT.time_limit:g}; 0: no limit)")
    command.add_argument("--max-chars", type=int, default=DEFAULT.max_chars, metavar="N",
                         help=f"a text longer than this is 'too_long' (default {DEFAULT.max_chars:,})")


def _settings(args: argparse.Namespace) -> Settings:
    """The ``Settings`` the options say; raises ``ConfigurationError`` for a bad value."""
    time_limit = DEFAULT.time_limit if args.time_limit is None else args.time_limit or None
    return DEFAULT.replace(time_limit=time_limit, max_chars=args.max_chars)


# --------------------------------------------------------------------------- extract


def _dead_letter_path(output: str, errors: str | None) -> str | None:
    if errors:
        return errors
    if output == "-":
        return None
    path = Path(output)
    return str(path.with_name(path.stem + ".errors.jsonl"))


@contextmanager
def _quiet_libraries(debug: bool) -> Iterator[None]:
    """Library logs and warnings (pypdf on a damaged PDF, Dask when a worker dies) stay off the
    terminal, which gets the summary's one line per failure type; ``--debug`` lets them through."""
    if debug:
        logging.basicConfig(level=logging.INFO, format="%(name)s: %(levelname)s: %(message)s")
        yield
        return
    root = logging.getLogger()
    handler = logging.NullHandler()
    saved_level, saved_disable = root.level, logging.root.manager.disable
    saved_environment = os.environ.get("DASK_LOGGING__DISTRIBUTED")
    saved_hook = threading.excepthook
    root.addHandler(handler)
    logging.disable(logging.CRITICAL)
    os.environ["DASK_LOGGING__DISTRIBUTED"] = "critical"  # the Dask worker processes started by this run
    threading.excepthook = lambda _arguments: None  # a Dask thread that fails when a worker dies prints nothing
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        threading.excepthook = saved_hook
        root.removeHandler(handler)
        root.setLevel(saved_level)
        logging.disable(saved_disable)
        if saved_environment is None:
            os.environ.pop("DASK_LOGGING__DISTRIBUTED", None)
        else:
            os.environ["DASK_LOGGING__DISTRIBUTED"] = saved_environment


def _summary_lines(summary: object, output: str, dead_path: str | None) -> list[str]:
    from extractor.io.batch import Summary

    assert isinstance(summary, Summary)
    where = f" -> {output}" if output != "-" else ""
    errors = f", errors in {dead_path}" if summary.failed and dead_path else ""
    skipped = f", {summary.skipped} already done" if summary.skipped else ""
    lines = [f"{summary.seen} documents: {summary.extracted} extracted, {summary.failed} failed{skipped} "
             f"in {summary.seconds:.1f} s ({summary.rate:.2f} documents/s){where}{errors}"]
    width = max((len(kind) for kind in summary.failures), default=0)
    for kind, count in sorted(summary.failures.items()):
        example = summary.examples[kind]
        where_from = example.document.source or example.document.id
        message = example.error.message if len(example.error.message) <= 100 else example.error.message[:99] + "…"
        more = "e.g. " if count > 1 else ""
        lines.append(printable(f"  {kind:<{width}} {count:>6}  {more}{where_from}: {message}"))
    return lines


def run_extract(args: argparse.Namespace) -> int:
    from extractor.core.errors import ExtractorError
    from extractor.io.batch import BatchSettings, OutputError, Summary, run_batch
    from extractor.io.inputs import ReadSettings, read_inputs
    from schemas import ErrorRecord

    if args.resume and (args.output == "-" or args.format != "jsonl"):
        print("extractor: --resume needs a JSON Lines output file (-o out.jsonl)", file=sys.stderr)
        return EXIT_USAGE
    dead_path = _dead_letter_path(args.output, args.errors)
    try:
        pipeline = _settings(args)
    except ExtractorError as error:
        print(printable(f"extractor: {error}"), file=sys.stderr)
        return EXIT_USAGE
    settings = BatchSettings(workers=args.workers, engine=args.engine, scheduler=args.scheduler,
                             resume=args.resume, with_text=args.with_text, pipeline=pipeline,
                             format=args.format)
    show = not args.quiet and sys.stderr.isatty()
    bar = None
    written = {"records": 0, "errors": 0}

    def progress(result: object, summary: Summary) -> None:
        written["errors" if isinstance(result, ErrorRecord) else "records"] += 1
        if bar is not None:
            bar.update(1)
            if isinstance(result, ErrorRecord):
                bar.set_postfix(failed=summary.failed, refresh=False)

    with _quiet_libraries(args.debug):
        try:
            if show:
                from tqdm import tqdm

                from extractor.io.inputs import count_inputs

                bar = tqdm(total=count_inputs(args.paths), unit=" documents", file=sys.stderr, dynamic_ncols=True)
            limits = ReadSettings(max_document_bytes=args.max_document_bytes,
                                  max_archive_bytes=args.max_archive_bytes, max_depth=args.max_depth)
            summary = run_batch(read_inputs(args.paths, limits), Path(args.output) if args.output != "-" else None,
                                Path(dead_path) if dead_path else None, settings,
                                stdout=sys.stdout, stderr=sys.stderr, on_result=progress)
        except OutputError as error:
            print(printable(f"extractor: {error}; {written['records']} records and {written['errors']} error "
                            "records were written before it: run again with --resume to finish"), file=sys.stderr)
            return EXIT_OUTPUT
        except ExtractorError as error:
            print(printable(f"extractor: {error}"), file=sys.stderr)
            return EXIT_USAGE
        finally:
            if bar is not None:
                bar.close()
    if not args.quiet:
        for line in _summary_lines(summary, args.output, dead_path):
            print(line, file=sys.stderr)
    return EXIT_FAILURES if summary.failed else EXIT_OK


# --------------------------------------------------------------------------- validate


def _records(handle: IO[str]) -> Iterator[tuple[int, str]]:
    from schemas.validate import records_in

    yield from records_in(handle.read())


def run_validate(args: argparse.Namespace) -> int:
    from schemas.validate import files_in, problems, texts_from

    texts = texts_from(Path(args.text_dir)) if args.text_dir else None
    valid = invalid = 0
    for name in files_in(args.files):
        label = "<stdin>" if name == "-" else name
        with ExitStack() as stack:
            handle = sys.stdin if name == "-" else stack.enter_context(open(name, encoding="utf-8"))
            for number, text in _records(handle):
                found = problems(text, texts)
                if found:
                    invalid += 1
                    for message in found:
                        print(printable(f"{label}: line {number}: {message}"))
                else:
                    valid += 1
    print(f"{valid + invalid} records: {valid} valid, {invalid} invalid", file=sys.stderr)
    return EXIT_FAILURES if invalid else EXIT_OK


# --------------------------------------------------------------------------- evaluate


def run_evaluate(args: argparse.Namespace) -> int:
    from extractor.frontdoors.evaluate import evaluate

    report = evaluate(args.paths, set(args.batch) if args.batch else None)
    if report.absent:
        print(f"{len(report.absent)} annotated text(s) absent or changed, not scored: restore them as "
              f"docs/real_corpus.md says", file=sys.stderr)
    for failure in report.failed:
        print(printable(f"extractor: extraction failed, scored as an empty record: {failure}"), file=sys.stderr)
    if not report.documents:
        print("extractor: no annotated release (.txt with .expected.json, or real-corpus gold with its text) "
              "under the paths given", file=sys.stderr)
        return EXIT_USAGE
    print(f"{report.documents} documents")
    exact = " exact F1" if report.exact else ""
    print(f"{'field':<20} {'precision':>9} {'recall':>9} {'F1':>9} {'tp':>5} {'fp':>5} {'fn':>5}{exact}")
    for name, score in report.scores.items():
        strict = f" {report.exact[name].f1:>8.3f}" if name in report.exact else ""
        print(f"{name:<20} {score.precision:>9.3f} {score.recall:>9.3f} {score.f1:>9.3f} "
              f"{score.tp:>5} {score.fp:>5} {score.fn:>5}{strict}")
    if report.exact:
        print(f"published accuracy {report.published_accuracy:.3f} "
              f"({report.published_right} of {report.documents})")
    if args.errors:
        for doc_id, fields in report.errors.items():
            for name, diff in fields.items():
                print(printable(f"{doc_id} {name}: missed {diff['missed']} added {diff['added']}"))
    if args.json_path:
        Path(args.json_path).write_text(json.dumps(report.as_dict(), ensure_ascii=False, indent=2) + "\n",
                                        encoding="utf-8")
    return EXIT_FAILURES if report.failed else EXIT_OK


# --------------------------------------------------------------------------- review


def run_review(args: argparse.Namespace) -> int:
    from extractor.io.review import render_review
    from schemas.validate import texts_from

    with ExitStack() as stack:
        handle = sys.stdin if args.file == "-" else stack.enter_context(open(args.file, encoding="utf-8"))
        records = [json.loads(line) for _number, line in _records(handle)]
    texts = texts_from(Path(args.text_dir)) if args.text_dir else None
    Path(args.output).write_text(render_review(records, texts), encoding="utf-8")
    print(f"{len(records)} records -> {args.output}", file=sys.stderr)
    return EXIT_OK


# --------------------------------------------------------------------------- summarize


def _event_line(event: dict, indent: str = "") -> str:
    edition = f" (édition {event['edition']})" if event.get("edition") else ""
    when = f"{event['start']}..{event['end']}" if event.get("start") else "dates unknown"
    where = ", ".join(x for x in (event.get("venue"), event.get("city"), event.get("country")) if x) or "place unknown"
    return f"{indent}{event.get('name') or '(unnamed event)'}{edition}: {when}, {where}"


def run_summarize(args: argparse.Namespace) -> int:
    def say(line: str) -> None:
        print(printable(line))

    with ExitStack() as stack:
        handle = sys.stdin if args.file == "-" else stack.enter_context(open(args.file, encoding="utf-8"))
        count = 0
        for _number, line in _records(handle):
            record = json.loads(line)
            count += 1
            document = record["document"]
            say(f"{document['id']} (published {document['published'] or 'unknown'})")
            for event in record["events"] or []:
                say(_event_line(event, "  event  "))
                for part in event["parts"]:
                    say(_event_line(part, "    part "))
            if not record["events"]:
                say("  no event")
            for organiser in record["organisers"]:
                say(f"  {organiser['role']:<12} {organiser['name']}")
            for theme in record["themes"]:
                say(f"  theme        {theme['text']}")
            speakers = record["speakers"]
            if speakers:
                places = [c["name"] for c in speakers["cities"]] + [c["name"] for c in speakers["countries"]]
                about = "~" if speakers["approximate"] else ""
                count_text = f"{about}{speakers['count']}" if speakers["count"] is not None else "?"
                say(f"  speakers     {count_text} from {len(places)} places: {', '.join(places[:8])}"
                      f"{'...' if len(places) > 8 else ''}")
            figures = ", ".join(f"{f['value']} {f['unit']}" for f in record["figures"])
            if figures:
                say(f"  figures      {figures}")
    print(f"{count} records", file=sys.stderr)
    return EXIT_OK


# --------------------------------------------------------------------------- serve


def run_serve(args: argparse.Namespace) -> int:
    from extractor.core.errors import ExtractorError

    try:
        import uvicorn

        from extractor.frontdoors.serve import ServeOptions, create_app, token_from_environment
        from extractor.frontdoors.serve_pool import PoolSettings
    except ImportError as error:
        print(printable(f"extractor: serve needs the serve extra: pip install 'fr-press-events[serve]' ({error})"),
              file=sys.stderr)
        return EXIT_USAGE
    try:
        workers = args.workers if args.workers > 0 else (os.cpu_count() or 1)
        pool = PoolSettings(workers=workers, queue=args.queue, hang_after=args.hang_after, pipeline=_settings(args))
        options = ServeOptions(token=args.token or token_from_environment(), max_body_bytes=args.max_body_bytes,
                               pool=pool)
    except (ExtractorError, ValueError) as error:
        print(printable(f"extractor: {error}"), file=sys.stderr)
        return EXIT_USAGE
    # uvicorn stops gracefully on SIGTERM (answers finished, workers stopped), then raises the signal again
    # for the handler it found: this one, so that a stop asked by a service manager exits 0, not -15
    previous = signal.signal(signal.SIGTERM, lambda _signum, _frame: None)
    try:
        uvicorn.run(create_app(options), host=args.host, port=args.port, log_level=args.log_level,
                    timeout_graceful_shutdown=10)
    finally:
        signal.signal(signal.SIGTERM, previous)
    return EXIT_OK


# --------------------------------------------------------------------------- main


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        if args.command == "extract":
            return run_extract(args)
        if args.command == "validate":
            return run_validate(args)
        if args.command == "evaluate":
            return run_evaluate(args)
        if args.command == "review":
            return run_review(args)
        if args.command == "summarize":
            return run_summarize(args)
        if args.command == "serve":
            return run_serve(args)
        from schemas.export import render

        sys.stdout.write(render())
        return EXIT_OK
    except OSError as error:
        print(printable(f"extractor: {error}"), file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # a bug: one line, the traceback only when asked for
        if getattr(args, "debug", False):
            traceback.print_exc()
        print(printable(f"extractor: internal error: {type(error).__name__}: {error}"
                        + ("" if getattr(args, "debug", True) else " (--debug shows the traceback)")),
              file=sys.stderr)
        return EXIT_INTERNAL
