"""``extractor serve``: records over HTTP, the pipeline kept warm in worker processes.

Needs the ``serve`` extra (``pip install 'fr-press-events[serve]'``): FastAPI on
Starlette, run by uvicorn. Endpoints (each ``/v1`` one needs the bearer token
when the server has one):

    POST /v1/extract         {text, id?, published?, source?} (or text/plain with ?published=) -> the record;
                             Accept: application/ld+json -> the schema.org graph, text/csv -> CSV rows
    POST /v1/extract/batch   JSON Lines in -> JSON Lines out, in input order, error records inline, streamed
    POST /v1/validate        records (JSON or JSON Lines) -> {valid, records, errors: [{line, path, message}]}
    GET  /v1/schema          the JSON Schema of a record
    GET  /healthz            the process is up
    GET  /readyz             a worker has loaded the pipeline (503 until then)
    GET  /openapi.json       the OpenAPI document, built from the pydantic models (/docs shows it)

Extraction runs in worker processes (``extractor.frontdoors.serve_pool``), never in the
event loop, with the same batch function and renderers as the command line, so
a text gives the same record here as through ``extractor extract``. Bad input
never gives a 500: a body that is not JSON, a missing ``text``, a wrong type:
422 with the field path; a body over the size cap: 413; a document over the
time limit: its error record with 504; a full queue: 503 with ``Retry-After``;
a worker that dies: its error record with 502.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError
from pydantic.json_schema import models_json_schema
from starlette.requests import ClientDisconnect
from starlette.types import Receive, Scope, Send

from extractor.core.document import sha256_of
from extractor.frontdoors.serve_pool import Answer, Document, Overloaded, PoolSettings, WorkerPool, error_json
from extractor.io.formats import CSV_COLUMNS, csv_text
from schemas import ErrorInfo, ErrorRecord, FailedDocument, PartialDate, PressRelease
from schemas.export import SCHEMA_FILE
from schemas.validate import issues

#: The status of an error record's type; any other type (the rules failed on the document) is 422.
ERROR_STATUS = {
    "input_error": 422,
    "too_long": 413,
    "timeout": 504,
    "worker_died": 502,
    "unavailable": 503,
    "configuration_error": 503,
}
#: Seconds a client is told to wait before trying again after a 503.
RETRY_AFTER = 1
#: Media types of the formats a record is answered in.
MEDIA_TYPES = {"jsonl": "application/json", "jsonld": "application/ld+json", "csv": "text/csv; charset=utf-8"}
#: Records checked per step of /v1/validate (in a thread, off the event loop).
VALIDATE_STEP = 64

EXAMPLE_FILE = Path(__file__).with_name("openapi_example.json")
DESCRIPTION = """\
Records of French event press releases, each value with the character offsets of the text it was read from.
The contract is the JSON Schema at /v1/schema (the same as `extractor schema`). Extraction runs in worker
processes that load the pipeline once; a text gives the same record here as through `extractor extract`.

