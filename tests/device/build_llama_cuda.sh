#!/bin/sh
# build_llama_cuda.sh - build llama-server with CUDA (sm_90: H100, H200) from
# the llama.cpp source that node-llama-cpp 3.21.1 ships (its
# llama/gitRelease.bundle, the release of its prebuilt binaries), here,
# where nvcc 13 and cuBLAS 13 are installed (/usr/local/cuda: CUDA 13.0, as
# the lent GPU machines' driver 580): about 27 minutes of two cores, so that
# the GPU machine's minutes go to measuring. The binary links CUDA's
# runtime, cuBLAS and the driver's libcuda dynamically (the GPU machine has
# them); on a machine without a GPU it runs on the CPU given the toolkit's
# stub libcuda (LD_LIBRARY_PATH to a folder with libcuda.so.1 linked to
# /usr/local/cuda/lib64/stubs/libcuda.so).
#   tests/device/build_llama_cuda.sh OUT_DIR [JOBS]
# Prints the binary's path; then `tests/device/bundle.sh build BINARY` packs
# it for tests/device/llama_split.sh.
set -eu
here=$(cd "$(dirname "$0")/../runtime" && pwd)
out=${1:?usage: build_llama_cuda.sh OUT_DIR [JOBS]}
jobs=${2:-2}
bundle="$here/node_modules/node-llama-cpp/llama/gitRelease.bundle"
[ -f "$bundle" ] || { echo "build_llama_cuda.sh: $bundle missing (run tests/runtime/install.sh)" >&2; exit 2; }
nvcc=${NVCC:-/usr/local/cuda/bin/nvcc}
[ -x "$nvcc" ] || { echo "build_llama_cuda.sh: no nvcc at $nvcc (NVCC=...)" >&2; exit 2; }
for t in cmake ninja g++ git; do
	command -v "$t" > /dev/null || { echo "build_llama_cuda.sh: needs $t" >&2; exit 2; }
done
mkdir -p "$out"
[ -d "$out/src/.git" ] || git clone -q "$bundle" "$out/src"
# one architecture (90: Hopper), no NCCL, the CPU backend for any x86-64
# with AVX2 (not this machine's own: the GPU machine's CPU differs), one
# static binary but for CUDA's own libraries
PATH=$(dirname "$nvcc"):$PATH cmake -S "$out/src" -B "$out/build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
	-DLLAMA_CURL=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_SERVER=ON \
	-DGGML_CUDA=ON -DCMAKE_CUDA_ARCHITECTURES=90 -DGGML_NATIVE=OFF -DBUILD_SHARED_LIBS=OFF \
	-DGGML_CUDA_NCCL=OFF -DCMAKE_CUDA_COMPILER="$nvcc" > "$out/cmake.log" 2>&1 ||
	{ echo "build_llama_cuda.sh: cmake failed, see $out/cmake.log" >&2; exit 1; }
PATH=$(dirname "$nvcc"):$PATH ninja -C "$out/build" -j "$jobs" llama-server > "$out/build.log" 2>&1 ||
	{ echo "build_llama_cuda.sh: build failed, see $out/build.log" >&2; exit 1; }
echo "$out/build/bin/llama-server"
