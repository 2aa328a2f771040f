import { defineConfig } from 'vitest/config';

// The JSON reporter's file is what `.ci/run` reads to print its plain
// `N passed, N failed` line; vitest's own summary is for people.
export default defineConfig({
  test: {
    include: ['{engine,harness,scenarios,reports,examples,docs,schemas}/**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**'],
    reporters: ['default', ['json', { outputFile: '.vitest-results.json' }]],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    benchmark: {
      include: ['{engine,harness,scenarios,reports}/**/*.bench.ts'],
    },
  },
});
