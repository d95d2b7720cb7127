#!/usr/bin/env bash
# Build the site into site/ (installs what it needs first); a failed build keeps the old site.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$ROOT"
exec python scripts/build.py "$@"
