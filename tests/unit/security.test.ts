import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../electron/core/security';

const directives = (policy: string) =>
  new Map(policy.split(';').map((part) => {
    const [name, ...values] = part.trim().split(/\s+/);
    return [name!, values];
  }));

describe('content security policy', () => {
  const csp = directives(CONTENT_SECURITY_POLICY);

  it('denies by default and runs only our own scripts', () => {
    expect(csp.get('default-src')).toEqual(["'none'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
  });

  it('allows no remote origin anywhere', () => {
    for (const [name, values] of csp) {
      for (const value of values) expect(value, name).not.toMatch(/^(https?:|wss?:|\*)/);
    }
  });

  it('is the same policy the renderer page declares', () => {
    const html = readFileSync('renderer/index.html', 'utf8');
    const meta = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBeDefined();
    // The meta tag cannot carry frame-ancestors; every other directive must match.
    const declared = directives(meta!);
    for (const [name, values] of csp) {
      if (name === 'frame-ancestors') continue;
      expect(declared.get(name), name).toEqual(values);
    }
  });
});
