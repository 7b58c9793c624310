export * from './signs';
export * from './plausibility';
export * from './events';
export * from './commands';
export * from './aggregate';
