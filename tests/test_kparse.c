/* Unit tests for the kernel-file parsers, on real and odd inputs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "formats/cpuinfo.h"
#include "source/kparse.h"
#include "source/llamaenv.h"

#define S(str) (str), (sizeof(str) - 1)

static void test_psi_real(void **state)
{
	(void)state;
	struct snap_psi p;
	assert_true(kparse_psi(S("some avg10=1.50 avg60=0.25 avg300=0.00 total=123456\n"
				  "full avg10=0.75 avg60=0.10 avg300=0.00 total=2000000\n"), &p));
	assert_true(p.present);
	assert_float_equal(p.some_avg10, 1.5, 1e-9);
	assert_float_equal(p.some_avg60, 0.25, 1e-9);
	assert_float_equal(p.full_avg10, 0.75, 1e-9);
	assert_float_equal(p.full_total_s, 2.0, 1e-9);
	assert_float_equal(p.some_total_s, 0.123456, 1e-9);
}

static void test_psi_odd(void **state)
{
	(void)state;
	struct snap_psi p;
	assert_false(kparse_psi(S(""), &p));
	assert_false(p.present);
	assert_false(kparse_psi(S("some avg10=1.50 avg60="), &p));   /* truncated */
	assert_false(kparse_psi(S("garbage\n\n\n"), &p));
	/* old kernels had no full line: some is still read, full is unknown */
	assert_true(kparse_psi(S("some avg10=0.00 avg60=0.00 avg300=0.00 total=0"), &p));
	assert_true(isnan(p.full_avg10));
}

static void test_key(void **state)
{
	(void)state;
	const char st[] = "Name:\tcat\nVmRSS:\t    1024 kB\nRssAnon:\t  12 kB\n";
	assert_int_equal(kparse_key(S(st), "VmRSS"), 1024 * 1024);
	assert_int_equal(kparse_key(S(st), "RssAnon"), 12 * 1024);
	assert_int_equal(kparse_key(S(st), "VmSwap"), SNAP_NA);
	assert_int_equal(kparse_key(S(st), "Rss"), SNAP_NA);   /* prefix is not a match */
	const char ev[] = "low 0\nhigh 0\nmax 12\noom 3\noom_kill 2\noom_group_kill 0\n";
	assert_int_equal(kparse_key(S(ev), "oom_kill"), 2);
	assert_int_equal(kparse_key(S(ev), "oom"), 3);
	assert_int_equal(kparse_key(S("oom_kill 99999999999999999999999\n"), "oom_kill"), SNAP_NA);
	assert_int_equal(kparse_key(S("oom_kill \n"), "oom_kill"), SNAP_NA);
	assert_int_equal(kparse_key(S("oom_kill"), "oom_kill"), SNAP_NA);
}

static void test_limit(void **state)
{
	(void)state;
	int lim;
	assert_int_equal(kparse_limit(S("314572800\n"), &lim), 314572800);
	assert_int_equal(lim, 1);
	assert_int_equal(kparse_limit(S("max\n"), &lim), SNAP_NA);
	assert_int_equal(lim, 0);
	assert_int_equal(kparse_limit(S("9223372036854771712\n"), &lim), SNAP_NA);
	assert_int_equal(lim, 0);
	assert_int_equal(kparse_limit(S("maximum\n"), &lim), SNAP_NA);
	assert_int_equal(lim, -1);
	assert_int_equal(kparse_limit(S(""), &lim), SNAP_NA);
	assert_int_equal(lim, -1);
	assert_int_equal(kparse_limit(S("12ab"), &lim), SNAP_NA);
	assert_int_equal(lim, -1);
}

static void test_numbers(void **state)
{
	(void)state;
	assert_int_equal(kparse_u64(S("49844224\n")), 49844224);
	assert_int_equal(kparse_u64(S("")), SNAP_NA);
	assert_int_equal(kparse_u64(S("-1\n")), SNAP_NA);
	assert_int_equal(kparse_int(S("-1000\n")), -1000);
	assert_int_equal(kparse_int(S("667\n")), 667);
	assert_int_equal(kparse_int(S("x")), SNAP_NA_INT);
	assert_int_equal(kparse_int(S("99999999999")), SNAP_NA_INT);
}

static void test_proc_cgroup(void **state)
{
	(void)state;
	char out[64];
	const char hybrid[] = "9:name=systemd:/\n4:memory:/process_api/abc\n1:cpu:/\n0::/user.slice\n";
	assert_int_equal(kparse_proc_cgroup(S(hybrid), true, out, sizeof out), CG_V1);
	assert_string_equal(out, "/process_api/abc");
	assert_int_equal(kparse_proc_cgroup(S(hybrid), false, out, sizeof out), CG_V2);
	assert_string_equal(out, "/user.slice");
	/* controllers can be co-mounted: "cpu,memory" still holds memory */
	assert_int_equal(kparse_proc_cgroup(S("3:cpu,memory:/a b\n"), true, out, sizeof out), CG_V1);
	assert_string_equal(out, "/a b");
	assert_int_equal(kparse_proc_cgroup(S("3:memoryx:/a\n"), true, out, sizeof out), CG_NONE);
	assert_int_equal(kparse_proc_cgroup(S("0::/only-v2"), false, out, sizeof out), CG_V2);
	assert_string_equal(out, "/only-v2");
	assert_int_equal(kparse_proc_cgroup(S("0::"), false, out, sizeof out), CG_NONE);
	assert_int_equal(kparse_proc_cgroup(S("::::\n:\n"), true, out, sizeof out), CG_NONE);
	/* a path longer than the buffer is unknown: cut, it could name a parent */
	char small[4];
	assert_int_equal(kparse_proc_cgroup(S("0::/ab/cd\n"), false, small, sizeof small), CG_NONE);
	assert_int_equal(kparse_proc_cgroup(S("4:memory:/ab/cd\n"), true, small, sizeof small),
			 CG_NONE);
	/* 600 bytes, where the old 512-byte field cut it at a '/' */
	char line[700], want[SNAP_PATH_MAX], path[SNAP_PATH_MAX];
	memset(want, 0, sizeof want);
	want[0] = '/';
	memset(want + 1, 'a', 254);
	want[255] = '/';
	memset(want + 256, 'b', 255);
	want[511] = '/';
	memset(want + 512, 'c', 88);
	assert_int_equal(strlen(want), 600);
	int n = snprintf(line, sizeof line, "9:pids:/\n4:memory:%s\n0::/\n", want);
	assert_int_equal(kparse_proc_cgroup(line, (size_t)n, true, path, sizeof path), CG_V1);
	assert_string_equal(path, want);
}

