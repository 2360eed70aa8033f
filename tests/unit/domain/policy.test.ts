import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  emptyFold,
  isMajor,
  loadDefaultPolicy,
  parsePolicy,
  policyJsonSchema,
  reloadPolicy,
  repairLimit,
} from '../../../shared/domain';
import { createdData } from './fixtures';

const defaultText = readFileSync(new URL('../../../resources/policy/default.json', import.meta.url), 'utf8');
const schemaText = readFileSync(new URL('../../../resources/policy/policy.schema.json', import.meta.url), 'utf8');

function factsOf(over: Parameters<typeof createdData>[0] = {}) {
  const data = createdData(over);
  return { ...emptyFold('T').facts, incomplete: false, ...data, faultLevel: data.faultLevel ?? null };
}

describe('policy file', () => {
  it('the default policy validates and carries a version', () => {
    const parsed = parsePolicy(defaultText);
    expect(parsed.ok).toBe(true);
    expect(loadDefaultPolicy().version).toMatch(/\S/);
    expect(loadDefaultPolicy().warningShare).toBe(0.8);
  });

  it('the committed JSON Schema equals the one generated from the zod schema', () => {
    expect(JSON.parse(schemaText)).toEqual(policyJsonSchema());
  });

  it('a JSON syntax error gives its line', () => {
    const broken = defaultText.replace('"warningShare": 0.8,', '"warningShare": 0.8,,');
    const line = defaultText.split('\n').findIndex((l) => l.includes('"warningShare"')) + 1;
    expect(parsePolicy(broken)).toEqual({ ok: false, errors: [{ path: '', line, message: expect.stringMatching(/JSON syntax error/) }] });
  });

  it.each([
    ['an unterminated string', '{\n  "version": "x\n}', 2],
    ['trailing text', '{}\n\n x', 3],
    ['an empty text', '', 1],
  ])('a syntax error of %s gives line %i', (_, text, line) => {
    const parsed = parsePolicy(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors[0]?.line).toBe(line);
  });

  it('each schema error gives its path and line', () => {
    const bad = defaultText
      .replace('"warningShare": 0.8', '"warningShare": 1.5')
      .replace('"confirm": { "limit": { "minutes": 15 }', '"confirm": { "limit": { "minuets": 15 }');
    const parsed = parsePolicy(bad);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const lines = defaultText.split('\n');
    const lineOf = (needle: string) => lines.findIndex((l) => l.includes(needle)) + 1;
    expect(parsed.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'warningShare', line: lineOf('"warningShare"') }),
        expect.objectContaining({ path: 'clocks.confirm.limit', line: lineOf('"confirm"') }),
      ]),
    );
  });

  it('an error inside an array names the index', () => {
    const bad = defaultText.replace('"services": ["logistics-e"]', '"services": ["logistics-x"]');
    const parsed = parsePolicy(bad);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.errors[0]?.path).toBe('clocks.repair.rules[0].services[0]');
      expect(parsed.errors[0]?.line).toBe(defaultText.split('\n').findIndex((l) => l.includes('logistics-e')) + 1);
    }
  });

  it('a bad reload keeps the last good policy', () => {
    const good = loadDefaultPolicy();
    const reloaded = reloadPolicy(good, '{ "version": 3 }');
    expect(reloaded.policy).toBe(good);
    expect(reloaded.errors.length).toBeGreaterThan(0);
    const next = reloadPolicy(good, defaultText.replace('JS-NOC-default-2026.2', 'v2'));
    expect(next).toEqual({ policy: { ...good, version: 'v2' }, errors: [] });
  });
});

describe('repair matrix and major tickets', () => {
  const policy = loadDefaultPolicy();
  it.each([
    [{ service: 'logistics-e' as const, customer: { id: 'c', name: 'n', tier: 'localC' as const } }, { workingDays: 3 }],
    [{ service: 'sdh' as const, circuit: { id: 'x', level: 'AAA' as const } }, { hours: 2 }],
    [{ service: 'sdh' as const }, { hours: 4 }],
    [{ service: 'lan-line' as const, customer: { id: 'c', name: 'n', tier: 'localB' as const } }, { hours: 8 }],
    [{ service: 'it-services' as const, customer: { id: 'c', name: 'n', tier: 'localC' as const } }, { hours: 48 }],
  ])('%j gets %j', (over, limit) => {
    expect(repairLimit(factsOf(over), policy)).toEqual(limit);
  });

  it('a placeholder without facts gets the fallback', () => {
    expect(repairLimit(emptyFold('T').facts, policy)).toEqual(policy.clocks.repair.fallback);
  });

  it('fault level 1 or an AAA circuit is major', () => {
    expect(isMajor(factsOf({ faultLevel: 1 }), policy)).toBe(true);
    expect(isMajor(factsOf({ circuit: { id: 'x', level: 'AAA' } }), policy)).toBe(true);
    expect(isMajor(factsOf({ faultLevel: 2 }), policy)).toBe(false);
  });
});
