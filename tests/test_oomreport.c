/* Unit tests for the kernel OOM report parser (src/formats/oomreport.c), on
 * real reports (tests/fixtures/oom, with their sources) and hostile lines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/oomreport.h"

#define S(str) (str), (sizeof(str) - 1)

/* Feed every line of a fixture; the kills it completes into out. */
static size_t feed_file(const char *name, struct oom_kill *out, size_t max)
{
	char path[512], line[4096];
	const char *dir = getenv("FIXTURES");
	snprintf(path, sizeof path, "%s/oom/%s", dir ? dir : "tests/fixtures", name);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	struct oom_assembler a;
	oomreport_init(&a);
	size_t n = 0;
	while (fgets(line, sizeof line, f))
		if (oomreport_feed(&a, line, strlen(line), &out[n < max ? n : max - 1]) && n < max)
			n++;
	if (oomreport_flush(&a, &out[n < max ? n : max - 1]) && n < max)
		n++;
	fclose(f);
	return n;
}

#define KB(n) ((uint64_t)(n) * 1024)
#define PAGES(n) ((uint64_t)(n) * 4096)
#define UNKNOWN UINT64_MAX

/* Whole machine (CONSTRAINT_NONE), 5.13, journalctl -k lines: the Mem-Info
 * block with its continuation lines, 76 tasks, oom_reaper after the kill. */
static void test_real_global_journal(void **state)
{
	(void)state;
	struct oom_kill k[3];
	assert_int_equal(feed_file("global-5.13-journal.txt", k, 3), 1);
	assert_int_equal(k[0].pid, 662);
	assert_string_equal(k[0].comm, "baloo_file");
	assert_int_equal(k[0].constraint, OOMC_NONE);
	assert_string_equal(k[0].oom_memcg, "");
	assert_string_equal(k[0].task_memcg, "/user.slice/user-1000.slice/session-2.scope");
	assert_false(k[0].constraint_inferred);
	assert_string_equal(k[0].trigger, "llvm-tblgen");
	assert_int_equal(k[0].order, 0);
	assert_int_equal(k[0].gfp_mask, 0x1100cca);
	assert_string_equal(k[0].gfp_flags, "GFP_HIGHUSER_MOVABLE");
	assert_int_equal(k[0].anon, KB(285340));
	assert_int_equal(k[0].file, 0);
	assert_int_equal(k[0].shmem, 0);
	assert_int_equal(k[0].oom_score_adj, 0);
	assert_int_equal(k[0].ts_us, 0);   /* syslog time only: no time since boot */
	assert_int_equal(k[0].memcg_usage, UNKNOWN);
	assert_false(k[0].cut);
	assert_int_equal(k[0].tasks_seen, 76);
	assert_int_equal(k[0].ntasks, OOMR_TASKS_MAX);
	assert_int_equal(k[0].tasks[0].pid, 662);
	assert_int_equal(k[0].tasks[0].rss, PAGES(71335));
	assert_int_equal(k[0].tasks[1].pid, 856);
	assert_string_equal(k[0].tasks[1].name, "baloo_file_extr");
	assert_int_equal(k[0].tasks[2].pid, 4747);
	assert_string_equal(k[0].tasks[2].name, "llvm-tblgen");
	assert_int_equal(k[0].tasks[3].rss, PAGES(52196));
	assert_int_equal(k[0].tasks[7].pid, 4746);   /* 8th largest of 76 */
}

/* Whole machine without memory cgroups (no global_oom, no task_memcg),
 * 5.14-rc3-rt, quoted twice in a mail ("> | "); the kill comes before
 * Mem-Info and there is no trigger line in the excerpt. */
static void test_real_global_quoted(void **state)
{
	(void)state;
	struct oom_kill k[2];
	assert_int_equal(feed_file("global-5.14-nomemcg-quoted.txt", k, 2), 1);
	assert_int_equal(k[0].pid, 1713);
	assert_string_equal(k[0].comm, "systemd-logind");
	assert_int_equal(k[0].constraint, OOMC_NONE);
	assert_string_equal(k[0].task_memcg, "");
	assert_string_equal(k[0].trigger, "");
	assert_int_equal(k[0].anon, KB(956));
	assert_int_equal(k[0].rss, KB(956));
	assert_int_equal(k[0].ntasks, 0);
}

/* 3.x: "Kill process ... or sacrifice child", no shmem-rss, no constraint
 * line, an elided middle ("[...]") and an unrelated line after. */
static void test_real_3x_excerpt(void **state)
{
	(void)state;
	struct oom_kill k[2];
	assert_int_equal(feed_file("global-3.x-perl-excerpt.txt", k, 2), 1);
	assert_int_equal(k[0].pid, 18694);
	assert_string_equal(k[0].comm, "perl");
	assert_int_equal(k[0].constraint, OOMC_NONE);   /* "Out of memory:" */
	assert_true(k[0].constraint_inferred);
	assert_string_equal(k[0].trigger, "perl");
	assert_int_equal(k[0].order, 0);
	assert_int_equal(k[0].gfp_mask, 0x280da);
	assert_string_equal(k[0].gfp_flags, "");   /* 3.x printed no names */
	assert_int_equal(k[0].anon, KB(1953348));
	assert_int_equal(k[0].file, 0);
	assert_int_equal(k[0].shmem, UNKNOWN);
	assert_int_equal(k[0].rss, KB(1953348));
	assert_int_equal(k[0].oom_score_adj, INT32_MIN);
	assert_int_equal(k[0].ts_us, 1880957563408ull);
}

