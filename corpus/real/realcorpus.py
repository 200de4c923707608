"""Keep the real corpus: texts out of git, gold facts in it (see docs/real_corpus.md).

    python corpus/real/realcorpus.py save corpus/real/inbox/<id>.json...   # a text from a search result
    python corpus/real/realcorpus.py restore corpus/real/responses/*.json  # texts from saved search responses
    python corpus/real/realcorpus.py check                                  # texts present, gold well-formed

Standard library only, so it runs before the package is installed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
GOLD = ROOT / "gold"
TEXTS = ROOT / "texts"

ROLES = {"organiser", "co_organiser", "partner", "sponsor", "patron"}
KINDS = {"press_release", "news", "agency", "university", "association", "other"}
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{1,40}$")
_PARTIAL = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


def sha256_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def gold_files() -> list[Path]:
    return sorted(GOLD.glob("*.json"))


def load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def write_text(doc_id: str, text: str) -> Path:
    """The text as UTF-8 bytes, no newline translation."""
    TEXTS.mkdir(parents=True, exist_ok=True)
    path = TEXTS / f"{doc_id}.txt"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    return path


def skeleton(doc_id: str, batch: str, url: str, query: str, text: str) -> dict[str, Any]:
    return {
        "id": doc_id,
        "batch": batch,
        "source": {"corpus": "pages", "url": url, "query": query},
        "sha256": sha256_of(text),
        "length": len(text),
        "kind": None,
        "region": None,
        "gold": {"published": None, "events": [], "venues": [], "organisers": [], "themes": [],
                 "speaker_cities": [], "speaker_countries": []},
        "notes": "",
    }


def save(paths: list[str]) -> int:
    """Inbox files -> texts/<id>.txt and a gold skeleton (kept when it exists and the text is the same)."""
    urls = {load(p)["source"]["url"]: p.stem for p in gold_files()}
    status = 0
    for name in paths:
        item = json.loads(Path(name).read_text(encoding="utf-8"))
        doc_id, url, text = item["id"], item["url"], item["excerpt"]
        if not _ID.match(doc_id):
            print(f"{name}: bad id {doc_id!r}", file=sys.stderr)
            status = 1
            continue
        if urls.get(url, doc_id) != doc_id:
            print(f"{name}: {url} is already {urls[url]}", file=sys.stderr)
            status = 1
            continue
        gold_path = GOLD / f"{doc_id}.json"
        if gold_path.exists():
            known = load(gold_path)
            if known["sha256"] != sha256_of(text):
                print(f"{name}: {doc_id} exists with another text", file=sys.stderr)
                status = 1
                continue
        else:
            GOLD.mkdir(parents=True, exist_ok=True)
            record = skeleton(doc_id, item["batch"], url, item["query"], text)
            gold_path.write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        write_text(doc_id, text)
        urls[url] = doc_id
        print(f"{doc_id}: {len(text)} characters, sha256 {sha256_of(text)[:12]}")
    return status


def restore(paths: list[str]) -> int:
    """Saved search responses -> the texts whose address and sha256 a gold file records."""
    wanted: dict[str, dict[str, Any]] = {}
    for path in gold_files():
        record = load(path)
        wanted.setdefault(record["source"]["url"], record)
    written = 0
    for name in paths:
        response = json.loads(Path(name).read_text(encoding="utf-8"))
        for result in response.get("results", []):
            record = wanted.get(result.get("url"))
            if record is None:
                continue
            text = result.get("excerpt", "")
            if sha256_of(text) != record["sha256"]:
                print(f"{record['id']}: the excerpt at {result['url']} is not the text annotated (sha256 differs)",
                      file=sys.stderr)
                continue
            write_text(record["id"], text)
            written += 1
    print(f"{written} text(s) restored")
    return 0


def problems_of(record: dict[str, Any]) -> list[str]:
    """What is wrong with a gold file's shape and values."""
    problems: list[str] = []
    gold = record.get("gold", {})
    for key in ("published", "events", "venues", "organisers", "themes", "speaker_cities", "speaker_countries"):
        if key not in gold:
            problems.append(f"gold.{key} is missing")
    if record.get("kind") not in KINDS:
        problems.append(f"kind {record.get('kind')!r} is not one of {sorted(KINDS)}")

    def partial(value: Any, where: str) -> None:
        if value is None:
            return
        if not isinstance(value, str) or not _PARTIAL.match(value):
            problems.append(f"{where}: {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
            return
        parts = [int(p) for p in value.split("-")]
        try:
            date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
        except ValueError:
            problems.append(f"{where}: {value!r} is not a calendar date")

    partial(gold.get("published"), "published")
    names = {e.get("name") for e in gold.get("events", [])}
    for i, event in enumerate(gold.get("events", [])):
        if not event.get("name"):
            problems.append(f"events[{i}] has no name (an unnamed event takes its generic noun)")
        partial(event.get("start"), f"events[{i}].start")
        partial(event.get("end"), f"events[{i}].end")
        start, end = event.get("start"), event.get("end")
        if (start is None) != (end is None):
            problems.append(f"events[{i}]: start and end are both set or both null")
        elif start and end and (len(start) != len(end) or start > end):
            problems.append(f"events[{i}]: start {start} and end {end} differ in precision or are reversed")
        if event.get("parent") and event["parent"] not in names:
            problems.append(f"events[{i}].parent {event['parent']!r} is not an event's name")
    for i, organiser in enumerate(gold.get("organisers", [])):
        if organiser.get("role") not in ROLES:
            problems.append(f"organisers[{i}].role {organiser.get('role')!r} is not one of {sorted(ROLES)}")
    for i, country in enumerate(gold.get("speaker_countries", [])):
        if not re.fullmatch(r"[A-Z]{2}", str(country.get("code"))):
            problems.append(f"speaker_countries[{i}].code {country.get('code')!r} is not ISO alpha-2")
    for key in ("venues", "themes", "speaker_cities"):
        if not all(isinstance(v, str) and v.strip() for v in gold.get(key, [])):
            problems.append(f"{key} holds something other than non-empty strings")
    return problems


def check(_: list[str]) -> int:
    present = absent = changed = bad = 0
    missing_queries: set[str] = set()
    ids: set[str] = set()
    for path in gold_files():
        record = load(path)
        if record["id"] != path.stem or record["id"] in ids:
            print(f"{path.name}: id {record['id']!r} does not match the file name or is repeated")
            bad += 1
        ids.add(record["id"])
        for problem in problems_of(record):
            print(f"{path.name}: {problem}")
            bad += 1
        text_path = TEXTS / f"{record['id']}.txt"
        if not text_path.exists():
            absent += 1
            missing_queries.add(record["source"]["query"])
        elif sha256_of(text_path.read_bytes().decode("utf-8", "surrogatepass")) != record["sha256"]:
            print(f"{path.name}: the text present is not the one annotated (sha256 differs)")
            changed += 1
        else:
            present += 1
    print(f"{present + absent + changed} gold files: {present} texts present, {absent} absent, {changed} changed; "
          f"{bad} gold problem(s)")
    for query in sorted(missing_queries):
        print(f"  to restore, search pages for: {query}")
    return 1 if bad or changed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=("save", "restore", "check"))
    parser.add_argument("paths", nargs="*")
    args = parser.parse_args(argv)
    return {"save": save, "restore": restore, "check": check}[args.command](args.paths)


if __name__ == "__main__":
    sys.exit(main())
