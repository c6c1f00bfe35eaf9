# Sourced by scripts/demo and scripts/test: make .venv with the project installed, and node_modules with the web
# assets (NL Design System CSS, axe-core) from the npm registry, each once per change of its manifest.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PYTHON=${PYTHON:-python3}
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "Open Inburgering needs Python 3.11 or newer; found $("$PYTHON" --version 2>&1)" >&2
  exit 2
fi
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
stamp=.venv/.installed-$(cat pyproject.toml | sha256sum | cut -c1-16)-$1
if [ ! -f "$stamp" ]; then
  echo "Installing Open Inburgering and its dependencies into .venv …"
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e ".[$1]"
  rm -f .venv/.installed-*
  touch "$stamp"
fi
if ! command -v npm >/dev/null; then
  echo "The web pages need npm (Node.js) to fetch the NL Design System CSS; install Node.js 18 or newer." >&2
  exit 2
fi
npm_stamp=node_modules/.installed-$(cat package-lock.json | sha256sum | cut -c1-16)
if [ ! -f "$npm_stamp" ]; then
  echo "Installing the web assets (NL Design System, axe-core) into node_modules …"
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
  touch "$npm_stamp"
fi
export PATH="$PWD/.venv/bin:$PATH"
