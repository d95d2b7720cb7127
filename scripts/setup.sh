#!/usr/bin/env bash
# Shared set-up for scripts/serve.sh and scripts/test.sh: a virtualenv with the pinned packages
# and the system Graphviz. Safe to run again; it only installs what is missing or changed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${FORLOEB_VENV:-$ROOT/.venv}"
PYTHON="${PYTHON:-python3}"

apt_install() {
  local packages=("$@")
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null
  elif command -v sudo >/dev/null 2>&1; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null
  else
    echo "Mangler ${packages[*]}: installer dem med din pakkehåndtering (Debian/Ubuntu: apt-get install ${packages[*]})." >&2
    return 1
  fi
}

if ! command -v dot >/dev/null 2>&1; then
  echo "Installerer Graphviz (dot) ..."
  if ! command -v apt-get >/dev/null 2>&1 || ! apt_install graphviz; then
    echo "Graphviz (dot) er ikke installeret og kunne ikke installeres automatisk." >&2
    echo "Installer Graphviz fra https://graphviz.org/download/ og kør kommandoen igen." >&2
    exit 1
  fi
fi

if [ ! -x "$VENV/bin/python" ]; then
  echo "Opretter virtualenv i $VENV ..."
  "$PYTHON" -m venv "$VENV"
fi

# Reinstall only when requirements.txt or pyproject.toml changed since the last install.
stamp="$VENV/.forloeb-installed"
want="$(cat "$ROOT/requirements.txt" "$ROOT/pyproject.toml" | sha256sum | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "Installerer Python-pakker ..."
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check -r "$ROOT/requirements.txt"
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check --no-deps -e "$ROOT"
  echo "$want" > "$stamp"
fi

export PATH="$VENV/bin:$PATH"
export NO_MKDOCS_2_WARNING=1
