// SPDX-License-Identifier: GPL-2.0-only
/* Per-run set-up of the model (see core.h). */
#include "core.h"

#include "faultinj.h"
#include "inject.h"
#include "memmap.h"
#include "oracle.h"
#include "page.h"
#include "registry.h"
#include "rules.h"

void core_reset(const struct core_config *cfg)
{
	memmap_release(); /* before the registry forgets its slots */
	geometry_use(geometry_for_gather(cfg->geometry ? cfg->geometry
						       : &geometry_fuzz));
	arch_use(cfg->arch ? cfg->arch : &arch_x86_native);
	sync_use(cfg->backend ? cfg->backend : &sync_backend_direct);
	sync_reset(cfg->nr_cpus ? cfg->nr_cpus : 1);
	faultinj_reset(cfg->faultinj_kinds);
	tlbf_injected = cfg->injected;
	rules_reset(cfg->kver ? cfg->kver : 601, cfg->large_folios);
	tlbf_page_stats.frames = 0;
	tlbf_page_stats.tables = 0;
	tlbf_page_stats.next_id = 0;
	tlbf_reports = 0;
	mm_ids_reset();
	registry_reset();
}
