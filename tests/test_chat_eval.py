"""The assistant's evaluation (benchmarks/chat_eval.py) on the demo database: at least 90 % of
the hand-written questions answered with the facts they need."""
from __future__ import annotations

from benchmarks.chat_eval import EVAL_NOW, Question, evaluate, load_questions, missing_facts


def test_question_set_is_large_and_varied():
    questions = load_questions()
    assert len(questions) >= 200
    assert {q.site for q in questions} == {"maros", "ngawi"}
    assert sum(q.language == "en" for q in questions) >= 15
    assert sum("@unknown" in q.expect for q in questions) >= 20
    assert len({(q.site, q.text) for q in questions}) == len(questions)


def test_at_least_90_percent_answered_correctly(demo_app):
    with demo_app.test_request_context("/"):
        outcome = evaluate(load_questions(), EVAL_NOW)
    misses = "\n".join(f"{q.text!r}: {missing}" for q, _reply, missing in outcome.misses)
    assert outcome.total >= 200
    assert outcome.share >= 0.9, misses


def test_the_scoring_can_fail(demo_app):
    wrong = [Question("maros", "skck bayar berapa", ("Rp999.999",)),
             Question("maros", "skck bayar berapa", ("@service:paspor-baru",)),
             Question("maros", "skck bayar berapa", ("@unknown",)),
             Question("maros", "harga emas hari ini", ("@service:skck-baru",))]
    with demo_app.test_request_context("/"):
        outcome = evaluate(wrong, EVAL_NOW)
    assert outcome.correct == 0 and len(outcome.misses) == 4
    assert missing_facts(Question("maros", "x", ("Gratis", "@unknown")), "Biaya: Gratis",
                         "maros") == ["@unknown"]
