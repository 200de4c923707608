"""What a folder can hold besides files: links, loops, pipes, sockets, names that are not UTF-8.

Each entry is one error record or one document; nothing blocks, nothing is skipped silently.
"""

from __future__ import annotations

import codecs
import json
import os
import socket
import threading
from pathlib import Path

import pytest

from extractor.core.pipeline import Input
from extractor.frontdoors.cli import main
from extractor.io.inputs import count_inputs, display, read_inputs

TEXT = "Le Salon du Livre se tiendra du 3 au 5 mars 2024 au Palais des congrès de Lyon."


def _outcome(paths: list[str]) -> dict[str, str]:
    """What each entry became (document or error type), read in a thread that must end in time:
    a reader that opened a named pipe would wait for a writer for ever."""
    found: list[object] = []
    reader = threading.Thread(target=lambda: found.extend(read_inputs(paths)), daemon=True)
    reader.start()
    reader.join(timeout=60)
    assert not reader.is_alive(), "reading blocked"
    return {getattr(item, "doc_id", None) or item.document.id:  # type: ignore[attr-defined]
            "document" if isinstance(item, Input) else item.error.type for item in found}  # type: ignore[attr-defined]


@pytest.fixture
def odd(tmp_path: Path) -> Path:
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    (root / "real.txt").write_text(TEXT, encoding="utf-8")
    (root / "sub" / "deep.txt").write_text(TEXT, encoding="utf-8")
    (root / "a.txt").symlink_to("b.txt")
    (root / "b.txt").symlink_to("a.txt")
    (root / "self.txt").symlink_to("self.txt")
    (root / "dangling.txt").symlink_to("nowhere.txt")
    (root / "alias.txt").symlink_to("real.txt")  # a link inside the folder is read
    (root / "out.txt").symlink_to(tmp_path / "secret.txt")
    (tmp_path / "secret.txt").write_text(TEXT, encoding="utf-8")
    (root / "sub" / "up").symlink_to("..")  # a link to a folder (here a loop): not followed
    os.mkfifo(root / "pipe.txt")
    os.mkfifo(root / "pipe.zip")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(root / "socket.txt"))
    server.close()
    return root


EXPECTED = {
    "a": "link_loop", "b": "link_loop", "self": "link_loop", "dangling": "broken_link", "alias": "document",
    "out": "outside_root", "pipe": "special_file", "pipe#2": "special_file", "socket": "special_file",
    "real": "document", "sub/deep": "document", "sub/up": "linked_folder",
}


def test_links_loops_pipes_and_sockets_each_give_one_outcome(odd: Path) -> None:
    assert _outcome([str(odd)]) == EXPECTED
    assert count_inputs([str(odd)]) == len(EXPECTED)


def test_special_entries_named_on_the_command_line(odd: Path, tmp_path: Path) -> None:
    named = [str(odd / name) for name in ("a.txt", "pipe.txt", "pipe.zip", "socket.txt", "missing.txt")]
    assert _outcome(named) == {"a": "link_loop", "pipe": "special_file", "pipe#2": "special_file",
                               "socket": "special_file", "missing": "not_found"}


def test_a_whole_run_over_them_ends_with_every_entry_in_one_file(odd: Path, tmp_path: Path, capfd) -> None:
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(odd), "-o", str(out), "--workers", "2"]) == 1
    records = [json.loads(line)["document"]["id"] for line in out.read_text(encoding="utf-8").splitlines()]
    errors = [json.loads(line)["document"]["id"] for line in
              (tmp_path / "out.errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(records + errors) == sorted(EXPECTED)
    assert sorted(records) == sorted(k for k, v in EXPECTED.items() if v == "document")
    printed = capfd.readouterr().err
    assert "Traceback" not in printed and "special_file" in printed and "link_loop" in printed


def test_names_that_are_not_utf8_are_kept_losslessly_in_valid_json(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    names = [b"caf\xe9.txt", b"r\xc3\xa9sum\xc3\xa9.txt", b"back\\slash \xff.txt"]
    for name in names:
        (folder / os.fsdecode(name)).write_text(TEXT, encoding="utf-8")
    (folder / os.fsdecode(b"vide\xe9.txt")).write_bytes(b"")  # an error record with such a name too
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(folder), "-o", str(out), "--workers", "1", "--quiet"]) == 1
    raw = out.read_bytes() + (tmp_path / "out.errors.jsonl").read_bytes()
    lines = [json.loads(line) for line in raw.decode("utf-8").splitlines()]  # strict UTF-8
    sources = {line["document"]["source"].rsplit("/", 1)[-1] for line in lines}
    assert sources == {"caf\\xe9.txt", "résumé.txt", "back\\\\slash \\xff.txt", "vide\\xe9.txt"}
    for source in sources:  # the escapes give the bytes back
        assert codecs.escape_decode(source.encode("utf-8"))[0] in names + [b"vide\xe9.txt"]
    assert {line["document"]["id"] for line in lines} == {"caf\\xe9", "résumé", "back\\\\slash \\xff", "vide\\xe9"}


def test_display_is_plain_for_utf8_names() -> None:
    assert display("2017/communiqué.txt") == "2017/communiqué.txt"
    assert display(os.fsdecode(b"\xe9t\xe9")) == "\\xe9t\\xe9"
