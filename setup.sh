#!/bin/sh
# setup.sh - one command from a fresh Debian 12 / Ubuntu 24.04 machine to a
# running oomcast, or to the whole test suite. Installs what is missing
# (apt-get, with sudo when not root), builds out of tree, then:
#
#   ./setup.sh run [OOMCAST-OPTIONS...]   start oomcast
#   ./setup.sh test                       build with -Werror, install llama.cpp
#                                         for the runtime tests (npm), run every
#                                         test, again beside a busy machine's
#                                         load, again under ASan+UBSan, make
#                                         distcheck, and a short fuzz run
set -eu
cd "$(dirname "$0")"
top=$(pwd)

BUILD_DEPS="build-essential autoconf automake pkg-config libproc2-dev libncurses-dev zlib1g-dev libmicrohttpd-dev"
# cmocka is for the unit tests only: ./setup.sh run does not install it
# curl scrapes the exporter; prometheus brings promtool (check metrics,
# test rules) and the server that tests/integ/prometheus_server.sh runs
TEST_DEPS="libcmocka-dev jq tmux clang libclang-rt-dev curl prometheus"

say() { printf '==> %s\n' "$*"; }

install_missing() {
	missing=""
	for p in "$@"; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q "ok installed" ||
			missing="$missing $p"
	done
	[ -z "$missing" ] && return 0
	sudo=""
	[ "$(id -u)" = 0 ] || sudo="sudo"
	say "installing:$missing"
	$sudo apt-get update -qq
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing > /dev/null
}

# build DIR [CONFIGURE-ARGS...]: configure (again when the arguments differ
# from the last time, so `test` after `run` still builds with -Werror) and
# make in DIR
build() {
	dir=$1; shift
	if [ ! -x configure ] || [ configure.ac -nt configure ] || [ Makefile.am -nt configure ]; then
		say "autoreconf"
		autoreconf -fi > /dev/null
	fi
	mkdir -p "$dir"
	if [ ! -f "$dir/Makefile" ] || [ ! -f "$dir/.setup-args" ] ||
		[ "$(cat "$dir/.setup-args" 2> /dev/null)" != "$*" ]; then
		say "configure in $dir"
		(cd "$dir" && "$top/configure" -q "$@")
		# objects built with other flags (no -Werror) are built again
		make -s -C "$dir" clean > /dev/null
		printf '%s\n' "$*" > "$dir/.setup-args"
	fi
	say "make in $dir"
	make -s -C "$dir" -j"$(nproc)" > /dev/null
}

mode=${1:-}
[ $# -gt 0 ] && shift
case "$mode" in
run)
	install_missing $BUILD_DEPS
	# no -Werror here: a newer compiler's new warning must not stop a user
	# from running oomcast (test and CI keep it)
	build build
	exec build/oomcast "$@"
	;;
test)
	install_missing $BUILD_DEPS $TEST_DEPS
	build build --enable-werror
	# llama.cpp for tests/integ/llama_load.sh (node-llama-cpp's prebuilt CPU
	# binaries, into tests/runtime/node_modules, once); without it that test skips
	tests/runtime/install.sh || say "llama.cpp runtime not installed: tests/integ/llama_load.sh will skip"
	say "make check (unit and integration tests)"
	make -s -C build check || { cat build/test-suite.log; exit 1; }
	# the tests must not assume a quiet machine: all of them again beside a
	# 1 GiB process and 2,000 idle ones (its own summary log, for the count)
	say "make check again on a busy machine (tests/busy.sh: a 1 GiB process, 2,000 idle ones)"
	BUSY_HELPERS="$top/build/tests/helpers" tests/busy.sh \
		make -s -C build check TEST_SUITE_LOG=test-suite-busy.log ||
		{ cat build/test-suite-busy.log; exit 1; }
	say "make check under AddressSanitizer + UndefinedBehaviorSanitizer"
	build build-asan --enable-werror \
		CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" \
		LDFLAGS="-fsanitize=address,undefined"
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
		OOMCAST_TEST_SANITIZED=1 make -s -C build-asan check || { cat build-asan/test-suite.log; exit 1; }
	say "make distcheck"
	make -s -C build distcheck > build/distcheck.log 2>&1 || { tail -50 build/distcheck.log; exit 1; }
	say "fuzz the kernel-file parsers, the knowledge-base entries, GGUF headers and recordings (${FUZZ_SECONDS:-20} s each)"
	FUZZ_OUT="$top/build/fuzz" fuzz/run.sh "${FUZZ_SECONDS:-20}"
	say "all tests passed"
	# one closing line over the three make check runs, for people and CI alike
	awk '/^# PASS:/ {p += $3} /^# FAIL:/ {f += $3} /^# ERROR:/ {f += $3} /^# SKIP:/ {s += $3}
		END {printf "tests: %d passed, %d failed, %d skipped\n", p, f, s}' \
		build/test-suite.log build/test-suite-busy.log build-asan/test-suite.log
	;;
*)
	echo "usage: ./setup.sh run [oomcast options] | ./setup.sh test" >&2
	exit 2
	;;
esac
