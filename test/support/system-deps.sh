#!/usr/bin/env bash
# The system packages this project needs besides Node.js: the one list of them, and the one
# way to get them. `npm start`, the test scripts, install-code-server.sh and .ci/run call it.
#
#   bash test/support/system-deps.sh [piece…]     pieces: code-server tests media bench; none = all
#
# Quiet when nothing is missing. Otherwise it installs the missing Debian packages with apt-get
# when it can (as root, or through sudo without a password), or else stops at once, printing
# the one command that installs them.
#
# A package counts as present when what the project uses from it is there (the command, or the
# file), not when dpkg says so: rg from elsewhere or Python from pyenv serve as well, and a
# machine without dpkg can still be checked.
set -euo pipefail

# package         what shows it is there                piece        why
LIST='
ripgrep           rg                                    code-server  fed to @vscode/ripgrep instead of its download
build-essential   gcc,g++,make                          code-server  native modules: node-pty, kerberos, argon2…
pkg-config        pkg-config                            code-server  the native builds find libraries with it
python3           python3                               code-server  node-gyp
libkrb5-dev       /usr/include/gssapi/gssapi.h          code-server  the kerberos module
chromium          /usr/bin/chromium                     tests        the in-host and UI layers drive it
fonts-liberation  /usr/share/fonts/truetype/liberation  tests        text in screenshots
procps            ps                                    tests        a UI journey finds extension hosts with ps
libxml2-utils     xmllint                               tests        an independent XML reader checks the FCPXML export
ffmpeg            ffmpeg                                media        makes test videos
curl              curl                                  bench        what the download benchmark measures against
openssl           openssl                               bench        makes the https download bench a certificate
'
PIECES='code-server tests media bench'

wanted=("$@")
[ ${#wanted[@]} -gt 0 ] || wanted=(all)
for piece in "${wanted[@]}"; do
  [[ " all $PIECES " == *" $piece "* ]] || { echo "system-deps: unknown piece '$piece' (pieces: $PIECES, all)" >&2; exit 2; }
done

# Is every probe of a row there? A probe is a command, or an absolute path.
present() {
  local probe
  IFS=, read -ra probes <<<"$1"
  for probe in "${probes[@]}"; do
    if [[ $probe == /* ]]; then [ -e "$probe" ] || return 1; else command -v "$probe" >/dev/null || return 1; fi
  done
}

missing=()
probes_of_missing=()
while read -r package probe piece _why; do
  [ -n "$package" ] || continue
  [[ " ${wanted[*]} " == *" all "* || " ${wanted[*]} " == *" $piece "* ]] || continue
  # test/support/browser.ts launches VEO_CHROMIUM when it is set.
  [ "$package" != chromium ] || probe="${VEO_CHROMIUM:-$probe}"
  present "$probe" || { missing+=("$package"); probes_of_missing+=("$probe"); }
done <<<"$LIST"

[ ${#missing[@]} -gt 0 ] || exit 0

if ! command -v apt-get >/dev/null; then
  echo "system-deps: missing ${missing[*]} (Debian's names; found no ${probes_of_missing[*]}). This machine has no apt-get: install them with its own package manager." >&2
  exit 1
fi

apt_args="install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" = 0 ]; then
  as_root=()
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "Veo Studio needs Debian packages that this user cannot install (${missing[*]}). Run this, then the same command again:" >&2
  if command -v sudo >/dev/null; then
    echo "  sudo apt-get update && sudo apt-get $apt_args" >&2
  else
    echo "  su -c 'apt-get update && apt-get $apt_args'" >&2
  fi
  exit 1
fi

log="$(mktemp -t veo-system-deps.XXXXXX)"
echo "system-deps: installing ${missing[*]} with apt-get (log: $log)" >&2
run_apt() { "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 "$@" >>"$log" 2>&1; }
# shellcheck disable=SC2086 # apt_args is words on purpose
if ! { run_apt update && run_apt $apt_args; }; then
  tail -n 20 "$log" >&2
  echo "system-deps: apt-get failed (whole log: $log)" >&2
  exit 1
fi

still=()
for i in "${!missing[@]}"; do present "${probes_of_missing[$i]}" || still+=("${missing[$i]} (no ${probes_of_missing[$i]})"); done
if [ ${#still[@]} -gt 0 ]; then
  echo "system-deps: apt-get installed them, yet still missing: ${still[*]}" >&2
  exit 1
fi
rm -f "$log"
