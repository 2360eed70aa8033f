export * from './shift';
export * from './sheet';
export * from './document';