/* CONSTRAINT_CPUSET, 5.8 (docker --cpuset-mems on a movable-only node),
 * indented and quoted in a mail; five oom_reaper lines follow, none a kill. */
static void test_real_cpuset(void **state)
{
	(void)state;
	struct oom_kill k[3];
	assert_int_equal(feed_file("cpuset-5.8-quoted.txt", k, 3), 1);
	assert_int_equal(k[0].pid, 4100);
	assert_string_equal(k[0].comm, "containerd");
	assert_int_equal(k[0].constraint, OOMC_CPUSET);
	assert_string_equal(k[0].oom_memcg, "");
	assert_string_equal(k[0].task_memcg, "/system.slice/containerd.service");
	assert_string_equal(k[0].trigger, "runc:[2:INIT]");   /* not "> runc..." */
	assert_int_equal(k[0].gfp_mask, 0x500cc2);
	assert_string_equal(k[0].gfp_flags, "GFP_HIGHUSER|__GFP_ACCOUNT");
	assert_int_equal(k[0].order, 0);
	assert_int_equal(k[0].anon, KB(51184));
	assert_int_equal(k[0].file, KB(26016));
	assert_int_equal(k[0].shmem, 0);
	assert_int_equal(k[0].ntasks, 0);   /* the report had no task table */
}

/* CONSTRAINT_MEMORY_POLICY on a kernel patched with a per-node column
 * ("(01)nrss") between rss and pgtables_bytes: the rss column is still
 * found by its name. */
static void test_real_mempolicy(void **state)
{
	(void)state;
	struct oom_kill k[2];
	assert_int_equal(feed_file("mempolicy-5.19-nrss.txt", k, 2), 1);
	assert_int_equal(k[0].pid, 13135);
	assert_string_equal(k[0].comm, "a.out");
	assert_int_equal(k[0].constraint, OOMC_MEMORY_POLICY);
	assert_string_equal(k[0].task_memcg, "/user.slice/user-0.slice/session-3.scope");
	assert_int_equal(k[0].anon, KB(2697304));
	assert_int_equal(k[0].file, KB(1360));
	assert_int_equal(k[0].ts_us, 1471742583ull);
	assert_int_equal(k[0].tasks_seen, 4);
	/* the largest held more in all than the victim, which held more on node 1 */
	assert_int_equal(k[0].tasks[0].pid, 12399);
	assert_int_equal(k[0].tasks[0].rss, PAGES(1311056));
	assert_int_equal(k[0].tasks[1].pid, 13135);
	assert_int_equal(k[0].tasks[1].rss, PAGES(674666));
	assert_string_equal(k[0].tasks[3].name, "sh");
}

/* cgroup v1, 4.16, quoted in a mail: "Task in /test killed as a result of
 * limit of /test", usage and limit, and "Kill process 3861 (bash) ... or
 * sacrifice child" followed by the kill of its child dd, 3876. */
static void test_real_v1_sacrifice_child(void **state)
{
	(void)state;
	struct oom_kill k[2];
	assert_int_equal(feed_file("memcg-v1-4.16-quoted.txt", k, 2), 1);
	assert_int_equal(k[0].pid, 3876);
	assert_string_equal(k[0].comm, "dd");
	assert_int_equal(k[0].constraint, OOMC_MEMCG);
	assert_string_equal(k[0].oom_memcg, "/test");
	assert_string_equal(k[0].task_memcg, "/test");
	assert_string_equal(k[0].trigger, "dd");
	assert_int_equal(k[0].order, 0);
	assert_int_equal(k[0].memcg_usage, KB(51200));
	assert_int_equal(k[0].memcg_limit, KB(51200));
	assert_int_equal(k[0].anon, KB(1052));
	assert_int_equal(k[0].file, KB(1720));
	assert_int_equal(k[0].shmem, 0);
}

/* cgroup v1, 5.3 (SLE 15 SP3), dmesg -T: the wall-time prefix hides
 * neither the task table nor the usage; the trigger is a thread whose comm
 * has a space and a slash. task_memcg is kept as printed (the post has
 * "kubepods-urstable"). */
