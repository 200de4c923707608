"""The HTTP API as its clients see it: `extractor serve` started as a real process on a free loopback
port, talked to with a real HTTP client (httpx) and, for streaming, a raw socket.

Faults are injected deterministically with ``EXTRACTOR_FAULTS`` (a worker that hangs on a chosen
document until it is killed, rules that run until the time limit stops them, a worker that dies while
starting); nothing here asserts how long anything took.
"""

from __future__ import annotations

import copy
import json
import os
import signal
import socket
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import live_server
import pytest

from conftest import CORPUS, corpus_ids
from extractor import extract
from extractor.frontdoors.cli import main
from extractor.io.formats import CSV_COLUMNS, csv_text, render, to_jsonld
from schemas import PressRelease
from schemas.export import SCHEMA_FILE

SEED = CORPUS / "000_2e58b29eec2e4310.txt"
SHORT = "Le Salon du Livre se tiendra du 3 au 5 mars 2024 au Palais des congrès de Lyon."
FORUM = "Le Forum des métiers aura lieu le 14 mars au Parc des expositions de Rouen."
JSON = {"Content-Type": "application/json"}
LINES = {"Content-Type": "application/x-ndjson"}


def _record(record: PressRelease) -> dict[str, Any]:
    return json.loads(record.model_dump_json())


@pytest.fixture(scope="module")
def client(server: live_server.LiveServer) -> httpx.Client:
    with server.client() as connected:
        yield connected


# ---------------------------------------------------------------------- the endpoints


def test_health_and_readiness_need_no_token(server: live_server.LiveServer) -> None:
    with server.client(token=None) as anonymous:
        assert anonymous.get("/healthz").json() == {"status": "ok"}
        ready = anonymous.get("/readyz")
    assert ready.status_code == 200
    status = ready.json()
    assert status["ready"] and len(status["workers"]) == 2
    assert all(worker["ready"] and worker["pid"] for worker in status["workers"])


@pytest.mark.parametrize("token", [None, "not-the-token"], ids=["no token", "another token"])
@pytest.mark.parametrize(("method", "path"), [("POST", "/v1/extract"), ("POST", "/v1/extract/batch"),
                                              ("POST", "/v1/validate"), ("GET", "/v1/schema")])
def test_every_v1_endpoint_needs_the_bearer_token(server: live_server.LiveServer, token: str | None, method: str,
                                                  path: str) -> None:
    with server.client(token=token) as stranger:
        response = stranger.request(method, path, json={"text": SHORT})
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert "bearer token" in response.json()["detail"]


def test_the_schema_is_the_committed_one(client: httpx.Client) -> None:
    response = client.get("/v1/schema")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/schema+json"
    assert response.content == SCHEMA_FILE.read_bytes()


