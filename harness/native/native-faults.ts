/**
 * Writes a config's injected faults in the line format the native shim reads
 * (UNPLUG_NATIVE_FAULTS, documented in c/fault-decider.c): one fault per line,
 * nine tab-separated fields. The config is first checked by the TypeScript
 * decider, so both shims accept and refuse the same configs.
 */
import { assertNever } from '../../engine/invariants.js';
import { createFaultDecider, SHIM_OPERATION_KINDS, type ShimOperationKind } from '../shim/fault-decider.js';
import type { InjectedFault, ShimConfig } from '../shim/shim-config.js';
import { ShimConfigError } from '../shim/shim-config-error.js';

/** The operation kinds each fault kind applies to when its target names none (as fault-decider.ts). */
function defaultOperations(fault: InjectedFault): readonly ShimOperationKind[] {
  switch (fault.kind) {
    case 'eio-fsync':
      return ['sync'];
    case 'eio-write':
    case 'enospc':
    case 'short-write':
      return ['write'];
    case 'latency':
      return ['write', 'sync'];
    default:
      return assertNever(fault, 'injected fault');
  }
}

/** The UNPLUG_NATIVE_FAULTS text of `config` (empty when it has no faults); throws ShimConfigError. */
export function encodeNativeFaults(config: ShimConfig): string {
  createFaultDecider(config);
  return (config.faults ?? [])
    .map((fault, index) => {
      const operations = (fault.target.operations ?? defaultOperations(fault)) as readonly ShimOperationKind[];
      const mask = operations.reduce((bits, operation) => bits | (1 << SHIM_OPERATION_KINDS.indexOf(operation)), 0);
      const pattern = fault.target.pathPattern ?? '';
      if (/[\t\n]/.test(pattern)) throw new ShimConfigError(`faults[${index}] (${fault.kind}): pathPattern ${JSON.stringify(pattern)} holds a tab or newline`);
      const latency = fault.kind === 'latency' ? fault : undefined;
      return [
        fault.kind,
        mask,
        fault.target.matchIndex ?? -1,
        fault.target.probability ?? 1,
        fault.kind === 'short-write' ? fault.keepFraction : 0,
        latency?.distribution ?? 'fixed',
        latency?.meanMs ?? 0,
        latency?.capMs ?? 0,
        pattern,
      ].join('\t');
    })
    .join('\n');
}