static void test_real_v1_dmesg_T(void **state)
{
	(void)state;
	struct oom_kill k[2];
	assert_int_equal(feed_file("memcg-v1-5.3-dmesg-T.txt", k, 2), 1);
	assert_int_equal(k[0].pid, 70870);
	assert_string_equal(k[0].comm, "qemu-system-x86");
	assert_int_equal(k[0].constraint, OOMC_MEMCG);
	assert_string_equal(k[0].oom_memcg, "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-podef91e487_dec5_4613_800b_eb23e1a1617d.slice");
	assert_string_equal(k[0].task_memcg, "/kubepods.slice/kubepods-urstable.slice/kubepods-burstable-podef91e487_dec5_4613_800b_eb23e1a1617d.slice/cri-containerd-100093783c22a3ae1a42e21dd887b7c26eef52d56ba44c7273ef54507b6efe7c.scope");
	assert_string_equal(k[0].trigger, "CPU 11/KVM");
	assert_int_equal(k[0].ts_us, 0);
	assert_int_equal(k[0].memcg_usage, KB(67579904));
	assert_int_equal(k[0].memcg_limit, KB(67579904));
	assert_int_equal(k[0].anon, KB(66852088));
	assert_int_equal(k[0].file, KB(21948));
	assert_int_equal(k[0].shmem, KB(4));
	assert_int_equal(k[0].tasks_seen, 6);
	assert_int_equal(k[0].tasks[0].pid, 70870);
	assert_int_equal(k[0].tasks[0].rss, PAGES(16718510));
	assert_int_equal(k[0].tasks[0].oom_score_adj, 830);
	assert_string_equal(k[0].tasks[5].name, "pause");
	assert_int_equal(k[0].tasks[5].oom_score_adj, -998);
}

/* cgroup v1, 5.14 (SLE 15 SP4), journal lines with "..." where the poster
 * cut lines, ending at the oom-kill: line: no kill line, so the kill comes
 * from oom-kill: at the end of the input, its sizes unknown. */
static void test_real_cut_report(void **state)
{
	(void)state;
	struct oom_kill k[2];
	assert_int_equal(feed_file("memcg-v1-5.14-journal-cut.txt", k, 2), 1);
	assert_true(k[0].cut);
	assert_int_equal(k[0].pid, 39079);
	assert_string_equal(k[0].comm, "qemu-system-x86");
	assert_int_equal(k[0].constraint, OOMC_MEMCG);
	assert_string_equal(k[0].oom_memcg, "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod968a06fb_9ab9_4819_8caf_0392ddff3d9b.slice");
	assert_string_equal(k[0].trigger, "virt-launcher");
	assert_int_equal(k[0].memcg_usage, KB(17024340));
	assert_int_equal(k[0].memcg_limit, KB(17024340));
	assert_int_equal(k[0].anon, UNKNOWN);
	assert_int_equal(k[0].rss, UNKNOWN);
	assert_int_equal(k[0].tasks_seen, 6);
	assert_int_equal(k[0].tasks[0].pid, 39079);
	assert_int_equal(k[0].tasks[0].rss, PAGES(4201766));
}

/* cgroup v2 ("swap: usage"), 6.18 arm64, a mail wrapped at 80 columns with
 * a debugging patch's lines in between: the wrapped oom-kill: line loses
 * the paths (unknown, not cut), the wrapped kill line its sizes and the
 * wrapped task rows their names (not kept); the kill, its kind and the
 * cgroup's usage and limit are still read. */
static void test_real_v2_wrapped(void **state)
{
	(void)state;
	struct oom_kill k[2];
	assert_int_equal(feed_file("memcg-v2-6.18-wrapped.txt", k, 2), 1);
	assert_false(k[0].cut);
	assert_int_equal(k[0].pid, 1122);
	assert_string_equal(k[0].comm, "stress");
	assert_int_equal(k[0].constraint, OOMC_MEMCG);
	assert_string_equal(k[0].oom_memcg, "");
	assert_string_equal(k[0].trigger, "stress");
	assert_int_equal(k[0].order, -1);   /* on the next line */
	assert_int_equal(k[0].gfp_mask, UNKNOWN);
	assert_int_equal(k[0].memcg_usage, KB(524288));
	assert_int_equal(k[0].memcg_limit, KB(524288));
	assert_int_equal(k[0].anon, UNKNOWN);
	assert_int_equal(k[0].rss, UNKNOWN);
	assert_int_equal(k[0].ts_us, 56419663ull);
	assert_int_equal(k[0].ntasks, 0);
}

/* Whole machine, 3.x/4.x (no shmem-rss), kern.log: syslog and dmesg time. */
static void test_real_global_kernlog(void **state)
{
	(void)state;
	struct oom_kill k[2];
	assert_int_equal(feed_file("global-kernlog-commafeed.txt", k, 2), 1);
	assert_int_equal(k[0].pid, 1312);
	assert_string_equal(k[0].comm, "java");
	assert_int_equal(k[0].constraint, OOMC_NONE);
	assert_int_equal(k[0].anon, KB(256140));
	assert_int_equal(k[0].shmem, UNKNOWN);
	assert_int_equal(k[0].ts_us, 3454698319ull);
}

/* cgroup v1, 3.19, syslog without a host name: "Kill process 17377 ... or
 * sacrifice child" then "Killed process 19715": a memcg kill of 19715; the
 * next report's start (its kill not in the excerpt) adds nothing. */
static void test_real_v1_319_excerpt(void **state)
{
	(void)state;
	struct oom_kill k[3];
	assert_int_equal(feed_file("memcg-v1-3.19-syslog-excerpt.txt", k, 3), 1);
	assert_int_equal(k[0].pid, 19715);
	assert_string_equal(k[0].comm, "java");
	assert_int_equal(k[0].constraint, OOMC_MEMCG);
	assert_int_equal(k[0].anon, KB(299136));
	assert_int_equal(k[0].file, KB(6652));
	assert_int_equal(k[0].ts_us, 9610328772ull);
}

