import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The router serves queries, mutations and graphql-ws subscriptions on one
// path; proxying it keeps the app same-origin in development, so no CORS and
// the same relative `/graphql` URL as behind a production reverse proxy.
const ROUTER_URL = process.env.LEADWIRE_ROUTER_URL ?? 'http://127.0.0.1:4000';

export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      '/graphql': { target: ROUTER_URL, ws: true },
    },
  },
  preview: {
    port: 4173,
    proxy: {
      '/graphql': { target: ROUTER_URL, ws: true },
    },
  },
});
