/**
 * The crash-state builders of one walk over a trace, one per selected
 * metadata model (`--metadata both`: strict and ext4-ordered), fed the same
 * records. Explore and live both build their states through here, so the two
 * modes cannot disagree on what a selection checks.
 */
import type { TraceRecord } from '../trace/trace-record.js';
import { createCrashStateBuilder, type CrashStateBuilder, type CrashStateBuilderOptions } from './crash-state-builder.js';
import type { MetadataModel } from './metadata-models.js';

/** One builder per metadata model, in the order selected. */
export interface MetadataBuilders {
  /** Applies the next record of the trace to every builder. */
  apply(record: TraceRecord): void;
  /** The current operation boundary (the same for every builder). */
  readonly operationCount: number;
  /** The builders with their models, strict first when both are selected. */
  readonly each: readonly { readonly metadata: MetadataModel; readonly builder: CrashStateBuilder }[];
}

/** Builders for `models` (strict alone when none is given), each starting from `options`' base. */
export function createMetadataBuilders(options: Omit<CrashStateBuilderOptions, 'metadata'>, models: readonly MetadataModel[] = ['strict']): MetadataBuilders {
  const each = (models.length === 0 ? (['strict'] as const) : models).map((metadata) => ({ metadata, builder: createCrashStateBuilder({ ...options, metadata }) }));
  const first = each[0] as (typeof each)[number];
  return {
    apply(record: TraceRecord): void {
      for (const { builder } of each) builder.apply(record);
    },
    get operationCount() {
      return first.builder.operationCount;
    },
    each,
  };
}