/* cgroup v1, 4.x, a terminal wrapped the lines: "limit of /docke" is not
 * an ancestor of the task's cgroup, so it is unknown, never "/docke". */
static void test_real_v1_wrapped_task_in(void **state)
{
	(void)state;
	char path[512], line[4096];
	const char *dir = getenv("FIXTURES");
	snprintf(path, sizeof path, "%s/oom/memcg-v1-4.x-wrapped-excerpt.txt", dir ? dir : "tests/fixtures");
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	struct oom_assembler a;
	struct oom_kill k;
	oomreport_init(&a);
	while (fgets(line, sizeof line, f))
		assert_false(oomreport_feed(&a, line, strlen(line), &k));
	fclose(f);
	assert_true(a.have_task_in);
	assert_string_equal(a.task_in.task_memcg, "/docker/3215ee406f572d12ac48be036a0e122af6e8521b8954cd59ec68b714b124003d");
	assert_string_equal(a.task_in.oom_memcg, "");
	assert_int_equal(a.usage.usage, KB(4194304));
	assert_int_equal(a.usage.limit, KB(4194304));
	assert_int_equal(a.tasks_seen, 5);
	assert_int_equal(a.tasks[0].pid, 91063);
	assert_int_equal(a.tasks[0].rss, PAGES(199));
	assert_false(oomreport_flush(&a, &k));   /* no victim named: nothing */
	/* an ancestor, itself and the root are kept */
	struct oom_line l;
	oomreport_parse_line(S("Task in /a/b killed as a result of limit of /a"), &l);
	assert_string_equal(l.oom_memcg, "/a");
	oomreport_parse_line(S("Task in /a/b killed as a result of limit of /a/b"), &l);
	assert_string_equal(l.oom_memcg, "/a/b");
	oomreport_parse_line(S("Task in /a/b killed as a result of limit of /"), &l);
	assert_string_equal(l.oom_memcg, "/");
	oomreport_parse_line(S("Task in /ab/c killed as a result of limit of /a"), &l);
	assert_string_equal(l.oom_memcg, "");
}

/* cgroup v1, 5.4.17 (Fedora 31 on EKS): oom-kill: with the cgroup whose
 * limit was hit above the victim's, oom_reaper, then the next report's
 * start (a GFP_NOFS allocation) without its kill: nothing more. */
static void test_real_54_excerpt(void **state)
{
	(void)state;
	struct oom_kill k[3];
	assert_int_equal(feed_file("memcg-5.4-eks-excerpt.txt", k, 3), 1);
	assert_int_equal(k[0].pid, 989);
	assert_string_equal(k[0].comm, "kubelet");
	assert_int_equal(k[0].constraint, OOMC_MEMCG);
	assert_string_equal(k[0].oom_memcg, "/podruntime.slice");
	assert_string_equal(k[0].task_memcg, "/podruntime.slice/kubelet.service");
	assert_int_equal(k[0].anon, KB(49600));
	assert_int_equal(k[0].oom_score_adj, -999);
	assert_string_equal(k[0].trigger, "");   /* its invoked line is before the excerpt */
}

/* cgroup v1, 3.10 (RHEL 7) under dmesg -T on a Kubernetes node: the task
 * table's "[ pid ]" header under the wall time, sacrifice child. */
static void test_real_310_dmesg_T(void **state)
{
	(void)state;
	struct oom_kill k[2];
	assert_int_equal(feed_file("memcg-v1-3.10-dmesg-T-k8s.txt", k, 2), 1);
	assert_int_equal(k[0].pid, 28438);
	assert_int_equal(k[0].constraint, OOMC_MEMCG);
	assert_int_equal(k[0].anon, KB(466160));
	assert_int_equal(k[0].file, KB(13684));
	assert_int_equal(k[0].tasks_seen, 1);
	assert_int_equal(k[0].tasks[0].pid, 28438);
	assert_int_equal(k[0].tasks[0].rss, PAGES(119961));
	assert_int_equal(k[0].tasks[0].oom_score_adj, -998);
}

/* Seven kill lines in a row (5.x), no other line: seven memcg kills. */
static void test_real_many_kills(void **state)
{
	(void)state;
	struct oom_kill k[8];
	assert_int_equal(feed_file("memcg-5.x-many-kills-excerpt.txt", k, 8), 7);
	assert_int_equal(k[0].pid, 140339);
	assert_int_equal(k[1].pid, 141313);
	assert_string_equal(k[1].comm, "mount");
	assert_int_equal(k[6].pid, 141320);
	assert_int_equal(k[6].anon, KB(24100));
	for (int i = 0; i < 7; i++) {
		assert_int_equal(k[i].constraint, OOMC_MEMCG);
		assert_int_equal(k[i].oom_score_adj, -997);
	}
}

/* 2.6.32 (RHEL 6): "Killed process N, UID U, (comm)": the comm after the
 * UID; the post's own quote marks and words around the lines. */
