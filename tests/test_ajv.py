"""The contract loads in another language: ajv, JavaScript's most used JSON Schema validator, in strict mode.

`make test` installs ajv with npm from ``tests/ajv/package-lock.json`` into ``.venv/ajv`` (nothing
global). ajv must accept the committed schema and the OpenAPI document's schemas in strict mode,
accept every gold record, and refuse the broken ones exactly where ``jsonschema`` refuses them.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import conftest
from conftest import ROOT, corpus_ids
from conftest import gold as _gold
from schemas import json_schema
from schemas.export import SCHEMA_FILE

CHECK = ROOT / "tests" / "ajv" / "check.cjs"
NODE_MODULES = Path(sys.prefix) / "ajv" / "node_modules"

#: Broken records: each must fail in ajv as in jsonschema (the list of test_schema.py, and more).
BREAKAGES = {
    **conftest.BREAKAGES,
    "missing document": lambda r: r.pop("document"),
    "negative offset": lambda r: r["figures"][0]["evidence"][0].update(start=-1),
    "count as text": lambda r: r["speakers"].update(count="85"),
}


def _missing(why: str) -> None:
    """Without node or ajv: a skip where a developer runs pytest by hand, a failure in CI (`make test`
    installs both, so the contract is always checked there)."""
    if os.environ.get("CI"):
        pytest.fail(why)
    pytest.skip(why)


def _node(job: dict[str, Any], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """check.cjs run on ``job`` ({schema, documents}) with the ajv `make test` installs."""
    node = shutil.which("node")
    if not node:
        _missing("node is needed (Debian's nodejs; `make test` installs it)")
    if not (NODE_MODULES / "ajv").is_dir():
        _missing(f"ajv is not installed in {NODE_MODULES}: run `make test` (npm ci)")
    path = tmp_path / "job.json"
    path.write_text(json.dumps(job), encoding="utf-8")
    return subprocess.run([str(node), str(CHECK), str(path)], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "NODE_PATH": str(NODE_MODULES)})


def _ajv(schema: dict[str, Any], documents: list[Any], tmp_path: Path) -> list[dict[str, Any]]:
    """ajv's verdict on each document; the schema must compile in strict mode without a warning."""
    run = _node({"schema": schema, "documents": documents}, tmp_path)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)["verdicts"]


def test_ajv_strict_mode_accepts_the_committed_schema_and_every_gold_record(tmp_path: Path) -> None:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    ids = corpus_ids()
    assert len(ids) >= 41
    verdicts = _ajv(schema, [_gold(doc_id) for doc_id in ids], tmp_path)
    refused = {doc_id: verdict["errors"] for doc_id, verdict in zip(ids, verdicts, strict=True) if not verdict["valid"]}
    assert not refused


def test_ajv_and_jsonschema_refuse_the_same_broken_records(tmp_path: Path) -> None:
    seed = _gold(corpus_ids()[0])
    broken = []
    for breakage in BREAKAGES.values():
        record = copy.deepcopy(seed)
        breakage(record)
        broken.append(record)
    verdicts = _ajv(json_schema(), broken, tmp_path)
    validator = jsonschema.Draft202012Validator(json_schema())
    for name, record, verdict in zip(BREAKAGES, broken, verdicts, strict=True):
        assert not verdict["valid"], f"ajv accepts a record with {name}"
        assert not validator.is_valid(record), f"jsonschema accepts a record with {name}"


def test_ajv_strict_mode_refuses_a_keyword_outside_json_schema(tmp_path: Path) -> None:
    """What the committed schema used to hold (a "version" keyword) is what strict mode refuses."""
    run = _node({"schema": {**json_schema(), "version": "1.0"}, "documents": []}, tmp_path)
    assert run.returncode == 1
    assert 'unknown keyword: "version"' in run.stderr


@pytest.fixture(scope="module")
def openapi() -> dict[str, Any]:
    from extractor.frontdoors.serve import ServeOptions, create_app

    return create_app(ServeOptions()).openapi()


def test_ajv_strict_mode_accepts_the_openapi_schemas(openapi: dict[str, Any], tmp_path: Path) -> None:
    """The OpenAPI document's schemas (OpenAPI 3.1 uses JSON Schema 2020-12) load in strict mode; the
    request and response examples it shows are valid against them."""
    assert openapi["openapi"].startswith("3.1")
    components = json.loads(json.dumps(openapi["components"]["schemas"]).replace("#/components/schemas/", "#/$defs/"))
    examples = openapi["paths"]["/v1/extract"]["post"]
    record = examples["responses"]["200"]["content"]["application/json"]["example"]
    request_examples = components["ExtractRequest"]["examples"]
    for name, documents in (("PressRelease", [record]), ("ExtractRequest", request_examples)):
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$defs": components,
                  "$ref": f"#/$defs/{name}"}
        verdicts = _ajv(schema, documents, tmp_path)
        assert all(verdict["valid"] for verdict in verdicts), (name, verdicts)
