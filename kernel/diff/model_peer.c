// SPDX-License-Identifier: GPL-2.0-only
/* The model build's tlbf-events --serve as a child process (model_peer.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "model_peer.h"

extern char **environ;

static int to_peer, from_peer;
static pid_t peer_pid;
static char *reply;
static size_t reply_cap;

void model_peer_start(const char *path, const char *like)
{
	char *argv[] = {(char *)path, "--like", (char *)like, "--serve", NULL};
	posix_spawn_file_actions_t fa;
	int in[2], out[2];

	if (access(path, X_OK)) {
		fprintf(stderr, "fuzz_diff: %s is not an executable\n", path);
		exit(2);
	}
	if (pipe(in) || pipe(out)) {
		perror("fuzz_diff: pipe");
		exit(2);
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, in[0], 0);
	posix_spawn_file_actions_adddup2(&fa, out[1], 1);
	posix_spawn_file_actions_addclose(&fa, in[1]);
	posix_spawn_file_actions_addclose(&fa, out[0]);
	if (posix_spawn(&peer_pid, path, &fa, NULL, argv, environ)) {
		fprintf(stderr, "fuzz_diff: cannot start %s\n", path);
		exit(2);
	}
	posix_spawn_file_actions_destroy(&fa);
	close(in[0]);
	close(out[1]);
	/* A dead peer shows as a short read, not as SIGPIPE. */
	signal(SIGPIPE, SIG_IGN);
	to_peer = in[1];
	from_peer = out[0];
}

static void peer_died(void)
{
	int status = 0;

	close(to_peer);
	waitpid(peer_pid, &status, 0);
	if (WIFSIGNALED(status))
		fprintf(stderr, "fuzz_diff: the model peer died of signal %d\n",
			WTERMSIG(status));
	else
		fprintf(stderr, "fuzz_diff: the model peer exited with %d\n",
			WEXITSTATUS(status));
	abort();
}

/* Pipes see EINTR: libFuzzer's -timeout alarm ticks every second. */
static void write_all(const uint8_t *p, size_t n)
{
	ssize_t w;

	while (n) {
		w = write(to_peer, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			peer_died();
		p += w;
		n -= (size_t)w;
	}
}

/* Whether @reply (@used bytes) ends with a whole "end ..." line. */
static bool reply_done(size_t used)
{
	size_t i = used - 1;

	if (!used || reply[i] != '\n')
		return false;
	while (i && reply[i - 1] != '\n')
		i--;
	return used - i >= 4 && !memcmp(reply + i, "end ", 4);
}

const char *model_peer_ask(const uint8_t *bytes, size_t len)
{
	uint8_t len_le[4] = {len & 0xff, len >> 8 & 0xff, len >> 16 & 0xff,
			     len >> 24 & 0xff};
	size_t used = 0;
	ssize_t n;

	write_all(len_le, 4);
	write_all(bytes, len);
	do {
		if (reply_cap - used < 4096) {
			reply_cap = reply_cap * 2 + 8192;
			reply = realloc(reply, reply_cap);
			if (!reply)
				abort();
		}
		n = read(from_peer, reply + used, reply_cap - used - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			peer_died();
		used += (size_t)n;
	} while (!reply_done(used));
	reply[used] = '\0';
	return reply;
}
