"""How well does search answer what citizens type? Top-1, top-3 and precision on a hand-written
query set (benchmarks/search_queries.tsv), overall and per group, for the built-in stemmer and,
when installed, PySastrawi (the reference Indonesian stemmer).

    python benchmarks/search_quality.py             # both stemmers (Sastrawi if installed)
    python benchmarks/search_quality.py --misses    # also list the queries that miss

top-1      the first service found is one of the query's relevant services
top-3      one of the first three in the ranking is relevant
precision  of all services shown as "found" (not "might also fit"), the share that is relevant
found      the average number of services shown as found

The catalogue is the demo catalogue, loaded into a throw-away SQLite database and indexed
exactly as the app does (mpp_lite.catalog.services). PySastrawi is optional here: without it the
script measures the built-in stemmer and says so.
"""
from __future__ import annotations

import argparse
import csv
import os
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

QUERIES = Path(__file__).with_name("search_queries.tsv")


@dataclass(frozen=True)
class Query:
    site: str
    group: str
    text: str
    relevant: tuple[str, ...]


@dataclass
class Score:
    queries: int = 0
    top1: int = 0
    top3: int = 0
    found: int = 0          # services shown as found, over all queries
    found_relevant: int = 0

    def add(self, other: "Score") -> None:
        for name in ("queries", "top1", "top3", "found", "found_relevant"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def precision(self) -> float:
        return self.found_relevant / self.found if self.found else 0.0

    def row(self, label: str) -> str:
        n = max(1, self.queries)
        return (f"{label:<10} {self.queries:>4} {self.top1 / n:>7.1%} {self.top3 / n:>7.1%} "
                f"{self.precision:>10.1%} {self.found / n:>6.1f}")


def load_queries(path: Path = QUERIES) -> list[Query]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    rows = list(csv.DictReader(lines, delimiter="\t"))
    return [Query(r["site"], r["group"], r["query"],
                  tuple(s.strip() for s in r["relevant"].split(",") if s.strip())) for r in rows]


def demo_documents() -> dict[str, list]:
    """The demo catalogue's search documents per site, from a throw-away SQLite database."""
    from mpp_lite import create_app
    from mpp_lite.demo_seed import seed_demo
    from mpp_lite.extensions import db

    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"TESTING": True, "SECRET_KEY": "benchmark", "AUTO_SETUP": False,
                          "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite3"})
        with app.app_context():
            db.create_all()
            seed_demo()
            documents = database_documents()
            db.session.remove()
            db.engine.dispose()
    return documents


def database_documents() -> dict[str, list]:
    """Search documents per site of the database of the current app context, keyed by slug
    and built exactly as the app builds its index."""
    import sqlalchemy as sa

    from mpp_lite.catalog import services
    from mpp_lite.extensions import db
    from mpp_lite.models import Service, Site

    documents = {}
    for site in db.session.scalars(sa.select(Site)):
        slugs = dict(db.session.execute(
            sa.select(Service.id, Service.slug).where(Service.site_id == site.id)).all())
        documents[site.slug] = [_slug_keyed(doc, slugs[doc.key])
                                for doc in services.search_documents(site)]
    return documents


def _slug_keyed(doc, slug: str):
    from dataclasses import replace

    return replace(doc, key=slug)


def evaluate(documents: dict[str, list], queries: Iterable[Query],
             misses: list[str] | None = None) -> dict[str, Score]:
    """Scores per group (and "overall") with the analyser as it is configured now."""
    from mpp_lite.catalog.search import SearchIndex

    indexes = {site: SearchIndex(docs) for site, docs in documents.items()}
    scores: dict[str, Score] = defaultdict(Score)
    for query in queries:
        index = indexes[query.site]
        ranking = [hit.key for hit in index.search(query.text)]
        found = [hit.key for hit in index.find(query.text).found]
        relevant = set(query.relevant)
        score = Score(queries=1, top1=int(bool(found) and found[0] in relevant),
                      top3=int(bool(relevant & set(ranking[:3]))), found=len(found),
                      found_relevant=len(relevant & set(found)))
        scores[query.group].add(score)
        scores["overall"].add(score)
        if misses is not None and (not score.top1 or score.found > score.found_relevant):
            misses.append(f"  [{query.group}] {query.text!r}: found {found[:6]}, "
                          f"ranked {ranking[:3]}, want {list(query.relevant)}")
    return dict(scores)


def sastrawi_stemmer() -> Callable[[str], str] | None:
    try:
        from Sastrawi.Stemmer.StemmerFactory import StemmerFactory
    except ImportError:
        return None
    stemmer = StemmerFactory().create_stemmer()
    return stemmer.stem


def compare(documents: dict[str, list], queries: list[Query],
            show_misses: bool = False) -> dict[str, dict[str, Score]]:
    from mpp_lite.catalog.search import use_stemmer

    results: dict[str, dict[str, Score]] = {}
    candidates: list[tuple[str, Callable[[str], str] | None]] = [("built-in", None)]
    sastrawi = sastrawi_stemmer()
    if sastrawi is None:
        print("PySastrawi is not installed (pip install PySastrawi): measuring the built-in "
              "stemmer only.\n")
    else:
        candidates.append(("PySastrawi", sastrawi))
    try:
        for name, stemmer in candidates:
            use_stemmer(stemmer)
            misses: list[str] | None = [] if show_misses else None
            results[name] = evaluate(documents, queries, misses)
            _print(name, results[name])
            if misses:
                print("Misses and imprecise lists:")
                print("\n".join(misses))
                print()
    finally:
        use_stemmer(None)
    return results


def _print(name: str, scores: dict[str, Score]) -> None:
    print(f"Stemmer: {name}")
    print(f"{'group':<10} {'n':>4} {'top-1':>7} {'top-3':>7} {'precision':>10} {'found':>6}")
    for group in sorted(g for g in scores if g != "overall"):
        print(scores[group].row(group))
    print(scores["overall"].row("overall"))
    print()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list queries that miss")
    args = parser.parse_args(argv)
    os.environ.setdefault("MPP_RATELIMIT_ENABLED", "false")
    queries = load_queries()
    print(f"{len(queries)} hand-written queries from {QUERIES.relative_to(ROOT)}\n")
    compare(demo_documents(), queries, args.misses)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
