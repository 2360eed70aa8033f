import { describe, expect, it } from 'vitest';
import config from '../../playwright.config';
import { HEADLESS_CHROMIUM_ARGS } from '../../electron/core/chromium';

describe('headless Chromium flags', () => {
  it('the end-to-end tests run Chromium with the console’s own flags (the tooling layer keeps its copy)', () => {
    expect(config.use?.launchOptions?.args).toEqual([...HEADLESS_CHROMIUM_ARGS]);
  });
});
