/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * fuzz_diff's other side: a model build's `tlbf-events --serve`, kept
 * running beside the fuzzer and asked for each program's event lines.
 */
#ifndef TLBF_MODEL_PEER_H
#define TLBF_MODEL_PEER_H

#include <stddef.h>
#include <stdint.h>

/*
 * Start `@path --like @like --serve` (@like: the tree's X.Y, whose gather
 * rules the model takes); on failure one line on stderr and exit(2).
 */
void model_peer_start(const char *path, const char *like);
/*
 * Send one program (binary format, decoded as is) and return the model's
 * event lines up to and including its "end" line, NUL-terminated; valid
 * until the next call. A peer that died is one line and abort().
 */
const char *model_peer_ask(const uint8_t *bytes, size_t len);

#endif