static void test_mountinfo(void **state)
{
	(void)state;
	char mnt[64], root[64];
	const char mi[] =
		"31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n"
		"32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu\n"
		"35 31 0:32 /outer /sys/fs/cgroup/memory rw,relatime shared:5 - cgroup cgroup rw,memory\n"
		"41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n";
	assert_true(kparse_mountinfo_cgroup(S(mi), CG_V1, mnt, sizeof mnt, root, sizeof root));
	assert_string_equal(mnt, "/sys/fs/cgroup/memory");
	assert_string_equal(root, "/outer");
	assert_true(kparse_mountinfo_cgroup(S(mi), CG_V2, mnt, sizeof mnt, root, sizeof root));
	assert_string_equal(mnt, "/sys/fs/cgroup/unified");
	assert_false(kparse_mountinfo_cgroup(S("1 2 3 / /x rw - cgroup cgroup rw,cpu\n"), CG_V1,
					     mnt, sizeof mnt, root, sizeof root));
	assert_false(kparse_mountinfo_cgroup(S("1 2 3 / /x rw -"), CG_V2, mnt, sizeof mnt, root,
					     sizeof root));
	assert_false(kparse_mountinfo_cgroup(S(""), CG_V2, mnt, sizeof mnt, root, sizeof root));
}

static void test_cmdline(void **state)
{
	(void)state;
	char out[32];
	assert_int_equal(kparse_cmdline(S("llama-server\0-c\0""4096\0"), out, sizeof out), 20);
	assert_string_equal(out, "llama-server -c 4096");
	assert_int_equal(kparse_cmdline(S(""), out, sizeof out), 0);
	assert_string_equal(out, "");
	char tiny[5];
	assert_int_equal(kparse_cmdline(S("abcdefgh\0"), tiny, sizeof tiny), 4);
	assert_string_equal(tiny, "abcd");
}

static void test_model_arg(void **state)
{
	(void)state;
	char out[64];
	static const char a[] = "llama-server\0-m\0/models/q8.gguf\0-c\0008192\0";
	assert_true(kparse_model_arg(a, sizeof a - 1, out, sizeof out));
	assert_string_equal(out, "/models/q8.gguf");
	static const char b[] = "/usr/bin/ollama\0runner\0--model\0/blobs/sha256-x\0--port\0001";
	assert_true(kparse_model_arg(b, sizeof b - 1, out, sizeof out));
	assert_string_equal(out, "/blobs/sha256-x");
	static const char c[] = "vllm\0serve\0--model=Qwen/Qwen3-8B\0";
	assert_true(kparse_model_arg(c, sizeof c - 1, out, sizeof out));
	assert_string_equal(out, "Qwen/Qwen3-8B");
	static const char d[] = "python3\0-mvenv\0-m\0";   /* -m at the end: no value */
	assert_false(kparse_model_arg(d, sizeof d - 1, out, sizeof out));
	static const char e[] = "x\0--model\0aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
	assert_false(kparse_model_arg(e, sizeof e - 1, out, sizeof out));   /* does not fit */
	assert_false(kparse_model_arg("", 0, out, sizeof out));
	assert_int_equal(kparse_ctx_arg(a, sizeof a - 1), 8192);
	static const char f[] = "ollama\0runner\0--ctx-size=32768\0";
	assert_int_equal(kparse_ctx_arg(f, sizeof f - 1), 32768);
	static const char h[] = "llama-server\0--ctx-size\0lots\0";
	assert_false(snap_known(kparse_ctx_arg(h, sizeof h - 1)));
	assert_false(snap_known(kparse_ctx_arg(b, sizeof b - 1)));
}

/* A Python interpreter's -m names a module and its -c is code: only the
 * program's own arguments (after the module or script) say -m/--model and
 * -c/--ctx-size. */
static void test_model_arg_python(void **state)
{
	(void)state;
	char out[64];
#define MODEL(lit, want) do { \
		static const char a_[] = lit; \
		bool ok_ = kparse_model_arg(a_, sizeof a_ - 1, out, sizeof out); \
		if ((want)[0]) { assert_true(ok_); assert_string_equal(out, want); } \
		else assert_false(ok_); \
	} while (0)
	MODEL("python3\0-m\0vllm.entrypoints.openai.api_server\0--model\0/x/y.gguf\0", "/x/y.gguf");
	MODEL("python3\0-m\0foo\0", "");
	MODEL("/usr/bin/python3.11\0-u\0-m\0sglang.launch_server\0--model=/q.gguf\0", "/q.gguf");
	MODEL("python3\0-um\0vllm\0-m\0/joined.gguf\0", "/joined.gguf");
	MODEL("python3\0-mvllm\0serve\0--model\0/m.gguf\0", "/m.gguf");
	MODEL("python3\0-X\0dev\0-W\0ignore\0serve.py\0-m\0/s.gguf\0", "/s.gguf");
	MODEL("python3\0-c\0import x\0-m\0/after-code.gguf\0", "/after-code.gguf");
	MODEL("python3\0script.py\0", "");
	MODEL("pypy3\0-m\0mod\0", "");
	MODEL("llama-server\0-m\0/a.gguf\0", "/a.gguf");
	/* not an interpreter: the name only starts with something else */
	MODEL("mypython\0-m\0/b.gguf\0", "/b.gguf");
	/* a program is not its own option */
	MODEL("-m\0", "");
#undef MODEL
	static const char c1[] = "python3\0-c\0""4096\0";   /* code, not a context */
	assert_false(snap_known(kparse_ctx_arg(c1, sizeof c1 - 1)));
	static const char c2[] = "python3\0-m\0srv\0-c\0""4096\0";
	assert_int_equal(kparse_ctx_arg(c2, sizeof c2 - 1), 4096);
}

static void test_stat_start(void **state)
{
	(void)state;
	/* comm with ") " and spaces in it: fields count from the last ')' */
	const char st[] = "4242 (a) b (c) S 1 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 "
			  "987654 1000000 200 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 3\n";
	assert_int_equal(kparse_stat_start(S(st)), 987654);
	assert_int_equal(kparse_stat_start(S("1 (x) S 0 1")), SNAP_NA);   /* cut */
	assert_int_equal(kparse_stat_start(S("garbage")), SNAP_NA);
	assert_int_equal(kparse_stat_start(S("")), SNAP_NA);
	/* flags: a user process has no PF_KTHREAD; kthreadd (from a live
	 * /proc/2/stat) has it */
	assert_int_equal(kparse_stat_flags(S(st)), 4194560);
	assert_false(kparse_stat_flags(S(st)) & KPARSE_PF_KTHREAD);
	const char kt[] = "2 (kthreadd) S 0 0 0 0 -1 2129984 0 0 0 0 0 3 0 0 20 0 1 0 4 0 0 "
			  "18446744073709551615 0 0 0 0 0 0 0 2147483647 0 0 0 0 17 1\n";
	assert_true(kparse_stat_flags(S(kt)) & KPARSE_PF_KTHREAD);
	assert_int_equal(kparse_stat_flags(S("1 (x) S 0")), SNAP_NA);
	assert_int_equal(kparse_stat_flags(S("garbage")), SNAP_NA);
}

