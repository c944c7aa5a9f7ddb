"""How well does the chat assistant answer what citizens ask? Runs the hand-written questions
of benchmarks/chat_questions.json through the conversation engine (chat.engine.respond), a
fresh web conversation per question, on the demo catalogue, and prints the share answered
correctly and the misses.

    python benchmarks/chat_eval.py            # share correct, and every miss with its reply
    python benchmarks/chat_eval.py --quiet    # the figure only

Each question names its MPP ("maros", "ngawi"), optionally its language ("en"), and the facts
its answer must contain:
  "@service:<slug>"  the reply cites that service's page (its URL);
  "@unknown"         the reply says plainly it does not know (and cites no service);
  any other text     must appear in the reply as written (a requirement, a fee, hours, …).

The catalogue is the demo catalogue, loaded into a throw-away SQLite database. The clock is
fixed (EVAL_NOW: a Wednesday morning, both MPPs open), so the figure does not depend on when
it runs. Nothing is written: the conversations are rolled back.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

QUESTIONS = Path(__file__).with_name("chat_questions.json")
# Wednesday 18 November 2026, 10:00 in Maros (WITA) and 09:00 in Ngawi (WIB).
EVAL_NOW = dt.datetime(2026, 11, 18, 2, 0, tzinfo=dt.timezone.utc)
# Words of the "don't know" reply (chat/answers.py unknown_reply), in each language.
UNKNOWN_MARKERS = ("saya tidak menemukan jawabannya", "could not find the answer")


@dataclass(frozen=True)
class Question:
    site: str
    text: str
    expect: tuple[str, ...]
    language: str = "id"


@dataclass
class Outcome:
    total: int = 0
    correct: int = 0
    misses: list[tuple[Question, str, list[str]]] = field(default_factory=list)

    @property
    def share(self) -> float:
        return self.correct / self.total if self.total else 0.0


def load_questions(path: Path = QUESTIONS) -> list[Question]:
    return [Question(q["site"], q["text"], tuple(q["expect"]), q.get("language", "id"))
            for q in json.loads(path.read_text(encoding="utf-8"))]


def missing_facts(question: Question, reply: str, site_slug: str) -> list[str]:
    """The expected facts the reply lacks (empty: answered correctly)."""
    folded = reply.casefold()
    missing = []
    for fact in question.expect:
        if fact == "@unknown":
            # The service list link (/layanan/) is allowed; a service page is not.
            if not any(m in folded for m in UNKNOWN_MARKERS) or \
                    f"/{site_slug}/layanan/" in folded.replace(f"/{site_slug}/layanan/\n", ""):
                missing.append(fact)
        elif fact.startswith("@service:"):
            if f"/{site_slug}/layanan/{fact.split(':', 1)[1]}".casefold() not in folded:
                missing.append(fact)
        elif fact.casefold() not in folded:
            missing.append(fact)
    return missing


def ask(site, question: Question, now: dt.datetime) -> str:
    """One question in a fresh web conversation (flushed, never committed)."""
    import secrets

    from mpp_lite.chat import conversations
    from mpp_lite.chat.engine import Turn, respond

    conversation = conversations.get_or_create(
        "web", conversations.web_address(secrets.token_urlsafe(16)),
        language=question.language, now=now)
    conversation.site_id = site.id
    return respond(Turn(text=question.text, channel="web", conversation=conversation,
                        now=now)).text


def evaluate(questions: list[Question], now: dt.datetime = EVAL_NOW) -> Outcome:
    """Run the questions in the current app and request context; rolls back what it wrote."""
    import sqlalchemy as sa

    from mpp_lite.extensions import db
    from mpp_lite.models import Site

    sites = {s.slug: s for s in db.session.scalars(sa.select(Site))}
    outcome = Outcome()
    try:
        for question in questions:
            reply = ask(sites[question.site], question, now)
            missing = missing_facts(question, reply, question.site)
            outcome.total += 1
            if missing:
                outcome.misses.append((question, reply, missing))
            else:
                outcome.correct += 1
    finally:
        db.session.rollback()
    return outcome


def run_on_demo(questions: list[Question]) -> Outcome:
    from mpp_lite import create_app
    from mpp_lite.demo_seed import seed_demo
    from mpp_lite.extensions import db

    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"TESTING": True, "SECRET_KEY": "benchmark", "AUTO_SETUP": False,
                          "SERVER_NAME": "mpp.example", "RATELIMIT_ENABLED": False,
                          "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/chat.sqlite3"})
        with app.app_context():
            db.create_all()
            seed_demo()
            db.session.commit()
            with app.test_request_context("/"):
                outcome = evaluate(questions)
            db.session.remove()
            db.engine.dispose()
    return outcome


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quiet", action="store_true", help="print the figure only")
    args = parser.parse_args(argv)
    outcome = run_on_demo(load_questions())
    if not args.quiet:
        for question, reply, missing in outcome.misses:
            print(f"MISS [{question.site}/{question.language}] {question.text!r}: "
                  f"lacks {missing}")
            print("    " + reply.replace("\n", "\n    "))
    print(f"{outcome.correct}/{outcome.total} answered correctly ({outcome.share:.1%})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
