"""`make bench [WORKLOAD=W9]`: run one workload of ../shared/BENCHMARKS.md, or every one found.

A workload is a module `bench/w<N>_<name>.py` with `run(argv) -> dict` (the result, bounded in time
and requests, talking to 127.0.0.1 only) and `summary(result) -> str` (one line). Each run writes
its JSON result to bench/results/<id>-<UTC time>.json (git-ignored) and prints the summary line.
Extra arguments after the workload go to its `run` (`python -m bench.run W9 --members 2000`).
"""

import datetime
import importlib
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
MODULE = re.compile(r"w(\d+)_\w+\.py")


def workloads() -> dict[str, str]:
    """{"W9": "bench.w9_notices", …}: every workload module in this folder, by number."""
    found = {}
    for path in sorted(HERE.glob("w*_*.py")):
        match = MODULE.fullmatch(path.name)
        if match:
            found[f"W{int(match.group(1))}"] = f"bench.{path.stem}"
    return dict(sorted(found.items(), key=lambda item: int(item[0][1:])))


def run_one(workload: str, module_name: str, argv: list[str]) -> dict:
    module = importlib.import_module(module_name)
    started = datetime.datetime.now(datetime.UTC)
    result = {"workload": workload, "started_at": started.isoformat(timespec="seconds")}
    result |= module.run(argv)
    result["summary"] = module.summary(result)
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{workload}-{started:%Y%m%dT%H%M%SZ}.json"
    path.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    print(result["summary"], flush=True)
    print(f"  result: {path.relative_to(HERE.parent)}", flush=True)
    return result


def main(argv: list[str]) -> int:
    known = workloads()
    wanted = (argv[0] if argv else "all").upper()
    if wanted == "ALL":
        chosen = list(known)
    elif wanted in known:
        chosen = [wanted]
    else:
        print(f"unknown workload {wanted!r}; known: {', '.join(known) or 'none'}", file=sys.stderr)
        return 2
    failed = 0
    for workload in chosen:
        result = run_one(workload, known[workload], argv[1:] if len(chosen) == 1 else [])
        failed += not result.get("passed", True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parent))
    sys.exit(main(sys.argv[1:]))
