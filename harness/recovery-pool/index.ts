export { runInOrder, JOBS_LIMIT } from './ordered-pool.js';
export { RecoveredStateCache, RECOVERED_STATES_LIMIT, type CachedRecovery, type StateRecoverer } from './recovered-state-cache.js';
export { BudgetAccumulator, BUDGET_PHASES, formatBudgetLine, type BudgetPhase, type BudgetReport } from './budget-report.js';
export { createReopenRecoverer, REOPEN_CROSS_CHECK_ONE_IN, ReopenNotEquivalentError, type PooledRecoverer, type ReopenRecovererOptions, type ReopenStats } from './reopen-recoverer.js';
