import type { FastifyRequest } from 'fastify';

/** Which requests are the API's and which are a browser opening a page of the apps. */
const apiPrefixes = [
  '/auth/',
  '/sync/',
  '/files/',
  '/users',
  '/devices',
  '/health',
  '/metrics',
  '/patients',
  '/appointments',
  '/visits',
  '/prescriptions',
  '/commands',
  '/reminders/',
  '/fhir',
  '/openapi.json',
  '/docs',
  '/webhooks/',
  '/portal/api',
];
export const isApiRoute = (url: string) => apiPrefixes.some((prefix) => url.startsWith(prefix));
/**
 * Paths a browser opens as they are (a document, not the app). The portal's API has no
 * page of the same path, so it never answers with HTML, even to a navigation.
 */
const openedAsThemselves = [
  '/openapi.json',
  '/docs',
  '/health',
  '/metrics',
  '/fhir',
  '/webhooks/',
  '/portal/api',
];

/**
 * A browser opening a page of the app (a reload of /patients/…), which must get the
 * app's shell even where the API has a route of the same path: a navigation, or a
 * request that asks for HTML before JSON.
 */
export function isNavigation(request: FastifyRequest) {
  if (request.method !== 'GET') return false;
  if (openedAsThemselves.some((path) => request.url.startsWith(path))) return false;
  if (request.headers['sec-fetch-mode'] === 'navigate') return true;
  const accept = request.headers.accept ?? '';
  return accept.includes('text/html') && !accept.startsWith('application/json');
}

/**
 * Whether a request for a path of the app may be answered with its page: anything that
 * takes HTML (a browser, a fetch asking for anything). One that asks for JSON alone (an
 * integration that mistyped a route: `/patient/…`) gets the API's 404 instead.
 */
export function takesPage(request: FastifyRequest) {
  const accept = request.headers.accept;
  return !accept || accept.includes('text/html') || accept.includes('*/*');
}

/**
 * The page of the app a path belongs to: the patient portal's (docs/portal.md) under
 * /portal, the staff app's everywhere else. Two pages of one build (client/dist).
 */
export const pageFor = (url: string) =>
  /^\/portal(\/|\?|$)/.test(url) ? 'portal.html' : 'index.html';

/** The built client's own files: its hashed assets and the few files at its root. */
const clientFile =
  /^\/(assets\/[\w.-]+|(portal\/)?manifest\.webmanifest|sw\.js|workbox-[\w-]+\.js|notification-click\.js|icon-[\w-]+\.png)(\?.*)?$/;
export const isClientFile = (url: string) => clientFile.test(url);
