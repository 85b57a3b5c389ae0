#!/bin/sh
# build_llama_server.sh - build llama-server from the llama.cpp source that
# node-llama-cpp 3.21.1 ships (node_modules/node-llama-cpp/llama/
# gitRelease.bundle, the same release as its prebuilt binaries), CPU only,
# for bench/llama_server_overhead.sh. Needs cmake, ninja and g++
# (setup.sh's bench dependencies); about 25 minutes of one core.
#   tests/runtime/build_llama_server.sh OUT_DIR [JOBS]
# Prints the binary's path.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: build_llama_server.sh OUT_DIR [JOBS]}
jobs=${2:-1}
bundle="$here/node_modules/node-llama-cpp/llama/gitRelease.bundle"
[ -f "$bundle" ] || { echo "build_llama_server.sh: $bundle missing (run tests/runtime/install.sh)" >&2; exit 2; }
for t in cmake ninja g++ git; do
	command -v "$t" > /dev/null || { echo "build_llama_server.sh: needs $t" >&2; exit 2; }
done
mkdir -p "$out"
[ -d "$out/src/.git" ] || git clone -q "$bundle" "$out/src"
cmake -S "$out/src" -B "$out/build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DLLAMA_CURL=OFF \
	-DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_SERVER=ON \
	-DGGML_NATIVE=ON > "$out/cmake.log" 2>&1 ||
	{ echo "build_llama_server.sh: cmake failed, see $out/cmake.log" >&2; exit 1; }
ninja -C "$out/build" -j "$jobs" llama-server > "$out/build.log" 2>&1 ||
	{ echo "build_llama_server.sh: build failed, see $out/build.log" >&2; exit 1; }
echo "$out/build/bin/llama-server"