def test_the_openapi_document_has_every_endpoint_with_its_models_and_examples(client: httpx.Client) -> None:
    document = client.get("/openapi.json").json()
    assert {path: sorted(item) for path, item in document["paths"].items()} == {
        "/v1/extract": ["post"], "/v1/extract/batch": ["post"], "/v1/validate": ["post"], "/v1/schema": ["get"],
        "/healthz": ["get"], "/readyz": ["get"]}
    components = document["components"]["schemas"]
    assert {"PressRelease", "ErrorRecord", "ExtractRequest", "ValidationReport", "RequestProblems"} <= set(components)
    extract_post = document["paths"]["/v1/extract"]["post"]
    assert set(extract_post["requestBody"]["content"]) == {"application/json", "text/plain"}
    assert set(extract_post["responses"]) >= {"200", "401", "406", "413", "415", "422", "502", "503", "504"}
    example = extract_post["responses"]["200"]["content"]["application/json"]["example"]
    request = components["ExtractRequest"]["examples"][0]
    assert PressRelease.model_validate(example).document.id == request["id"]
    assert document["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"


def test_the_openapi_example_is_what_the_server_answers_for_the_example_request(client: httpx.Client) -> None:
    document = client.get("/openapi.json").json()
    request = document["components"]["schemas"]["ExtractRequest"]["examples"][0]
    example = document["paths"]["/v1/extract"]["post"]["responses"]["200"]["content"]["application/json"]["example"]
    assert client.post("/v1/extract", json=request).json() == example


def test_the_seed_posted_is_the_record_extractor_extract_writes(client: httpx.Client, tmp_path: Path) -> None:
    out = tmp_path / "seed.jsonl"
    assert main(["extract", str(SEED), "-o", str(out), "--workers", "1", "--quiet"]) == 0
    [written] = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    posted = client.post("/v1/extract", json={"text": SEED.read_text(encoding="utf-8"), "id": SEED.stem,
                                              "source": str(SEED)})
    assert posted.status_code == 200
    assert posted.headers["content-type"] == "application/json"
    record = posted.json()
    record.pop("meta"), written.pop("meta")
    assert record == written


def test_text_plain_takes_the_publication_date_from_the_query(client: httpx.Client) -> None:
    response = client.post("/v1/extract", content=FORUM.encode("utf-8"), params={"published": "2019-02", "id": "f1",
                                                                                  "source": "cms/7"},
                           headers={"Content-Type": "text/plain; charset=utf-8"})
    assert response.status_code == 200
    assert response.json() == _record(extract(FORUM, doc_id="f1", source="cms/7", published="2019-02"))
    assert response.json()["events"][0]["start"] == "2019-03-14"


def test_accept_chooses_the_command_lines_renderers(client: httpx.Client) -> None:
    record = extract(SHORT, doc_id="s1", published="2024-01")
    body = {"text": SHORT, "id": "s1", "published": "2024-01"}
    jsonld = client.post("/v1/extract", json=body, headers={"Accept": "application/ld+json"})
    assert jsonld.headers["content-type"] == "application/ld+json"
    assert jsonld.json() == to_jsonld(record)
    rows = client.post("/v1/extract", json=body, headers={"Accept": "text/csv"})
    assert rows.headers["content-type"] == "text/csv; charset=utf-8"
    assert rows.text == csv_text([CSV_COLUMNS]) + render(record, "csv")
    preferred = client.post("/v1/extract", json=body, headers={"Accept": "text/csv;q=0.4, application/ld+json"})
    assert preferred.headers["content-type"] == "application/ld+json"


# ---------------------------------------------------------------------- bad input: never a 500

UNREADABLE = {
    # name: (request keywords, the field path of the 422)
    "malformed JSON": ({"content": b'{"text": "Le salon', "headers": JSON}, ["body"]),
    "missing text": ({"json": {"id": "x"}}, ["body", "text"]),
    "text of the wrong type": ({"json": {"text": 3}}, ["body", "text"]),
    "id of the wrong type": ({"json": {"text": SHORT, "id": 7}}, ["body", "id"]),
    "a JSON array": ({"json": [SHORT]}, ["body"]),
    "an impossible date": ({"json": {"text": SHORT, "published": "2017-02-30"}}, ["body", "published"]),
    "a date in the query": ({"content": SHORT.encode(), "params": {"published": "2017-13"},
                             "headers": {"Content-Type": "text/plain"}}, ["query", "published"]),
    "text/plain that is not UTF-8": ({"content": "Le salon d'été".encode("cp1252"),
                                      "headers": {"Content-Type": "text/plain"}}, ["body"]),
}


@pytest.mark.parametrize("name", list(UNREADABLE))
def test_a_request_that_cannot_be_read_is_422_with_the_field_path(client: httpx.Client, name: str) -> None:
    keywords, path = UNREADABLE[name]
    response = client.post("/v1/extract", **keywords)  # type: ignore[arg-type]
    assert response.status_code == 422, response.text
    [problem] = response.json()["detail"]
    assert problem["loc"] == path
    assert problem["msg"]


def test_a_text_that_is_no_document_is_422_with_its_error_record(client: httpx.Client) -> None:
    response = client.post("/v1/extract", json={"text": "  \n ", "id": "blank"})
    assert response.status_code == 422
    assert response.json()["document"]["id"] == "blank"
    assert response.json()["error"]["type"] == "input_error"


def test_a_text_over_the_length_cap_is_413_with_its_error_record(client: httpx.Client) -> None:
    response = client.post("/v1/extract", content=("a" * 2_000_001).encode(), headers={"Content-Type": "text/plain"})
    assert response.status_code == 413
    assert response.json()["error"]["type"] == "too_long"


def test_a_body_over_the_size_cap_is_413_whether_its_length_is_announced_or_not(client: httpx.Client) -> None:
    announced = client.post("/v1/extract", content=b"a" * 10_000_001, headers={"Content-Type": "text/plain"})
    assert announced.status_code == 413

    def chunks():  # no Content-Length: read until it is over the cap
        for _ in range(11):
            yield b"a" * 1_000_000

    chunked = client.post("/v1/extract", content=chunks(), headers={"Content-Type": "text/plain"})
    assert chunked.status_code == 413
    assert "larger than 10000000 bytes" in chunked.json()["detail"]


def test_a_body_of_another_type_is_415_and_an_unknown_format_406(client: httpx.Client) -> None:
    assert client.post("/v1/extract", content=b"<a/>", headers={"Content-Type": "application/xml"}).status_code == 415
    assert client.post("/v1/extract", json={"text": SHORT}, headers={"Accept": "text/html"}).status_code == 406


# ---------------------------------------------------------------------- batch and validate


def test_the_batch_answers_each_line_in_order_with_error_records_inline(client: httpx.Client) -> None:
    lines = [json.dumps({"id": "a", "text": SHORT}), "{broken", "", json.dumps({"id": "a", "text": FORUM}),
             json.dumps({"text": 3}), json.dumps({"id": "blank", "text": "   "}), json.dumps(["no", "object"]),
             json.dumps({"id": "seed", "text": SEED.read_text(encoding="utf-8"), "source": "seed.txt"})]
    response = client.post("/v1/extract/batch", content="\n".join(lines).encode(), headers=LINES)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/x-ndjson"
    answers = [json.loads(line) for line in response.text.splitlines()]
    assert [(a["document"]["id"], a["error"]["type"] if "error" in a else "record") for a in answers] == [
        ("a", "record"), ("line:2", "malformed_json"), ("a#2", "record"), ("line:5", "missing_text"),
        ("blank", "input_error"), ("line:7", "missing_text"), ("seed", "record")]
    assert answers[0] == _record(extract(SHORT, doc_id="a"))
    assert answers[-1] == _record(extract(SEED.read_text(encoding="utf-8"), doc_id="seed", source="seed.txt"))
    assert any("seen 2 times" in warning for warning in answers[2]["warnings"])


def test_a_batch_line_over_the_size_cap_is_an_error_record_and_the_batch_goes_on(client: httpx.Client) -> None:
    long_line = json.dumps({"id": "huge", "text": "a" * 10_000_001})
    body = "\n".join([long_line, json.dumps({"id": "after", "text": SHORT})]).encode()
    answers = [json.loads(line) for line in client.post("/v1/extract/batch", content=body, headers=LINES).text
               .splitlines()]
    assert [(a["document"]["id"], a.get("error", {}).get("type")) for a in answers] == [
        ("line:1", "too_large"), ("after", None)]


def _read_chunk(connection: socket.socket, buffer: bytearray) -> bytes:
    """The next chunk of a chunked HTTP answer (its data), reading from the socket as needed."""
    while b"\r\n" not in buffer:
        buffer += connection.recv(65536)
    size_line, _, rest = bytes(buffer).partition(b"\r\n")
    size = int(size_line, 16)
    while len(rest) < size + 2:
        rest += connection.recv(65536)
    buffer[:] = rest[size + 2:]
    return rest[:size]


def test_the_batch_answers_a_line_before_the_body_has_ended(server: live_server.LiveServer) -> None:
    """A client can stream an archive: the first record comes back while the request is still open."""
    host, port = server.url.removeprefix("http://").split(":")
    first = json.dumps({"id": "first", "text": SHORT}).encode() + b"\n"
    second = json.dumps({"id": "second", "text": FORUM}).encode() + b"\n"
    with socket.create_connection((host, int(port)), timeout=300) as connection:
        connection.sendall(f"POST /v1/extract/batch HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer "
                           f"{server.token}\r\nContent-Type: application/x-ndjson\r\nTransfer-Encoding: chunked"
                           "\r\n\r\n".encode() + f"{len(first):x}\r\n".encode() + first + b"\r\n")
        buffer = bytearray()
        while b"\r\n\r\n" not in buffer:
            buffer += connection.recv(65536)
        head, _, rest = bytes(buffer).partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 200")
        buffer[:] = rest
        answered = _read_chunk(connection, buffer)  # the body is not finished: only the first line was sent
        assert json.loads(answered)["document"]["id"] == "first"
        connection.sendall(f"{len(second):x}\r\n".encode() + second + b"\r\n0\r\n\r\n")
        assert json.loads(_read_chunk(connection, buffer))["document"]["id"] == "second"
        assert _read_chunk(connection, buffer) == b""


def _gold(doc_id: str) -> dict[str, Any]:
    return json.loads((CORPUS / f"{doc_id}.expected.json").read_text(encoding="utf-8"))


def test_validate_makes_the_checks_of_extractor_validate(client: httpx.Client, tmp_path: Path, capsys) -> None:
    good = [_gold(doc_id) for doc_id in corpus_ids()[:3]]
    broken = copy.deepcopy(good[0])
    broken["events"][0]["start"] = "2017-02-30"
    broken["venues"][0]["evidence"] = []
    content = "\n".join([json.dumps(good[0]), json.dumps(broken), "", json.dumps(good[1]), "{not json",
                         json.dumps({"schema_version": "0.9"})]) + "\n"
    report = client.post("/v1/validate", content=content.encode(), headers=LINES).json()
    path = tmp_path / "records.jsonl"
    path.write_text(content, encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    printed = capsys.readouterr().out.splitlines()
    assert (report["valid"], report["records"]) == (False, 5)
    assert [f"{path}: line {e['line']}: {e['path']}: {e['message']}" for e in report["errors"]] == printed
    assert {e["line"] for e in report["errors"]} == {2, 5, 6}

    array = client.post("/v1/validate", json=good).json()
    assert array == {"valid": True, "records": 3, "errors": []}
    single = client.post("/v1/validate", json=broken).json()
    assert not single["valid"] and {e["line"] for e in single["errors"]} == {1}
    assert client.post("/v1/validate", content=b"[{", headers=JSON).status_code == 422


# ---------------------------------------------------------------------- concurrency


def test_concurrent_requests_each_get_the_record_of_their_own_text(client: httpx.Client) -> None:
    texts = {f"c{n}": f"Le Forum numéro {n} de l'emploi se tiendra le {n + 1} mars 2024 au Palais des congrès "
                      f"de Lyon." for n in range(12)}

    def post(item: tuple[str, str]) -> httpx.Response:
        return client.post("/v1/extract", json={"id": item[0], "text": item[1]})

    with ThreadPoolExecutor(len(texts)) as threads:
        responses = list(threads.map(post, texts.items()))
    for (doc_id, text), response in zip(texts.items(), responses, strict=True):
        assert response.status_code == 200
        assert response.json() == _record(extract(text, doc_id=doc_id))


# ---------------------------------------------------------------------- overload, time limit, dead workers


@pytest.fixture(scope="module")
def faulty(tmp_path_factory) -> live_server.LiveServer:
    """One worker, one place in the queue; a worker hangs on 'hang' (until killed) and the rules run until
    the time limit on 'slow'. Beside it, a server whose watchdog kills a worker hung on 'stuck' at once,
    and whose first worker dies while starting."""
    folder = tmp_path_factory.mktemp("faulty")
    once = tmp_path_factory.mktemp("once")
    servers = [
        live_server.launch(folder, "--workers", "1", "--queue", "1", "--time-limit", "2", "--hang-after", "600",
                           "--log-level", "warning", environment={"EXTRACTOR_FAULTS": "document@hang:hang,"
                                                                                      "rules@slow:hang"}),
        live_server.launch(folder, "--workers", "1", "--time-limit", "1", "--hang-after", "1", "--log-level",
                           "warning", environment={"EXTRACTOR_FAULTS": "worker_init:kill:once,document@stuck:hang",
                                                   "EXTRACTOR_FAULTS_DIR": str(once)}),
    ]
    try:
        for running in servers:
            running.wait_ready()
        yield servers
    finally:
        for running in servers:
            running.stop()


def test_a_document_over_the_time_limit_is_an_error_record_and_the_worker_goes_on(faulty) -> None:
    server = faulty[0]
    [before] = server.status()["workers"]
    with server.client() as client:
        slow = client.post("/v1/extract", json={"id": "slow", "text": SHORT})
        fine = client.post("/v1/extract", json={"id": "fine", "text": SHORT})
    assert slow.status_code == 504
    assert (slow.json()["document"]["id"], slow.json()["error"]["type"]) == ("slow", "timeout")
    assert fine.status_code == 200
    [after] = server.status()["workers"]
    assert (after["pid"], after["started"]) == (before["pid"], before["started"])


def test_a_full_queue_is_503_and_a_killed_workers_request_an_error_record(faulty) -> None:
    server = faulty[0]
    with server.client() as client, ThreadPoolExecutor(2) as threads:
        hung = threads.submit(client.post, "/v1/extract", json={"id": "hang", "text": SHORT})
        status = server.wait_until(lambda s: s["workers"][0]["running"] == 1 and s["waiting"] == 0,
                                   "the hung document running")
        queued = threads.submit(client.post, "/v1/extract", json={"id": "queued", "text": FORUM})
        server.wait_until(lambda s: s["waiting"] == 1, "a document waiting")
        refused = client.post("/v1/extract", json={"id": "refused", "text": SHORT})
        assert refused.status_code == 503
        assert refused.headers["retry-after"] == "1"
        assert client.post("/v1/extract/batch", content=json.dumps({"text": SHORT}).encode(),
                           headers=LINES).status_code == 503

        os.kill(status["workers"][0]["pid"], signal.SIGKILL)  # killed from outside, mid-document
        died = hung.result()
        assert died.status_code == 502
        assert (died.json()["document"]["id"], died.json()["error"]["type"]) == ("hang", "worker_died")
        answered = queued.result()  # by the worker that replaced it
        assert answered.status_code == 200
        assert answered.json() == _record(extract(FORUM, doc_id="queued"))
    [worker] = server.status()["workers"]
    assert worker["ready"] and worker["started"] == 2 and worker["pid"] != status["workers"][0]["pid"]


def test_a_hung_worker_is_killed_replaced_and_its_document_answered(faulty) -> None:
    server = faulty[1]
    [first] = server.status()["workers"]
    assert first["started"] == 2  # the first process died while loading the pipeline, and was replaced
    with server.client() as client:
        stuck = client.post("/v1/extract", json={"id": "stuck", "text": SHORT})
        assert stuck.status_code == 504
        assert stuck.json()["error"]["type"] == "timeout"
        assert "did not answer" in stuck.json()["error"]["message"]
        server.wait_ready()
        assert client.post("/v1/extract", json={"id": "after", "text": SHORT}).status_code == 200
    [worker] = server.status()["workers"]
    assert worker["started"] == 3


def _gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return True
    return state in ("Z", "X")  # a zombie no one has reaped yet holds no memory


def test_the_server_stops_cleanly_with_its_workers(faulty) -> None:
    server = faulty[0]
    pids = [worker["pid"] for worker in server.status()["workers"]]
    assert server.stop() == 0
    assert all(_gone(pid) for pid in pids)
