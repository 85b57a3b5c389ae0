#!/bin/sh
# GPU memory from sysfs, pointed at a fixture tree with OOMCAST_DRM_ROOT (an
# AMD card with 16 GiB of VRAM, 4 GiB used): JSON gpus[] and a forecast item
# for the card. Without a GPU (this machine), gpus is an empty list.
. "$TESTLIB"
OOMCAST_DRM_ROOT="$FIXTURES/drm/amd" timeout 20 "$OOMCAST" --json -n 2 -d 0.2 --top 1 |
	tail -1 > "$TMP/g.json" || fail "exit $?"
jqt '.gpus | length == 1' "$TMP/g.json" || fail "gpus: $(jq -c .gpus "$TMP/g.json")"
jqt '.gpus[0] | .index == 1 and .vendor == "amd" and .name == "card1 0000:03:00.0"
	and .total == 17163091968 and .used == 4294967296 and .free == 12868124672
	and .gtt_used == 1073741824 and .unified == false' "$TMP/g.json" ||
	fail "gpu values: $(jq -c '.gpus[0]' "$TMP/g.json")"
jqt '[.forecast[] | select(.resource == "gpu:1") | .headroom == 12868124672 and .capacity == 17163091968] == [true]' \
	"$TMP/g.json" || fail "no forecast item for the card: $(jq -c .forecast "$TMP/g.json")"
OOMCAST_DRM_ROOT=/nonexistent timeout 20 "$OOMCAST" --json -n 1 | jq -e '.gpus == []' > /dev/null ||
	fail "no GPU should give an empty gpus list"
pass "GPU memory from a sysfs fixture"
