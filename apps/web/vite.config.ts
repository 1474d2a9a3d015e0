import react from '@vitejs/plugin-react';
import { defineConfig, type ProxyOptions } from 'vite';
import { clientSourceConditions } from '../../source-conditions.js';

// The browser talks to its own origin only; this proxy passes the API on to
// the livebell server, in `vite` (dev) and `vite preview` alike.
const apiUrl = process.env.LIVEBELL_API_URL ?? 'http://127.0.0.1:3000';
const proxy: Record<string, ProxyOptions> = {
  '/trpc': { target: apiUrl, ws: true },
  '/api': { target: apiUrl },
};

export default defineConfig({
  plugins: [react()],
  // The app bundles the workspace packages' sources, in dev and build alike.
  resolve: { conditions: clientSourceConditions },
  server: { host: '127.0.0.1', port: 5173, proxy },
  preview: { host: '127.0.0.1', port: 4173, proxy },
  build: { sourcemap: true },
});
