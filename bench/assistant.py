"""Assistant benchmark: index build time and answer latency on the demo catalog (pure engine).

    python bench/assistant.py [--quick] [--catalog FILE] [--questions FILE] [--scale N]

Prints `BENCH assistant_index_build_ms <v> ms` and `BENCH assistant_p95_ms <v> ms`.
--scale N also builds an index of N synthetic procedures (demo procedures copied with
distinct codes and a distinct word in each name, so segmentation cannot reuse its cache).
"""

import argparse
import copy
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from motcua.assistant.ask import ask  # noqa: E402
from motcua.assistant.index import index_build  # noqa: E402

DEMO_CATALOG = ROOT / "motcua" / "procedures" / "demo" / "catalog.json"
QUESTIONS = ROOT / "motcua" / "assistant" / "eval" / "questions.json"
_SYLLABLES = ["an", "bình", "phú", "hòa", "tân", "long", "thạnh", "mỹ", "đông", "tây", "nam"]


def _synthetic(catalog: dict, size: int) -> dict:
    base = catalog["procedures"]
    procedures = []
    for i in range(size):
        p = copy.deepcopy(base[i % len(base)])
        p["code"] = f"9.{i:06d}"
        tag = f"{_SYLLABLES[i % len(_SYLLABLES)]} {_SYLLABLES[(i // len(_SYLLABLES)) % len(_SYLLABLES)]}"
        p["name"] = f"{p['name']} khu {tag} {i}"
        procedures.append(p)
    return {**catalog, "procedures": procedures}


def _build_ms(catalog: dict, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        index_build(catalog)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--catalog", default=str(DEMO_CATALOG))
    parser.add_argument("--questions", default=str(QUESTIONS))
    parser.add_argument("--scale", type=int, default=0)
    args = parser.parse_args()
    catalog = json.loads(Path(args.catalog).read_text(encoding="utf-8"))
    questions = json.loads(Path(args.questions).read_text(encoding="utf-8"))

    started = time.perf_counter()
    index = index_build(catalog)  # first build also loads underthesea's model
    cold_ms = (time.perf_counter() - started) * 1000
    build_ms = _build_ms(catalog, 3 if args.quick else 10)

    asks = 300 if args.quick else 2000
    for item in questions[:20]:  # warm caches (phrase tokens, rapidfuzz)
        ask(index, item["question"], mode=item.get("mode", "citizen"))
    latencies = []
    for i in range(asks):
        item = questions[i % len(questions)]
        started = time.perf_counter()
        ask(index, item["question"], mode=item.get("mode", "citizen"))
        latencies.append((time.perf_counter() - started) * 1000)
    latencies.sort()
    p50 = latencies[len(latencies) // 2]
    p95 = latencies[int(len(latencies) * 0.95) - 1]
    print(f"procedures: {len(catalog['procedures'])}  questions: {len(questions)}  asks: {asks}")
    print(f"index build (cold, first in process): {cold_ms:.1f} ms")
    print(f"answer p50: {p50:.2f} ms  max: {latencies[-1]:.2f} ms")
    if args.scale:
        big = _synthetic(catalog, args.scale)
        big_ms = _build_ms(big, 1 if args.quick else 3)
        big_index = index_build(big)
        big_lat = []
        for i in range(300):
            item = questions[i % len(questions)]
            started = time.perf_counter()
            ask(big_index, item["question"], mode=item.get("mode", "citizen"))
            big_lat.append((time.perf_counter() - started) * 1000)
        big_lat.sort()
        print(f"BENCH assistant_index_build_{args.scale}_ms {big_ms:.1f} ms")
        print(f"BENCH assistant_p95_{args.scale}_ms {big_lat[int(len(big_lat) * 0.95) - 1]:.2f} ms")
    print(f"BENCH assistant_index_build_ms {build_ms:.1f} ms")
    print(f"BENCH assistant_p95_ms {p95:.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
