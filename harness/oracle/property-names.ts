/**
 * The oracle's vocabulary, owned here and read by everything above it
 * (scenarios name the properties they expect; reports print them): the
 * properties it checks and the two verdicts a scenario can reach.
 */

/** The oracle's properties. */
export const PROPERTY_NAMES = Object.freeze(['P1', 'P2', 'P3', 'P4', 'A1'] as const);
/** P1 durability, P2 atomicity, P3 prefix, P4 integrity, A1 acknowledged before durable. */
export type PropertyName = (typeof PROPERTY_NAMES)[number];

/** A scenario's expected outcome and its verdict: every acknowledged commit survived, or not. */
export type ScenarioVerdict = 'durable' | 'violation';
