// SPDX-License-Identifier: GPL-2.0-only
/*
 * The differential oracle's report (kernel/diff/diff_report.c): where two
 * event texts first differ, the kind of the difference (events and
 * fields, never values, so that one kind is counted once), and the
 * side-by-side lines around it.
 */
#include <stdlib.h>

#include "diff_report.h"
#include "harness.h"

static const char same_prefix[] = "cpu0 alloc page_batch n=1 ok=1\n"
				  "cpu0 free_page page#4\n";

static void test_diff_first_line(void)
{
	CHECK_EQ(diff_first_line("a\nb\n", "a\nb\n"), 0);
	CHECK_EQ(diff_first_line("a\nb\n", "a\nc\n"), 2);
	CHECK_EQ(diff_first_line("a\n", "a\nb\n"), 2);
	CHECK_EQ(diff_first_line("a\nb\n", "a\n"), 2);
	CHECK_EQ(diff_first_line("x\n", "y\n"), 1);
	/* A line that is a prefix of the other's differs. */
	CHECK_EQ(diff_first_line("ab\n", "abc\n"), 1);
}

static void test_diff_kind(void)
{
	char model[256], kernel[256], kind[120];

	snprintf(model, sizeof(model), "%scpu0 batch_full\nend clean\n",
		 same_prefix);
	snprintf(kernel, sizeof(kernel),
		 "%scpu0 flush flush_tlb_mm 0-0 stride=-1 ft=1\nend clean\n",
		 same_prefix);
	diff_kind(model, kernel, 3, kind, sizeof(kind));
	CHECK(!strcmp(kind, "batch_full/flush"));

	/* Same event: the fields that differ, by name or by place. */
	snprintf(model, sizeof(model),
		 "cpu0 flush flush_tlb_range 0x1000-0x2000 stride=12 ft=0\n");
	snprintf(kernel, sizeof(kernel),
		 "cpu0 flush flush_tlb_range 0x1000-0x3000 stride=12 ft=1\n");
	diff_kind(model, kernel, 1, kind, sizeof(kind));
	CHECK(!strcmp(kind, "flush/flush:word3:ft"));

	snprintf(model, sizeof(model),
		 "cpu1 free_table page#3 pte@0 via=rcu\n");
	snprintf(kernel, sizeof(kernel),
		 "cpu1 free_table page#3 pte@0 via=page_batch\n");
	diff_kind(model, kernel, 1, kind, sizeof(kind));
	CHECK(!strcmp(kind, "free_table/free_table:via"));
}

static void test_diff_side_by_side(void)
{
	const char *model = "l1\nl2\nl3\nl4\nl5\nl6\nl7\nm8\nl9\n";
	const char *kernel = "l1\nl2\nl3\nl4\nl5\nl6\nl7\nk8\nl9\n";
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	diff_side_by_side(out, model, kernel, diff_first_line(model, kernel));
	fclose(out);
	/* Five lines before the divergence, two after what there is. */
	CHECK(!strstr(text, " 2     l2"));
	CHECK(strstr(text, " 3     l3"));
	CHECK(strstr(text, ">8     m8"));
	CHECK(strstr(text, "| k8\n"));
	CHECK(strstr(text, " 9     l9"));
	CHECK(!strstr(text, "10 "));
	free(text);
}

static const struct harness_case cases[] = {
	TEST_CASE(test_diff_first_line),
	TEST_CASE(test_diff_kind),
	TEST_CASE(test_diff_side_by_side),
};

int main(int argc, char **argv)
{
	return harness_run("diff_report", cases, ARRAY_SIZE(cases), argc, argv);
}
