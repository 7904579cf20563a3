#!/usr/bin/env bash
# Creates bench/.venv-clv with lifetimes 0.11.3 (the CLV reference implementation).
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${PYTHON:-python3.11}
[ -x bench/.venv-clv/bin/python ] || "$PY" -m venv bench/.venv-clv
# keep the venv out of git whatever the top-level .gitignore says
echo '*' > bench/.venv-clv/.gitignore
bench/.venv-clv/bin/pip install -q -r bench/clv/requirements.txt
bench/.venv-clv/bin/python -c "import lifetimes; print('lifetimes', lifetimes.__version__)"
