/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * SHA-1 of a buffer, as hex: libFuzzer names a crash file crash-<sha1 of
 * the input>, so a target's report can print the exact replay command.
 */
#ifndef TLBF_SHA1_H
#define TLBF_SHA1_H

#include <stddef.h>
#include <stdint.h>

#define SHA1_HEX_SIZE 41

void sha1_hex(const uint8_t *data, size_t size, char hex[SHA1_HEX_SIZE]);

#endif
