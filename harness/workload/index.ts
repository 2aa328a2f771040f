export * from './commit-value.js';
export * from './workload-types.js';
export * from './workload-arbitrary.js';
export * from './generate-workload.js';
