# Shared by bin/serve and bin/test (sourced, not run): make .venv and install the project.
#
# ensure_venv [extra]  creates .venv with python3 if missing and runs `pip install -e .[extra]`
# unless a stamp file says this pyproject.toml was already installed with that extra.

PYTHON="${PYTHON:-python3}"
VENV="${VENV:-.venv}"

# installed [extra]: true when this pyproject.toml is installed (with that extra).
installed() {
  local stamp="$VENV/.installed${1:+-$1}"
  [ -x "$VENV/bin/python" ] && [ -f "$stamp" ] \
    && [ "$(cat "$stamp")" = "$(sha256sum pyproject.toml | cut -d' ' -f1)" ]
}

ensure_venv() {
  local extra="${1:-}" spec="." stamp hash
  if [ ! -x "$VENV/bin/python" ]; then
    if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "Partner Net needs Python 3.11 or newer as '$PYTHON' (set PYTHON=/path/to/python3)." >&2
      return 1
    fi
    echo "Creating $VENV ..."
    "$PYTHON" -m venv "$VENV"
  fi
  installed "$extra" && return 0
  [ -n "$extra" ] && spec=".[$extra]"
  hash="$(sha256sum pyproject.toml | cut -d' ' -f1)"
  stamp="$VENV/.installed${extra:+-$extra}"
  echo "Installing the project ($spec) into $VENV (log: $VENV/pip.log) ..."
  if ! install_into_venv "$spec" >"$VENV/pip.log" 2>&1; then
    tail -n 40 "$VENV/pip.log" >&2
    echo "pip install failed; the whole log is in $VENV/pip.log" >&2
    return 1
  fi
  echo "$hash" >"$stamp"
}

# install_into_venv SPEC: with uv (a PyPI package, installed into the venv by pip first)
# when it can be had: it fetches and installs the ~60 packages in parallel, ~5 s against
# pip's ~40. uv reads no pip.conf, so where only pip can reach the packages (a mirror
# configured for pip alone), or PARTNER_NET_NO_UV=1 is set, pip does the whole install.
install_into_venv() {
  if [ -z "${PARTNER_NET_NO_UV:-}" ] \
    && "$VENV/bin/python" -m pip install -q uv \
    && "$VENV/bin/uv" pip install --python "$VENV/bin/python" -e "$1"; then
    return 0
  fi
  echo "Installing with pip ..."
  "$VENV/bin/python" -m pip install -e "$1"
}

# ensure_chromium: the browser tests drive Debian's /usr/bin/chromium; as root with apt-get
# it is installed when missing, otherwise those tests are skipped (and say why).
ensure_chromium() {
  if [ ! -x /usr/bin/chromium ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      echo "Installing Debian's chromium for the browser tests ..."
      { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } \
        >"$VENV/apt.log" 2>&1 || echo "Could not install chromium (see $VENV/apt.log)."
    fi
    [ -x /usr/bin/chromium ] || echo "No /usr/bin/chromium (install Debian's chromium as root):" \
      "the browser tests will be skipped."
  fi
  return 0
}
