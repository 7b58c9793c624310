import {
  deviceListResponseSchema,
  errorResponseSchema,
  pullPageSchema,
  pushResponseSchema,
  sessionResponseSchema,
  signupRequestSchema,
  storablePushRequestSchema,
} from '@mymedic/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/test-server';
import { jsonSchemaOf } from '../plugins/contract';

interface Operation {
  parameters?: { in: string; name: string }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
  security?: unknown[];
}
interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
}

/** Every route of the API, what it takes and what it answers besides the error shape. */
const routes: {
  route: string;
  takes: ('body' | 'path' | 'query')[];
  answers: string[];
  signedIn: boolean;
}[] = [
  { route: 'get /health', takes: [], answers: ['200', '503'], signedIn: false },
  { route: 'post /auth/signup', takes: ['body'], answers: ['201'], signedIn: false },
  { route: 'post /auth/login', takes: ['body'], answers: ['200'], signedIn: false },
  { route: 'post /auth/refresh', takes: ['body'], answers: ['200'], signedIn: false },
  { route: 'post /auth/logout', takes: ['body'], answers: ['204'], signedIn: false },
  { route: 'post /users', takes: ['body'], answers: ['201'], signedIn: true },
  { route: 'post /auth/password', takes: ['body'], answers: ['200'], signedIn: true },
  {
    route: 'post /users/{user_id}/password-reset',
    takes: ['path'],
    answers: ['200'],
    signedIn: true,
  },
  { route: 'get /devices', takes: [], answers: ['200'], signedIn: true },
  { route: 'post /devices/{device_id}/revoke', takes: ['path'], answers: ['200'], signedIn: true },
  { route: 'post /sync/push', takes: ['body'], answers: ['200'], signedIn: true },
  { route: 'get /sync/pull', takes: ['query'], answers: ['200'], signedIn: true },
  { route: 'get /sync/live', takes: [], answers: ['200'], signedIn: true },
  {
    route: 'put /files/{sha256}',
    takes: ['path', 'body'],
    answers: ['200', '201'],
    signedIn: true,
  },
  { route: 'get /files/{sha256}', takes: ['path'], answers: ['200'], signedIn: true },
  { route: 'get /patients', takes: ['query'], answers: ['200'], signedIn: true },
  { route: 'get /patients/search', takes: ['query'], answers: ['200'], signedIn: true },
  { route: 'get /patients/{patient_id}', takes: ['path'], answers: ['200'], signedIn: true },
  {
    route: 'get /patients/{patient_id}/history',
    takes: ['path'],
    answers: ['200'],
    signedIn: true,
  },
  { route: 'get /appointments', takes: ['query'], answers: ['200'], signedIn: true },
  { route: 'get /visits', takes: ['query'], answers: ['200'], signedIn: true },
  { route: 'get /users', takes: ['query'], answers: ['200'], signedIn: true },
  { route: 'get /fhir/Patient', takes: ['query'], answers: ['200'], signedIn: true },
  { route: 'post /commands/{command}', takes: ['path', 'body'], answers: ['200'], signedIn: true },
  { route: 'get /fhir/Patient/{patient_id}', takes: ['path'], answers: ['200'], signedIn: true },
  {
    route: 'get /fhir/Patient/{patient_id}/$everything',
    takes: ['path'],
    answers: ['200'],
    signedIn: true,
  },
  {
    route: 'get /prescriptions/{prescription_id}',
    takes: ['path'],
    answers: ['200'],
    signedIn: true,
  },
  { route: 'get /reminders/channels', takes: [], answers: ['200'], signedIn: true },
  { route: 'get /webhooks/whatsapp', takes: ['query'], answers: ['200'], signedIn: false },
  { route: 'post /webhooks/whatsapp', takes: ['body'], answers: ['200'], signedIn: false },
  // The patient portal's (signed in with a portal token, not a staff one).
  { route: 'get /portal/api/clinic', takes: [], answers: ['200'], signedIn: false },
  {
    route: 'get /portal/api/clinics/{hospital_id}',
    takes: ['path'],
    answers: ['200'],
    signedIn: false,
  },
  { route: 'post /portal/api/sign-in/start', takes: ['body'], answers: ['202'], signedIn: false },
  { route: 'post /portal/api/sign-in/verify', takes: ['body'], answers: ['200'], signedIn: false },
  { route: 'post /portal/api/sign-out', takes: [], answers: ['204'], signedIn: true },
  { route: 'get /portal/api/me', takes: [], answers: ['200'], signedIn: true },
  { route: 'get /portal/api/appointments', takes: [], answers: ['200'], signedIn: true },
  ...['confirm', 'cancel', 'move'].map((answer) => ({
    route: `post /portal/api/appointments/{appointment_id}/${answer}`,
    takes: ['path', 'body'] as ('body' | 'path')[],
    answers: ['200'],
    signedIn: true,
  })),
  { route: 'get /portal/api/visits', takes: [], answers: ['200'], signedIn: true },
  { route: 'get /portal/api/prescriptions', takes: [], answers: ['200'], signedIn: true },
  { route: 'get /portal/api/vitals', takes: [], answers: ['200'], signedIn: true },
  { route: 'get /portal/api/documents', takes: [], answers: ['200'], signedIn: true },
  {
    route: 'get /portal/api/documents/{document_id}/file',
    takes: ['path'],
    answers: ['200'],
    signedIn: true,
  },
  { route: 'post /portal/api/consents', takes: ['body'], answers: ['200'], signedIn: true },
  {
    route: 'post /portal/api/consents/{consent_id}/withdraw',
    takes: ['path', 'body'],
    answers: ['200'],
    signedIn: true,
  },
];

