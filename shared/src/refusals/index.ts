export * from './say';
export { refusalTexts } from './texts';
export { fieldNamed, type FieldLabel } from './texts-labels';