/* The load flags: -ngl and -nkvo (the RAM/GPU split, footprint_split) */
static void test_load_args(void **state)
{
	(void)state;
	struct snap_load_args a;
	static const char c1[] = "llama-server\0-m\0/m.gguf\0-ngl\0" "20\0-nkvo\0-nr";
	kparse_load_args(c1, sizeof c1, &a);
	assert_int_equal(a.gpu_layers, 20);
	assert_true(a.no_kv_offload);
	assert_true(a.no_repack);   /* -nr: no CPU copies of weights */
	static const char c2[] = "llama-cli\0--n-gpu-layers\0" "99\0--no-kv-offload\0-c\0" "4096\0--no-repack";
	kparse_load_args(c2, sizeof c2, &a);
	assert_int_equal(a.gpu_layers, 99);
	assert_true(a.no_kv_offload);
	assert_true(a.no_repack);
	static const char c3[] = "llama-server\0-m\0/m.gguf\0--gpu-layers\0" "3";
	kparse_load_args(c3, sizeof c3, &a);
	assert_int_equal(a.gpu_layers, 3);
	static const char call[] = "llama-server\0-ngl\0all";
	kparse_load_args(call, sizeof call, &a);
	assert_int_equal(a.gpu_layers, SNAP_NGL_ALL);
	static const char cauto[] = "llama-server\0-ngl\0auto";
	kparse_load_args(cauto, sizeof cauto, &a);
	assert_int_equal(a.gpu_layers, -1);
	/* one option in three spellings: the last; a negative but -1 is all */
	static const char ctwo[] = "llama-server\0-ngl\0" "99\0--gpu-layers\0" "0";
	kparse_load_args(ctwo, sizeof ctwo, &a);
	assert_int_equal(a.gpu_layers, 0);
	static const char cneg[] = "llama-server\0--gpu-layers\0" "7\0-ngl\0-2";
	kparse_load_args(cneg, sizeof cneg, &a);
	assert_int_equal(a.gpu_layers, SNAP_NGL_ALL);
	/* -nkvo, then -kvo: offloaded again */
	static const char ckvo[] = "llama-server\0-nkvo\0-kvo";
	kparse_load_args(ckvo, sizeof ckvo, &a);
	assert_false(a.no_kv_offload);
	assert_false(a.no_kv_offload);
	assert_false(a.no_repack);
	assert_false(a.no_host);
	/* the last of -nr and --repack counts, as llama.cpp applies them */
	static const char c5[] = "llama-server\0-nr\0--no-host\0--repack";
	kparse_load_args(c5, sizeof c5, &a);
	assert_false(a.no_repack);
	assert_true(a.no_host);
	static const char c6[] = "llama-server\0--repack\0--no-repack";
	kparse_load_args(c6, sizeof c6, &a);
	assert_true(a.no_repack);
	/* -np N (slots; -1 auto is unsaid), -kvu / -no-kvu: the last */
	assert_int_equal(a.parallel, 0);
	assert_int_equal(a.kv_unified, -1);
	static const char c7[] = "llama-server\0-np\0" "4\0-kvu\0--no-kv-unified";
	kparse_load_args(c7, sizeof c7, &a);
	assert_int_equal(a.parallel, 4);
	assert_int_equal(a.kv_unified, 0);
	assert_false(a.fit_off);
	static const char c8[] = "llama-server\0--parallel\0-1\0-no-kvu\0--kv_unified\0-fit\0off";
	kparse_load_args(c8, sizeof c8, &a);
	assert_int_equal(a.parallel, 0);
	assert_int_equal(a.kv_unified, 1);   /* --kv_unified: llama.cpp reads _ as - */
	assert_true(a.fit_off);
	/* an option given twice: the last, as llama.cpp applies them */
	static const char c10[] = "llama-server\0-np\0" "2\0--parallel\0" "6\0-fit\0off\0--fit\0on";
	kparse_load_args(c10, sizeof c10, &a);
	assert_int_equal(a.parallel, 6);
	assert_false(a.fit_off);
	/* llama.cpp's other words for off */
	static const char c11[] = "llama-server\0-fit\0" "0";
	kparse_load_args(c11, sizeof c11, &a);
	assert_true(a.fit_off);
	static const char c12[] = "llama-server\0--fit\0" "disabled";
	kparse_load_args(c12, sizeof c12, &a);
	assert_true(a.fit_off);
	static const char c4[] = "llama-server\0-m\0/m.gguf";
	kparse_load_args(c4, sizeof c4, &a);
	assert_int_equal(a.gpu_layers, -1);
	assert_false(a.no_kv_offload);
	assert_int_equal(a.ubatch, 0);   /* not said: llama.cpp's 512 */
	assert_false(a.no_mmap);
	/* --load-mode (llama.cpp's newer spelling): mapped or not */
	static const struct { const char *line; size_t len; bool no_mmap; } m[] = {
#define M(s, v) {s, sizeof s, v}
		M("llama-server\0-m\0/m.gguf\0--no-mmap", true),
		M("llama-server\0--load-mode\0none", true),
		M("llama-server\0-lm\0mlock", true),
		M("llama-server\0--load-mode=dio", true),
		M("llama-server\0-lm\0mmap", false),
		M("llama-server\0-lm\0mmap+mlock", false),
		M("llama-server\0-lm\0" "auto", false),
		M("llama-server\0--no-mmap\0-lm\0mmap", false),
		M("llama-server\0-lm", false),
#undef M
	};
	for (size_t i = 0; i < sizeof m / sizeof m[0]; i++) {
		kparse_load_args(m[i].line, m[i].len, &a);
		if (a.no_mmap != m[i].no_mmap)
			fail_msg("load args %zu: no_mmap %d", i, a.no_mmap);
	}
	/* llama-server's prompt cache: -cram N MiB, 0 off, -1 no limit */
	static const struct { const char *line; size_t len; int64_t mib; } c[] = {
#define C(s, v) {s, sizeof s, v}
		C("llama-server\0-m\0/m.gguf", SNAP_CRAM_UNSAID),
		C("llama-server\0-cram\0" "512", 512),
		C("llama-server\0--cache-ram\0" "0", 0),
		C("llama-server\0--cache-ram=-1", -1),
		C("llama-server\0-cram\0-2", -1),
		C("llama-server\0-cram\0-2147483648", -1),
		C("llama-server\0-cram\0-2147483649", SNAP_CRAM_UNSAID),
		C("llama-server\0-cram\0-", SNAP_CRAM_UNSAID),
		C("llama-server\0-cram\0-0", 0),
		C("llama-server\0-cram\0lots", SNAP_CRAM_UNSAID),
		C("llama-server\0-cram\0" "2147483648", SNAP_CRAM_UNSAID),
#undef C
	};
	for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
		kparse_load_args(c[i].line, c[i].len, &a);
		if (a.cache_ram_mib != c[i].mib)
			fail_msg("cache-ram %zu: %lld", i, (long long)a.cache_ram_mib);
	}
	/* K's and V's cache types, each its own (-ctk, -ctv; f16 unless said) */
	static const struct { const char *line; size_t len; int k, v; } kv[] = {
#define K(s, k, v) {s, sizeof s, k, v}
		K("llama-server\0-m\0/m.gguf", 0, 0),
		K("llama-server\0-ctk\0q8_0", 1, 0),
		K("llama-server\0-ctv\0q8_0", 0, 1),
		K("llama-server\0-ctk\0q8_0\0-ctv\0q8_0", 1, 1),
		K("llama-server\0--cache-type-k\0q4_0\0--cache-type-v=f16", 2, 0),
		K("llama-server\0--cache-type-v\0q4_0\0-fa\0on", 0, 2),
		K("llama-server\0-ctv\0bf16", 0, 4),
		K("llama-server\0-ctk\0f32\0-ctv\0iq4_nl", 3, 8),
		K("llama-server\0-ctk\0q5_0\0-ctv\0q5_1", 6, 7),
		K("llama-server\0-ctk\0q4_1", 5, 0),
		K("llama-server\0-ctk\0q6_k\0-ctv\0F16", -1, -1),   /* llama.cpp refuses them */
#undef K
	};
	for (size_t i = 0; i < sizeof kv / sizeof kv[0]; i++) {
		kparse_load_args(kv[i].line, kv[i].len, &a);
		if (a.kv_type != kv[i].k || a.kv_type_v != kv[i].v)
			fail_msg("kv types %zu: K %d V %d, want %d %d", i, a.kv_type, a.kv_type_v, kv[i].k,
				 kv[i].v);
	}
}

