"""Load and check one repository in a process of its own, for the benchmark's growth figure:
`python scripts/benchmark_check.py REPO [SIMILARITY]` prints JSON with the seconds and the maximum RSS.

Run apart from the benchmark, the larger repository's memory does not land on top of the smaller
one's, and its figures are its own.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

from forloeb.load.catalog import load_catalog
from forloeb.overlap.check import DEFAULT_SIMILARITY, Limits, analyse


def main(argv: list[str]) -> int:
    repo = Path(argv[0])
    similarity = float(argv[1]) if len(argv) > 1 else DEFAULT_SIMILARITY
    start = time.perf_counter()
    catalog = load_catalog(repo)
    loaded = time.perf_counter()
    analyse(catalog, Limits(similarity=similarity))
    done = time.perf_counter()
    rss = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    figures = {
        "pathways": len(catalog.forloeb),
        "documents": len(catalog.d4),
        "load_s": round(loaded - start, 3),
        "check_s": round(done - loaded, 3),
        "max_rss_mib": round(rss / 1024, 1),  # KiB on Linux
    }
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
