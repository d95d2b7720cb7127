#!/usr/bin/env bash
# The mutation check of forloeb/ (README, Tests): `bash scripts/mutation.sh [--fresh] [MODUL...]`.
# Incremental: only changed functions and the mutants still alive are tested again. Prints the score.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$ROOT"
python scripts/mutation.py "$@"
