export * from './template';
export * from './document';
export * from './build';
export * from './due';
export * from './supervision';
export * from './fault-report';
