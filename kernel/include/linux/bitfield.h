/* SPDX-License-Identifier: GPL-2.0-only */
/* Kernel-source mode: see tlbf/env.h. */
#include "../tlbf/env.h"
