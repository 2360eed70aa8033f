export * from './types';
export * from './calendar';
export * from './policy';
export * from './lifecycle';
export { limitMs } from './clockMath';
export { clocksAt, clocksFrom, repairLimit } from './clocks';
export * from './evaluate';
export * from './status';
