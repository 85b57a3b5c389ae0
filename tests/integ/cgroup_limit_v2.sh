#!/bin/sh
# cgroup_limit.sh for cgroup v2 (skips on a v1 or hybrid host).
CGVER=2 . "$(dirname "$0")/cgroup_limit.sh"
