#!/usr/bin/env bash
# Build and serve the site from the shipped pathways at http://127.0.0.1:8000 (reloads on edits).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$ROOT"
exec mkdocs serve --strict --dev-addr 127.0.0.1:8000 "$@"
