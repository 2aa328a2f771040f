/**
 * Adding up campaign counts, the same way for a campaign's scenarios and for
 * the shards `unplug merge-reports` joins: the fixed counts always, explore's
 * boundary and distinct-state counts only when some part reported them.
 */
import type { CampaignCounts } from './report-types.js';

/** The sum of `parts`. */
export function sumCounts(parts: readonly CampaignCounts[]): CampaignCounts {
  const total = { runs: 0, crashes: 0, crashStates: 0, commitsAcked: 0 };
  let explored: { boundariesChecked: number; distinctStatesRecovered: number } | undefined;
  for (const part of parts) {
    total.runs += part.runs;
    total.crashes += part.crashes;
    total.crashStates += part.crashStates;
    total.commitsAcked += part.commitsAcked;
    if (part.boundariesChecked === undefined && part.distinctStatesRecovered === undefined) continue;
    explored ??= { boundariesChecked: 0, distinctStatesRecovered: 0 };
    explored.boundariesChecked += part.boundariesChecked ?? 0;
    explored.distinctStatesRecovered += part.distinctStatesRecovered ?? 0;
  }
  return explored === undefined ? total : { ...total, ...explored };
}
