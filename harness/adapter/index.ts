// The adapter kit (`unplug/adapter`): re-exports only.
export { serveProtocol, readDirectoryArgument, ADAPTER_EXIT_CODES, type ServeStoreOptions } from './serve-store.js';
export { AdapterError, type AdapterOpenResult, type AdapterRecovery, type AdapterStore, type MaybePromise } from './adapter-store.js';
export { PROTOCOL_LIMITS } from '../../engine/host/protocol.js';
export type { Write } from '../../engine/engine-types.js';
