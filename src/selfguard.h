/* selfguard.h - keep oomcast alive and on time in the storm it forecasts. */
#ifndef OOMCAST_SELFGUARD_H
#define OOMCAST_SELFGUARD_H

/* Lock oomcast's memory (pages as they are touched) so reclaim and swap
 * cannot stall a sample, and make it an unlikely OOM victim. Each step is
 * taken only where permitted, and its failure is not an error. */
void selfguard_apply(void);

#endif