Bad input never gives a 500: a body that is not JSON, a missing `text` or a wrong type is 422 with the field
path; a body over the size cap 413; a document over the time limit its error record with 504; a full queue 503
with Retry-After; a worker that dies running a document that document's error record with 502. When the server
has a token, every /v1 request needs `Authorization: Bearer TOKEN` (401 without it)."""


def _version() -> str:
    try:
        return metadata.version("fr-press-events")
    except metadata.PackageNotFoundError:  # running from a source tree
        return "0+unknown"


# ---------------------------------------------------------------------- the models of the API


class ExtractRequest(BaseModel):
    """One document to extract (also one line of a batch)."""

    model_config = ConfigDict(extra="ignore", json_schema_extra={"examples": [
        {"text": " date 2024-01 Le Salon du Livre se tiendra du 3 au 5 mars au Palais des congrès de Lyon.",
         "id": "salon-du-livre", "source": "cms/4411"},
        {"text": "Le Forum des métiers aura lieu le 14 mars au Parc des expositions de Rouen.",
         "published": "2019-02-11"},
    ]})

    text: str = Field(description="The release's text as decoded; evidence offsets refer to it.")
    id: str | None = Field(None, description="The document's id (default: the first 16 hex digits of the "
                                             "text's SHA-256; in a batch, 'line:N').")
    published: PartialDate | None = Field(None, description="The publication date, when the caller knows it "
                                                            "(default: the one the text states).")
    source: str | None = Field(None, description="Where the text came from; copied into document.source.")


class FieldProblem(BaseModel):
    """One problem of a request, at its place."""

    loc: list[str | int] = Field(description='Where: "body" or "query", then the field path.',
                                 examples=[["body", "text"]])
    msg: str = Field(description="What is wrong.", examples=["Field required"])
    type: str = Field(description="pydantic's error type, or json_invalid.", examples=["missing"])


class RequestProblems(BaseModel):
    """The answer to a request the server cannot read (422)."""

    detail: list[FieldProblem]


class Message(BaseModel):
    """The answer to a request refused as a whole (401, 406, 413, 415, 503)."""

    detail: str = Field(examples=["the body is larger than 10000000 bytes"])


class RecordProblem(BaseModel):
    """One problem of one record checked by /v1/validate."""

    line: int = Field(description="The record's line (JSON Lines) or position from 1 (a JSON array).")
    path: str = Field(description="The field path, as `extractor validate` prints it.",
                      examples=["events -> 0 -> start"])
    message: str = Field(examples=["Value error, invalid date: day 30 is not in 2017-02"])


class ValidationReport(BaseModel):
    """What /v1/validate found: the same checks as `extractor validate`."""

    valid: bool = Field(description="True when every record is valid.")
    records: int = Field(description="Records checked.")
    errors: list[RecordProblem]


class Health(BaseModel):
    status: str = Field(examples=["ok"])


class WorkerStatus(BaseModel):
    pid: int | None = Field(description="The process id, while it runs.")
    ready: bool = Field(description="It has loaded the pipeline.")
    running: int = Field(description="Documents it is running now.")
    started: int = Field(description="Processes started in this place (more than 1: it was replaced).")
    last_error: str | None = Field(description="Why the last one could not start, if it could not.")


class Readiness(BaseModel):
    ready: bool = Field(description="At least one worker has loaded the pipeline.")
    waiting: int = Field(description="Documents waiting for a worker.")
    queue: int = Field(description="Documents that may wait; one more is answered 503.")
    workers: list[WorkerStatus]


# ---------------------------------------------------------------------- options and errors


@dataclass(frozen=True)
class ServeOptions:
    """How the server runs: its token, its body cap, and its worker pool (with the pipeline's Settings)."""

    token: str | None = None
    max_body_bytes: int = 10_000_000
    pool: PoolSettings = field(default_factory=PoolSettings)

    def __post_init__(self) -> None:
        if self.max_body_bytes < 1:
            raise ValueError("max_body_bytes must be at least 1")


class ApiError(Exception):
    """A request refused: its status, what to say, and headers to send."""

    def __init__(self, status: int, detail: str | list[dict[str, Any]], headers: dict[str, str] | None = None):
        super().__init__(detail)
        self.status, self.detail, self.headers = status, detail, headers or {}


def _problems(error: ValidationError, *where: str) -> list[dict[str, Any]]:
    return [{"loc": [*where, *item["loc"]], "msg": item["msg"], "type": item["type"]}
            for item in error.errors(include_url=False, include_input=False)]


def _unprocessable(where: str, message: str, kind: str = "value_error", *path: str | int) -> ApiError:
    return ApiError(422, [{"loc": [where, *path], "msg": message, "type": kind}])


_PUBLISHED: TypeAdapter[str] = TypeAdapter(PartialDate)
_BEARER = HTTPBearer(auto_error=False, description="Needed when the server was started with a token.")


# ---------------------------------------------------------------------- reading requests


async def _read(request: Request, cap: int) -> bytes:
    """The body, or 413 as soon as it is known to be over ``cap`` bytes."""
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > cap:
        raise ApiError(413, f"the body is larger than {cap} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > cap:
            raise ApiError(413, f"the body is larger than {cap} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


async def _lines(request: Request, cap: int) -> AsyncIterator[tuple[int, bytes | None]]:
    """(line number, bytes) of each line of the body as it arrives; None for a line over ``cap`` bytes
    (it is skipped, never held whole)."""
    buffer = bytearray()
    number = 0
    scanned = 0
    skipping = False
    async for chunk in request.stream():
        buffer += chunk
        while True:
            cut = buffer.find(b"\n", scanned)
            if cut < 0:
                scanned = len(buffer)
                break
            number += 1
            line = None if skipping or cut > cap else bytes(buffer[:cut])
            del buffer[: cut + 1]
            scanned, skipping = 0, False
            yield number, line
        if len(buffer) > cap:  # a line too long: drop what came of it and skip to its end
            buffer.clear()
            scanned, skipping = 0, True
    if buffer or skipping:
        yield number + 1, None if skipping else bytes(buffer)


def _negotiate(accept: str | None) -> str:
    """The format the Accept header asks for: jsonl (the record), jsonld or csv; 406 for none of them.

    >>> _negotiate("text/csv;q=0.5, application/ld+json")
    'jsonld'
    """
    if not accept:
        return "jsonl"
    choices = []
    for position, part in enumerate(accept.split(",")):
        media, *parameters = (piece.strip().lower() for piece in part.split(";"))
        quality = 1.0
        for parameter in parameters:
            if parameter.startswith("q="):
                try:
                    quality = float(parameter[2:])
                except ValueError:
                    quality = 0.0
        if quality > 0:
            choices.append((-quality, position, media))
    for _quality, _position, media in sorted(choices):
        if media in ("application/json", "application/*", "*/*"):
            return "jsonl"
        if media == "application/ld+json":
            return "jsonld"
        if media in ("text/csv", "text/*"):
            return "csv"
    raise ApiError(406, "this endpoint answers application/json (the record), application/ld+json (schema.org) "
                        "or text/csv")


def _media(request: Request) -> tuple[str, str | None]:
    """The body's media type and charset."""
    media, *parameters = (piece.strip() for piece in request.headers.get("content-type", "").split(";"))
    charset = next((p.split("=", 1)[1].strip('"').lower() for p in parameters if p.lower().startswith("charset=")),
                   None)
    return media.lower(), charset


def _is_json(media: str) -> bool:
    return media in ("", "application/json") or media.endswith("+json")


def _document(request: Request, body: bytes, query: dict[str, str | None]) -> Document:
    """The document a request to /v1/extract holds: a JSON body, or a text/plain one with query parameters."""
    media, charset = _media(request)
    if _is_json(media):
        try:
            asked = ExtractRequest.model_validate_json(body)
        except ValidationError as error:
            raise ApiError(422, _problems(error, "body")) from error
        return Document(asked.text, asked.id, asked.source, asked.published)
    if media != "text/plain":
        raise ApiError(415, "send application/json ({text, id?, published?, source?}) or text/plain "
                            "(with ?published=&id=&source=)")
    try:
        text = body.decode(charset or "utf-8")
    except (UnicodeDecodeError, LookupError) as error:
        raise _unprocessable("body", f"the text cannot be decoded as {charset or 'utf-8'}: {error}",
                             "unicode_decode") from error
    published = query.get("published")
    if published is not None:
        try:
            published = _PUBLISHED.validate_python(published)
        except ValidationError as error:
            raise ApiError(422, _problems(error, "query", "published")) from error
    return Document(text.removeprefix("\ufeff"), query.get("id"), query.get("source"), published)


def _read_failure(doc_id: str, kind: str, message: str, data: bytes | None) -> str:
    digest = sha256_of(data.decode("utf-8", "replace")) if data is not None else None
    return error_json(ErrorRecord(document=FailedDocument(id=doc_id, source=None, sha256=digest),
                                  error=ErrorInfo(type=kind, message=message, stage="read")))


class _Ids:
    """Ids unique within a batch, as the command line makes them: a second 'a' is 'a#2'."""

    def __init__(self) -> None:
        self.seen: dict[str, int] = {}

    def unique(self, doc_id: str) -> tuple[str, tuple[str, ...]]:
        count = self.seen[doc_id] = self.seen.get(doc_id, 0) + 1
        if count == 1:
            return doc_id, ()
        return f"{doc_id}#{count}", (f"the input id {doc_id!r} was seen {count} times; this one is {doc_id}#{count}",)


def _line_document(number: int, raw: bytes | None, ids: _Ids, cap: int) -> Document | str | None:
    """The document of a batch line, or its error record as JSON, or None for a blank line."""
    if raw is None:
        return _read_failure(ids.unique(f"line:{number}")[0], "too_large", f"the line is longer than {cap} bytes",
                             None)
    if number == 1:
        raw = raw.removeprefix(b"\xef\xbb\xbf")
    if not raw.strip():
        return None
    try:
        asked = ExtractRequest.model_validate_json(raw)
    except ValidationError as error:
        found = error.errors(include_url=False, include_input=False)
        kinds = {item["type"] for item in found}
        kind = ("malformed_json" if "json_invalid" in kinds else "missing_text" if "model_type" in kinds
                or any(item["loc"][:1] == ("text",) for item in found) else "invalid_input")
        message = "; ".join(f"{' -> '.join(map(str, item['loc'])) or '(line)'}: {item['msg']}" for item in found)
        return _read_failure(ids.unique(f"line:{number}")[0], kind, message, raw)
    doc_id, notes = ids.unique(asked.id or f"line:{number}")
    return Document(asked.text, doc_id, asked.source, asked.published, notes)


# ---------------------------------------------------------------------- answers


def _answer(answer: Answer, form: str) -> Response:
    if answer.kind == "record":
        body = csv_text([CSV_COLUMNS]) + answer.body if form == "csv" else answer.body
        return Response(body, media_type=MEDIA_TYPES[form])
    status = ERROR_STATUS.get(answer.kind, 422)
    headers = {"Retry-After": str(RETRY_AFTER)} if status == 503 else None
    return Response(answer.body, status_code=status, media_type="application/json", headers=headers)


class _LinesResponse(Response):
    """JSON Lines streamed while the request body is still being read.

    Starlette's ``StreamingResponse`` listens for a disconnect by reading the request,
    which would take the lines this response is made of; this one only sends, and ends
    quietly when the client has gone.
    """

    media_type = "application/x-ndjson"

    def __init__(self, lines: AsyncIterator[str]) -> None:  # no body: no Content-Length, the answer is chunked
        self.status_code = 200
        self.background = None
        self.init_headers()
        self.lines = lines

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": self.status_code, "headers": self.raw_headers})
        try:
            async for line in self.lines:
                await send({"type": "http.response.body", "body": line.encode("utf-8"), "more_body": True})
        except (ClientDisconnect, OSError):
            return
        await send({"type": "http.response.body", "body": b"", "more_body": False})


async def _batch(pool: WorkerPool, lines: AsyncIterator[tuple[int, bytes | None]], window: int,
                 cap: int) -> AsyncIterator[str]:
    """The batch's answers in input order, each as soon as it and those before it are done, while the
    body is still being read; at most ``window`` documents read and not yet answered."""
    pending: asyncio.Queue[asyncio.Future[Answer] | str] = asyncio.Queue(maxsize=window)
    ids = _Ids()

    async def read() -> None:
        async for number, raw in lines:
            item = _line_document(number, raw, ids, cap)
            if item is not None:
                await pending.put(item if isinstance(item, str) else await pool.submit(item, "jsonl"))

    reader = asyncio.create_task(read())
    try:
        while not (reader.done() and pending.empty()):
            taking = asyncio.ensure_future(pending.get())
            await asyncio.wait({taking, reader}, return_when=asyncio.FIRST_COMPLETED)
            if not taking.done():  # the body has ended (or broke off): what is queued is still answered
                taking.cancel()
                continue
            head = taking.result()
            yield (head if isinstance(head, str) else (await head).body) + "\n"
        reader.result()  # a client gone (ClientDisconnect) ends the answer here
    finally:
        reader.cancel()
        while not pending.empty():
            head = pending.get_nowait()
            if not isinstance(head, str):
                head.cancel()


def _report(records: list[tuple[int, str]]) -> list[dict[str, Any]]:
    return [{"line": number, "path": path, "message": message}
            for number, raw in records for path, message in issues(raw)]


# ---------------------------------------------------------------------- the application


def _openapi_body(schema: dict[str, Any], *others: tuple[str, dict[str, Any]]) -> dict[str, Any]:
    return {"requestBody": {"required": True, "content": {
        "application/json": {"schema": schema}, **{media: content for media, content in others}}}}


def create_app(options: ServeOptions) -> FastAPI:
    """The application: the routes, and the worker pool started and stopped with it."""
    pool = WorkerPool(options.pool)
    window = max(1, options.pool.workers * options.pool.max_batch)
    cap = options.max_body_bytes

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        pool.start(asyncio.get_running_loop())
        try:
            yield
        finally:
            await asyncio.to_thread(pool.stop)

    app = FastAPI(
        title="fr-press-events",
        version=_version(),
        summary="French event press releases to validated, source-grounded JSON records.",
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    app.state.pool = pool

    async def authorised(credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_BEARER)]) -> None:
        if options.token is None:
            return
        given = credentials.credentials.encode() if credentials is not None else b""
        if not hmac.compare_digest(given, options.token.encode()):
            raise ApiError(401, "a bearer token is needed: Authorization: Bearer TOKEN",
                           {"WWW-Authenticate": "Bearer"})

    @app.exception_handler(ApiError)
    async def refused(_request: Request, error: ApiError) -> Response:
        return JSONResponse({"detail": error.detail}, status_code=error.status, headers=error.headers)

    @app.exception_handler(RequestValidationError)
    async def unreadable(_request: Request, error: RequestValidationError) -> Response:
        detail = [{"loc": list(item["loc"]), "msg": item["msg"], "type": item["type"]} for item in error.errors()]
        return JSONResponse({"detail": detail}, status_code=422)

    @app.exception_handler(Overloaded)
    async def overloaded(_request: Request, error: Overloaded) -> Response:
        return JSONResponse({"detail": str(error)}, status_code=503, headers={"Retry-After": str(RETRY_AFTER)})

    refusals: dict[int | str, dict[str, Any]] = {
        401: {"model": Message, "description": "No bearer token, or not the server's."},
        413: {"model": Message, "description": "The body is over the size cap (or the text over the length cap: "
                                               "its error record)."},
        503: {"model": Message, "description": "The queue is full: try again after Retry-After seconds."},
    }
    v1 = APIRouter(prefix="/v1", dependencies=[Depends(authorised)], responses=refusals)
    text_body = ("text/plain", {"schema": {"type": "string"}, "example": "Le Salon du Livre se tiendra du 3 au 5 "
                                                                         "mars 2024 au Palais des congrès de Lyon."})
    @v1.post("/extract", response_model=None, summary="The record of one release", responses={
        200: {"model": PressRelease, "description": "The record, in the format Accept asks for.", "content": {
            "application/ld+json": {"schema": {"type": "object"}},
            "text/csv": {"schema": {"type": "string"}}}},
        406: {"model": Message, "description": "Accept names no format this endpoint answers in."},
        415: {"model": Message, "description": "The body is neither JSON nor text/plain."},
        422: {"model": RequestProblems | ErrorRecord, "description": "The body cannot be read (with the field "
                                                                     "path), or the document is not one (its "
                                                                     "error record)."},
        502: {"model": ErrorRecord, "description": "The worker process died running the document."},
        504: {"model": ErrorRecord, "description": "The document took more than the time limit."},
    }, openapi_extra=_openapi_body({"$ref": "#/components/schemas/ExtractRequest"}, text_body))
    async def extract(
        request: Request,
        published: Annotated[str | None, Query(description="text/plain only: the publication date, YYYY, "
                                                           "YYYY-MM or YYYY-MM-DD")] = None,
        id: Annotated[str | None, Query(description="text/plain only: the document's id")] = None,
        source: Annotated[str | None, Query(description="text/plain only: where the text came from")] = None,
    ) -> Response:
        form = _negotiate(request.headers.get("accept"))
        document = _document(request, await _read(request, cap), {"published": published, "id": id,
                                                                    "source": source})
        return _answer(await pool.submit_nowait(document, form), form)

    @v1.post("/extract/batch", response_model=None, summary="Records of a JSON Lines archive, streamed", responses={
        200: {"description": "One line per input line (blank lines left out), in input order: its record, or "
                             "its error record (malformed_json, missing_text, invalid_input, too_large, or what "
                             "failed in extraction).",
              "content": {"application/x-ndjson": {"schema": {"anyOf": [
                  {"$ref": "#/components/schemas/PressRelease"}, {"$ref": "#/components/schemas/ErrorRecord"}]}}}},
    }, openapi_extra={"requestBody": {"required": True, "content": {"application/x-ndjson": {
        "schema": {"$ref": "#/components/schemas/ExtractRequest"},
        "example": '{"id": "a", "text": "Le Forum des métiers aura lieu le 14 mars 2024 à Rouen."}\n'}}}})
    async def extract_batch(request: Request) -> Response:
        if pool.full:
            raise Overloaded(f"{pool.waiting} documents are waiting for a worker; try again shortly")
        return _LinesResponse(_batch(pool, _lines(request, cap), window, cap))

    @v1.post("/validate", response_model=ValidationReport, summary="Check records against the contract",
             responses={422: {"model": RequestProblems, "description": "A JSON body that is not JSON."}},
             openapi_extra=_openapi_body(
                 {"anyOf": [{"$ref": "#/components/schemas/PressRelease"},
                            {"type": "array", "items": {"$ref": "#/components/schemas/PressRelease"}}]},
                 ("application/x-ndjson", {"schema": {"$ref": "#/components/schemas/PressRelease"}})))
    async def validate(request: Request) -> ValidationReport:
        media, _charset = _media(request)
        errors: list[dict[str, Any]] = []
        count = 0
        if _is_json(media):
            body = await _read(request, cap)
            try:
                data = json.loads(body.decode("utf-8-sig"))
            except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
                raise _unprocessable("body", f"invalid JSON: {error}", "json_invalid") from error
            items = data if isinstance(data, list) else [data]
            records = [(number, json.dumps(item, ensure_ascii=False)) for number, item in enumerate(items, start=1)]
            count = len(records)
            errors = await asyncio.to_thread(_report, records)
        else:
            step: list[tuple[int, str]] = []
            async for number, raw in _lines(request, cap):
                if raw is None:
                    count += 1
                    errors.append({"line": number, "path": "(record)", "message": f"longer than {cap} bytes"})
                    continue
                text = raw.decode("utf-8", "replace").removeprefix("\ufeff")
                if text.strip():
                    step.append((number, text))
                if len(step) == VALIDATE_STEP:
                    count += len(step)
                    errors += await asyncio.to_thread(_report, step)
                    step = []
            count += len(step)
            errors += await asyncio.to_thread(_report, step)
        return ValidationReport.model_validate({"valid": not errors, "records": count, "errors": errors})

    @v1.get("/schema", summary="The JSON Schema of a record (draft 2020-12)", response_class=Response,
            responses={200: {"content": {"application/schema+json": {"schema": {"type": "object"}}}}})
    async def schema() -> Response:
        return Response(SCHEMA_FILE.read_bytes(), media_type="application/schema+json")

    app.include_router(v1)

    @app.get("/healthz", summary="The process is up")
    async def healthz() -> Health:
        return Health(status="ok")

    @app.get("/readyz", summary="A worker has loaded the pipeline", responses={503: {"model": Readiness}})
    async def readyz() -> Response:
        status = pool.status()
        return JSONResponse(Readiness.model_validate(status).model_dump(), status_code=200 if status["ready"] else 503)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = get_openapi(title=app.title, version=app.version, summary=app.summary,
                                   description=app.description, routes=app.routes)
            _names, extra = models_json_schema([(ExtractRequest, "validation")],
                                               ref_template="#/components/schemas/{model}")
            document.setdefault("components", {}).setdefault("schemas", {}).update(extra.get("$defs", {}))
            # set here: FastAPI leaves out the None values of examples it is given (speakers: null)
            answer = document["paths"]["/v1/extract"]["post"]["responses"]["200"]["content"]["application/json"]
            answer["example"] = json.loads(EXAMPLE_FILE.read_text(encoding="utf-8"))
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app


def token_from_environment() -> str | None:
    """The token of ``EXTRACTOR_TOKEN``, if set and not empty."""
    return os.environ.get("EXTRACTOR_TOKEN") or None

