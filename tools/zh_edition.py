"""The Chinese edition (notebooks/zh/): generated from the English notebooks and a translation catalog.

One source, two languages. For every English notebook ``notebooks/NN_name.ipynb`` the catalog
``notebooks/zh/catalog/NN_name.yaml`` holds one entry per markdown cell, keyed by the cell's content
hash (sha256 of its source, first 16 hex digits), with the English text (what to translate) and the
Chinese text. The generated ``notebooks/zh/NN_name.ipynb`` is the English notebook with:

- every markdown cell replaced by its translation (plus, where the catalog has one, a translator's
  note addressed to readers of Chinese tutorials, rendered as a "译者注" quote);
- code cells and their saved outputs copied verbatim, so every number is the English run's number
  and the Chinese notebooks need no run of their own;
- relative links other than to sibling notebooks prefixed with ``../`` (links between notebooks
  thus point at the Chinese notebooks);
- ``metadata.language = "zh-CN"`` and ``metadata.zh_edition`` naming the source and the catalog.

When an English markdown cell changes, its hash changes: the old entry no longer matches, and the
cell is listed by ``--todo`` with the earlier English and Chinese text as a starting point.

Commands (``make zh`` runs the first):

    python tools/zh_edition.py           # sync the catalogs (add entries for new cells), write notebooks/zh/
    python tools/zh_edition.py --todo    # list untranslated or stale cells: notebook, cell, hash, English text
    python tools/zh_edition.py --check   # write nothing; exit 1 if a cell lacks a translation or a file is stale

A translation is current only when it carries the English cell's claim markers (``<!-- claims: ... -->``,
invisible in every render; see lstm_helpers.claims) unchanged, so a translation cannot drop a claim.
A translation is not current either when its Chinese is, word for word, a translation the catalog once held
for a different English text (an earlier translation pasted back over a changed cell): the generator records
every translation it retires in ``catalog/retired.yaml`` (hashes of the whitespace-normalised English and
Chinese), and such an entry stays on the to-do list until its Chinese is updated, or the entry says in
``kept_because`` why the earlier Chinese still translates the new English.
A cell without a current translation is written in English under a "尚未翻译" marker, so the edition
is always complete and readable; ``--check`` and tests/test_zh_edition.py fail until it is translated.
"""

from __future__ import annotations

import argparse
import copy
import difflib
import hashlib
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from lstm_helpers.claims import markers_in  # noqa: E402  (the one reader of the claim markers)

EN_DIR = ROOT / "notebooks"
ZH_DIR = EN_DIR / "zh"
CATALOG_DIR = ZH_DIR / "catalog"
GENERATOR = "tools/zh_edition.py"
LANGUAGE = "zh-CN"
NOTEBOOK_GLOB = "[0-9][0-9]_*.ipynb"

# Appended to the first markdown cell of every Chinese notebook.
EDITION_NOTE = (
    "> 中文版：本笔记本由英文版自动生成，代码与英文版逐字相同；"
    "所有输出（数字、图表和打印的文字）都是英文版运行的结果，因此保留英文原样。"
)
TRANSLATOR_NOTE = "> **译者注：** "
UNTRANSLATED = "> **（本段尚未翻译，以下为英文原文。）**\n\n"

CATALOG_HEADER = """\
# Translation catalog: notebooks/{name} -> notebooks/zh/{name}
# One entry per markdown cell of the English notebook, in cell order, keyed by `hash`
# (sha256 of the cell's source, first 16 hex digits). `en` is the English text (do not edit:
# it is copied from the notebook), `zh` its translation; `translator_note` (optional) is a
# translator's addition, rendered after the cell as a quote starting with 译者注.
# `was` (on an entry whose English changed) holds the earlier English and Chinese: update `zh`,
# then delete `was` (the earlier Chinese pasted back unchanged is refused: if it still fits, say why in
# `kept_because`). `numbers_added` maps a number the Chinese has and the English does not to why (a gloss). Copy every `<!-- claims: ... -->` marker of `en` into `zh` unchanged. Regenerate with `make zh`; list what is left with `python tools/zh_edition.py --todo`.
"""


