import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { precompressBuild } from './scripts/precompress.ts';

type RuntimeCaching = NonNullable<
  NonNullable<NonNullable<Parameters<typeof VitePWA>[0]>['workbox']>['runtimeCaching']
>[number];

const apiPaths = ['/auth', '/sync', '/files', '/users', '/devices', '/health', '/portal/api'];

/**
 * The patient portal's pages (docs/portal.md): the network first, so a patient online
 * always gets the current page; with no network, the precached portal.html (the same
 * worker serves both apps; the portal's manifest keeps its scope to /portal/).
 */
const portalPages: RuntimeCaching = {
  urlPattern: ({ request, url }) =>
    request.mode === 'navigate' && /^\/portal(\/|$)/.test(url.pathname),
  handler: 'NetworkOnly',
  options: {
    plugins: [
      {
        handlerDidError: async () =>
          (await caches.match('/portal.html', { ignoreSearch: true })) ?? Response.error(),
      },
    ],
  },
};

/**
 * vite-plugin-pwa links its manifest (the staff app's) into every page it sees; the
 * portal's page links its own (public/portal/manifest.webmanifest, scope /portal/), so
 * the staff one is taken out of it: one page, one manifest.
 */
const portalKeepsItsOwnManifest: Plugin = {
  name: 'mymedic-portal-manifest',
  enforce: 'post',
  transformIndexHtml: {
    order: 'post',
    handler: (html, context) =>
      context.path.endsWith('/portal.html')
        ? html.replace(/<link rel="manifest" href="\/manifest\.webmanifest"[^>]*>/, '')
        : html,
  },
};

export default defineConfig({
  plugins: [
    react(),
    tailwindcss(),
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      includeAssets: ['icon-192.png', 'icon-512.png', 'icon-maskable-512.png'],
      manifest: {
        name: 'MyMedic',
        short_name: 'MyMedic',
        description: 'Patient management that keeps working without the internet',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: '#0f766e',
        icons: [
          { src: '/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          {
            src: '/icon-maskable-512.png',
            sizes: '512x512',
            type: 'image/png',
            purpose: 'maskable',
          },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,png,svg,webmanifest}'],
        navigateFallback: '/index.html',
        // The first install takes charge of the open page at once, so the screens it has
        // not loaded yet still come from the cache if the network goes before a reload.
        clientsClaim: true,
        // The API is never served from a cache: data comes from IndexedDB and the sync engine.
        // The patient portal (/portal/) is a page of its own: the route below gives it.
        navigateFallbackDenylist: [...apiPaths, '/portal'].map((path) => new RegExp(`^${path}`)),
        runtimeCaching: [portalPages],
        // A click on a system notification opens its page in the app (notifications).
        importScripts: ['/notification-click.js'],
      },
    }),
    portalKeepsItsOwnManifest,
    precompressBuild(),
  ],
  server: {
    proxy: Object.fromEntries(apiPaths.map((path) => [path, 'http://localhost:3000'])),
  },
  // The first load stays under 200 KB gzipped (bench/README.md); screens load lazily.
  // Two pages: the staff app (index.html) and the patient portal (portal.html, /portal/).
  build: {
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 600,
    rollupOptions: { input: { main: 'index.html', portal: 'portal.html' } },
  },
});
