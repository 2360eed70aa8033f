// Web mode's pushes travel as one JSON string each (shared/contract/wire.ts).
import { describe, expect, it } from 'vitest';
import { pushFromWire, pushToWire } from '../../../shared/contract';

describe('a push on the wire', () => {
  it('comes back as it went, Chinese text and quotes included', () => {
    const payload = { at: 1, upserts: [{ city: '南京', title: 'MPLS-VPN专线中断 "一干"' }], removes: ['a:b'] };
    expect(pushFromWire(pushToWire(payload))).toEqual(payload);
  });

  it('refuses what is not a JSON string: an object, bytes, a string that is not JSON', () => {
    expect(() => pushFromWire({ at: 1 })).toThrow(/JSON string/);
    expect(() => pushFromWire(new TextEncoder().encode('{"at":1}'))).toThrow(/JSON string/);
    expect(() => pushFromWire('{"at":')).toThrow();
  });
});
