export { nativeShimLibrary, nativeSourceDirectory, compileC, compilerCommand, nativeCacheDirectory } from './build-native-shim.js';
export { chooseShim, assertInterposable, nodeScriptNeedsNative, findExecutable, SHIM_CHOICES, type ShimChoice, type ShimKind } from './choose-shim.js';
export { elfLinkage, readElfLinkage, type ElfLinkage } from './elf-linkage.js';
export { encodeNativeFaults } from './native-faults.js';
export { nativeShimEnvironment } from './native-environment.js';
export { nativeShimError, NativeShimInfrastructureError, NativeShimUsageError, type NativeShimError, type NativeShimErrorCode } from './native-shim-error.js';
export { prepareEngineShim, type EngineShimSetup } from './prepare-engine-shim.js';
