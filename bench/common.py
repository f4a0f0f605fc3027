"""What every benchmark shares: writing its section of docs/benchmarks.md."""

from __future__ import annotations

from pathlib import Path


def write_section(doc: Path, title: str, section: str) -> None:
    """Replace the section that starts with `title` (other sections are kept), or append it; sections
    are separated by one blank line."""
    doc.parent.mkdir(parents=True, exist_ok=True)
    text = doc.read_text(encoding="utf-8") if doc.exists() else "# Benchmarks\n"
    section = section.strip("\n") + "\n"
    start = text.find(title)
    if start == -1:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        end = text.find("\n## ", start + len(title))
        rest = text[end + 1 :] if end != -1 else ""
        text = text[:start] + section + ("\n" + rest if rest else "")
    doc.write_text(text.rstrip("\n") + "\n", encoding="utf-8")
