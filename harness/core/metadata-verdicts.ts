/**
 * A scenario's verdict under each metadata model (`--metadata both`), and the
 * sentence that compares them: "lost under strict POSIX, durable on
 * ext4-ordered" is the finding an engine leaning on ext4's journal gets.
 */
import type { MetadataVerdicts, PropertyName, Violation } from '../../reports/report-types.js';
import { describeMetadataModel, type MetadataModel } from '../crash-state/metadata-models.js';

/** Properties whose violation means an acknowledged commit was lost (the others: torn, phantom, refused). */
const LOSS_PROPERTIES: readonly PropertyName[] = ['P1', 'P3', 'A1'];

/** Counts violations by the metadata model of their crash state. */
export class MetadataTally {
  readonly #properties = new Map<MetadataModel, Set<PropertyName>>();

  /** Counts one violation (a state without a model is strict POSIX). */
  add(violation: Violation): void {
    const model = violation.metadata ?? 'strict';
    const properties = this.#properties.get(model) ?? new Set<PropertyName>();
    properties.add(violation.property);
    this.#properties.set(model, properties);
  }

  /** The verdicts under `models`, or undefined when only strict POSIX was checked (the default says nothing new). */
  verdicts(models: readonly MetadataModel[] | undefined): MetadataVerdicts | undefined {
    if (models === undefined || (models.length === 1 && models[0] === 'strict')) return undefined;
    const verdicts: Partial<Record<MetadataModel, 'durable' | 'violation'>> = {};
    const phrases = models.map((model) => {
      const properties = this.#properties.get(model);
      verdicts[model] = properties === undefined ? 'durable' : 'violation';
      if (properties === undefined) return `durable on ${describeMetadataModel(model)}`;
      const lost = [...properties].some((property) => LOSS_PROPERTIES.includes(property));
      return `${lost ? 'lost' : `violated (${[...properties].sort().join(', ')})`} under ${describeMetadataModel(model)}`;
    });
    return { verdicts, summary: phrases.join(', ') };
  }
}
