#!/bin/sh
# install.sh - llama.cpp for the runtime tests: node-llama-cpp 3.21.1 (pinned
# in package.json and package-lock.json) and its prebuilt linux-x64 CPU
# binaries, into tests/runtime/node_modules (not in git). Does nothing when
# they are already there. Never builds llama.cpp and never downloads at run
# time: only `npm ci` talks to the npm registry, and only here.
#
# The CUDA and Vulkan binaries (node-llama-cpp's other optional packages,
# 600 MiB) are left out: --omit=optional, with the CPU package a direct
# dependency. Install scripts are not run (node-llama-cpp's postinstall would
# try to build when no binary fits; the tests want the prebuilt one or none).
#
# Exit 0 when installed, or when this machine cannot have it (no Node.js 20,
# not linux-x64 with glibc): the runtime tests then skip and say why.
# Exit 1 when npm ci itself fails, or installs binaries bins.sha256 does
# not pin.
#
# install.sh --check: exit 0 when the installed binaries are the ones
# bins.sha256 pins, 1 with a line that says which file is not. A damaged
# install (a variant missing: llama.cpp then picks another one, with other
# weight copies) would make the llama tests fail with wrong figures, not
# say why.
set -u
cd "$(dirname "$0")"

say() { printf '==> runtime: %s\n' "$*"; }

# bins_check: the binaries against bins.sha256; where one is not, prints
# the first (or what is wrong with the pins, or the install: none read is
# no check)
bins_check() {
	[ -s bins.sha256 ] || { echo "bins.sha256 missing"; return 1; }
	[ -d node_modules/@node-llama-cpp/linux-x64 ] || { echo "no @node-llama-cpp/linux-x64"; return 1; }
	out=$(cd node_modules/@node-llama-cpp/linux-x64 &&
		grep -v '^#' ../../../bins.sha256 | sha256sum -c --strict 2>&1) && return 0
	bad=$(printf '%s\n' "$out" | grep -v ': OK$' | head -1)
	echo "${bad:-bins.sha256 unreadable}"
	return 1
}

if [ "${1:-}" = --check ]; then
	bad=$(bins_check) && exit 0
	echo "tests/runtime/node_modules is damaged ($bad): rm -rf it and run tests/runtime/install.sh"
	exit 1
fi

if [ -f node_modules/node-llama-cpp/package.json ] &&
	[ -f node_modules/@node-llama-cpp/linux-x64/package.json ] &&
	[ "$(sed -n 's/^  "version": "\(.*\)",$/\1/p' node_modules/node-llama-cpp/package.json)" = 3.21.1 ]; then
	if bad=$(bins_check); then
		say "node-llama-cpp 3.21.1 already in tests/runtime/node_modules"
		exit 0
	fi
	say "tests/runtime/node_modules is damaged ($bad): installing it again"
	rm -rf node_modules
fi

case "$(uname -s)/$(uname -m)" in
Linux/x86_64) ;;
*)
	say "no prebuilt CPU llama.cpp for $(uname -s)/$(uname -m) in this set (linux-x64 only): runtime tests will skip"
	exit 0
	;;
esac

if ! command -v node > /dev/null || ! command -v npm > /dev/null; then
	# Debian 12 and Ubuntu 24.04 ship Node.js 18 (too old, see below) with
	# npm as a separate package; NodeSource's nodejs bundles npm, so only
	# ask apt for what is missing as a command.
	if command -v apt-get > /dev/null; then
		sudo=""
		[ "$(id -u)" = 0 ] || sudo="sudo"
		pk=""
		command -v node > /dev/null || pk="nodejs"
		command -v npm > /dev/null || pk="$pk npm"
		say "installing$pk"
		$sudo apt-get update -qq
		# shellcheck disable=SC2086
		DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $pk > /dev/null ||
			say "apt-get install$pk failed"
	fi
fi
if ! command -v node > /dev/null || ! command -v npm > /dev/null; then
	say "no node/npm: runtime tests will skip"
	exit 0
fi
major=$(node -p 'process.versions.node.split(".")[0]' 2> /dev/null || echo 0)
if [ "$major" -lt 20 ]; then
	say "node-llama-cpp 3.21.1 needs Node.js 20 or newer, this is $(node --version) (Debian 12 ships 18; NodeSource has 20): runtime tests will skip"
	exit 0
fi

say "npm ci (node-llama-cpp 3.21.1, CPU binaries only)"
if ! npm ci --omit=optional --ignore-scripts --no-audit --no-fund --loglevel=error; then
	say "npm ci failed"
	rm -rf node_modules
	exit 1
fi
if ! bad=$(bins_check); then
	say "npm ci installed binaries that bins.sha256 does not pin ($bad): runtime tests will fail"
	exit 1
fi
say "installed: $(du -sh node_modules | cut -f1) in tests/runtime/node_modules"
