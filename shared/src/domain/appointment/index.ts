export * from './events';
export * from './commands';
export * from './aggregate';
export * from './overlap';
export * from './reminders';
export * from './responses';
export * from './slots';
export * from './check-in';