/* -ub/--ubatch-size as llama_context takes it: min(n_batch, n_ubatch), 0
 * taking n_batch (default 2048); what std::stoi refuses is no value */
static void test_ubatch_arg(void **state)
{
	(void)state;
	static const struct { const char *line; size_t len; uint64_t ub; } t[] = {
#define U(s, ub) {s, sizeof s, ub}
		U("llama-server\0-m\0/m.gguf\0-ub\0" "1024", 1024),
		U("llama-server\0--ubatch-size\0" "2048", 2048),
		U("llama-server\0--ubatch-size=256", 256),
		U("llama-server\0-ub\0" "4096", 2048),            /* -b's default caps it */
		U("llama-server\0-ub\0" "4096\0-b\0" "8192", 4096),
		U("llama-server\0-b\0" "256", 256),                /* -b alone below 512 */
		U("llama-server\0--batch-size=128\0-ub\0" "512", 128),
		U("llama-server\0-ub\0" "0", 2048),                /* 0: n_batch */
		U("llama-server\0-ub\0" "0\0-b\0" "1024", 1024),
		U("llama-server\0-ub\0" "0\0-b\0" "0", 0),       /* llama.cpp refuses */
		U("llama-server\0-ub\0" "big", 0),
		U("llama-server\0-ub\0" "512k", 0),
		U("llama-server\0-ub\0" "-1", 0),
		U("llama-server\0-ub\0" "2147483648", 0),          /* past int32 */
		U("llama-server\0-ub\0" "2147483647\0-b\0" "4096", 4096),
		U("llama-server\0-ub", 0),                          /* the line ends */
		U("llama-server\0--ubatch-size=", 0),
#undef U
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		struct snap_load_args a;
		kparse_load_args(t[i].line, t[i].len, &a);
		if (a.ubatch != t[i].ub)
			fail_msg("case %zu: ubatch %llu, want %llu", i, (unsigned long long)a.ubatch,
				 (unsigned long long)t[i].ub);
	}
}

/* The load a llama.cpp program's command line and LLAMA_ARG_* environment
 * make together (cmd, then what llamaenv_args writes): env, cmd sizeof-1
 * terminated strings of NUL-separated entries. */
static struct snap_load_args env_load(const char *env, size_t envlen, const char *cmd,
                                      size_t cmdlen, uint64_t *ctx, char *model, size_t msz)
{
	char all[1024];
	assert_true(cmdlen < sizeof all);
	memcpy(all, cmd, cmdlen);
	size_t k = llamaenv_args(env, envlen, cmd, cmdlen, all + cmdlen, sizeof all - cmdlen);
	struct snap_load_args a;
	kparse_load_args(all, cmdlen + k, &a);
	*ctx = kparse_ctx_arg(all, cmdlen + k);
	if (!kparse_model_arg(all, cmdlen + k, model, msz))
		model[0] = '\0';
	return a;
}
#define ENV_LOAD(env, cmd, ctx, model) \
	env_load(env, sizeof env, cmd, sizeof cmd, ctx, model, sizeof model)

