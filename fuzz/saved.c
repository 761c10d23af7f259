// SPDX-License-Identifier: GPL-2.0-only
/* Context files of saved inputs (see saved.h). */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "inject.h"
#include "inject_env.h"
#include "input/input.h"
#include "saved.h"

#define SAVED_UP 3 /* folders above the file's own that may hold .tlbfuzz */

void saved_side_path(const char *file, char *buf, size_t len)
{
	const char *slash = strrchr(file, '/');
	int dir = slash ? (int)(slash - file + 1) : 0;

	snprintf(buf, len, "%.*s.%s%s", dir, file, file + dir, SAVED_NAME);
}

static int known_target(const char *name)
{
	static struct program probe;

	input_default(&probe);
	return input_restrict(&probe, name) == 0;
}

static int strategy_by_name(const char *name)
{
	int i;

	for (i = 0; i < SCHED_NR; i++)
		if (!strcmp(name, strategy_name((unsigned int)i)))
			return i;
	return -1;
}

static void trim(char *s)
{
	size_t n = strlen(s);

	while (n && (s[n - 1] == '\n' || s[n - 1] == ' ' || s[n - 1] == '\r'))
		s[--n] = 0;
}

/* Parse one context file; 1 when it names a known target. */
static int parse(const char *path, struct saved_ctx *ctx)
{
	char line[512], err[160];
	FILE *f = fopen(path, "r");
	unsigned int mask;

	if (!f)
		return 0;
	memset(ctx, 0, sizeof(*ctx));
	ctx->strategy = -1;
	while (fgets(line, sizeof(line), f)) {
		trim(line);
		if (!strncmp(line, "target: ", 8))
			snprintf(ctx->target, sizeof(ctx->target), "%s",
				 line + 8);
		else if (!strncmp(line, "inject:", 7) &&
			 !inject_from_list(line + 7 + (line[7] == ' '), &mask,
					   err, sizeof(err)))
			ctx->inject = mask;
		else if (!strncmp(line, "strategy: ", 10))
			ctx->strategy = strategy_by_name(line + 10);
	}
	fclose(f);
	snprintf(ctx->from, sizeof(ctx->from), "%s", path);
	return ctx->target[0] && known_target(ctx->target);
}

int saved_ctx_find(const char *file, struct saved_ctx *ctx)
{
	char path[1024], dir[1024];
	char *slash;
	int up;

	saved_side_path(file, path, sizeof(path));
	if (parse(path, ctx))
		return 1;
	snprintf(dir, sizeof(dir), "%s", file);
	slash = strrchr(dir, '/');
	if (slash)
		*slash = 0;
	else
		snprintf(dir, sizeof(dir), ".");
	for (up = 0; up <= SAVED_UP; up++) {
		snprintf(path, sizeof(path), "%s/%s", dir, SAVED_NAME);
		if (parse(path, ctx))
			return 1;
		if (strlen(dir) + 4 >= sizeof(dir))
			break;
		strcat(dir, "/..");
	}
	return 0;
}

int saved_ctx_write(const char *path, const char *target, unsigned int inject,
		    int strategy)
{
	char list[512], tmp[1100];
	FILE *f;
	int bad;

	/* Written whole, then renamed: a reader never sees half a file. */
	snprintf(tmp, sizeof(tmp), "%s.%d", path, (int)getpid());
	f = fopen(tmp, "w");
	if (!f)
		return -1;
	inject_format(inject, list, sizeof(list));
	fprintf(f, "target: %s\ninject: %s\n", target, list);
	if (strategy >= 0)
		fprintf(f, "strategy: %s\n",
			strategy_name((unsigned int)strategy));
	bad = ferror(f);
	if (fclose(f) || bad || rename(tmp, path)) {
		unlink(tmp);
		return -1;
	}
	return 0;
}
