// Web mode's pushes travel as UTF-8 JSON bytes (shared/contract/wire.ts).
import { describe, expect, it } from 'vitest';
import { pushFromWire, pushToWire } from '../../../shared/contract';

describe('a push on the wire', () => {
  it('comes back as it went, from a Node Buffer or a browser ArrayBuffer, Chinese text included', () => {
    const payload = { at: 1, upserts: [{ city: '南京', title: 'MPLS-VPN专线中断' }], removes: ['a:b'] };
    const bytes = pushToWire(payload);
    expect(pushFromWire(bytes)).toEqual(payload);
    expect(pushFromWire(Buffer.from(bytes))).toEqual(payload);
    expect(pushFromWire(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength))).toEqual(payload);
  });

  it('refuses what is not JSON bytes: an object, a string, broken UTF-8, bytes that are not JSON', () => {
    expect(() => pushFromWire({ at: 1 })).toThrow(/JSON bytes/);
    expect(() => pushFromWire('{"at":1}')).toThrow(/JSON bytes/);
    expect(() => pushFromWire(new Uint8Array([0x7b, 0xff, 0x7d]))).toThrow();
    expect(() => pushFromWire(new TextEncoder().encode('{"at":'))).toThrow();
  });
});
