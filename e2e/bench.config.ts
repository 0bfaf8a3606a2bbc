import { defineConfig } from '@playwright/test';
import base from './playwright.config';

// The in-browser benchmarks (scripts/bench.sh): same server and browser as the
// end-to-end tests, results written to target/bench/browser.json.
export default defineConfig({
  ...base,
  testDir: './bench',
  testMatch: /.*\.bench\.ts/,
  timeout: 180_000,
  reporter: [['list']],
});
