#!/bin/sh
# On a GPU machine with PyTorch: provoke a real CUDA out-of-memory error and
# check that the knowledge base recognises the message PyTorch really prints
# (oomcast explain), and that --watch-log turns it into an event while the
# log is written. Also lists the runtimes present (their real versions).
# Runs from the repository root with build-dev/ (tests/device/bundle.sh).
set -u
D=build-dev
OUT=${OUT:-/tmp/torch-oom}
mkdir -p "$OUT"
if "$D/oomcast" -V > /dev/null 2>&1; then pre=""; else pre="$D/lib/ld-linux-x86-64.so.2 --library-path $D/lib"; fi
PY=$(command -v python3)
for p in /opt/torch/.venv/bin/python3 /opt/*/.venv/bin/python3; do [ -x "$p" ] && PY=$p && break; done
echo "python: $PY"
"$PY" -m pip list 2> /dev/null | grep -iE '^(torch|vllm|sglang|transformers|llama|ollama)' | tee "$OUT/packages.txt"
LOG="$OUT/torch.log"
: > "$LOG"
$pre "$D/oomcast" --json -d 0.5 -n 40 --top 3 --watch-log "$LOG" > "$OUT/watch.jsonl" 2> "$OUT/watch.err" &
mon=$!
sleep 2
"$PY" - >> "$LOG" 2>&1 <<'PY'
import torch
print("torch", torch.__version__, "cuda", torch.version.cuda, torch.cuda.get_device_name(0), flush=True)
held = []
try:
    while True:
        held.append(torch.empty(8 << 30, dtype=torch.uint8, device="cuda"))
except torch.OutOfMemoryError as e:
    import traceback
    traceback.print_exc()
del held
try:
    torch.empty(1 << 50, dtype=torch.uint8, device="cuda")
except Exception as e:
    print(type(e).__module__ + "." + type(e).__name__ + ": " + str(e), flush=True)
PY
wait $mon
echo "== the log PyTorch wrote"
grep -v '^  File\|^    ' "$LOG" | cut -c1-400
echo "== oomcast explain - < log"
$pre "$D/oomcast" explain - < "$LOG" | grep -E '^== |matched line' | cut -c1-300
echo "explain rc=$?"
echo "== --watch-log events"
grep -o '"events":\[[^]]*log_error[^]]*\]' "$OUT/watch.jsonl" | cut -c1-600
