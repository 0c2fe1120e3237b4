#!/usr/bin/env bash
# Re-resolve the dependency ranges in pyproject.toml (runtime + dev) in a scratch virtualenv and
# write the exact versions to requirements.lock. Review the diff, run `make test`, commit both.
set -euo pipefail
cd "$(dirname "$0")/.."
python="$(.venv/bin/python -c 'import sys; print(sys.executable)' 2>/dev/null || true)"
if [ -z "$python" ]; then
    echo "lock: run scripts/bootstrap.sh first (it finds a Python >= 3.12)" >&2
    exit 1
fi
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
"$python" -m venv "$scratch/venv"
"$scratch/venv/bin/pip" install --quiet --disable-pip-version-check "setuptools>=75"
"$scratch/venv/bin/pip" install --quiet --disable-pip-version-check -e ".[dev]"
{
    echo "# Exact versions tested together (pip freeze format). Regenerate: make lock"
    "$scratch/venv/bin/pip" freeze --all --exclude-editable | grep -v -e '^pip==' -e '^gongkai'
} > requirements.lock
echo "lock: wrote requirements.lock ($(($(wc -l < requirements.lock) - 1)) packages)"
