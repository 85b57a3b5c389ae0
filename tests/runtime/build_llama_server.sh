#!/bin/sh
# build_llama_server.sh - build llama-server from the llama.cpp source that
# node-llama-cpp 3.21.1 ships (node_modules/node-llama-cpp/llama/
# gitRelease.bundle, the same release as its prebuilt binaries). Needs cmake,
# ninja and g++ (setup.sh's bench dependencies).
#   tests/runtime/build_llama_server.sh OUT_DIR [JOBS] [cuda]
# Prints the binary's path.
# - CPU only by default, for bench/llama_server_overhead.sh: about 25
#   minutes of one core.
# - cuda: with CUDA (sm_90: H100, H200), for tests/device/llama_split.sh,
#   built where nvcc 13 and cuBLAS 13 are installed (NVCC, by default
#   /usr/local/cuda/bin/nvcc: CUDA 13.0, as the lent GPU machines' driver
#   580): about 27 minutes of two cores, so that the GPU machine's minutes
#   go to measuring. One architecture, no NCCL, the CPU backend for any
#   x86-64 with AVX2 (not this machine's own: the GPU machine's CPU
#   differs), static but for CUDA's own libraries (runtime, cuBLAS, the
#   driver's libcuda), which the GPU machine has. Where no GPU is it runs on
#   the CPU given the toolkit's stub libcuda (LD_LIBRARY_PATH to a folder
#   with libcuda.so.1 linked to /usr/local/cuda/lib64/stubs/libcuda.so).
#   Then `tests/device/bundle.sh build BINARY` packs it.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: build_llama_server.sh OUT_DIR [JOBS] [cuda]}
jobs=${2:-1}
mode=${3:-cpu}
die() { echo "build_llama_server.sh: $*" >&2; exit "${2:-2}"; }
bundle="$here/node_modules/node-llama-cpp/llama/gitRelease.bundle"
[ -f "$bundle" ] || die "$bundle missing (run tests/runtime/install.sh)"
for t in cmake ninja g++ git; do
	command -v "$t" > /dev/null || die "needs $t"
done
set -- -DCMAKE_BUILD_TYPE=Release -DLLAMA_CURL=OFF -DLLAMA_BUILD_TESTS=OFF \
	-DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_SERVER=ON
case $mode in
cpu) set -- "$@" -DGGML_NATIVE=ON ;;
cuda)
	nvcc=${NVCC:-/usr/local/cuda/bin/nvcc}
	[ -x "$nvcc" ] || die "no nvcc at $nvcc (NVCC=...)"
	PATH=$(dirname "$nvcc"):$PATH
	set -- "$@" -DGGML_CUDA=ON -DCMAKE_CUDA_ARCHITECTURES=90 -DGGML_NATIVE=OFF \
		-DBUILD_SHARED_LIBS=OFF -DGGML_CUDA_NCCL=OFF -DCMAKE_CUDA_COMPILER="$nvcc"
	;;
*) die "the third argument is cpu or cuda, not $mode" ;;
esac
mkdir -p "$out"
[ -d "$out/src/.git" ] || git clone -q "$bundle" "$out/src"
cmake -S "$out/src" -B "$out/build" -G Ninja "$@" > "$out/cmake.log" 2>&1 ||
	die "cmake failed, see $out/cmake.log" 1
ninja -C "$out/build" -j "$jobs" llama-server > "$out/build.log" 2>&1 ||
	die "build failed, see $out/build.log" 1
echo "$out/build/bin/llama-server"