static void test_llama_env(void **state)
{
	(void)state;
	uint64_t ctx;
	char model[256];
	struct snap_load_args a;
	/* a container's llama-server: all of it from the environment; other
	 * variables (secrets among them) around and not taken */
	static const char e1[] = "PATH=/usr/bin\0LLAMA_API_KEY=s3cret\0LLAMA_ARG_MODEL=/models/q.gguf\0"
				 "LLAMA_ARG_CTX_SIZE=16384\0LLAMA_ARG_N_GPU_LAYERS=12\0"
				 "LLAMA_ARG_CACHE_TYPE_K=q8_0\0LLAMA_ARG_FLASH_ATTN=enabled\0"
				 "LLAMA_ARG_NO_KV_OFFLOAD=1\0LLAMA_ARG_UBATCH=1024\0LLAMA_ARG_BATCH=4096\0"
				 "LLAMA_ARG_CACHE_RAM=-1\0LLAMA_ARG_LOAD_MODE=none";
	static const char c1[] = "/app/llama-server\0--host\0" "0.0.0.0";
	a = ENV_LOAD(e1, c1, &ctx, model);
	assert_false(a.no_repack);
	assert_false(a.no_host);
	/* repacking off (LLAMA_ARG_REPACK, LLAMA_ARG_NO_REPACK before), the
	 * host buffer off; the command line's --repack wins */
	static const char e2[] = "LLAMA_ARG_REPACK=0\0LLAMA_ARG_NO_HOST=1";
	uint64_t ctx2;
	char model2[256];
	struct snap_load_args rp = ENV_LOAD(e2, c1, &ctx2, model2);
	assert_true(rp.no_repack);
	assert_true(rp.no_host);
	/* -np and -kvu from the environment; the command line's win */
	static const char enp[] = "LLAMA_ARG_N_PARALLEL=8\0LLAMA_ARG_KV_UNIFIED=0";
	rp = ENV_LOAD(enp, c1, &ctx2, model2);
	assert_int_equal(rp.parallel, 8);
	assert_int_equal(rp.kv_unified, 0);
	static const char c9[] = "/app/llama-server\0-np\0" "2\0-kvu";
	rp = ENV_LOAD(enp, c9, &ctx2, model2);
	assert_int_equal(rp.parallel, 2);
	assert_int_equal(rp.kv_unified, 1);
	static const char efit[] = "LLAMA_ARG_FIT=off";
	rp = ENV_LOAD(efit, c1, &ctx2, model2);
	assert_true(rp.fit_off);
	static const char e3[] = "LLAMA_ARG_NO_REPACK=1";
	rp = ENV_LOAD(e3, c1, &ctx2, model2);
	assert_true(rp.no_repack);
	static const char cr[] = "/app/llama-server\0--repack";
	rp = ENV_LOAD(e3, cr, &ctx2, model2);
	assert_false(rp.no_repack);
	assert_string_equal(model, "/models/q.gguf");
	assert_int_equal(ctx, 16384);
	assert_int_equal(a.gpu_layers, 12);
	assert_int_equal(a.kv_type, 1);
	assert_int_equal(a.kv_type_v, 0);   /* V's type is its own: f16 */
	assert_int_equal(a.flash_attn, 1);
	assert_true(a.no_kv_offload);
	assert_int_equal(a.ubatch, 1024);
	assert_int_equal(a.cache_ram_mib, -1);
	assert_true(a.no_mmap);
	/* the command line overrides what it sets, in any spelling */
	static const char c2[] = "llama-server\0--ctx-size=2048\0-m\0/m/cli.gguf\0-ngl\0" "0\0-kvo\0"
				 "--mmap\0-fa\0off";
	a = ENV_LOAD(e1, c2, &ctx, model);
	assert_string_equal(model, "/m/cli.gguf");
	assert_int_equal(ctx, 2048);
	assert_int_equal(a.gpu_layers, 0);
	assert_false(a.no_kv_offload);
	assert_false(a.no_mmap);
	assert_int_equal(a.flash_attn, 0);
	assert_int_equal(a.ubatch, 1024);   /* not on the command line: the env's */
	/* llama.cpp takes '_' for '-' in an option of two dashes: that
	 * --ctx_size overrides the environment's too */
	static const char c8[] = "llama-server\0--ctx_size\0" "1024\0--n_gpu_layers\0" "7\0--no_mmap";
	a = ENV_LOAD(e1, c8, &ctx, model);
	assert_int_equal(ctx, 1024);
	assert_int_equal(a.gpu_layers, 7);
	assert_true(a.no_mmap);
	/* LLAMA_ARG_CACHE_TYPE_V, and -ctv on the command line over it (-ctk
	 * there leaves the variable's V alone) */
	static const char e5[] = "LLAMA_ARG_CACHE_TYPE_V=q4_0\0LLAMA_ARG_CACHE_TYPE_K=q8_0";
	static const char c5[] = "llama-server\0-m\0/m.gguf";
	a = ENV_LOAD(e5, c5, &ctx, model);
	assert_int_equal(a.kv_type, 1);
	assert_int_equal(a.kv_type_v, 2);
	static const char c6[] = "llama-server\0-ctv\0q8_0";
	a = ENV_LOAD(e5, c6, &ctx, model);
	assert_int_equal(a.kv_type, 1);
	assert_int_equal(a.kv_type_v, 1);
	static const char c7[] = "llama-server\0--cache-type-k=f16";
	a = ENV_LOAD(e5, c7, &ctx, model);
	assert_int_equal(a.kv_type, 0);
	assert_int_equal(a.kv_type_v, 2);
	/* booleans: LLAMA_ARG_NO_X with any value is off; LLAMA_ARG_X takes
	 * llama.cpp's words; a word it refuses is nothing */
	static const struct { const char *env; size_t len; bool no_mmap, nkvo; int fa; } b[] = {
#define B(e, m, k, f) {e, sizeof e, m, k, f}
		B("LLAMA_ARG_NO_MMAP=", true, false, -1),
		B("LLAMA_ARG_MMAP=false", true, false, -1),
		B("LLAMA_ARG_MMAP=1\0LLAMA_ARG_NO_MMAP=1", true, false, -1),
		B("LLAMA_ARG_MMAP=yes", false, false, -1),
		B("LLAMA_ARG_DIO=on", true, false, -1),
		B("LLAMA_ARG_DIO=0", true, false, -1),
		/* applied in llama.cpp's order: the load mode last */
		B("LLAMA_ARG_LOAD_MODE=mmap\0LLAMA_ARG_MMAP=0", false, false, -1),
		B("LLAMA_ARG_LOAD_MODE=mlock\0LLAMA_ARG_MMAP=1", true, false, -1),
		B("LLAMA_ARG_KV_OFFLOAD=disabled", false, true, -1),
		B("LLAMA_ARG_KV_OFFLOAD=true", false, false, -1),
		B("LLAMA_ARG_FLASH_ATTN=0", false, false, 0),
		B("LLAMA_ARG_FLASH_ATTN=-1", false, false, -1),
		B("LLAMA_ARG_FLASH_ATTN=maybe", false, false, -1),
		/* not a variable of the table; a name that only starts like one */
		B("LLAMA_ARG_MLOCK=1\0LLAMA_ARG_MMAPX=0\0XLLAMA_ARG_MMAP=0", false, false, -1),
#undef B
	};
	static const char c3[] = "llama-server";
	for (size_t i = 0; i < sizeof b / sizeof b[0]; i++) {
		a = env_load(b[i].env, b[i].len, c3, sizeof c3, &ctx, model, sizeof model);
		if (a.no_mmap != b[i].no_mmap || a.no_kv_offload != b[i].nkvo ||
		    a.flash_attn != b[i].fa)
			fail_msg("bool %zu: no_mmap %d nkvo %d fa %d", i, a.no_mmap, a.no_kv_offload,
				 a.flash_attn);
	}
	/* nothing from the environment: the command line alone, and none of
	 * an empty value, a cut environ, a full output buffer */
	static const char e4[] = "HOME=/root\0LLAMA_ARG_CTX_SIZE=\0LLAMA_ARG_MODEL";
	static const char c4[] = "llama-server\0-c\0" "512";
	a = ENV_LOAD(e4, c4, &ctx, model);
	assert_int_equal(ctx, 512);
	assert_string_equal(model, "");
	char tiny[8];
	assert_int_equal(llamaenv_args(e1, sizeof e1, c3, sizeof c3, tiny, sizeof tiny), 8);
	assert_int_equal(llamaenv_args(e1, sizeof e1, c3, sizeof c3, tiny, 0), 0);
	assert_int_equal(llamaenv_args("", 0, c3, sizeof c3, tiny, sizeof tiny), 0);
}

