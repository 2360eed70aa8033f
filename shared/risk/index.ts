export * from './survival';
export * from './strata';
export * from './history';
export * from './samples';