static void test_real_rhel6(void **state)
{
	(void)state;
	struct oom_kill k[2];
	assert_int_equal(feed_file("global-2.6.32-rhel6-redis.txt", k, 2), 1);
	assert_int_equal(k[0].pid, 21578);
	assert_string_equal(k[0].comm, "redis-server");
	assert_int_equal(k[0].constraint, OOMC_NONE);   /* from "Out of memory: Kill process" */
	assert_int_equal(k[0].anon, KB(9066596));
	assert_int_equal(k[0].file, KB(64));
	assert_int_equal(k[0].shmem, UNKNOWN);
	/* a kill line alone, indented as a code block: the scope is unknown */
	assert_int_equal(feed_file("kill-line-2.6.32-rhel6-alone.txt", k, 2), 1);
	assert_int_equal(k[0].pid, 11726);
	assert_string_equal(k[0].comm, "mysqld");
	assert_int_equal(k[0].constraint, OOMC_UNKNOWN);
	assert_int_equal(k[0].anon, KB(2539268));
	assert_int_equal(k[0].ts_us, 2858609598568ull);
}

/* A kill line quoted by another program is not the kernel's. */
static void test_quoted_kill_lines(void **state)
{
	(void)state;
	struct oom_line l;
	/* node-problem-detector logs the kernel's line inside its own */
	oomreport_parse_line(S("Oct 12 19:00:20 aks-nodepool1-24207654-vmss000001 node-problem-detector-startup.sh[3240]: I1012 19:00:20.884452    3240 log_monitor.go:160] New status generated: &{Source:kernel-monitor Events:[{Severity:warn Reason:OOMKilling Message:Memory cgroup out of memory: Killed process 183960 (stress-ng-vm) total-vm:299192kB, anon-rss:93176kB, file-rss:316kB, shmem-rss:12kB, UID:0 pgtables:476kB oom_score_adj:1000}]}"), &l);
	assert_int_equal(l.kind, OOML_OTHER);
	oomreport_parse_line(S("Oct 12 19:00:20 aks-nodepool1-24207654-vmss000001 kernel: [ 8523.347333] Memory cgroup out of memory: Killed process 183960 (stress-ng-vm) total-vm:299192kB, anon-rss:93176kB, file-rss:316kB, shmem-rss:12kB, UID:0 pgtables:476kB oom_score_adj:1000"), &l);
	assert_int_equal(l.kind, OOML_KILLED);
	assert_int_equal(l.ts_us, 8523347333ull);
	/* a gfp_mask too long, flag names too long: unknown, never cut */
	oomreport_parse_line(S("x invoked oom-killer: gfp_mask=0x12345678901234567(A), order=0"), &l);
	assert_int_equal(l.gfp_mask, UNKNOWN);
	assert_string_equal(l.gfp_flags, "");
	char inv[300];
	int m = snprintf(inv, sizeof inv, "x invoked oom-killer: gfp_mask=0xcc0(");
	memset(inv + m, 'G', 150);
	m += 150;
	m += snprintf(inv + m, sizeof inv - (size_t)m, "), order=0");
	oomreport_parse_line(inv, (size_t)m, &l);
	assert_int_equal(l.gfp_mask, 0xcc0);
	assert_string_equal(l.gfp_flags, "");
	/* dmesg -x, a caller id, a priority */
	oomreport_parse_line(S("kern  :info  : [Thu Aug 17 17:29:27 2023] memory: usage 208204kB, limit 204800kB, failcnt 7470"), &l);
	assert_int_equal(l.kind, OOML_MEMCG_USAGE);
	assert_int_equal(l.limit, KB(204800));
	oomreport_parse_line(S("[65731.222840] [ T1308] oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/apps/uid_10198,task=gs.intelligence,pid=32454,uid=10198"), &l);
	assert_int_equal(l.kind, OOML_CONSTRAINT);
	assert_int_equal(l.constraint, OOMC_NONE);
	assert_int_equal(l.pid, 32454);
	assert_string_equal(l.task_memcg, "/apps/uid_10198");
	oomreport_parse_line(S("<4>[12345.342532] systemd-journal invoked oom-killer: gfp_mask=0x800d0, order=0, oom_score_adj=0"), &l);
	assert_int_equal(l.kind, OOML_INVOKED);
	assert_string_equal(l.comm, "systemd-journal");
	/* a stack address and a task row are not prefixes */
	oomreport_parse_line(S("[ 12.5] [<ffffffff8168863d>] dump_stack+0x19/0x1b"), &l);
	assert_int_equal(l.kind, OOML_OTHER);
}

/* A report that lost its kill line is handed out when the next begins. */
static void test_cut_then_next(void **state)
{
	(void)state;
	struct oom_assembler a;
	struct oom_kill k;
	oomreport_init(&a);
	assert_false(oomreport_feed(&a, S("[ 1.0] a invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0"), &k));
	assert_false(oomreport_feed(&a, S("[ 1.1] oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/x,task_memcg=/x/y,task=b,pid=20,uid=0"), &k));
	assert_true(oomreport_feed(&a, S("[ 2.0] c invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0"), &k));
	assert_true(k.cut);
	assert_int_equal(k.pid, 20);
	assert_string_equal(k.comm, "b");
	assert_string_equal(k.oom_memcg, "/x");
	assert_string_equal(k.trigger, "a");
	assert_int_equal(k.constraint, OOMC_MEMCG);
	assert_true(oomreport_feed(&a, S("[ 2.1] Out of memory: Killed process 30 (d) total-vm:1kB, anon-rss:4kB, file-rss:0kB, shmem-rss:0kB"), &k));
	assert_false(k.cut);
	assert_string_equal(k.trigger, "c");
	assert_false(oomreport_flush(&a, &k));   /* nothing left */
}

