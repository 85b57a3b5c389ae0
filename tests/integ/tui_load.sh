#!/bin/sh
# The dashboard's load row (issue 11): while a real llama.cpp loads a model
# with --no-mmap into a memory cgroup too small for it, the forecast panel
# shows the load (pid, file, what it needs at its context, how much is in)
# and the verdict WON'T FIT with what is missing and the context that fits
# (or that none does, or the quantisation that does; never "-c 0 fits").
. "$TESTLIB"
command -v tmux > /dev/null || skip "tmux is not installed"
need_llama
m="$TMP/llama-f16.gguf"
"$MKMODEL" "$m" -t f16 -l 8 -e 1024 -H 16 -k 4 -f 2816 -v 4096 -c 8192 > /dev/null || fail "mkmodel"
need_memcg "oc-tl-$$"
set_limit "$CG_VER" "$CG_DIR" $((300 * MIB))
T new-session -d -s s -x 200 -y 40 "env TERM=xterm-256color $OOMCAST -d 0.3"
wait_for 'PID' || fail "dashboard did not start"
spawn_in "$CG_DIR" node "$LOAD" -m "$m" -c 2048 --no-mmap --prompt 2040 --hold 5
loader=$SPAWNED
wait_for "^LOAD $loader node +llama-f16.gguf +needs [0-9.]+ MiB at -c 2048, [0-9.]+ [KMG]i?B in \\([0-9]+%\\) +WON'T FIT +[0-9.]+ MiB missing in cg [^ ]*${CG_PATH##*/}; (-c [1-9][0-9]* fits|a Q[0-9A-Z_]+ file fits|no context fits)" 30 ||
	fail "no load row with its verdict for $loader"
T send-keys -t s q
wait "$loader" 2> /dev/null
pass "the dashboard shows the load, what it needs and that it will not fit"
