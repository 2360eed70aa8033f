import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    environment: 'node',
    // Limits for when something hangs, not speed targets: CI's machine may be shared,
    // and a test that waits on the app's own events must not fail because the CPU is busy.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Integration tests start socket.io servers and SQLite files of their own;
    // two workers keep this 2-core machine responsive.
    maxWorkers: 2,
  },
});
