// SPDX-License-Identifier: GPL-2.0-only
/*
 * A test-only program for test_sched_tsan: two simulated CPUs on fibers
 * touch one word. "racy": plain read-modify-write with nothing between
 * the CPUs but a scheduling point, which TSan must report. "once":
 * READ_ONCE/WRITE_ONCE only. "locked": plain accesses under a spinlock.
 * Neither of the last two may be reported.
 */
#include <stdio.h>
#include <string.h>

#include "core.h"
#include "sched/sched.h"

static int word;
static spinlock_t lock;
static int mode; /* 0 racy, 1 once, 2 locked */

static void prog(unsigned int cpu, void *ctx)
{
	int v;

	(void)ctx;
	(void)cpu;
	if (mode == 1) {
		v = READ_ONCE(word);
		WRITE_ONCE(word, v + 1);
		return;
	}
	if (mode == 2)
		spin_lock(&lock);
	v = word;
	cond_resched();
	word = v + 1;
	if (mode == 2)
		spin_unlock(&lock);
}

int main(int argc, char **argv)
{
	/* CPU0 one point, then CPU1: both inside the read-modify-write. */
	static const uint8_t schedule[] = {0x01, 0x00};
	struct core_config ccfg = {.nr_cpus = 2};
	struct sched_config cfg = {
		.nr_cpus = 2,
		.cpu_main = prog,
		.schedule = schedule,
		.schedule_len = sizeof(schedule),
	};
	struct sched_stats st;

	if (argc != 2)
		return 2;
	mode = 0;
	if (!strcmp(argv[1], "once"))
		mode = 1;
	else if (!strcmp(argv[1], "locked"))
		mode = 2;
	core_reset(&ccfg);
	spin_lock_init(&lock);
	sched_run_fibers(&cfg, &st);
	printf("word=%d switches=%lu\n", word, st.switches);
	return 0;
}
