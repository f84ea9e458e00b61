import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // one temporary folder per run, removed at its end (test/global-tmp.ts)
    globalSetup: ['test/global-tmp.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          setupFiles: ['test/setup-fast-check.ts'],
          exclude: ['test/e2e/**', 'test/crash/**'],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'crash',
          include: ['test/crash/**/*.test.ts'],
          testTimeout: 600_000,
        },
      },
    ],
  },
});
