#!/bin/sh
# split_table.sh - the table of a llama_split.sh run (its split.tar.gz
# unpacked): per run, llama.cpp's own buffers per device beside oomcast's
# split of the same load (fit before it, and live), and what the driver and
# /proc say the process holds. MiB throughout.
#   tests/device/split_table.sh DIR   (DIR holds r/NAME/{args,log,...})
set -eu
dir=${1:?usage: split_table.sh DIR}
MIB=1048576
# buf LOG DEV KIND: llama.cpp's last "<DEV> <KIND> buffer size = X MiB" (the
# load's: --fit's trial loads come first)
buf() {
	awk -v dev="$2" -v kind="$3" '
		{
			for (i = 1; i + 5 <= NF; i++)
				if ($i == dev && $(i + 1) == kind && $(i + 2) == "buffer")
					last = $(i + 5)
		}
		END { printf "%.0f", last + 0 }' "$1"
}
j() { jq -r "$2 // empty" "$1" 2> /dev/null || true; }
mib() { awk -v b="${1:-0}" -v m=$MIB 'BEGIN { if (b == "") print "-"; else printf "%.0f", b / m }'; }

echo "| run | llama.cpp args | offloaded | llama.cpp CUDA0 model / KV / compute | oomcast fit GPU weights / KV / compute | oomcast live GPU bytes | driver: process | llama.cpp host buffers (model, KV, compute, output) | oomcast RAM part (fit) | VmRSS (anon + file) | live verdict |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
for r in "$dir"/r/*/; do
	name=$(basename "$r")
	[ -f "$r/log" ] || continue
	log=$r/log
	off=$(sed -n 's/.*offloaded \([0-9]*\/[0-9]*\) layers to GPU.*/\1/p' "$log" | tail -1)
	gm=$(buf "$log" CUDA0 model); gk=$(buf "$log" CUDA0 KV); gc=$(buf "$log" CUDA0 compute)
	hm=$(($(buf "$log" CPU_Mapped model) + $(buf "$log" CPU model) + $(buf "$log" CUDA_Host model)))
	hk=$(($(buf "$log" CPU KV) + $(buf "$log" CUDA_Host KV)))
	hc=$(($(buf "$log" CPU compute) + $(buf "$log" CUDA_Host compute)))
	ho=$(($(buf "$log" CPU output) + $(buf "$log" CUDA_Host output)))
	fit=$r/fit.json
	fw=$(mib "$(j "$fit" '.gpu_split.gpus[0].weights')")
	fk=$(mib "$(j "$fit" '.gpu_split.gpus[0].kv_bytes')")
	fc=$(mib "$(j "$fit" '.gpu_split.gpus[0].compute_bytes')")
	fr=$(mib "$(j "$fit" '.gpu_split.ram_bytes // .expected_total')")
	pid_used=$(cut -d, -f2 "$r/smi_apps.csv" 2> /dev/null | tr -d ' ' | head -1)
	live=$r/live.json
	lb=$(mib "$(jq -r '[.loads[]?][0].gpu_split.gpus[0].bytes // empty' "$live" 2> /dev/null)")
	lv=$(jq -r '[.loads[]?][0] | "\(.verdict // "-") \(.scope // "")"' "$live" 2> /dev/null || echo -)
	rss=$(awk '/^VmRSS/ {r = $2} /^RssAnon/ {a = $2} /^RssFile/ {f = $2} END { printf "%.0f (%.0f + %.0f)", r / 1024, a / 1024, f / 1024 }' "$r/status" 2> /dev/null || echo -)
	printf '| %s | `%s` | %s | %s / %s / %s | %s / %s / %s | %s | %s | %s, %s, %s, %s | %s | %s | %s |\n' \
		"$name" "$(cat "$r/args")" "${off:--}" "$gm" "$gk" "$gc" "$fw" "$fk" "$fc" "$lb" \
		"${pid_used:-failed}" "$hm" "$hk" "$hc" "$ho" "$fr" "$rss" "$lv"
done
