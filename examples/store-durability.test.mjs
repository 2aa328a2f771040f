// A crash test as it would sit in a store's own vitest suite: one campaign per
// test, expected durable. The engine is the reference engine unless
// UNPLUG_EXAMPLE_ENGINE names another protocol-v1 command (the suite runs this
// file both ways: examples/store-durability-example.test.ts).
import { crashTest } from 'unplug/vitest';

const engine = process.env.UNPLUG_EXAMPLE_ENGINE;

crashTest('every acknowledged commit survives a power cut', {
  ...(engine === undefined ? {} : { engine }),
  scenarios: ['baseline-power-loss'],
  seed: 42,
  runs: 1,
  time: '20s',
});
