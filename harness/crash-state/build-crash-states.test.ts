import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TraceRecord } from '../trace/trace-record.js';
import { buildCrashStates } from './build-crash-states.js';
import { CRASH_MODELS } from './crash-models.js';
import { builderAfter, comparableState, filesAsText } from './test-support/build-at-end.js';
import { TraceScript } from './test-support/trace-script.js';

/** A random but valid trace over a few files, built with the script helper. */
const traceArbitrary: fc.Arbitrary<TraceRecord[]> = fc
  .array(fc.tuple(fc.nat(7), fc.constantFrom('a', 'b', 'c'), fc.nat(3000), fc.nat(1500)), { minLength: 1, maxLength: 25, size: 'max' })
  .map((steps) => {
    const script = new TraceScript();
    const exists = new Set<string>();
    for (const [choice, path, offsetBytes, lengthBytes] of steps) {
      if (!exists.has(path)) {
        script.create(path);
        exists.add(path);
      }
      if (choice <= 2) script.write(path, offsetBytes, new Uint8Array(lengthBytes).fill(choice + 1));
      else if (choice === 3) script.sync(path);
      else if (choice === 4) script.syncDirectory();
      else if (choice === 5) script.truncate(path, offsetBytes);
      else if (choice === 6) script.output('{"type":"ack"}');
      else script.eioSync(path);
    }
    return script.records;
  });

describe('buildCrashStates', () => {
  it('streams the same states as a fresh builder replaying the trace up to each boundary', () => {
    fc.assert(
      fc.property(traceArbitrary, fc.nat(), (records, seed) => {
        const fileSystemRecords = records.filter((record) => record.kind !== 'output' && record.kind !== 'fault').length;
        const states = [...buildCrashStates(records, { models: CRASH_MODELS, seed })];
        expect(states.length).toBe((fileSystemRecords + 1) * CRASH_MODELS.length);
        for (const state of states) {
          // Independent recomputation: replay the prefix of records that holds `operationIndex`
          // file-system operations and every fault or output after them.
          let operations = 0;
          const prefix = records.filter((record) => {
            if (record.kind !== 'output' && record.kind !== 'fault') operations += 1;
            return operations <= state.operationIndex;
          });
          const fresh = builderAfter(prefix).build(state.model, seed);
          expect(comparableState(state)).toEqual(comparableState(fresh));
          expect(state.mask).toEqual(fresh.mask);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('builds only the requested boundaries, in trace order, models in the given order', () => {
    const { records } = new TraceScript().create('f').write('f', 0, 'abc').sync('f').syncDirectory();
    const states = [...buildCrashStates(records, { models: ['power-loss', 'process-crash'], seed: 3, boundaries: [5, 2] })];
    expect(states.map((state) => [state.operationIndex, state.model])).toEqual([
      [2, 'power-loss'],
      [2, 'process-crash'],
      [5, 'power-loss'],
      [5, 'process-crash'],
    ]);
    const [earlyPowerLoss, earlyProcessCrash, latePowerLoss] = states;
    expect(earlyPowerLoss && filesAsText(earlyPowerLoss)).toEqual({});
    expect(earlyProcessCrash && filesAsText(earlyProcessCrash)).toEqual({ f: '' });
    expect(latePowerLoss && filesAsText(latePowerLoss)).toEqual({ f: 'abc' });
  });

  it('applies a fault recorded after operation N to the state at boundary N', () => {
    const { records } = new TraceScript().create('f').sync('f').syncDirectory().write('f', 0, 'lost').eioSync('f');
    const [state] = [...buildCrashStates(records, { models: ['power-loss-prefix'], seed: 1, boundaries: [5] })];
    expect(state?.mask).toEqual({ kind: 'prefix', directoryOperationsKept: 0, unitsKeptPerFile: [] });
  });

  it('rejects boundaries beyond the trace or not integers', () => {
    const { records } = new TraceScript().create('f');
    expect(() => [...buildCrashStates(records, { models: ['power-loss'], seed: 1, boundaries: [3] })]).toThrow(/BOUNDARY_OUT_OF_RANGE.*3/);
    expect(() => [...buildCrashStates(records, { models: ['power-loss'], seed: 1, boundaries: [-1] })]).toThrow(/BOUNDARY_OUT_OF_RANGE/);
  });
});
