/**
 * Shared sizes of the scenarios that run a real engine through an adapter in
 * examples/adapters under the native shim. Each crash state starts the engine
 * afresh (a second or so), and the adapter's setup (creating the database)
 * is most of the trace, so setup boundaries are sampled (every 40th) while
 * every boundary right after an ack, where a lost commit shows, is checked.
 */
import type { Scenario } from '../harness/core/scenario.js';

export const NATIVE_ADAPTER_WORKLOAD: Scenario['workload'] = Object.freeze({ operationCount: 4, keyCount: 4, clients: 1, valueSizeBytesMax: 200 });
export const NATIVE_ADAPTER_BUDGET: Scenario['budget'] = Object.freeze({ runs: 1, boundaryStride: 40 });
