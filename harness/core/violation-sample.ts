/**
 * Keeps a bounded sample of violations: the first few per property, so a run
 * that finds a million lost commits reports a readable handful and a count.
 */
import type { MetadataVerdicts, PropertyName, Violation } from '../../reports/report-types.js';
import type { MetadataModel } from '../crash-state/metadata-models.js';
import { MetadataTally } from './metadata-verdicts.js';

/** Violations kept per property. */
export const VIOLATIONS_KEPT_PER_PROPERTY = 3;

/** A bounded sample plus the total count. */
export class ViolationSample {
  readonly #kept: Violation[] = [];
  readonly #perProperty = new Map<PropertyName, number>();
  readonly #byMetadata = new MetadataTally();
  #count = 0;

  /** Counts the violation and keeps it when its property has room. */
  add(violation: Violation): void {
    this.#count += 1;
    this.#byMetadata.add(violation);
    const kept = this.#perProperty.get(violation.property) ?? 0;
    if (kept >= VIOLATIONS_KEPT_PER_PROPERTY) return;
    this.#perProperty.set(violation.property, kept + 1);
    this.#kept.push(violation);
  }

  /** Every violation counted. */
  get count(): number {
    return this.#count;
  }

  /** The verdict under each of `models` (every violation counted, kept or not). */
  metadataVerdicts(models: readonly MetadataModel[] | undefined): MetadataVerdicts | undefined {
    return this.#byMetadata.verdicts(models);
  }

  /** The kept violations, in the order found. */
  get violations(): readonly Violation[] {
    return this.#kept;
  }
}
