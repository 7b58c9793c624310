import { z } from 'zod';

/** Field schemas shared by several aggregates; messages are written for clinic staff. */
export const uuidField = z.uuid({ message: 'Must be a valid id' });

export const isoDateTime = z.iso.datetime({ offset: true, message: 'Must be a date and time' });

export const isoDate = z.iso.date({ message: 'Must be a date (YYYY-MM-DD)' });

export const requiredText = (label: string, max = 200) =>
  z
    .string({ message: `${label} is required` })
    .trim()
    .min(1, { message: `${label} is required` })
    .max(max, { message: `${label} must be at most ${max} characters` });

export const optionalText = (label: string, max = 200) =>
  z
    .string()
    .trim()
    .max(max, { message: `${label} must be at most ${max} characters` })
    .nullable()
    .transform((value) => (value === '' ? null : value));

export const phoneNumber = z
  .string()
  .trim()
  .regex(/^\+?[0-9][0-9 ()-]{5,19}$/, {
    message: 'Phone must be 6 to 20 digits, optionally starting with +',
  });

export const emailAddress = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: 'Email address is not valid' }).max(254));
