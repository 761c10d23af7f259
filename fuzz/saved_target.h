/* SPDX-License-Identifier: GPL-2.0-only */
/* The fuzz targets' side of the context files of saved inputs (saved.h). */
#ifndef TLBF_SAVED_TARGET_H
#define TLBF_SAVED_TARGET_H

#include "report.h"

/* At start-up: libFuzzer's artifact flags; AFL++'s folder-wide context. */
void saved_target_init(unsigned int inject, int strategy);
/* At a finding, before the process dies: the crash file's context. */
void saved_target_crash(const struct report_input *in, int strategy);

#endif
