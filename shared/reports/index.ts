export * from './template';
export * from './document';
export * from './build';
export * from './due';
export * from './fault-report';
