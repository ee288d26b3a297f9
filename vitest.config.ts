import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'test/db/**/*.test.ts'],
          // Some unit tests read and validate the whole course library (22 courses) first; a busy
          // 2-core machine needs more than the default 5 s for that. A budget, not a speed check.
          testTimeout: 30_000,
        },
      },
      {
        // Integration and browser tests share one production build and one running server.
        test: {
          name: 'server',
          include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          globalSetup: ['test/support/global-server.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
