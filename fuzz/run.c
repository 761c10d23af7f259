// SPDX-License-Identifier: GPL-2.0-only
/*
 * run_program(): one struct program from reset to the end-of-run checks
 * (the contract is in fuzz/run.h).
 *
 *   core_reset (direct back end, CPU 0) -> mm, file, switch_mm everywhere
 *   -> set-up ops on CPU 0, unscheduled -> every CPU's ops concurrently
 *   (fibers, or pthreads in stress mode) -> exit_mmap unless an op ran it
 *   (it ends in check_mm) -> RCU drained -> mm and file freed ->
 *   oracle_run_end.
 *
 * The first report ends the run: the handler records it and aborts the
 * scheduler, so every CPU leaves at its next scheduling point. The model
 * may be inconsistent by then, so an aborted run is not torn down by the
 * model: its objects are freed straight from the allocation registry.
 * With run_options.on_finding (the fuzz targets), the handler also hands
 * the result so far to it, and a fatal report ends the process there.
 */
#include "run.h"
#include "run_with.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "core.h"
#include "crash_state.h"
#include "cpu.h"
#include "faultinj.h"
#include "input/input.h"
#include "interleave.h"
#include "memory.h"
#include "memmap.h"
#include "objlog.h"
#include "ops.h"
#include "registry.h"
#include "sched/sched.h"
#include "sched/sched_trace.h"
#include "trace.h"
#include "trace_names.h"

/* A few pages: enough for file mappings to share, truncate and reclaim. */
#define RUN_FILE_PAGES 8
/* hugetlbfs file: two PUDs' worth of huge pages at the fuzzing geometry. */
#define RUN_HFILE_PAGES 16

struct run_ctx {
	const struct program *prog;
	const struct run_options *opt;
	sched_runner_fn runner;
	struct run_result *res;
	struct op_env env;
	int claimed; /* atomic: the first report took the result */
	bool aborted; /* set-up or teardown saw a report */
};

static void run_finish_result(struct run_ctx *r);

static void run_report(enum oracle o, const char *reason, const char *detail,
		       void *ctx)
{
	struct run_ctx *r = ctx;
	struct run_result *res = r->res;

	sched_abort();
	r->aborted = true;
	if (__atomic_exchange_n(&r->claimed, 1, __ATOMIC_RELAXED))
		return;
	res->finding = true;
	res->oracle = o;
	snprintf(res->reason, sizeof(res->reason), "%s", reason);
	snprintf(res->detail, sizeof(res->detail), "%s", detail);
	res->cpu = smp_processor_id();
	res->step = r->opt->stress ? 0 : sched_steps();
	crash_state_frames(o, 6, " <- ", res->stack, sizeof(res->stack));
	/* The fatal step's last line, in the reporting CPU's column. */
	trace_text("%s fires: %s", oracle_name(o), reason);
	if (r->opt->on_finding) {
		res->steps = res->step;
		run_finish_result(r);
		r->opt->on_finding(res);
	}
}

static void run_cpu(unsigned int cpu, void *ctx)
{
	struct run_ctx *r = ctx;
	unsigned int i;

	for (i = 0; i < r->prog->nr_ops[cpu]; i++) {
		if (sched_aborted())
			return;
		ilv_op(cpu, true);
		op_run(&r->env, &r->prog->ops[cpu][i]);
		ilv_op(cpu, false);
	}
}

static void run_reset(const struct program *p, const struct run_options *opt)
{
	struct core_config cfg = {
		.geometry = input_geometry(p->geometry),
		.arch = arch_profiles[p->arch % arch_nr_profiles],
		.nr_cpus = p->nr_cpus,
		.injected = p->injected | opt->inject_or,
		.faultinj_kinds = ~0u,
		.backend = &sync_backend_direct,
		.kver = p->rules == RULES_6_12 ? 612 : 601,
		.large_folios = p->large_folios,
	};

	core_reset(&cfg);
	if (p->fail_nth)
		faultinj_fail_nth_of(fail_kind_alloc(p->fail_kind),
				     p->fail_nth);
}

static void run_setup(struct run_ctx *r)
{
	struct sim_cpu *c;
	unsigned int i;

	r->env.mms[0] = mm_alloc();
	r->env.file = file_create(RUN_FILE_PAGES);
	r->env.hfile = file_create(RUN_HFILE_PAGES);
	for_each_online_cpu (c)
		cpu_switch_mm(c, r->env.mms[0]);
	for (i = 0; i < r->prog->nr_setup && !r->aborted; i++)
		op_run(&r->env, &r->prog->setup[i]);
}

static uint64_t seed_mix(uint64_t h, uint64_t v)
{
	h = (h ^ v) * 0x100000001b3ULL;
	return h ^ (h >> 29);
}

static uint64_t seed_ops(uint64_t h, const struct op *ops, unsigned int n)
{
	unsigned int i;

	h = seed_mix(h, n);
	for (i = 0; i < n; i++) {
		h = seed_mix(h, ops[i].kind);
		h = seed_mix(h, ops[i].addr);
		h = seed_mix(h, ops[i].len);
		h = seed_mix(h, ops[i].arg);
	}
	return h;
}

/*
 * The seed of the schedule fallback (fuzz/sched/strategy.h): a hash of
 * what the program does and of its schedule bytes. Not of its bug
 * switches or strategy, so a replay with the switches off, or under a
 * forced strategy that reads the same bytes, falls back the same way.
 */
