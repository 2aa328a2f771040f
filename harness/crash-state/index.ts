export { CRASH_MODELS, type CrashModel, isCrashModel, BLOCK_SIZE_BYTES, SECTOR_SIZE_BYTES } from './crash-models.js';
export type { CrashState } from './crash-state.js';
export { CrashStateError, type CrashStateErrorCode } from './crash-state-error.js';
export { createCrashStateBuilder, type CrashStateBuilder, type CrashStateBuilderOptions } from './crash-state-builder.js';
export { buildCrashStates, type BuildCrashStatesOptions } from './build-crash-states.js';
export { materialiseCrashState } from './materialise-crash-state.js';
export { type PersistenceMask, type MaskShape, type UnitFate, type BitFlip, maskKindOfModel, survivingUnitCount } from './persistence-mask.js';
export { formatPersistenceMask, parsePersistenceMask } from './persistence-mask-format.js';
export { persistenceMaskArbitrary, shrinkPersistenceMask } from './persistence-mask-arbitrary.js';
