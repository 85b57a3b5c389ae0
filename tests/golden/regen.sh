#!/bin/sh
# regen.sh - write tests/golden/*.txt again from the current design: the
# screens tests/integ/golden.sh compares (tests/golden/cases lists them).
# Read `git diff tests/golden` before committing: every change must be meant.
#   tests/golden/regen.sh [BUILD_DIR]      (default: build)
set -eu
cd "$(dirname "$0")/../.."
top=$(pwd)
b=$top/${1:-build}
make -s -C "$b" oomcast
OOMCAST=$b/oomcast FIXTURES=$top/tests/fixtures TESTLIB=$top/tests/integ/lib.sh GOLDEN_REGEN=1 \
	sh tests/integ/golden.sh