static void test_real_memcg_report(void **state)
{
	(void)state;
	struct oom_kill k[4];
	assert_int_equal(feed_file("memcg-6.18.txt", k, 4), 1);
	assert_int_equal(k[0].pid, 2354);
	assert_string_equal(k[0].comm, "memhog");
	assert_int_equal(k[0].constraint, OOMC_MEMCG);
	assert_string_equal(k[0].oom_memcg, "/oomc-fixture-1251");
	assert_string_equal(k[0].task_memcg, "/oomc-fixture-1251/child");
	assert_string_equal(k[0].trigger, "memhog");
	assert_int_equal(k[0].order, 0);
	assert_int_equal(k[0].anon, 65280ull * 1024);
	assert_int_equal(k[0].file, 1116ull * 1024);
	assert_int_equal(k[0].shmem, 0);
	assert_int_equal(k[0].rss, (65280ull + 1116) * 1024);
	assert_int_equal(k[0].oom_score_adj, 0);
	assert_int_equal(k[0].ts_us, 647444195ull);
}

static void test_task_table(void **state)
{
	(void)state;
	struct oom_kill k[2];
	assert_int_equal(feed_file("memcg-3tasks-6.18.txt", k, 2), 1);
	assert_int_equal(k[0].tasks_seen, 3);
	assert_int_equal(k[0].ntasks, 3);
	assert_int_equal(k[0].tasks[0].pid, 7457);   /* the largest first: the victim */
	assert_string_equal(k[0].tasks[0].name, "memhog");
	assert_int_equal(k[0].tasks[0].rss, 19563ull * 4096);
	assert_int_equal(k[0].tasks[1].pid, 7433);
	assert_string_equal(k[0].tasks[2].name, "sleep");
	assert_int_equal(k[0].tasks[2].oom_score_adj, 0);
	assert_int_equal(k[0].memcg_usage, 98304ull * 1024);
	assert_int_equal(k[0].memcg_limit, 98304ull * 1024);
	/* the older columns (no rss_anon...), syslog lines, nine rows: eight kept */
	char path[512], line[4096];
	const char *dir = getenv("FIXTURES");
	snprintf(path, sizeof path, "%s/oom/tasks-5.x-focal-excerpt.txt", dir ? dir : "tests/fixtures");
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	struct oom_assembler a;
	oomreport_init(&a);
	while (fgets(line, sizeof line, f))
		assert_false(oomreport_feed(&a, line, strlen(line), &k[1]));
	fclose(f);
	assert_int_equal(a.tasks_seen, 9);
	assert_int_equal(a.ntasks, OOMR_TASKS_MAX);
	assert_int_equal(a.tasks[0].pid, 559659);
	assert_string_equal(a.tasks[0].name, "bash");
	assert_int_equal(a.tasks[0].rss, 6494ull * 4096);
	assert_string_equal(a.tasks[2].name, "python3");
	/* a hostile row: a huge rss, a name with spaces and brackets */
	oomreport_init(&a);
	oomreport_feed(&a, S("[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name"), &k[1]);
	oomreport_feed(&a, S("[ 12]  0 12 1 99999999999999999999 1 1 -1000 x"), &k[1]);
	oomreport_feed(&a, S("[ 13]  0 13 1 18446744073709551 1 1 -500 a [b] c"), &k[1]);
	assert_int_equal(a.tasks_seen, 1);
	assert_int_equal(a.tasks[0].rss, UINT64_MAX);   /* pages x 4096 overflows: unknown */
	assert_string_equal(a.tasks[0].name, "a [b] c");
	assert_int_equal(a.tasks[0].oom_score_adj, -500);
}

static void test_real_old_report(void **state)
{
	(void)state;
	struct oom_kill k[4];
	/* three kills: the first without its "Kill process" line */
	assert_int_equal(feed_file("memcg-4.x-ltp.txt", k, 4), 2);
	assert_int_equal(k[0].pid, 42452);
	assert_string_equal(k[0].comm, "memcg_test_1");
	assert_int_equal(k[0].constraint, OOMC_UNKNOWN);   /* nothing said memcg */
	assert_int_equal(k[1].pid, 42453);
	assert_int_equal(k[1].constraint, OOMC_MEMCG);
	assert_string_equal(k[1].oom_memcg, "");           /* the path was not said */
	assert_int_equal(k[1].rss, (96ull + 164) * 1024);
}