const jsonOf = (response: { content?: Record<string, { schema: unknown }> } | undefined) =>
  response?.content?.['application/json']?.schema;

describe('the OpenAPI document', () => {
  let server: TestServer;
  let document: OpenApiDocument;
  beforeAll(async () => {
    server = await startTestServer();
    const response = await fetch(`${server.url}/openapi.json`);
    expect(response.status).toBe(200);
    document = (await response.json()) as OpenApiDocument;
  });
  afterAll(() => server.close());

  it('is OpenAPI 3.1, served to anyone, and names no secret', async () => {
    expect(document.openapi).toBe('3.1.0');
    const text = await (await fetch(`${server.url}/openapi.json`)).text();
    expect(text).not.toContain(server.config.jwtSecret);
    expect(text).not.toContain('/openapi.json');
  });

  it('lists every route of the API and nothing else', () => {
    const listed = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method} ${path}`),
    );
    expect(listed.sort()).toEqual(routes.map(({ route }) => route).sort());
  });

  it.each(routes)('gives $route its request and response schemas', (expected) => {
    const [method, path] = expected.route.split(' ') as [string, string];
    const operation = document.paths[path]?.[method];
    expect(operation).toBeDefined();
    if (!operation) return;
    const places = new Set((operation.parameters ?? []).map((parameter) => parameter.in));
    expect(places.has('path')).toBe(expected.takes.includes('path'));
    expect(places.has('query')).toBe(expected.takes.includes('query'));
    expect(operation.requestBody !== undefined).toBe(expected.takes.includes('body'));
    expect(Object.keys(operation.responses).sort()).toEqual(
      [...expected.answers, ...(expected.route === 'get /health' ? [] : ['4XX', '5XX'])].sort(),
    );
    for (const status of expected.answers) {
      const response = operation.responses[status];
      if (status === '204') expect(response?.content).toBeUndefined();
      else expect(Object.values(response?.content ?? {})[0]?.schema).toBeDefined();
    }
    if (expected.route !== 'get /health') {
      expect(jsonOf(operation.responses['4XX'])).toEqual(
        jsonSchemaOf(errorResponseSchema, 'output'),
      );
    }
    expect(operation.security !== undefined).toBe(expected.signedIn);
  });

  it('takes its schemas from the contract in shared/', () => {
    const paths = document.paths;
    expect(paths['/sync/push']?.post?.requestBody?.content['application/json']?.schema).toEqual(
      jsonSchemaOf(storablePushRequestSchema, 'input'),
    );
    expect(jsonOf(paths['/sync/push']?.post?.responses['200'])).toEqual(
      jsonSchemaOf(pushResponseSchema, 'output'),
    );
    // @fastify/swagger writes a `const` as an `enum` of one (`redacted: true`, the
    // compact format's name and redaction mark).
    const pulled = JSON.stringify(jsonSchemaOf(pullPageSchema, 'output')).replace(
      /"const":("compact"|true|1)/g,
      '"enum":[$1]',
    );
    expect(jsonOf(paths['/sync/pull']?.get?.responses['200'])).toEqual(JSON.parse(pulled));
    expect(paths['/auth/signup']?.post?.requestBody?.content['application/json']?.schema).toEqual(
      jsonSchemaOf(signupRequestSchema, 'input'),
    );
    expect(jsonOf(paths['/auth/signup']?.post?.responses['201'])).toEqual(
      jsonSchemaOf(sessionResponseSchema, 'output'),
    );
    expect(jsonOf(paths['/devices']?.get?.responses['200'])).toEqual(
      jsonSchemaOf(deviceListResponseSchema, 'output'),
    );
  });

  it('puts the patient portal’s routes, and only those, under a "Portal" tag', () => {
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const operation of Object.values(operations)) {
        expect((operation as { tags?: string[] }).tags).toEqual(
          path.startsWith('/portal/api/') ? ['Portal'] : undefined,
        );
      }
    }
  });

  it('has a page a person can browse at /docs, drawn from the same document', async () => {
    const page = await fetch(`${server.url}/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html).toContain('/openapi.json');
    expect(html).toContain('src="/docs/page.js"');
    const script = await fetch(`${server.url}/docs/page.js`);
    expect(script.headers.get('content-type')).toContain('javascript');
    expect(await script.text()).toContain("fetch('/openapi.json')");
  });
});
