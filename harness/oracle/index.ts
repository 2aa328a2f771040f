export * from './log-sequence-number.js';
export * from './commit-history.js';
export * from './commit-order.js';
export * from './oracle-types.js';
export * from './check-recovered-state.js';
export * from './to-violation.js';
export * from './point-in-time-property.js';