static uint64_t run_seed(const struct program *p)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	unsigned int c;
	size_t i;

	h = seed_mix(h, p->geometry | p->arch << 8 | p->nr_cpus << 16);
	h = seed_mix(h, p->fail_nth);
	if (p->fail_kind) /* mixed only when set: older inputs keep their seed */
		h = seed_mix(h, p->fail_kind);
	h = seed_ops(h, p->setup, p->nr_setup);
	for (c = 0; c < p->nr_cpus; c++)
		h = seed_ops(h, p->ops[c], p->nr_ops[c]);
	for (i = 0; i < p->schedule_len; i++)
		h = seed_mix(h, p->schedule[i]);
	return h;
}

static void run_concurrent(struct run_ctx *r)
{
	const struct program *p = r->prog;
	struct sched_config cfg = {
		.nr_cpus = tlbf_nr_cpus,
		.cpu_main = run_cpu,
		.ctx = r,
		.strategy = (enum sched_strategy)p->strategy,
		.schedule = p->schedule,
		.schedule_len = p->schedule_len,
		.seed = run_seed(p),
		.step_budget = r->opt->step_budget,
	};
	struct sched_stats st = {0};

	if (trace_names_on())
		trace_notes_reset();
	r->runner(&cfg, &st);
	r->res->steps = st.steps;
	r->res->switches = st.switches;
	if (st.aborted)
		r->aborted = true;
}

/* Every CPU idle and quiescent: each grace period ends at once. */
static void rcu_drain(struct run_ctx *r)
{
	while (rcu_pending_callbacks() && !r->aborted)
		synchronize_rcu();
}

/*
 * After a report (in exit_mmap, or from the last checks) the caller frees
 * what is left from the registry.
 */
static void run_teardown(struct run_ctx *r)
{
	unsigned int i;

	for (i = 0; i < PROGRAM_MMS && !r->aborted; i++)
		if (r->env.mms[i] && !op_env_exited(&r->env, i))
			exit_mmap(r->env.mms[i]);
	rcu_drain(r);
	if (r->aborted)
		return;
	for (i = 0; i < PROGRAM_MMS; i++)
		if (r->env.mms[i])
			mm_free(r->env.mms[i]);
	file_destroy(r->env.file); /* reports a file still mapped */
	file_destroy(r->env.hfile);
	if (!r->aborted)
		oracle_run_end();
}

/* Each phase only if no report ended the run before it. */
static void run_phases(struct run_ctx *r)
{
	run_setup(r);
	if (r->aborted)
		return;
	run_concurrent(r);
	if (r->aborted)
		return;
	run_teardown(r);
}

static void run_finish_result(struct run_ctx *r)
{
	struct run_result *res = r->res;

	res->trace_hash = sched_trace_hash();
	if (r->opt->trace)
		res->nr_trace = sched_trace_copy(
			res->trace, sizeof(res->trace) / sizeof(res->trace[0]),
			&res->trace_first);
}

/*
 * Delay-the-flush and the seeded fallback (bytes, pct) need the per-CPU
 * unflushed flags, whatever else: recording or not, a run is the same.
 */
static unsigned int run_ilv_mode(const struct program *p,
				 const struct run_options *opt)
{
	unsigned int mode = opt->ilv & (ILV_RECORD | ILV_KEEP);

	if (opt->stress)
		return 0;
	if (p->strategy != SCHED_SEQUENTIAL)
		mode |= ILV_TRACK_UNFLUSHED;
	return mode;
}

int run_program(const struct program *prog, const struct run_options *opt,
		struct run_result *res)
{
	bool stress = opt && opt->stress;

	return run_program_with(prog, opt, res,
				stress ? sched_run_threads : sched_run_fibers);
}

int run_program_with(const struct program *prog, const struct run_options *opt,
		     struct run_result *res, sched_runner_fn runner)
{
	static const struct run_options defaults;
	static struct program folded;
	struct run_ctx r = {
		/* A kernel-mode build's own geometry, if it has another. */
		.prog = input_fold_geometry(prog, &folded) ? &folded : prog,
		.opt = opt ? opt : &defaults,
		.runner = runner,
	};
	report_fn saved_fn;
	void *saved_ctx;

	/* Not the 256 trace lines: nr_trace says how many are filled. */
	memset(res, 0, offsetof(struct run_result, trace));
	r.res = res;
	run_reset(r.prog, r.opt);
	report_get_handler(&saved_fn, &saved_ctx);
	report_set_handler(run_report, &r);
	sched_trace_begin(r.opt->trace && !r.opt->stress);
	/* Names for the report's trace: never while fuzzing. */
	objlog_begin(r.opt->trace && !r.opt->stress);
	objlog_set_clock(sched_steps, sched_trace_lines);
	ilv_begin_run(run_ilv_mode(r.prog, r.opt));
	if (!r.opt->stress)
		tlbf_trace_func = sched_trace_func;

	run_phases(&r);
	memmap_release();
	if (r.aborted)
		registry_free_all();

	ilv_end_run();
	objlog_end();
	tlbf_trace_func = NULL;
	sync_use(&sync_backend_direct);
	report_set_handler(saved_fn, saved_ctx);
	run_finish_result(&r);
	return res->finding ? 1 : 0;
}
