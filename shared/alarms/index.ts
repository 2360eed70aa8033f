export * from './policy';
export * from './derive';
