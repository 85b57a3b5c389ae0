/* fuzz_kparse.c - libFuzzer target for the kernel-file parsers: kernel files
 * are read through procfs/sysfs, which a container or a FUSE mount can fake,
 * so no byte sequence may crash them. Build and run with fuzz/run.sh. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "formats/cpuinfo.h"
#include "formats/ollama.h"
#include "source/drm.h"
#include "source/kparse.h"
#include "source/llamaenv.h"
#include "util/strbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *b = (const char *)data;
	struct snap_psi psi;
	char out[64], root[64];
	int lim;
	kparse_psi(b, size, &psi);
	cpuinfo_kind(b, size);   /* /proc/cpuinfo */
	kparse_key(b, size, "oom_kill");
	kparse_key(b, size, "VmRSS");
	kparse_limit(b, size, &lim);
	kparse_u64(b, size);
	kparse_int(b, size);
	kparse_proc_cgroup(b, size, true, out, sizeof out);
	kparse_proc_cgroup(b, size, false, out, sizeof out);
	kparse_mountinfo_cgroup(b, size, CG_V1, out, sizeof out, root, sizeof root);
	kparse_mountinfo_cgroup(b, size, CG_V2, out, sizeof out, root, sizeof root);
	kparse_cmdline(b, size, out, sizeof out);
	kparse_model_arg(b, size, out, sizeof out);
	kparse_ctx_arg(b, size);
	struct snap_load_args la;
	kparse_load_args(b, size, &la);   /* -np, -kvu, -fit, -ngl all ... */
	/* /proc/PID/environ and cmdline: a process's own bytes */
	char args[256];
	size_t half = size / 2;
	llamaenv_args(b, half, b + half, size - half, args, sizeof args);
	enum runtime rt;
	kparse_maps(b, size, out, sizeof out, &rt, NULL);   /* /proc/PID/maps: any file name */
	bool gpu;
	kparse_maps(b, size, NULL, 0, &rt, &gpu);
	kparse_runtime_lib(b, size);
	struct kstatus st;
	kparse_status(b, size, &st);
	uint64_t statm[3];
	kparse_statm(b, size, statm);
	char hex[65];
	ollama_manifest_model(b, size, hex);   /* a manifest is a local file anyone may write */
	struct drm_client dc;
	drm_parse_fdinfo(b, size, &dc);
	struct strbuf sb = {0};
	sb_reset(&sb);
	sb_json_str(&sb, b, size);
	sb_free(&sb);
	return 0;
}
