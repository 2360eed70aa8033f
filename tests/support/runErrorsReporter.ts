// Vitest reporter for what its JSON report leaves out: errors that fail a run
// without failing a test (an error thrown after a test ended, a rejection
// nobody awaited, an afterAll hook that threw). CI once failed with every test
// passed and nothing to say why in the tail it keeps; scripts/test-all.mjs
// reads this file and names each error in its closing "Failed:" list.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Reporter, SerializedError, TestModule } from 'vitest/node';

const OUTPUT = 'artifacts/vitest-run-errors.json';

export interface RunError {
  where: string;
  message: string;
  stack?: string;
}

export default class RunErrorsReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandled: ReadonlyArray<SerializedError>): void {
    const errors: RunError[] = unhandled.map((error) => ({
      where: 'unhandled',
      message: `${error.name ?? 'Error'}: ${error.message}`,
      stack: error.stack,
    }));
    for (const module of modules) {
      for (const suite of [module, ...module.children.allSuites()]) {
        const where = suite.type === 'module' ? suite.relativeModuleId : `${module.relativeModuleId} > ${suite.fullName}`;
        for (const error of suite.errors()) errors.push({ where, message: error.message, stack: error.stack });
      }
    }
    mkdirSync(dirname(OUTPUT), { recursive: true });
    writeFileSync(OUTPUT, JSON.stringify(errors, null, 2));
  }
}
