import react from '@vitejs/plugin-react';
import { defineConfig, type ProxyOptions } from 'vite';
import { clientSourceConditions } from '../../source-conditions.js';

// The page talks to its own origin; this proxy passes /trpc (WebSocket
// upgrades included) on to the example app's server, in dev and preview alike.
const apiUrl = process.env.EMBED_API_URL ?? 'http://127.0.0.1:3100';
const proxy: Record<string, ProxyOptions> = { '/trpc': { target: apiUrl, ws: true } };

export default defineConfig({
  plugins: [react()],
  resolve: { conditions: clientSourceConditions },
  server: { host: '127.0.0.1', port: 5174, proxy },
  preview: { host: '127.0.0.1', port: 4174, proxy },
});