/* Which programs read LLAMA_ARG_*: those built on llama.cpp's common
 * parser, by the name the kernel keeps (15 bytes) */
static void test_llama_env_readers(void **state)
{
	(void)state;
	static const char *const yes[] = {"llama-server", "llama-cli", "llama-perplexit",
					  "llama-batched-b", "llama-speculati", "llama-mtmd-cli"};
	static const char *const no[] = {"llama-bench", "llama-quantize", "llama-swap", "llama-gguf-spli",
					 "llama-batched-x", "llama", "server", "", "llama-server2",
					 "llama-cli\n"};
	for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
		if (!llamaenv_reads(yes[i]))
			fail_msg("%s does read them", yes[i]);
	for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
		if (llamaenv_reads(no[i]))
			fail_msg("%s does not read them", no[i]);
}

/* -fa's words as llama.cpp takes them (common_arg_utils) */
static void test_fa_words(void **state)
{
	(void)state;
	static const struct { const char *line; size_t len; int fa; } t[] = {
#define F(s, v) {s, sizeof s, v}
		F("llama-server\0-fa\0on", 1), F("llama-server\0-fa\0true", 1),
		F("llama-server\0--flash-attn=enabled", 1), F("llama-server\0-fa\0" "1", 1),
		F("llama-server\0-fa\0off", 0), F("llama-server\0-fa\0" "0", 0),
		F("llama-server\0-fa\0disabled", 0), F("llama-server\0-fa\0" "false", 0),
		F("llama-server\0-fa\0" "auto", -1), F("llama-server\0-fa\0-1", -1),
		F("llama-cli\0-fa\0-c\0" "4096", 1), F("llama-cli\0-fa", 1),
		F("llama-cli\0-c\0" "4096", -1),
#undef F
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		struct snap_load_args a;
		kparse_load_args(t[i].line, t[i].len, &a);
		if (a.flash_attn != t[i].fa)
			fail_msg("case %zu: fa %d, want %d", i, a.flash_attn, t[i].fa);
	}
}

/* -ts/-sm/-mg as common/arg.cpp reads them; what llama.cpp would refuse
 * or read otherwise (std::stof takes "nan", "-1", "3x") sets split_bad */
static void test_split_args(void **state)
{
	(void)state;
	static const struct {
		const char *line; size_t len; int nts; float t0, t1; int sm, mg; bool bad;
	} t[] = {
#define T(s, n, a, b, sm, mg, bad) {s, sizeof s, n, a, b, sm, mg, bad}
		T("llama-server\0-m\0/m.gguf", 0, 0, 0, 0, 0, false),           /* defaults */
		T("llama-server\0-ts\0" "3,1", 2, 3, 1, 0, 0, false),
		T("llama-server\0--tensor-split\0" "1/2", 2, 1, 2, 0, 0, false),
		T("llama-server\0--tensor-split=0.5,,/1.5,", 2, 0.5f, 1.5f, 0, 0, false), /* [,/]+ */
		T("llama-server\0-ts\0" "7", 1, 7, 0, 0, 0, false),
		T("llama-server\0-ts\0", 0, 0, 0, 0, 0, false),           /* empty: the default */
		T("llama-server\0-ts\0" ",3", 0, 0, 0, 0, 0, true),       /* stof("") throws */
		T("llama-server\0-ts\0" "-1,2", 0, 0, 0, 0, 0, true),
		T("llama-server\0-ts\0" "nan,1", 0, 0, 0, 0, 0, true),
		T("llama-server\0-ts\0" "inf", 0, 0, 0, 0, 0, true),
		T("llama-server\0-ts\0" "3x,1", 0, 0, 0, 0, 0, true),
		T("llama-server\0-ts\0" "1e3", 0, 0, 0, 0, 0, true),
		T("llama-server\0-ts\0" "1.2.3", 0, 0, 0, 0, 0, true),
		T("llama-server\0-ts\0" ".", 0, 0, 0, 0, 0, true),
		T("llama-server\0-ts\0" "99999999999", 0, 0, 0, 0, 0, true),
		/* 15 shares are llama.cpp's most (16 devices, "got 16 input
		 * configs" refused) */
		T("llama-server\0-ts\0" "1,1,1,1,1,1,1,1,1,1,1,1,1,1,1", 15, 1, 1, 0, 0, false),
		T("llama-server\0-ts\0" "1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1", 0, 0, 0, 0, 0, true),
		T("llama-server\0-ts\0" "1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,"
		  "1,1,1,1,1,1,1,1", 0, 0, 0, 0, 0, true),
		T("llama-server\0-sm\0none\0-mg\0" "1", 0, 0, 0, 1, 1, false),
		T("llama-server\0--split-mode=row\0--main-gpu=3", 0, 0, 0, 2, 3, false),
		T("llama-server\0-sm\0layer\0-ts\0" "1,3", 2, 1, 3, 0, 0, false),
		T("llama-server\0-sm\0tensor", 0, 0, 0, 3, 0, false),
		T("llama-server\0-sm\0rows", 0, 0, 0, 0, 0, true),
		T("llama-server\0-sm\0", 0, 0, 0, 0, 0, true),
		T("llama-server\0-sm\0none\0-mg\0-1", 0, 0, 0, 1, -1, false),
		T("llama-server\0-mg\0" "1x", 0, 0, 0, 0, 0, true),
		T("llama-server\0-mg\0-", 0, 0, 0, 0, 0, true),
		T("llama-server\0-mg\0" "2147483648", 0, 0, 0, 0, 0, true),
		T("llama-server\0-mg", 0, 0, 0, 0, 0, false),               /* the line ends */
#undef T
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		struct snap_load_args a;
		memset(&a, 0xa5, sizeof a);
		kparse_load_args(t[i].line, t[i].len, &a);
		if (a.nts != t[i].nts || a.split_mode != t[i].sm || a.main_gpu != t[i].mg ||
		    a.split_bad != t[i].bad || (a.nts > 0 && a.ts[0] != t[i].t0) ||
		    (a.nts > 1 && a.ts[1] != t[i].t1) || (a.nts < 2 && a.ts[1] != 0))
			fail_msg("case %zu: nts %d (%g %g) sm %d mg %d bad %d", i, a.nts, a.ts[0],
				 a.ts[1], a.split_mode, a.main_gpu, a.split_bad);
	}
	/* LLAMA_ARG_SPLIT_MODE, _TENSOR_SPLIT, _MAIN_GPU; the command line's
	 * options over them */
	uint64_t ctx;
	char model[256];
	static const char e[] = "LLAMA_ARG_TENSOR_SPLIT=2/1\0LLAMA_ARG_SPLIT_MODE=none\0"
				"LLAMA_ARG_MAIN_GPU=1";
	static const char c1[] = "llama-server";
	struct snap_load_args a = ENV_LOAD(e, c1, &ctx, model);
	assert_int_equal(a.nts, 2);
	assert_true(a.ts[0] == 2 && a.ts[1] == 1);
	assert_int_equal(a.split_mode, 1);
	assert_int_equal(a.main_gpu, 1);
	assert_false(a.split_bad);
	static const char c2[] = "llama-server\0--tensor-split=1,1,1\0-sm\0layer\0--main-gpu\0" "0";
	a = ENV_LOAD(e, c2, &ctx, model);
	assert_int_equal(a.nts, 3);
	assert_int_equal(a.split_mode, 0);
	assert_int_equal(a.main_gpu, 0);
	static const char e3[] = "LLAMA_ARG_TENSOR_SPLIT=nan";
	a = ENV_LOAD(e3, c1, &ctx, model);
	assert_true(a.split_bad);
}

