"""Build the site atomically: `python scripts/build.py [--site-dir site]` (exit 1 on failure)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from publish import build

ROOT = Path(__file__).resolve().parent.parent

if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description="Byg sitet og udskift det publicerede site, kun hvis bygningen lykkes."
    )
    parser.add_argument("--site-dir", type=Path, default=ROOT / "site", help="publiceret site (standard: site/)")
    args = parser.parse_args()
    sys.exit(build(ROOT, args.site_dir))
