// SPDX-License-Identifier: GPL-2.0-only
/*
 * The crash report (fuzz/report.c): it names the oracle and reason, prints
 * the program as text and the trace in per-CPU columns with the fatal step
 * marked, and gives a replay command that names libFuzzer's crash file
 * (crash-<sha1 of the input>) or the CLI's file, the target and switches.
 */
#include <stdlib.h>

#include "harness.h"
#include "inject.h"
#include "input/input.h"
#include "report.h"
#include "sha1.h"

/* FIPS 180-2 test vectors, and a multi-block input. */
static void test_report_sha1(void)
{
	char hex[SHA1_HEX_SIZE];
	uint8_t many[200];
	static const char two_blocks[] =
		"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

	sha1_hex((const uint8_t *)"abc", 3, hex);
	CHECK(!strcmp(hex, "a9993e364706816aba3e25717850c26c9cd0d89d"));
	sha1_hex((const uint8_t *)"", 0, hex);
	CHECK(!strcmp(hex, "da39a3ee5e6b4b0d3255bfef95601890afd80709"));
	sha1_hex((const uint8_t *)two_blocks, strlen(two_blocks), hex);
	CHECK(!strcmp(hex, "84983e441c3bd26ebaae4aa1f95129e5e54670f1"));
	memset(many, 'a', sizeof(many));
	sha1_hex(many, sizeof(many), hex);
	CHECK(!strcmp(hex, "e61cfffe0d9195a525fc6cf06ca2d77119c24a40"));
}

static void test_report_replay_command(void)
{
	struct program prog;
	struct report_input in = {&prog, NULL,	   (const uint8_t *)"abc",
				  3,	 "gather", 1u << BUG_FREE_BEFORE_FLUSH};
	char cmd[512];

	input_default(&prog);
	report_replay_command(&in, cmd, sizeof(cmd));
	CHECK(strstr(
		cmd,
		"tlbfuzz run --target gather --inject free-before-flush crash-a9993e364706816aba3e25717850c26c9cd0d89d"));
	in = (struct report_input){&prog, "x.bin", NULL, 0, NULL, 0};
	report_replay_command(&in, cmd, sizeof(cmd));
	CHECK(strstr(cmd, "tlbfuzz run x.bin"));
}

static char *report_text(const struct report_input *in,
			 const struct run_result *res)
{
	char *buf = NULL;
	size_t len;
	FILE *f = open_memstream(&buf, &len);

	report_print(f, in, res);
	fclose(f);
	return buf;
}

/* cpu1's event sits one column to the right; the fatal step has '>'. */
static void test_report_print(void)
{
	static struct run_result res;
	struct program prog;
	struct report_input in = {&prog, "f.txt", NULL, 0, NULL, 0};
	char *text, *line;

	input_default(&prog);
	prog.nr_ops[1] = 1;
	prog.ops[1][0] = (struct op){OP_EXIT, 0, 4096, 0};
	res.finding = true;
	res.oracle = ORACLE_STALE_TLB;
	strcpy(res.reason, "frame freed while cpu0 maps it");
	strcpy(res.detail, "frame 7");
	res.cpu = 1;
	res.step = 12;
	res.nr_trace = 2;
	res.trace[0] = (struct run_trace_line){11, 0, "zap_pte_range", 1, ""};
	res.trace[1] = (struct run_trace_line){12, 1, "free_pages", 7, ""};
	text = report_text(&in, &res);
	CHECK(strstr(text, "stale-tlb: frame freed while cpu0 maps it"));
	CHECK(strstr(text, "object: frame 7"));
	CHECK(strstr(text, "\ncpu1: exit\n"));
	CHECK(strstr(text, "\n      11  zap_pte_range(0x1)\n"));
	line = strstr(text, ">     12  ");
	CHECK(line && !strncmp(line + 10 + 26, "free_pages(0x7)", 15));
	CHECK(strstr(text, "run f.txt"));
	free(text);
}

static const struct harness_case cases[] = {
	TEST_CASE(test_report_sha1),
	TEST_CASE(test_report_replay_command),
	TEST_CASE(test_report_print),
};

int main(int argc, char **argv)
{
	return harness_run("report", cases, ARRAY_SIZE(cases), argc, argv);
}
