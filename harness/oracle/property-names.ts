/**
 * The oracle's vocabulary, owned here and read by everything above it
 * (scenarios name the properties they expect; reports print them): the
 * properties it checks and the two verdicts a scenario can reach.
 */

/** The oracle's properties. */
export const PROPERTY_NAMES = Object.freeze(['P1', 'P2', 'P3', 'P4', 'A1', 'B1', 'B2', 'B3', 'R1', 'R2', 'C1'] as const);
/**
 * P1 durability, P2 atomicity, P3 prefix, P4 integrity, A1 acknowledged before durable; the archive
 * properties: B1 a point-in-time restore equals the committed state at its target, B2 the archive
 * plus the WAL cover every acknowledged commit, B3 a failing archiver raises the WAL alarm, blocks
 * no commit and resumes without a hole; the failover properties (failover-property.ts): R1 after failover
 * to a synchronous replica every acknowledged commit is on the new primary, R2 what an asynchronous failover
 * loses is a suffix of the commit order; C1 change data capture: the stream a consumer received across its and
 * the primary's crashes is exactly the recovered primary's committed sequence (no gap, no phantom, duplicates only
 * at or below a confirmed LSN).
 */
export type PropertyName = (typeof PROPERTY_NAMES)[number];

/** A scenario's expected outcome and its verdict: every acknowledged commit survived, or not. */
export type ScenarioVerdict = 'durable' | 'violation';
