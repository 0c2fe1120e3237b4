#!/usr/bin/env bash
# Set up everything `make run` / `make test` need: system packages, a Python >= 3.12 virtualenv in
# .venv with the locked dependencies, and gongkai installed editable.
#
#   scripts/bootstrap.sh            # app + PDF/DOCX dependencies
#   scripts/bootstrap.sh --browser  # also Chromium, for the end-to-end browser tests
#
# Idempotent and quick when nothing changed: the virtualenv is rebuilt only when requirements.lock
# or pyproject.toml change (their checksum is stamped into .venv).
set -euo pipefail

cd "$(dirname "$0")/.."
VENV=.venv
STAMP="$VENV/.gongkai-stamp"
WITH_BROWSER=0
for arg in "$@"; do
    case "$arg" in
        --browser) WITH_BROWSER=1 ;;
        *) echo "bootstrap: unknown argument: $arg" >&2; exit 2 ;;
    esac
done

say() { printf 'bootstrap: %s\n' "$*" >&2; }

# ------------------------------------------------------------------ system packages
# fonts-noto-cjk: Chinese glyphs in PDFs; libharfbuzz-subset0: WeasyPrint font subsetting (without
# it a one-page CJK PDF takes ~12 s instead of ~0.2 s); poppler-utils: pdftoppm/pdftotext to
# inspect PDFs; chromium: browser tests only; redis-server: the two-server test (tests/cli/test_serve.py).
ensure_apt_packages() {
    local missing=() pkg
    for pkg in "$@"; do
        if ! dpkg -s "$pkg" >/dev/null 2>&1; then
            missing+=("$pkg")
        fi
    done
    [ ${#missing[@]} -eq 0 ] && return 0

    if ! command -v apt-get >/dev/null 2>&1 || ! command -v dpkg >/dev/null 2>&1; then
        say "WARNING: please install these system packages with your package manager: ${missing[*]}"
        return 0
    fi
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1; then
            sudo=(sudo)
        else
            say "WARNING: not root and no sudo; please run: apt-get install -y --no-install-recommends ${missing[*]}"
            return 0
        fi
    fi
    say "installing system packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    if ! "${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null; then
        say "apt-get install failed; running apt-get update and retrying"
        if ! { "${sudo[@]}" apt-get update >/dev/null &&
               "${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null; }; then
            say "WARNING: could not install ${missing[*]}; PDF output or browser tests may not work."
            say "         Install them by hand: apt-get install -y --no-install-recommends ${missing[*]}"
        fi
    fi
}

if command -v dpkg >/dev/null 2>&1; then
    pkgs=(fonts-noto-cjk libharfbuzz-subset0 poppler-utils)
    [ "$WITH_BROWSER" -eq 1 ] && pkgs+=(chromium redis-server)
    ensure_apt_packages "${pkgs[@]}"
else
    say "not a Debian-family system; make sure Noto CJK fonts, HarfBuzz (subset), poppler-utils"
    say "and (for browser tests) Chromium are installed."
fi

# ------------------------------------------------------------------ Python >= 3.12
python_ok() {
    # pyenv shims exist on PATH even when they cannot run the version, so actually run it.
    "$1" -c 'import sys; assert sys.version_info >= (3, 12)' >/dev/null 2>&1
}

find_python() {
    local cand tried=()
    for cand in python3.13 python3.12 python3; do
        tried+=("$cand (on PATH)")
        if command -v "$cand" >/dev/null 2>&1 && python_ok "$cand"; then
            command -v "$cand"; return 0
        fi
    done
    if command -v pyenv >/dev/null 2>&1; then
        local root; root="$(pyenv root)"
        for cand in "$root"/versions/3.13*/bin/python3.13 "$root"/versions/3.12*/bin/python3.12; do
            tried+=("$cand")
            if [ -x "$cand" ] && python_ok "$cand"; then
                echo "$cand"; return 0
            fi
        done
    else
        tried+=("pyenv (not installed)")
    fi
    say "ERROR: no Python >= 3.12 found. Looked for:"
    printf '    %s\n' "${tried[@]}" >&2
    say "Install Python 3.12 or 3.13 (e.g. apt-get install python3.12-venv, or pyenv install 3.12)."
    return 1
}

checksum() { cat requirements.lock pyproject.toml | sha256sum | cut -d' ' -f1; }

want="$(checksum)"
if [ -x "$VENV/bin/python" ] && python_ok "$VENV/bin/python" \
        && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ]; then
    exit 0
fi

PYTHON="$(find_python)"
say "using $PYTHON ($("$PYTHON" -c 'import sys; print(sys.version.split()[0])'))"
if ! [ -x "$VENV/bin/python" ] || ! python_ok "$VENV/bin/python"; then
    rm -rf "$VENV"
    "$PYTHON" -m venv "$VENV"
fi
rm -f "$STAMP"
start=$SECONDS
pip_install() {
    # A pip.conf pointing find-links at absent mirror directories makes pip warn once per
    # package; that noise would hide real errors, so drop exactly that message.
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "$@" \
        2> >(grep -v -e 'is ignored: it is neither a file nor a directory' >&2)
}
pip_install -r requirements.lock
# --no-build-isolation: build with the locked setuptools, so no download is needed for this step.
pip_install --no-deps --no-build-isolation -e .
echo "$want" > "$STAMP"
say "virtualenv ready in $((SECONDS - start)) s"