def cell_source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def cell_hash(source: str) -> str:
    """The catalog key of a markdown cell: sha256 of its source (UTF-8), first 16 hex digits."""
    return hashlib.sha256(source.encode("utf-8")).hexdigest()[:16]


def source_lines(text: str) -> list[str]:
    """A cell source as nbformat stores it: lines with their line endings."""
    return text.splitlines(keepends=True)


# --------------------------------------------------------------------------- catalog files


class _Dumper(yaml.SafeDumper):
    pass


def _str_presenter(dumper, text):
    style = "|" if "\n" in text else None  # literal blocks: the markdown as it reads
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _str_presenter)
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def catalog_path(notebook: Path, catalog_dir: Path = CATALOG_DIR) -> Path:
    return catalog_dir / (notebook.stem + ".yaml")


def load_catalog(path: Path) -> list[dict]:
    """The entries of a catalog file (an empty list when the file does not exist yet)."""
    if not path.exists():
        return []
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or {}
    entries = data.get("entries") or []
    for entry in entries:
        if not isinstance(entry, dict) or "hash" not in entry or "en" not in entry:
            raise ValueError(f"{path}: every entry needs `hash` and `en`, got {entry!r}")
        if cell_hash(entry["en"]) != entry["hash"]:
            raise ValueError(
                f"{path}: entry {entry['hash']} has an `en` text whose hash is {cell_hash(entry['en'])}; "
                "`en` is copied from the English notebook and must not be edited"
            )
    return entries


def dump_catalog(name: str, entries: list[dict]) -> str:
    body = yaml.dump(
        {"notebook": name, "entries": entries},
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=10_000,
    )
    return CATALOG_HEADER.format(name=name) + body


# --------------------------------------------------------------------------- the notebooks


@dataclass
class MarkdownCell:
    index: int  # position in the notebook (all cells counted)
    cell_id: str | None
    source: str

    @property
    def hash(self) -> str:
        return cell_hash(self.source)


def markdown_cells(nb: dict) -> list[MarkdownCell]:
    return [
        MarkdownCell(i, cell.get("id"), cell_source(cell))
        for i, cell in enumerate(nb["cells"])
        if cell["cell_type"] == "markdown"
    ]


