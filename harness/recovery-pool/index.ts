export { runInOrder, JOBS_LIMIT } from './ordered-pool.js';
export { RecoveredStateCache, RECOVERED_STATES_LIMIT, type CachedRecovery, type StateRecoverer } from './recovered-state-cache.js';
export { BudgetAccumulator, BUDGET_PHASES, formatBudgetLine, type BudgetPhase, type BudgetReport } from './budget-report.js';
