#!/bin/sh
# measure.sh - the table in tests/runtime/README.md: for each file type,
# what llama.cpp reported loading a random-weight model (mmap and --no-mmap)
# next to what `oomcast model` estimates from the header.
#   tests/runtime/measure.sh BUILD_DIR [CTX [MKMODEL-SHAPE...]]
# BUILD_DIR holds oomcast and tests/runtime/mkmodel. Files go to a temporary
# folder and are removed.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:?usage: measure.sh BUILD_DIR [CTX [SHAPE...]]}" && pwd)
ctx=${2:-3000}
[ $# -gt 2 ] && shift 2 || set -- -l 8 -e 1024 -H 16 -k 4 -f 2816 -v 4096 -c 8192
tmp=$(mktemp -d /tmp/oomcast-measure.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
echo "shape: $*, context $ctx"
echo
echo "| type | file | oomcast weights | llama.cpp buffers, mmap | llama.cpp buffers, --no-mmap | KV llama.cpp | KV oomcast | compute | RSS peak mmap / no-mmap |"
echo "|---|---|---|---|---|---|---|---|---|"
for t in f16 q8_0 q4_k q6_k; do
	m="$tmp/random-$t.gguf"
	"$build/tests/runtime/mkmodel" "$m" -t "$t" "$@" > /dev/null
	"$build/oomcast" model "$m" -c "$ctx" > "$tmp/model"
	w=$(sed -n 's/.*weights (the file): \([^;]*\);.*/\1/p' "$tmp/model")
	kvo=$(awk -v c="$ctx" '$1 == c { print $2, $3 }' "$tmp/model")
	node "$here/load.mjs" -m "$m" -c "$ctx" > "$tmp/a.json"
	node "$here/load.mjs" -m "$m" -c "$ctx" --no-mmap > "$tmp/b.json"
	buf() { jq -r '[.model_buffer_mib | to_entries[] | "\(.key) \(.value)"] | join(" + ")' "$1"; }
	printf '| %s | %s B (%.2f MiB) | %s | %s | %s | %s MiB (%s cells) | %s | %s MiB | %s / %s MiB |\n' \
		"$t" "$(stat -c %s "$m")" "$(awk -v s="$(stat -c %s "$m")" 'BEGIN { print s / 1048576 }')" "$w" \
		"$(buf "$tmp/a.json")" "$(buf "$tmp/b.json")" "$(jq .kv_mib "$tmp/a.json")" \
		"$(jq .kv_cells "$tmp/a.json")" "$kvo" "$(jq .compute_mib.CPU "$tmp/a.json")" \
		"$(($(jq .rss_peak_kib "$tmp/a.json") / 1024))" "$(($(jq .rss_peak_kib "$tmp/b.json") / 1024))"
	rm -f "$m"
done
