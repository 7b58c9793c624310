export * from './details';
export * from './events';
export * from './commands';
export * from './aggregate';
