// SPDX-License-Identifier: GPL-2.0-only
/* Bug switches from TLBFUZZ_INJECT and --inject (see inject_env.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inject.h"
#include "inject_env.h"
#include "rules.h"

int inject_from_list(const char *list, unsigned int *mask, char *err,
		     size_t errlen)
{
	unsigned int bad_len;
	const char *bad;

	*mask = 0;
	if (!strcmp(list, "none"))
		return 0;
	if (!inject_parse(list, mask, &bad, &bad_len))
		return 0;
	snprintf(err, errlen,
		 "unknown bug switch '%.*s' (tlbfuzz list-bugs names them)",
		 (int)bad_len, bad);
	return -1;
}

int inject_from_env(unsigned int *mask, char *err, size_t errlen)
{
	const char *env = getenv("TLBFUZZ_INJECT");
	char msg[160];

	*mask = 0;
	if (!env)
		return 0;
	if (!inject_from_list(env, mask, msg, sizeof(msg)))
		return 0;
	snprintf(err, errlen, "TLBFUZZ_INJECT: %s", msg);
	return -1;
}

void inject_format(unsigned int mask, char *buf, size_t len)
{
	size_t used = 0;
	unsigned int b;

	buf[0] = 0;
	for (b = 0; b < BUG_NR && used < len; b++)
		if (mask & (1u << b))
			used += snprintf(buf + used, len - used, "%s%s",
					 used ? "," : "", inject_table[b].name);
}

int fixes_from_env(char *err, size_t errlen)
{
	const char *env = getenv("TLBFUZZ_FIXES");
	unsigned int mask, bad_len;
	const char *bad;

	if (!env)
		return 0;
	if (rules_fixes_parse(env, &mask, &bad, &bad_len)) {
		int used = snprintf(err, errlen,
				    "TLBFUZZ_FIXES: unknown fix '%.*s' (known:",
				    (int)bad_len, bad);
		unsigned int f;

		for (f = 0; f < FIX_NR && used > 0 && (size_t)used < errlen;
		     f++)
			used += snprintf(err + used, errlen - (size_t)used,
					 "%s %s", f ? "," : "",
					 rules_fix_names[f]);
		if (used > 0 && (size_t)used < errlen)
			snprintf(err + used, errlen - (size_t)used, ")");
		return -1;
	}
	tlbf_rules_fixes = mask;
	return 0;
}
