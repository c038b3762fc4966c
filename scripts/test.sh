#!/usr/bin/env bash
# `make test`: install what is missing and run the whole suite (browser tests included), on
# PostgreSQL and Redis when they answer on localhost. With CI=true they must answer.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh --test

PY=.venv/bin/python
reachable() { $PY - "$1" "$2" <<'PY'
import socket, sys
try:
    socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=2).close()
except OSError:
    sys.exit(1)
PY
}

# Each checkout gets its own database name and Redis database so that two checkouts on one
# machine can run their suites side by side.
slug=$(pwd | sha1sum | cut -c1-8)
if [ -z "${DATABASE_URL:-}" ]; then
  if reachable 127.0.0.1 5432; then
    export DATABASE_URL="postgres://postgres@127.0.0.1:5432/tiaojie_${slug}"
  elif [ "${CI:-}" = "true" ]; then
    echo "CI=true but PostgreSQL does not answer on 127.0.0.1:5432" >&2; exit 1
  else
    echo "PostgreSQL is not reachable: running on SQLite (some tests are skipped)." >&2
  fi
fi
if [ -z "${REDIS_URL:-}" ]; then
  if reachable 127.0.0.1 6379; then
    export REDIS_URL="redis://127.0.0.1:6379/$(( 0x${slug:0:2} % 14 + 1 ))"
  elif [ "${CI:-}" = "true" ]; then
    echo "CI=true but Redis does not answer on 127.0.0.1:6379" >&2; exit 1
  else
    echo "Redis is not reachable: the worker integration tests are skipped." >&2
  fi
fi
export CACHE_KEY_PREFIX="test-${slug}"

exec $PY -m pytest "$@"
