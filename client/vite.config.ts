import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

const apiPaths = ['/auth', '/sync', '/files', '/users', '/devices', '/health'];

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
        navigateFallbackDenylist: apiPaths.map((path) => new RegExp(`^${path}`)),
        runtimeCaching: [],
        // A click on a system notification opens its page in the app (notifications).
        importScripts: ['/notification-click.js'],
      },
    }),
  ],
  server: {
    proxy: Object.fromEntries(apiPaths.map((path) => [path, 'http://localhost:3000'])),
  },
  // The first load stays under 200 KB gzipped (bench/README.md); screens load lazily.
  build: { target: 'es2022', sourcemap: false, chunkSizeWarningLimit: 600 },
});
