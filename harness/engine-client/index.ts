export * from './engine-launch.js';
export * from './engine-process.js';
export * from './engine-exit-error.js';
export * from './start-engine.js';
export * from './engine-response.js';
export * from './process-registry.js';
export * from './repository-root.js';
