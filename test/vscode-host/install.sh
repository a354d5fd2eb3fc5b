#!/usr/bin/env bash
# Installs code-server (the real VS Code server + extension host) and playwright-core
# into DIR (default: $PWD/.vscode-host). Idempotent: finished steps are recorded in
# DIR/.stamps and skipped on rerun. Usage: install.sh [DIR]
set -euo pipefail

CODE_SERVER_VERSION=4.100.3   # VS Code 1.100.3; last code-server release that runs on Node 20
PLAYWRIGHT_VERSION=1.65.1
APT_PACKAGES=(chromium libkrb5-dev pkg-config ripgrep build-essential python3)

DIR=$(realpath -m "${1:-$PWD/.vscode-host}")
STAMPS="$DIR/.stamps"
VSCODE="$DIR/node_modules/code-server/lib/vscode"
STEP=setup
trap 'rc=$?; ((rc == 0)) || echo "install.sh: FAILED (exit $rc) in step \"$STEP\"; fix the cause and rerun, finished steps are skipped" >&2' EXIT

die() { echo "install.sh: $*" >&2; exit 1; }

# step NAME CMD...: run CMD unless NAME already succeeded before.
step() {
  STEP=$1; shift
  if [[ -e "$STAMPS/$STEP" ]]; then echo "== skip $STEP (done)"; return; fi
  echo "== $STEP"
  "$@"
  touch "$STAMPS/$STEP"
}

[[ $(node -p 'process.versions.node.split(".")[0]') == 20 ]] \
  || die "code-server $CODE_SERVER_VERSION needs Node 20, found $(node -v)"
mkdir -p "$STAMPS"

apt_packages() {
  local missing=() p
  for p in "${APT_PACKAGES[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  ((${#missing[@]})) || return 0
  echo "== apt-get install ${missing[*]}"
  ((EUID == 0)) || die "missing apt packages (${missing[*]}); run as root or install them first"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
}

npm_packages() {
  cd "$DIR"
  # not `npm init -y`: it derives the package name from the folder, and ".vscode-host" is invalid
  [[ -f package.json ]] || echo '{ "name": "churnistic-vscode-host", "private": true }' > package.json
  npm install --no-audit --no-fund --ignore-scripts \
    "code-server@$CODE_SERVER_VERSION" "playwright-core@$PLAYWRIGHT_VERSION"
  npm rebuild argon2
}

vscode_deps() {
  cd "$VSCODE"
  npm install --no-audit --no-fund --omit=dev --ignore-scripts
  # @vscode/ripgrep's postinstall downloads rg from GitHub; provide the system one instead.
  mkdir -p node_modules/@vscode/ripgrep/bin
  ln -sf "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
  npm_config_yes=true npm rebuild
}

vscode_links() {
  cd "$VSCODE"
  ln -sfn node_modules node_modules.asar
  (cd bin/remote-cli && ln -sfn code-linux.sh code-server)
  (cd bin/helpers && ln -sfn browser-linux.sh browser.sh)
}

builtin_extensions() {
  cd "$VSCODE/extensions"
  npm install --no-audit --no-fund --omit=dev
}

STEP=apt-packages; apt_packages   # not stamped: cheap to re-check
step npm-packages npm_packages
step vscode-deps vscode_deps
step vscode-links vscode_links
step builtin-extensions builtin_extensions

STEP=check   # code-server writes a default config and logs under XDG dirs: keep them out of $HOME
scratch=$(mktemp -d)
version=$(XDG_CONFIG_HOME=$scratch XDG_DATA_HOME=$scratch node "$DIR/node_modules/code-server/out/node/entry.js" --version | tail -1)
rm -rf "$scratch"
[[ $version == "$CODE_SERVER_VERSION "* ]] || die "unexpected code-server --version output: $version"
echo "code-server $version installed in $DIR (total ${SECONDS}s)"