static void test_kmsg_records(void **state)
{
	(void)state;
	struct oom_assembler a;
	struct oom_kill k;
	oomreport_init(&a);
	assert_false(oomreport_feed(&a, S("4,900,1000,-;node invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=0, oom_score_adj=0\n"), &k));
	assert_false(oomreport_feed(&a, S("6,901,1001,-;Tasks state (memory values in pages):\n"), &k));
	assert_false(oomreport_feed(&a, S("6,902,1002,-;oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/user.slice/user-1000.slice/session-2.scope,task=llama-server,pid=4242,uid=1000\n"), &k));
	assert_true(oomreport_feed(&a, S("3,903,1003,-;Out of memory: Killed process 4242 (llama-server) total-vm:9000000kB, anon-rss:8000000kB, file-rss:1000kB, shmem-rss:0kB, UID:1000 pgtables:20000kB oom_score_adj:0\n"), &k));
	assert_int_equal(k.pid, 4242);
	assert_int_equal(k.constraint, OOMC_NONE);
	assert_string_equal(k.oom_memcg, "");
	assert_string_equal(k.task_memcg, "/user.slice/user-1000.slice/session-2.scope");
	assert_string_equal(k.trigger, "node");
	assert_int_equal(k.ts_us, 1003);
	/* the assembler forgets a finished report */
	assert_true(oomreport_feed(&a, S("3,904,1004,-;Memory cgroup out of memory: Killed process 7 (x) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB\n"), &k));
	assert_int_equal(k.constraint, OOMC_MEMCG);
	assert_string_equal(k.oom_memcg, "");
	assert_string_equal(k.trigger, "");
}

/* /dev/kmsg writes a name's control bytes, bytes from 127 up and its
 * backslashes as \xNN: the kill must carry the name's own bytes, or it will
 * not match the cgroup the counters name. A saved log is left as it is. */
static void test_kmsg_escapes(void **state)
{
	(void)state;
	struct oom_assembler a;
	struct oom_kill k;
	oomreport_init(&a);
	assert_false(oomreport_feed(&a, S("6,908,1999,-;[  pid  ]   uid  tgid total_vm      rss rss_anon rss_file rss_shmem pgtables_bytes swapents oom_score_adj name\n"), &k));
	assert_false(oomreport_feed(&a, S("6,909,1999,-;[     12]     0    12     5739     5434     5120      314         0    86016        0             0 K\\x1bx\n"), &k));
	assert_false(oomreport_feed(&a, S("6,910,2000,-;oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/a\\x1b[31m\\x5cx41\\xff,task_memcg=/a\\x1b[31m\\x5cx41\\xff,task=K\\x1bx,pid=12,uid=0\n"), &k));
	assert_true(oomreport_feed(&a, S("3,911,2001,-;Memory cgroup out of memory: Killed process 12 (K\\x1bx\\x00) total-vm:1kB, anon-rss:4kB, file-rss:0kB, shmem-rss:0kB\n"), &k));
	assert_int_equal(k.pid, 12);
	assert_string_equal(k.oom_memcg, "/a\x1b[31m\\x41\xff");
	assert_string_equal(k.task_memcg, "/a\x1b[31m\\x41\xff");
	assert_string_equal(k.comm, "K\x1bx\\x00");
	assert_int_equal(k.ntasks, 1);   /* the task table's names as the victim's */
	assert_string_equal(k.tasks[0].name, "K\x1bx");
	oomreport_init(&a);
	assert_true(oomreport_feed(&a, S("[ 12.5] Memory cgroup out of memory: Killed process 13 (K\\x1bx) total-vm:1kB, anon-rss:4kB, file-rss:0kB, shmem-rss:0kB\n"), &k));
	assert_string_equal(k.comm, "K\\x1bx");
}

static void test_constraint_for_another_pid(void **state)
{
	(void)state;
	struct oom_assembler a;
	struct oom_kill k;
	oomreport_init(&a);
	oomreport_feed(&a, S("oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/a,task_memcg=/a/b,task=x,pid=10,uid=0"), &k);
	/* a report for pid 11 must not take pid 10's cgroup */
	assert_true(oomreport_feed(&a, S("Out of memory: Killed process 11 (y) total-vm:1kB, anon-rss:4kB, file-rss:0kB, shmem-rss:0kB"), &k));
	assert_int_equal(k.pid, 11);
	assert_int_equal(k.constraint, OOMC_NONE);
	assert_string_equal(k.oom_memcg, "");
}

static void test_task_in_4x(void **state)
{
	(void)state;
	struct oom_assembler a;
	struct oom_kill k;
	oomreport_init(&a);
	oomreport_feed(&a, S("[ 5.1] Task in /docker/abc killed as a result of limit of /docker/abc"), &k);
	oomreport_feed(&a, S("[ 5.2] Memory cgroup out of memory: Kill process 99 (java) score 1000 or sacrifice child"), &k);
	assert_true(oomreport_feed(&a, S("[ 5.3] Killed process 99 (java) total-vm:100kB, anon-rss:50kB, file-rss:0kB"), &k));
	assert_int_equal(k.constraint, OOMC_MEMCG);
	assert_string_equal(k.oom_memcg, "/docker/abc");
	assert_string_equal(k.task_memcg, "/docker/abc");
	assert_int_equal(k.shmem, UINT64_MAX);
	assert_int_equal(k.rss, 50 * 1024);
	assert_int_equal(k.ts_us, 5300000);
}

