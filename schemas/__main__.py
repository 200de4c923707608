"""``python -m schemas``: rewrite the committed JSON Schema file."""

from schemas.export import SCHEMA_FILE, render

if __name__ == "__main__":
    SCHEMA_FILE.write_text(render(), encoding="utf-8")
    print(f"wrote {SCHEMA_FILE}")
