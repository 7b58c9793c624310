import {
  getCommandDefinition,
  knownCommandTypes,
  uuidv7,
  type CommandDefinition,
} from '@mymedic/shared';
import type { z } from 'zod';
import { RawJson } from './hostile-values';

/**
 * Payloads of every command the registry knows, derived from the command's own zod
 * schema rather than written by hand: a new command is covered the day it is defined.
 * Each leaf takes the first sample its schema accepts; each field is then spoilt with
 * the values its schema refuses.
 */

/** The parts of zod 4's definition object this walk reads. */
interface Definition {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  element?: z.ZodType;
  options?: readonly z.ZodType[];
  entries?: Record<string, string | number>;
  values?: readonly unknown[];
}

const definitionOf = (schema: z.ZodType) => (schema as { def: Definition }).def;

const accepts = (schema: z.ZodType, value: unknown) => schema.safeParse(value).success;

/** Values a clinic would type, tried in order for a text or number field. */
const textSamples = () => [
  'Amina Otieno',
  '2025-03-04T09:15:00+03:00',
  '1984-03-12',
  'amina@hillside.example',
  '+254 712 345678',
  uuidv7(),
  'a'.repeat(64),
  'text/plain',
];
const numberSamples = [1, 37, 120, 0, 2, 10, 1984];

/**
 * A value the schema accepts, or undefined when this walk finds none. Optional fields
 * are left out, unless the object needs some of them (a change, a vital sign).
 */
function sampleOf(schema: z.ZodType, withOptional = false): unknown {
  const definition = definitionOf(schema);
  const first = (candidates: unknown[]) =>
    candidates.find((candidate) => accepts(schema, candidate));
  switch (definition.type) {
    case 'optional':
    case 'default':
    case 'prefault':
      return withOptional ? sampleOf(definition.innerType!) : undefined;
    case 'nullable':
      return (withOptional ? sampleOf(definition.innerType!) : undefined) ?? null;
    case 'object': {
      const fill = (optional: boolean) => {
        const object: Record<string, unknown> = {};
        for (const [key, field] of Object.entries(definition.shape ?? {})) {
          const value = sampleOf(field, optional);
          if (value !== undefined) object[key] = value;
        }
        return object;
      };
      const bare = fill(withOptional);
      return accepts(schema, bare) ? bare : fill(true);
    }
    case 'pipe':
      return first([
        sampleOf(definition.in!, withOptional),
        sampleOf(definition.out!, withOptional),
        ...textSamples(),
        ...numberSamples,
      ]);
    case 'array': {
      if (accepts(schema, [])) return [];
      return [sampleOf(definition.element!)];
    }
    case 'union':
      for (const option of definition.options ?? []) {
        const value = sampleOf(option);
        if (accepts(schema, value)) return value;
      }
      return undefined;
    case 'enum':
      return Object.values(definition.entries ?? {})[0];
    case 'literal':
      return definition.values?.[0];
    case 'boolean':
      return false;
    case 'number':
    case 'int':
      return first(numberSamples);
    case 'string':
      return first(textSamples());
    case 'record':
      return {};
    default:
      return first([null, ...textSamples(), ...numberSamples, false, {}, []]);
  }
}

/** The object schema of a payload, through the pipes and defaults around it. */
function objectOf(schema: z.ZodType): Definition | undefined {
  const definition = definitionOf(schema);
  if (definition.type === 'object') return definition;
  if (definition.type === 'pipe') return objectOf(definition.in!) ?? objectOf(definition.out!);
  if (definition.innerType) return objectOf(definition.innerType);
  return undefined;
}

/**
 * Values of every JSON type and at every edge; for each field, those its schema refuses
 * are the field's wrong values. RawJson is judged as the server's JSON parser reads it.
 */
const wrongCandidates: unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  0.5,
  2 ** 53,
  Number.MAX_VALUE,
  -Number.MAX_VALUE,
  new RawJson('1e999'),
  new RawJson('-1e999'),
  '',
  '   ',
  'yesterday',
  '2030-02-30',
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59-14:00',
  'not-a-uuid',
  'a'.repeat(10_000),
  'Jane\u0000Doe',
  '\ud800',
  [],
  [null],
  ['Jane'],
  [{}],
  {},
  { value: 'Jane' },
  { __proto__: null, constructor: { prototype: { isAdmin: true } } },
];
const nested = [65, 1_000].map((depth) => new RawJson(`${'['.repeat(depth)}${']'.repeat(depth)}`));

/**
 * What the walk cannot guess, laid over its sample: rules across fields (a date of birth
 * or an age, one vital sign at least, something to change) and codes of a set format.
 */
const completions: Record<string, Record<string, unknown>> = {
  RegisterPatient: { date_of_birth: '1984-03-12', mrn: 'HC-00042' },
  UpdatePatientDetails: {
    changes: { phone: { from: '+254 712 345678', to: '+254700000009' } },
  },
  RecordDiagnosis: { code: 'J45' },
  RecordVitals: { pulse: 72 },
  RecordReminderSent: { reminder_kind: '24h' },
  RecordReminderFailed: { reminder_kind: '24h' },
};

const asParsed = (value: unknown) =>
  value instanceof RawJson ? (JSON.parse(value.text) as unknown) : value;

export interface CommandShape {
  type: string;
  /** The path segment: register-patient for RegisterPatient. */
  kebab: string;
  definition: CommandDefinition;
  /** A payload the schema accepts (the decider may still refuse it for the state). */
  valid: () => Record<string, unknown>;
  /** Each top-level field with the values its schema refuses. */
  fields: { name: string; wrong: unknown[] }[];
}

export const kebabOf = (type: string) => type.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

let shapes: CommandShape[] | undefined;

/**
 * Every command of the registry, with its sample payload and its fields' wrong values
 * (worked out once: it parses every candidate against every field).
 */
export function commandShapes(): CommandShape[] {
  shapes ??= knownCommandTypes().map((type) => {
    const definition = getCommandDefinition(type)!;
    const object = objectOf(definition.payload);
    const valid = () => ({
      ...((sampleOf(definition.payload) ?? {}) as Record<string, unknown>),
      ...completions[type],
    });
    const sample = valid();
    const fields = Object.entries(object?.shape ?? {}).map(([name, field]) => ({
      name,
      // Wrong for the field, and so for the whole payload (a union may take it whole).
      wrong: [...wrongCandidates, ...nested].filter(
        (value) =>
          !accepts(field, asParsed(value)) &&
          !accepts(definition.payload, { ...sample, [name]: asParsed(value) }),
      ),
    }));
    return { type, kebab: kebabOf(type), definition, valid, fields };
  });
  return shapes;
}