static void test_hostile_lines(void **state)
{
	(void)state;
	struct oom_line l;
	/* a comm with ") " and commas in it */
	oomreport_parse_line(S("Out of memory: Killed process 77 (llama (srv) x, y) total-vm:1kB, anon-rss:10kB, file-rss:2kB"), &l);
	assert_int_equal(l.kind, OOML_KILLED);
	assert_string_equal(l.comm, "llama (srv) x, y");
	assert_int_equal(l.shmem, UINT64_MAX);
	/* a cgroup named with a comma keeps it */
	oomreport_parse_line(S("oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),oom_memcg=/a,b,task_memcg=/a,b/c,task=t,x,pid=5,uid=0"), &l);
	assert_string_equal(l.oom_memcg, "/a,b");
	assert_string_equal(l.task_memcg, "/a,b/c");
	assert_string_equal(l.comm, "t,x");
	assert_int_equal(l.pid, 5);
	/* a path too long is unknown, never cut */
	char big[OOMR_PATH_MAX + 200];
	int n = snprintf(big, sizeof big, "oom-kill:constraint=CONSTRAINT_MEMCG,oom_memcg=/");
	memset(big + n, 'a', OOMR_PATH_MAX + 20);
	n += OOMR_PATH_MAX + 20;
	n += snprintf(big + n, sizeof big - (size_t)n, ",task_memcg=/b,task=t,pid=5,uid=0");
	oomreport_parse_line(big, (size_t)n, &l);
	assert_string_equal(l.oom_memcg, "");
	assert_string_equal(l.task_memcg, "/b");
	/* numbers that overflow, pids out of range, cut lines */
	oomreport_parse_line(S("Killed process 99999999999999999999999 (x) anon-rss:1kB"), &l);
	assert_int_equal(l.kind, OOML_OTHER);
	oomreport_parse_line(S("Killed process 0 (x)"), &l);
	assert_int_equal(l.kind, OOML_OTHER);
	oomreport_parse_line(S("Out of memory: Killed process 5"), &l);   /* cut */
	assert_int_equal(l.kind, OOML_KILLED);
	assert_int_equal(l.pid, 5);
	assert_int_equal(l.anon, UINT64_MAX);
	oomreport_parse_line(S("Killed process 5"), &l);   /* no reason, no sizes */
	assert_int_equal(l.kind, OOML_OTHER);
	oomreport_parse_line(S("Killed process 5 (x) anon-rss:99999999999999999999kB"), &l);
	assert_int_equal(l.anon, UINT64_MAX);
	oomreport_parse_line(S("Killed process 5 (x) anon-rss:18014398509481984kB"), &l);
	assert_int_equal(l.anon, UINT64_MAX);   /* * 1024 overflows */
	oomreport_parse_line(S("oom-kill:constraint="), &l);
	assert_int_equal(l.kind, OOML_CONSTRAINT);
	assert_int_equal(l.constraint, OOMC_UNKNOWN);
	oomreport_parse_line(S(""), &l);
	assert_int_equal(l.kind, OOML_OTHER);
	oomreport_parse_line(S("["), &l);
	assert_int_equal(l.kind, OOML_OTHER);
	oomreport_parse_line(S("1,2,3"), &l);
	assert_int_equal(l.kind, OOML_OTHER);
	/* ordinary lines */
	oomreport_parse_line(S("6,100,200,-;usb 1-1: new high-speed USB device number 2"), &l);
	assert_int_equal(l.kind, OOML_OTHER);
	oomreport_parse_line(S("systemd[1]: Killed process 5 (sleep) with signal SIGKILL."), &l);
	assert_int_equal(l.kind, OOML_OTHER);
}

static void test_sums_overflow(void **state)
{
	(void)state;
	struct oom_assembler a;
	struct oom_kill k;
	oomreport_init(&a);
	assert_true(oomreport_feed(&a, S("Out of memory: Killed process 5 (x) anon-rss:18014398509481983kB, file-rss:18014398509481983kB, shmem-rss:0kB"), &k));
	assert_int_equal(k.rss, UINT64_MAX);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_memcg_report),
		cmocka_unit_test(test_real_old_report),
		cmocka_unit_test(test_task_table),
		cmocka_unit_test(test_kmsg_records),
		cmocka_unit_test(test_kmsg_escapes),
		cmocka_unit_test(test_constraint_for_another_pid),
		cmocka_unit_test(test_task_in_4x),
		cmocka_unit_test(test_hostile_lines),
		cmocka_unit_test(test_sums_overflow),
		cmocka_unit_test(test_real_global_journal),
		cmocka_unit_test(test_real_global_quoted),
		cmocka_unit_test(test_real_3x_excerpt),
		cmocka_unit_test(test_real_cpuset),
		cmocka_unit_test(test_real_mempolicy),
		cmocka_unit_test(test_real_v1_sacrifice_child),
		cmocka_unit_test(test_real_v1_dmesg_T),
		cmocka_unit_test(test_real_cut_report),
		cmocka_unit_test(test_real_v2_wrapped),
		cmocka_unit_test(test_real_global_kernlog),
		cmocka_unit_test(test_real_v1_319_excerpt),
		cmocka_unit_test(test_real_v1_wrapped_task_in),
		cmocka_unit_test(test_real_54_excerpt),
		cmocka_unit_test(test_real_310_dmesg_T),
		cmocka_unit_test(test_real_many_kills),
		cmocka_unit_test(test_real_rhel6),
		cmocka_unit_test(test_quoted_kill_lines),
		cmocka_unit_test(test_cut_then_next),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
