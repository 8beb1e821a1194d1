import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The router serves queries, mutations and graphql-ws subscriptions on one
// path; proxying it keeps the app same-origin in development, so no CORS and
// the same relative `/graphql` URL as behind a production reverse proxy.
const ROUTER_URL = process.env.LEADWIRE_ROUTER_URL ?? 'http://127.0.0.1:4000';
// xfwd appends the browser's address to X-Forwarded-For: without it every
// request reaches the router from 127.0.0.1 and per-IP limits see one client.
const GRAPHQL_PROXY = { target: ROUTER_URL, ws: true, xfwd: true };

export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      '/graphql': GRAPHQL_PROXY,
    },
  },
  preview: {
    port: 4173,
    proxy: {
      '/graphql': GRAPHQL_PROXY,
    },
  },
});
