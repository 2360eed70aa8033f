// The simulator reads time only through a WallClock so tests can drive it.
export interface WallClock {
  now(): number;
}

export const systemClock: WallClock = { now: () => Date.now() };
