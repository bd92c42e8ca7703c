"""The package's boundaries (issue 13, "Clean boundaries"): kizuna/store persists and answers
queries, it never imports the clustering that decides (kizuna.cluster); the web application
reads through kizuna.query, never the store's read modules (browse, partners, ...). Checked on
the source's import statements (the AST), so a lazy import inside a function counts too."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "kizuna"


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import in one file of the kizuna package, relative
    imports resolved against the file's own package; `from X import a` also yields X.a."""
    here = path.relative_to(PACKAGE.parent).with_suffix("").parts
    package = here[:-1]   # a module's package, and an __init__'s own
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else ()
            module = ".".join((*base, *(node.module.split(".") if node.module else ())))
            found.append((node.lineno, module))
            found += [(node.lineno, f"{module}.{alias.name}") for alias in node.names]
    return found


def offending(folder: str, forbidden: str) -> list[str]:
    """`file:line` of every import of `forbidden` (or a module inside it) under kizuna/`folder`."""
    out = set()
    for path in sorted((PACKAGE / folder).rglob("*.py")):
        for line, module in imported_modules(path):
            if module == forbidden or module.startswith(forbidden + "."):
                out.add(f"{path.relative_to(PACKAGE.parent)}:{line}")
    return sorted(out)


def test_the_store_never_imports_the_clustering() -> None:
    assert offending("store", "kizuna.cluster") == []


@pytest.mark.parametrize("reader", ["kizuna.store.browse", "kizuna.store.partners", "kizuna.store.clusters",
                                    "kizuna.store.sql"])
def test_the_web_application_reads_through_query_not_the_stores_modules(reader: str) -> None:
    """The pages and the API ask kizuna.query (kizuna.query.browse for lists page by page), as the CLI does."""
    assert offending("web", reader) == []


@pytest.mark.parametrize(("source", "line"), [
    ("from ..cluster import place\n", 1),
    ("from .. import cluster\n", 1),
    ("import kizuna.cluster.minhash\n", 1),
    ("def later():\n    from ..cluster.dates import full\n", 2),   # a lazy import counts too
    ("from .clusters import ClusterTables\n", None),   # kizuna.store.clusters: the store's own SQL
    ("from ..text import fold_name\n", None),
])
def test_the_check_sees_every_form_of_import(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, source: str,
                                             line: int | None) -> None:
    """A check that cannot fail proves nothing: each spelling of the import is caught, and
    the store's own modules are not mistaken for it."""
    fake = tmp_path / "kizuna"
    (fake / "store").mkdir(parents=True)
    (fake / "store" / "__init__.py").write_text("")
    (fake / "store" / "bad.py").write_text(source)
    monkeypatch.setattr(f"{__name__}.PACKAGE", fake)
    assert offending("store", "kizuna.cluster") == ([f"kizuna/store/bad.py:{line}"] if line else [])
