#!/usr/bin/env bash
# Refresh zh_Hans catalogues after changing user-visible strings, then translate the new
# entries (empty msgstr) and commit the .po files. `make test` fails on any left empty.
#   scripts/messages.sh              every catalogue (project locale/ and each app's locale/)
#   scripts/messages.sh cases intake only these apps' catalogues
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
run() { "$ROOT/.venv/bin/python" "$ROOT/manage.py" makemessages -l zh_Hans --no-location --no-obsolete "$@"; }
if [ "$#" -eq 0 ]; then
  run -i var -i bench -i tests -i docs -i scripts -i node_modules
else
  for app in "$@"; do
    mkdir -p "$app/locale"
    (cd "$app" && run)
  done
fi
.venv/bin/python manage.py compilemessages -v 0 --ignore=.venv
