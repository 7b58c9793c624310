export * from './events';
export * from './commands';
export * from './aggregate';
export * from './setup';
export * from './reminders';
export * from './clinic-time';
