import type {
  FastifyInstance,
  FastifyPluginCallback,
  FastifyPluginOptions,
  FastifySchema,
  FastifySchemaCompiler,
  FastifySerializerCompiler,
  FastifyTypeProvider,
  RawServerDefault,
} from 'fastify';
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import { errorResponseSchema } from '@mymedic/shared';
import { z } from 'zod';
import { HttpError, parseRequest } from '../errors';

/**
 * The zod contract in shared/ as Fastify's type provider: a route's `schema` holds the
 * contract's zod schemas themselves, so `request.body`, `query` and `params` have their
 * parsed types and a handler's answer is checked against its response schema.
 */
export interface ZodContract extends FastifyTypeProvider {
  validator: this['schema'] extends z.ZodType ? z.output<this['schema']> : unknown;
  serializer: this['schema'] extends z.ZodType ? z.input<this['schema']> : unknown;
}

/** A plugin of routes whose schemas are the contract's zod schemas. */
export type ContractRoutes<Options extends FastifyPluginOptions = Record<never, never>> =
  FastifyPluginCallback<Options, RawServerDefault, ZodContract>;

/** The answers every route may give besides its own: the API's one error shape. */
export const refusals = { '4xx': errorResponseSchema, '5xx': errorResponseSchema };

interface RequestPart {
  /** What a refusal calls it: "The push is not valid". */
  what: string;
  /**
   * A check that accepts nothing the schema refuses: a value that passes it is taken as
   * it is, sparing zod's copy; any other goes through the schema, which names what is wrong.
   */
  quickCheck?: (value: unknown) => boolean;
}

const requestParts = new WeakMap<z.ZodType, RequestPart>();

/**
 * A request part's schema (a copy of the contract's, so that what is said of it here
 * stays with this route), named as a refusal of it names it ("push", "pull query").
 */
export function requestPart<Schema extends z.ZodType>(
  what: string,
  schema: Schema,
  quickCheck?: (value: unknown) => value is z.output<Schema>,
): Schema {
  const part = schema.clone();
  requestParts.set(part, { what, ...(quickCheck ? { quickCheck } : {}) });
  return part;
}

const writtenAsIs = new WeakSet<z.ZodType>();

/**
 * An answer written with JSON.stringify rather than from its schema: for answers mostly
 * of free-form JSON (events' `data`), where fast-json-stringify is the slower.
 */
export function writtenWithJsonStringify<Schema extends z.ZodType>(schema: Schema): Schema {
  const answer = schema.clone();
  writtenAsIs.add(answer);
  return answer;
}

function asZod(schema: unknown): z.ZodType {
  if (schema instanceof z.ZodType) return schema;
  throw new Error('A route schema must be one of the contract’s zod schemas');
}

/** Runs the zod schema itself, so refusals read as they always have (errors.ts). */
const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema }) =>
  validatorOf(asZod(schema));

/** What Fastify runs on a request part: `{value}` as the handler gets it, or `{error}`. */
export function validatorOf(
  zodSchema: z.ZodType,
): (value: unknown) => { value: unknown; error?: never } | { error: HttpError; value?: never } {
  const { what, quickCheck } = requestParts.get(zodSchema) ?? { what: 'request' };
  return (value) => {
    if (quickCheck?.(value)) return { value };
    try {
      return { value: parseRequest(zodSchema, value, what) };
    } catch (error) {
      if (error instanceof HttpError) return { error };
      throw error;
    }
  };
}

/** A zod schema as JSON Schema: what a request sends (input) or a response holds (output). */
export function jsonSchemaOf(
  schema: z.ZodType,
  io: 'input' | 'output',
  target: 'draft-07' | 'draft-2020-12' = 'draft-2020-12',
) {
  // Preprocessing and refinements have no JSON Schema; the shape around them still does.
  const { $schema: _dialect, ...jsonSchema } = z.toJSONSchema(schema, {
    io,
    target,
    unrepresentable: 'any',
  });
  return jsonSchema;
}

const fastJsonStringify = SerializerSelector()();

/** Answers are written by fast-json-stringify from the response schema, as Fastify's own. */
const serializerCompiler: FastifySerializerCompiler<unknown> = ({
  schema,
  method,
  url,
  httpStatus,
}) => {
  const answer = asZod(schema);
  if (writtenAsIs.has(answer)) return (data) => JSON.stringify(data);
  return fastJsonStringify({
    method,
    url,
    httpStatus: httpStatus ?? 'default',
    schema: jsonSchemaOf(answer, 'output', 'draft-07'),
  });
};

const requestPartNames = ['body', 'querystring', 'params', 'headers'] as const;

/** A route's zod schemas as the JSON Schemas of its OpenAPI entry. */
export function jsonSchemasOf(schema: FastifySchema): Record<string, unknown> {
  const converted: Record<string, unknown> = { ...schema };
  for (const part of requestPartNames) {
    const partSchema: unknown = schema[part];
    if (partSchema === undefined) continue;
    converted[part] = isPerMediaType(partSchema)
      ? perMediaType(partSchema, 'input')
      : jsonSchemaOf(asZod(partSchema), 'input');
  }
  if (schema.response && typeof schema.response === 'object') {
    converted.response = Object.fromEntries(
      Object.entries(schema.response).map(([status, response]) => [
        status,
        jsonSchemaOfResponse(response),
      ]),
    );
  }
  return converted;
}

/** A response's schema, or one per media type (`{content: {type: {schema}}}`). */
function jsonSchemaOfResponse(response: unknown): unknown {
  // An empty answer (204): `type: null`, which the OpenAPI document shows as no body.
  if (response instanceof z.ZodVoid) return { type: 'null', description: response.description };
  if (response instanceof z.ZodType) return jsonSchemaOf(response, 'output');
  return isPerMediaType(response) ? perMediaType(response, 'output') : response;
}

/** A request part or answer with one schema per media type: `{content: {type: {schema}}}`. */
function perMediaType(
  { content, ...rest }: { content: Record<string, { schema: unknown }> },
  io: 'input' | 'output',
) {
  return {
    ...rest,
    content: Object.fromEntries(
      Object.entries(content).map(([type, media]) => [
        type,
        { ...media, schema: jsonSchemaOf(asZod(media.schema), io) },
      ]),
    ),
  };
}

function isPerMediaType(
  response: unknown,
): response is { content: Record<string, { schema: unknown }> } {
  return (
    typeof response === 'object' &&
    response !== null &&
    'content' in response &&
    typeof response.content === 'object' &&
    response.content !== null
  );
}

/** Every route of the app takes the contract's zod schemas. */
export function useZodContract(app: FastifyInstance) {
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
}
