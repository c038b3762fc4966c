#!/usr/bin/env bash
# Installs what is missing: Debian packages (CJK fonts, WeasyPrint's libraries, gettext, and
# for tests Chromium), the virtual environment with the project's Python packages, and the
# compiled translations. Safe to run again: it only does what is not done yet.
#   scripts/bootstrap.sh          what `make run` needs
#   scripts/bootstrap.sh --test   plus what `make test` needs (Chromium, test packages)
set -euo pipefail
cd "$(dirname "$0")/.."

WITH_TEST=0
WITH_BENCH=0
if [ "${1:-}" = "--test" ]; then WITH_TEST=1; fi
if [ "${1:-}" = "--bench" ]; then WITH_TEST=1; WITH_BENCH=1; fi

PYTHON=${PYTHON:-python3.11}
VENV=.venv

# fonts-hanazono draws the CJK extension B–F characters Noto CJK lacks (rare names in PDFs).
apt_packages=(fonts-noto-cjk fonts-hanazono libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
              gettext poppler-utils libzbar0)
if [ "$WITH_TEST" = 1 ]; then apt_packages+=(chromium); fi

missing=()
for pkg in "${apt_packages[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "Please install these system packages: ${missing[*]}" >&2
    exit 1
  fi
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  echo "Installing system packages: ${missing[*]}"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

if [ ! -x "$VENV/bin/python" ]; then
  echo "Creating the virtual environment in $VENV"
  "$PYTHON" -m venv "$VENV"
fi

# Reinstall Python packages only when pyproject.toml changed.
extras=""
stamp="$VENV/.installed"
if [ "$WITH_TEST" = 1 ]; then
  extras="[dev]"
  stamp="$VENV/.installed-dev"
fi
if [ "$WITH_BENCH" = 1 ]; then
  extras="[dev,bench]"
  stamp="$VENV/.installed-bench"
fi
want="$(sha256sum pyproject.toml | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "Installing Python packages"
  "$VENV/bin/python" -m pip install -q --upgrade pip
  "$VENV/bin/python" -m pip install -q -e ".$extras"
  echo "$want" > "$stamp"
fi

# Translations are compiled here, never committed.
"$VENV/bin/python" manage.py compilemessages -v 0 --ignore=.venv
# The PDF renderer's font slices (var/fonts), cut once from the system's CJK fonts.
"$VENV/bin/python" manage.py pdf_fonts -v 0 >/dev/null
mkdir -p var/static
