import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration tests start socket.io servers and SQLite files of their own;
    // two workers keep this 2-core machine responsive.
    maxWorkers: 2,
  },
});