def read_notebook(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def english_notebooks(en_dir: Path = EN_DIR) -> list[Path]:
    return sorted(en_dir.glob(NOTEBOOK_GLOB))


def _has_text(entry: dict | None) -> bool:
    return bool(entry and isinstance(entry.get("zh"), str) and entry["zh"].strip())


def text_id(text: str) -> str:
    """A text's identity up to line breaks and indentation: sha256 of its whitespace-normalised form."""
    return cell_hash(" ".join(text.split()))


RETIRED_FILE = "retired.yaml"
RETIRED_HEADER = """\
# Every translation the catalogs held for an English text that is no longer in any notebook, as
# (English, Chinese) text ids (tools/zh_edition.py's text_id: sha256 of the whitespace-normalised text,
# first 16 hex digits). Written by tools/zh_edition.py; do not edit. A catalog entry whose Chinese is one of
# these, retired for a different English, is an earlier translation pasted back over a changed cell.
"""


def load_retired(catalog_dir: Path = CATALOG_DIR) -> dict[str, set[str]]:
    """Chinese text id -> the ids of the English texts it was once the translation of."""
    path = catalog_dir / RETIRED_FILE
    if not path.exists():
        return {}
    retired: dict[str, set[str]] = {}
    for pair in (yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or {}).get("retired") or []:
        retired.setdefault(pair["zh"], set()).add(pair["en"])
    return retired


def retired_pairs(entries: list[dict]) -> set[tuple[str, str]]:
    """(English id, Chinese id) of each translated entry in ``entries``."""
    return {(text_id(entry["en"]), text_id(entry["zh"])) for entry in entries if _has_text(entry)}


def dump_retired(retired: dict[str, set[str]]) -> str:
    pairs = sorted((en, zh_id) for zh_id, ens in retired.items() for en in ens)
    return RETIRED_HEADER + yaml.dump({"retired": [{"en": en, "zh": zh_id} for en, zh_id in pairs]}, Dumper=_Dumper)


def pasted_back(entry: dict | None, retired: dict[str, set[str]]) -> bool:
    """The entry's Chinese is a retired translation of other English, and no ``kept_because`` says why it fits."""
    if not _has_text(entry) or entry.get("kept_because"):
        return False
    earlier = retired.get(text_id(entry["zh"]), set())
    return bool(earlier) and text_id(entry["en"]) not in earlier


def _is_current(entry: dict | None, retired: dict[str, set[str]] | None = None) -> bool:
    """Translated, and naming the same claims as the English (``<!-- claims: ... -->``, copied as they are):
    a translation that drops a claim's marker is not a translation of the cell. With ``retired``: not an
    earlier translation of other English pasted back (see pasted_back)."""
    return (
        _has_text(entry)
        and markers_in(entry["zh"]) == markers_in(entry["en"])
        and not pasted_back(entry, retired or {})
    )


def _earlier_version(cell: MarkdownCell, obsolete: list[dict]) -> dict | None:
    """The obsolete entry this changed cell most likely came from: same cell id, else the most similar text."""
    for entry in obsolete:
        if cell.cell_id and entry.get("cell_id") == cell.cell_id:
            return entry
    scored = [(difflib.SequenceMatcher(None, entry["en"], cell.source).ratio(), entry) for entry in obsolete]
    scored = [pair for pair in scored if pair[0] >= 0.6]
    return max(scored, key=lambda pair: pair[0])[1] if scored else None


def synced_entries(nb: dict, entries: list[dict]) -> list[dict]:
    """The catalog for ``nb``'s current markdown: one entry per distinct cell text, in cell order.

    Entries whose English is still in the notebook are kept as they are; a new cell gets an entry with
    an empty ``zh`` and, if it replaces an entry that no longer matches (same cell id or similar text),
    ``was`` with that entry's English and Chinese. Entries matching no cell are dropped.
    """
    by_hash = {entry["hash"]: entry for entry in entries}
    cells = markdown_cells(nb)
    current = {cell.hash for cell in cells}
    obsolete = [entry for entry in entries if entry["hash"] not in current and _has_text(entry)]
    out, seen = [], set()
    for cell in cells:
        if cell.hash in seen:
            continue
        seen.add(cell.hash)
        entry = by_hash.get(cell.hash)
        if entry is None:
            entry = {"hash": cell.hash, "cell_id": cell.cell_id, "en": cell.source, "zh": ""}
            earlier = _earlier_version(cell, obsolete)
            if earlier is not None:
                entry["was"] = {"en": earlier["en"], "zh": earlier["zh"]}
                for kept in (
                    "translator_note",
                    "numbers_added",
                ):  # the translator's additions, to carry over if they still fit
                    if earlier.get(kept):
                        entry["was"][kept] = earlier[kept]
        out.append(entry)
    return out


def obsolete_entries(nb: dict, entries: list[dict]) -> list[dict]:
    """The translated entries of ``entries`` whose English is no longer a markdown cell of ``nb``."""
    current = {cell.hash for cell in markdown_cells(nb)}
    return [entry for entry in entries if entry["hash"] not in current and _has_text(entry)]


# Links: ](target) in markdown, href="target" / src="target" in HTML.
_LINK = re.compile(r"(\]\(\s*<?|\b(?:href|src)=[\"'])([^)\"'\s>]+)")


def _relink(text: str, sibling_notebooks: set[str]) -> str:
    """Relative links other than to a sibling notebook get ``../`` (the zh notebooks sit one folder down)."""

    def fix(match):
        prefix, target = match.groups()
        path = target.split("#", 1)[0]
        if not path or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", target) or target.startswith(("/", "#")):
            return match.group(0)
        if path in sibling_notebooks:
            return match.group(0)
        return prefix + "../" + target

    return _LINK.sub(fix, text)


_CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"  # CJK punctuation, ideographs, full-width forms
_CJK_BREAK = re.compile(f"(?<=[{_CJK}])\n[ \t]*(?=[{_CJK}])")  # an indented list continuation too


def _join_cjk_lines(text: str) -> str:
    """Join a paragraph's lines where both sides are Chinese: a soft line break renders as a space, which
    Chinese text does not have. A list item's indented continuation line is joined too (its indentation
    goes with the break); a new item ("- ...") starts with no Chinese character, so it stays. Fenced code
    blocks are left alone."""
    parts = re.split(r"(```.*?```)", text, flags=re.S)
    return "".join(part if part.startswith("```") else _CJK_BREAK.sub("", part) for part in parts)


def render_markdown(
    entry: dict | None, english: str, first: bool, siblings: set[str], retired: dict[str, set[str]] | None = None
) -> str:
    if _is_current(entry, retired):
        text = _join_cjk_lines(entry["zh"])
        if entry.get("translator_note"):
            text = text.rstrip("\n") + "\n\n" + TRANSLATOR_NOTE + entry["translator_note"].strip()
    else:
        text = UNTRANSLATED + english
    if first:
        text = text.rstrip("\n") + "\n\n" + EDITION_NOTE
    return _relink(text, siblings)


def build_notebook(
    nb: dict, entries: list[dict], name: str, siblings: set[str], retired: dict[str, set[str]] | None = None
) -> dict:
    """The Chinese notebook: ``nb`` with its markdown translated, code cells and outputs untouched."""
    by_hash = {entry["hash"]: entry for entry in entries}
    out = copy.deepcopy(nb)
    first = True
    for cell in out["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        english = cell_source(cell)
        cell["source"] = source_lines(
            render_markdown(by_hash.get(cell_hash(english)), english, first, siblings, retired)
        )
        first = False
    out["metadata"]["language"] = LANGUAGE
    out["metadata"]["zh_edition"] = {
        "source": f"../{name}",
        "catalog": f"catalog/{Path(name).stem}.yaml",
        "generated_by": GENERATOR,
        "note": "Generated file: edit the catalog, not this notebook, then run `make zh`.",
    }
    return out


def notebook_text(nb: dict) -> str:
    """Serialised as nbformat writes notebooks (one-space indent, UTF-8, final newline)."""
    return json.dumps(nb, indent=1, ensure_ascii=False) + "\n"


# --------------------------------------------------------------------------- what is left to do


@dataclass
class Todo:
    notebook: str
    index: int
    hash: str
    english: str
    was: dict | None = None
    pasted_back: bool = False

    def describe(self, full: bool = True) -> str:
        head = f"notebooks/{self.notebook}  cell {self.index}  hash {self.hash}"
        if self.pasted_back:
            head += (
                "  (its Chinese is the earlier translation of a different English text: update it, or say in "
                "`kept_because` why it still translates this English)"
            )
        else:
            head += "  (changed: earlier translation below)" if self.was else "  (new)"
        lines = [head, "  English:"] + ["    " + line for line in self.english.splitlines()]
        if self.was and full:
            diff = difflib.unified_diff(
                self.was["en"].splitlines(),
                self.english.splitlines(),
                "earlier English",
                "English now",
                lineterm="",
                n=1,
            )
            lines += ["  What changed in the English:"] + ["    " + line for line in list(diff)[2:]]
            lines += ["  Earlier translation:"] + ["    " + line for line in self.was["zh"].splitlines()]
        return "\n".join(lines)


@dataclass
class Report:
    todos: list[Todo] = field(default_factory=list)
    stale_files: list[str] = field(default_factory=list)  # generated files that differ from a fresh build


def retired_now(catalog_dir: Path = CATALOG_DIR, en_dir: Path | None = None) -> dict[str, set[str]]:
    """``catalog/retired.yaml`` with the translations the next sync retires (entries matching no cell)."""
    retired = load_retired(catalog_dir)
    for notebook in english_notebooks(en_dir or catalog_dir.parent.parent):
        entries = load_catalog(catalog_path(notebook, catalog_dir))
        for en, zh_id in retired_pairs(obsolete_entries(read_notebook(notebook), entries)):
            retired.setdefault(zh_id, set()).add(en)
    return retired


def todos_for(
    notebook: Path, catalog_dir: Path = CATALOG_DIR, retired: dict[str, set[str]] | None = None
) -> list[Todo]:
    """Every markdown cell of ``notebook`` without a current translation (new, changed, left empty or an
    earlier translation pasted back)."""
    retired = retired_now(catalog_dir, notebook.parent) if retired is None else retired
    nb = read_notebook(notebook)
    entries = synced_entries(nb, load_catalog(catalog_path(notebook, catalog_dir)))
    by_hash = {entry["hash"]: entry for entry in entries}
    return [
        Todo(
            notebook.name,
            cell.index,
            cell.hash,
            cell.source,
            by_hash[cell.hash].get("was"),
            pasted_back(by_hash[cell.hash], retired),
        )
        for cell in markdown_cells(nb)
        if not _is_current(by_hash[cell.hash], retired)
    ]


def generate(
    notebook: Path, siblings: set[str], catalog_dir: Path = CATALOG_DIR, retired: dict[str, set[str]] | None = None
) -> tuple[str, str]:
    """(catalog text, Chinese notebook text) for one English notebook, computed without writing anything."""
    retired = retired_now(catalog_dir, notebook.parent) if retired is None else retired
    nb = read_notebook(notebook)
    entries = synced_entries(nb, load_catalog(catalog_path(notebook, catalog_dir)))
    zh_nb = build_notebook(nb, entries, notebook.name, siblings, retired)
    return dump_catalog(notebook.name, entries), notebook_text(zh_nb)


def run(en_dir: Path = EN_DIR, zh_dir: Path = ZH_DIR, catalog_dir: Path | None = None, write: bool = True) -> Report:
    """Sync every catalog and (with ``write``) write the Chinese notebooks; report what is left."""
    catalog_dir = catalog_dir or zh_dir / "catalog"
    notebooks = english_notebooks(en_dir)
    siblings = {path.name for path in notebooks}
    report = Report()
    retired = retired_now(catalog_dir, en_dir)
    retired_path = catalog_dir / RETIRED_FILE
    if retired or retired_path.exists():
        text = dump_retired(retired)
        if not retired_path.exists() or retired_path.read_text(encoding="utf-8") != text:
            if write:
                retired_path.parent.mkdir(parents=True, exist_ok=True)
                retired_path.write_text(text, encoding="utf-8")  # before the catalogs drop what it records
            else:
                report.stale_files.append(str(retired_path))
    for notebook in notebooks:
        catalog_text, zh_text = generate(notebook, siblings, catalog_dir, retired)
        targets = [(catalog_path(notebook, catalog_dir), catalog_text), (zh_dir / notebook.name, zh_text)]
        for path, text in targets:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                if write:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_text(text, encoding="utf-8")
                else:
                    report.stale_files.append(str(path))
        report.todos += todos_for(notebook, catalog_dir, retired)
    if write:
        for orphan in sorted(set(zh_dir.glob(NOTEBOOK_GLOB)) - {zh_dir / name for name in siblings}):
            orphan.unlink()  # the English notebook was renamed or removed
    return report


def summary(report: Report) -> str:
    if not report.todos:
        return "Every markdown cell has a current translation."
    per = {}
    for todo in report.todos:
        per[todo.notebook] = per.get(todo.notebook, 0) + 1
    listing = ", ".join(f"{name} {count}" for name, count in per.items())
    return (
        f"{len(report.todos)} markdown cell(s) without a current translation ({listing}).\n"
        "To translate: `make zh` (adds an entry with an empty `zh` for each, with the earlier translation "
        "under `was`), fill in `zh` in notebooks/zh/catalog/NN_name.yaml, then `make zh` again. "
        "Details: `python tools/zh_edition.py --todo`."
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="write nothing; exit 1 if anything is untranslated or stale")
    mode.add_argument("--todo", action="store_true", help="list the cells without a current translation")
    parser.add_argument("--brief", action="store_true", help="with --todo: no diffs or earlier translations")
    args = parser.parse_args(argv)

    if args.todo:
        report = run(write=False)
        for todo in report.todos:
            print(todo.describe(full=not args.brief), end="\n\n")
        print(summary(report))
        return 0
    if args.check:
        report = run(write=False)
        for path in report.stale_files:
            print(f"out of date: {path} (run `make zh`)")
        print(summary(report))
        return 1 if report.todos or report.stale_files else 0
    report = run(write=True)
    print(f"wrote {ZH_DIR.relative_to(ROOT)}/ ({len(english_notebooks())} notebooks) and their catalogs")
    print(summary(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
