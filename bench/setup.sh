#!/usr/bin/env bash
# Install the benchmark peers into local virtual environments, from the pinned requirement
# files. Idempotent: a venv whose requirements file has not changed since its last install
# (sha256 stamp inside the venv) is left alone.
#
#   bench/.venv      bench/requirements.txt      pandas, DuckDB, scikit-learn, mlxtend, pyfim, implicit
#   bench/.venv-clv  bench/requirements-clv.txt  lifetimes (the CLV reference stack)
#
# PYTHON selects the interpreter (default python3; the results were made with 3.11).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}

make_venv() {
  local dir=$1 req=$2 want
  want=$(sha256sum "$req" | cut -c1-64)
  if [ -x "$dir/bin/python" ] && [ "$(cat "$dir/.requirements.sha256" 2>/dev/null)" = "$want" ]; then
    return
  fi
  echo "setting up $dir from $req" >&2
  [ -x "$dir/bin/python" ] || "$PY" -m venv "$dir"
  # `python -m pip`, not bin/pip: a venv copied from elsewhere keeps its old pip shebang
  "$dir/bin/python" -m pip install -q --disable-pip-version-check -r "$req"
  echo "$want" >"$dir/.requirements.sha256"
}

make_venv bench/.venv bench/requirements.txt
make_venv bench/.venv-clv bench/requirements-clv.txt
