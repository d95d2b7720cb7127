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

# What only the tests need (scripts/test.sh calls these): a browser and axe-core. Where they cannot
# be installed, the browser tests are skipped on a developer's machine; in CI (CI=true) that fails.
_test_tool_missing() {
  echo "$1" >&2
  [ "${CI:-}" != "true" ]
}

# Debian's Chromium (Playwright's own browser download cannot run here) and fonts for the PDFs.
ensure_browser() {
  local chromium="${FORLOEB_CHROMIUM:-/usr/bin/chromium}"
  if [ -x "$chromium" ] && [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then
    return 0
  fi
  echo "Installerer Chromium og DejaVu-skrifter til browsertestene ..."
  if ! command -v apt-get >/dev/null 2>&1 || ! apt_install chromium fonts-dejavu || [ ! -x "$chromium" ]; then
    _test_tool_missing "Chromium ($chromium) mangler og kunne ikke installeres: apt-get install chromium fonts-dejavu"
  fi
}

# axe-core for the accessibility tests and yaml-language-server for the editor tests, pinned in
# package-lock.json; reinstalled when the lock changes.
ensure_node_modules() {
  local stamp="$ROOT/node_modules/.forloeb-lock" want
  want="$(sha256sum "$ROOT/package-lock.json" | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    return 0
  fi
  if ! command -v npm >/dev/null 2>&1; then
    _test_tool_missing "npm mangler, så axe-core og yaml-language-server kan ikke installeres: installer Node.js med npm og kør igen"
    return
  fi
  echo "Installerer axe-core og yaml-language-server (npm ci) ..."
  (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$want" > "$stamp"
}
