"""Print top-1 / top-3 procedure accuracy, fact accuracy and the failures; exit 0."""

import argparse
import sys
from pathlib import Path

from motcua.assistant.eval.harness import evaluate, load_json

HERE = Path(__file__).resolve().parent
DEFAULT_CATALOG = HERE.parents[1] / "procedures" / "demo" / "catalog.json"
DEFAULT_QUESTIONS = HERE / "questions.json"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m motcua.assistant.eval")
    parser.add_argument("--catalog", default=str(DEFAULT_CATALOG))
    parser.add_argument("--questions", default=str(DEFAULT_QUESTIONS))
    parser.add_argument("--quiet", action="store_true", help="summary only")
    args = parser.parse_args(argv)
    report = evaluate(load_json(args.catalog), load_json(args.questions))
    print(f"catalog: {args.catalog}\nquestions: {args.questions}")
    print(report.summary())
    failures = report.failures()
    if failures and not args.quiet:
        print(f"\nfailures ({len(failures)}):")
        for o in failures:
            q = o.question
            marks = []
            if not o.top1:
                marks.append(f"top-1 {o.codes[:1]} expected {q.get('expected_codes')}")
            if o.intent_ok is False:
                marks.append(f"intent {o.intent} expected {q.get('expected_intent')}")
            if o.fact is False:
                marks.append(f"fact {q.get('expected_fact')!r} missing")
            sure = "" if o.confident else " (unsure)"
            print(f"- {q['question']!r}{sure}: " + "; ".join(marks))
    return 0


if __name__ == "__main__":
    sys.exit(main())
