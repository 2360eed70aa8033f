export * from './policy';
export * from './derive';
export * from './delta';
