export * from './codes';
export * from './events';
export * from './supervision';
export * from './wire';