#define L(path) "7f2c1a000000-7f2c1a200000 r-xp 00000000 08:01 131090    " path "\n"

static void test_runtime_lib(void **state)
{
	(void)state;
	static const struct { const char *path; enum runtime want; } t[] = {
		/* node-llama-cpp, llama-cpp-python, ollama's runner, llama-server */
		{"/srv/app/node_modules/@node-llama-cpp/linux-x64/bins/linux-x64/libllama.so", RT_LLAMACPP},
		{"/usr/lib/python3/site-packages/llama_cpp/lib/libllama.so", RT_LLAMACPP},
		/* node-llama-cpp 3.21.1's own names */
		{"/srv/node_modules/@node-llama-cpp/linux-x64/bins/linux-x64/libllama.v0.4.0.so", RT_LLAMACPP},
		{"/srv/node_modules/@node-llama-cpp/linux-x64/bins/linux-x64/libggml.v0.4.0.so", RT_LLAMACPP},
		{"/srv/node_modules/@node-llama-cpp/linux-x64/bins/linux-x64/libllama-common.so", RT_LLAMACPP},
		{"/usr/local/lib/ollama/libggml-base.so", RT_LLAMACPP},
		{"/usr/local/lib/ollama/libggml-cpu-haswell.so", RT_LLAMACPP},
		{"/usr/lib/x86_64-linux-gnu/libggml.so.0", RT_LLAMACPP},
		{"/opt/llama/libllama.so (deleted)", RT_LLAMACPP},
		{"/venv/lib/python3.12/site-packages/torch/lib/libtorch_cpu.so", RT_PYTORCH},
		{"/venv/lib/python3.12/site-packages/torch/lib/libtorch_cuda.so", RT_PYTORCH},
		{"/venv/lib/python3.12/site-packages/torch/lib/libc10.so", RT_PYTORCH},
		{"/venv/lib/python3.12/site-packages/torch/lib/libtorch.so", RT_PYTORCH},
		/* not theirs: a name that only starts alike, a file that is no
		 * library, a directory called so */
		{"/usr/lib/libllamaextra.so", RT_UNKNOWN},
		{"/home/u/libllama-notes.txt", RT_UNKNOWN},
		{"/home/u/libllama.so.d/model.gguf", RT_UNKNOWN},
		{"/usr/lib/libc10n.so", RT_UNKNOWN},
		{"/usr/lib/x86_64-linux-gnu/libc.so.6", RT_UNKNOWN},
		{"/usr/lib/libtorchlight.so", RT_UNKNOWN},
		{"", RT_UNKNOWN},
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		if (kparse_runtime_lib(t[i].path, strlen(t[i].path)) != t[i].want)
			fail_msg("%s: %d, want %d", t[i].path,
				 (int)kparse_runtime_lib(t[i].path, strlen(t[i].path)), (int)t[i].want);
}

static void test_runtime_title(void **state)
{
	(void)state;
	/* comm as setproctitle leaves it: 15 bytes of the title */
	assert_int_equal(kparse_runtime_title("VLLM::EngineCor"), RT_VLLM);
	assert_int_equal(kparse_runtime_title("VLLM::Worker_TP"), RT_VLLM);
	assert_int_equal(kparse_runtime_title("sglang::schedul"), RT_SGLANG);
	assert_int_equal(kparse_runtime_title("python3"), RT_UNKNOWN);
	assert_int_equal(kparse_runtime_title("vllm"), RT_UNKNOWN);   /* the name: advice's */
	assert_int_equal(kparse_runtime_title(""), RT_UNKNOWN);
	assert_int_equal(kparse_runtime_title(NULL), RT_UNKNOWN);
}

static void test_maps(void **state)
{
	(void)state;
	char model[256];
	enum runtime rt;
	/* node-llama-cpp with a mapped model (llama.cpp's default) */
	const char node[] =
		"00400000-00401000 r--p 00000000 08:01 42 /usr/bin/node\n"
		L("/srv/node_modules/@node-llama-cpp/linux-x64/bins/linux-x64/libggml-base.so")
		L("/srv/node_modules/@node-llama-cpp/linux-x64/bins/linux-x64/libllama.so")
		"7f0000000000-7f0010000000 r--p 00000000 08:01 77 /models/tiny model.gguf\n"
		"7ffd1000000-7ffd1021000 rw-p 00000000 00:00 0                          [stack]\n";
	assert_true(kparse_maps(S(node), model, sizeof model, &rt, NULL));
	assert_string_equal(model, "/models/tiny model.gguf");
	assert_int_equal(rt, RT_LLAMACPP);
	/* the same after a --no-mmap load: the model is no longer mapped */
	const char nommap[] =
		"00400000-00401000 r--p 00000000 08:01 42 /usr/bin/node\n"
		L("/srv/node_modules/@node-llama-cpp/linux-x64/bins/linux-x64/libllama.so")
		"7f0000000000-7f0010000000 rw-p 00000000 00:00 0 \n";
	assert_false(kparse_maps(S(nommap), model, sizeof model, &rt, NULL));
	assert_int_equal(rt, RT_LLAMACPP);
	/* not asked for a model (the command line named it): the runtime alone */
	assert_false(kparse_maps(S(node), NULL, 0, &rt, NULL));
	assert_int_equal(rt, RT_LLAMACPP);
	/* torch first, llama.cpp after it: llama.cpp's libraries win */
	const char both[] =
		L("/venv/site-packages/torch/lib/libc10.so")
		L("/venv/site-packages/torch/lib/libtorch_cpu.so")
		L("/venv/site-packages/llama_cpp/lib/libllama.so");
	assert_false(kparse_maps(S(both), model, sizeof model, &rt, NULL));
	assert_int_equal(rt, RT_LLAMACPP);
	assert_false(kparse_maps(S(L("/venv/site-packages/torch/lib/libtorch_cuda.so")), model,
				 sizeof model, &rt, NULL));
	assert_int_equal(rt, RT_PYTORCH);
	/* an ollama blob; a path too long for out is not cut, it is passed */
	const char blob[] =
		L("/root/.ollama/models/blobs/sha256-6a0746a1ec1aef3e7ec53868f220ff6e389f6f8ef87a01d77c96807de94ca2aa");
	assert_true(kparse_maps(S(blob), model, sizeof model, &rt, NULL));
	assert_string_equal(model, "/root/.ollama/models/blobs/sha256-6a0746a1ec1aef3e7ec53868f220ff6e389f6f8ef87a01d77c96807de94ca2aa");
	assert_int_equal(rt, RT_UNKNOWN);
	char small[8];
	assert_false(kparse_maps(S(blob), small, sizeof small, &rt, NULL));
	/* empty, no newline at the end, a line cut in its path, garbage */
	assert_false(kparse_maps("", 0, model, sizeof model, &rt, NULL));
	assert_int_equal(rt, RT_UNKNOWN);
	assert_true(kparse_maps(S("7f-8f r--p 0 0:0 1 /m/x.gguf"), model, sizeof model, &rt, NULL));
	assert_string_equal(model, "/m/x.gguf");
	assert_false(kparse_maps(S("7f-8f r--p 0 0:0 1 /usr/lib/libll"), model, sizeof model, &rt, NULL));
	assert_int_equal(rt, RT_UNKNOWN);
	assert_false(kparse_maps(S("\n\n\0/\0\n/\n"), model, sizeof model, &rt, NULL));
	/* a GPU backend's library mapped: ggml's own, or a static build's
	 * GPU runtime; not a CPU variant, not a look-alike */
	bool gpu = true;
	kparse_maps(S(node), NULL, 0, &rt, &gpu);
	assert_false(gpu);
	kparse_maps(S(L("/usr/lib/ollama/cuda_v12/libggml-cuda.so") L("/x/libggml-base.so")), NULL, 0,
		    &rt, &gpu);
	assert_true(gpu);
	assert_int_equal(rt, RT_LLAMACPP);
	kparse_maps(S(L("/opt/llama/libcudart.so.12.4.127")), NULL, 0, &rt, &gpu);
	assert_true(gpu);
	kparse_maps(S(L("/usr/lib/x86_64-linux-gnu/libvulkan.so.1")), NULL, 0, &rt, &gpu);
	assert_true(gpu);
	kparse_maps(S(L("/usr/lib/x86_64-linux-gnu/libcuda.so.580.159.04")), NULL, 0, &rt, &gpu);
	assert_true(gpu);   /* the driver: a static CUDA build maps it alone */
	kparse_maps(S(L("/x/libggml-cpu-haswell.so") L("/x/libggml-cudax.so") L("/x/libcudart.txt")
		      L("/x/libcudnn.so.9")),
		    NULL, 0, &rt, &gpu);
	assert_false(gpu);
}

/* /proc/cpuinfo's first "flags" line: the kind of ggml's best x86
 * variant (cpuinfo.h); ARM's "Features", a missing or cut line: plain. */
static void test_cpuinfo(void **state)
{
	(void)state;
#define K(text) cpuinfo_kind(text, strlen(text))
	const char *haswell = "processor\t: 0\nflags\t\t: fpu sse4_2 avx f16c avx2 bmi2 fma\nbugs\t\t: x\n";
	assert_int_equal(K(haswell), CPU_AVX2);
	assert_int_equal(K("flags\t\t: fpu sse4_2 avx f16c avx2 bmi2 fma avx512f avx512dq avx512cd avx512bw "
	                   "avx512vl avx512_vnni\n"), CPU_AVX512);
	/* ggml's AVX512 needs F, CD, VL, DQ and BW: F alone is an AVX2 build */
	assert_int_equal(K("flags\t\t: fpu sse4_2 avx f16c avx2 bmi2 fma avx512f avx512_vnni\n"), CPU_AVX2);
	assert_int_equal(K("flags\t\t: avx f16c avx2 bmi2 fma avx512f avx512dq avx512cd avx512bw avx512vl "
	                   "avx512vbmi avx512_vnni avx512_bf16 amx_bf16 amx_tile amx_int8\n"), CPU_AMX);
	/* AMX without AVX512_BF16: not the sapphirerapids variant */
	assert_int_equal(K("flags\t\t: avx f16c avx2 bmi2 fma avx512f avx512dq avx512cd avx512bw avx512vl "
	                   "avx512vbmi avx512_vnni amx_tile amx_int8\n"), CPU_AVX512);
	/* words, not substrings: "avx2" is not "avx" */
	assert_int_equal(K("flags\t\t: f16c avx2 bmi2 fma\n"), CPU_PLAIN);
	assert_int_equal(K("flags\t\t: fpu sse4_2 avx\n"), CPU_PLAIN);
	assert_int_equal(K("Features\t: fp asimd evtstrm aes pmull sha1 sha2 crc32\n"), CPU_PLAIN);
	assert_int_equal(K("flagsy\t: avx f16c avx2 bmi2 fma\n"), CPU_PLAIN);
	assert_int_equal(K("flags avx f16c avx2 bmi2 fma"), CPU_PLAIN);   /* no colon */
	assert_int_equal(K(""), CPU_PLAIN);
	/* only the first CPU's line counts */
	assert_int_equal(K("flags\t\t: avx\nflags\t\t: avx f16c avx2 bmi2 fma\n"), CPU_PLAIN);
	assert_int_equal(cpu_kind_parse("avx512"), CPU_AVX512);
	assert_int_equal(cpu_kind_parse("AMX"), -1);
	assert_string_equal(cpu_kind_name(CPU_AMX), "amx");
#undef K
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_model_arg),
		cmocka_unit_test(test_model_arg_python),
		cmocka_unit_test(test_stat_start),
		cmocka_unit_test(test_runtime_lib), cmocka_unit_test(test_runtime_title),
		cmocka_unit_test(test_maps),
		cmocka_unit_test(test_psi_real),   cmocka_unit_test(test_psi_odd),
		cmocka_unit_test(test_key),        cmocka_unit_test(test_limit),
		cmocka_unit_test(test_numbers),    cmocka_unit_test(test_proc_cgroup),
		cmocka_unit_test(test_mountinfo),  cmocka_unit_test(test_cmdline),
		cmocka_unit_test(test_load_args),
		cmocka_unit_test(test_ubatch_arg),
		cmocka_unit_test(test_llama_env),
		cmocka_unit_test(test_fa_words),
		cmocka_unit_test(test_llama_env_readers),
		cmocka_unit_test(test_split_args),
		cmocka_unit_test(test_cpuinfo),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
