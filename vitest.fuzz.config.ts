import { defineConfig } from 'vitest/config';

// `npm run fuzz`: the long damage and decoder fuzz runs, kept out of the default suite.
export default defineConfig({
  test: {
    include: ['engine/**/*.fuzz.ts'],
    exclude: ['node_modules/**', 'dist/**'],
    testTimeout: 0,
    pool: 'forks',
    maxWorkers: 1,
  },
});
