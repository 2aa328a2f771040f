/**
 * The one place the shim's decorators are stacked for a traced run:
 *
 *   latency( faults( recording( base ) ) )
 *
 * Recording sits next to the base so that it sees exactly what reached the
 * disk: a failed operation never reaches it (the fault layer reports it as a
 * 'fault' record instead), and a short write is recorded as the prefix that was
 * written. Latency is outermost so that a delayed operation is delayed before
 * anything else happens. A layer with nothing to do is left out, so an
 * unfaulted run pays only for recording.
 */
import type { FileSystem } from '../../engine/fs/file-system.js';
import type { TraceSink } from '../trace/trace-sink.js';
import { openTraceWriter, type TraceWriter } from '../trace/trace-writer.js';
import { createCrashPoint } from './crash-point.js';
import { createFaultDecider } from './fault-decider.js';
import { FaultInjectingFileSystem } from './fault-injecting-file-system.js';
import { LatencyFileSystem } from './latency-file-system.js';
import { RecordingFileSystem } from './recording-file-system.js';
import type { ShimConfig } from './shim-config.js';

/** The composed decorator stack of a traced engine process. */
export interface ShimStack {
  readonly fileSystem: FileSystem;
  /** Records a protocol line the engine wrote to stdout (call after writing it). */
  recordOutput(line: string): void;
  /** Flushes and closes the trace. */
  close(): void;
  /** The individual layers (absent when not needed), for tests and counters. */
  readonly layers: {
    readonly recording: RecordingFileSystem;
    readonly faults?: FaultInjectingFileSystem;
    readonly latency?: LatencyFileSystem;
  };
}

/** Options of `composeShimFileSystem`. */
export interface ComposeShimOptions {
  /** Record into this sink (e.g. `createMemoryTraceSink()` for in-process exploration) instead of `config.tracePath`. */
  readonly sink?: TraceSink;
}

/** A sink for runs without a trace file (a crash point alone still needs the operation count). */
const DISCARDING_SINK: TraceSink = { append: () => {} };

/** Composes the recording, fault and latency decorators over `base` for `config`: the one place they are stacked. */
export function composeShimFileSystem(base: FileSystem, config: ShimConfig, options: ComposeShimOptions = {}): ShimStack {
  const faultList = config.faults ?? [];
  // Build the deciders first: an invalid config fails before a trace file is created.
  const failureDecider = faultList.some((fault) => fault.kind !== 'latency') ? createFaultDecider(config, 'failures') : undefined;
  const latencyDecider = faultList.some((fault) => fault.kind === 'latency') ? createFaultDecider(config, 'latency') : undefined;
  const crashPoint = createCrashPoint(config);
  const writer: TraceWriter | undefined = options.sink !== undefined || config.tracePath === undefined ? undefined : openTraceWriter(config.tracePath);
  const sink: TraceSink = options.sink ?? writer ?? DISCARDING_SINK;

  const recording = new RecordingFileSystem(base, { root: config.root, sink, crashPoint });
  const faults = failureDecider === undefined ? undefined : new FaultInjectingFileSystem(recording, failureDecider, (fault) => recording.recordFault(fault));
  const belowLatency: FileSystem = faults ?? recording;
  const latency = latencyDecider === undefined ? undefined : new LatencyFileSystem(belowLatency, latencyDecider);

  return {
    fileSystem: latency ?? belowLatency,
    recordOutput(line: string): void {
      sink.append({ kind: 'output', line: line.endsWith('\n') ? line.slice(0, -1) : line });
    },
    close(): void {
      writer?.close();
    },
    layers: { recording, ...(faults === undefined ? {} : { faults }), ...(latency === undefined ? {} : { latency }) },
  };
}
