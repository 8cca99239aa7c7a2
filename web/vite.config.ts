import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The console is built into web/dist and served by `oms serve` at / (src/apps/api/web-console.ts).
 * Every page is its own chunk (lazy routes in src/router.tsx); nothing is fetched from another origin
 * at run time (the Content-Security-Policy would refuse it): fonts are the system's, icons are inlined SVG.
 * `npm run dev --workspace web` serves it with hot reload and sends /v1 to an `oms serve` on :3000.
 */
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    // Inlined assets would be data: URLs in scripts/styles; files are cached better and fit the CSP.
    assetsInlineLimit: 0,
    sourcemap: false,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 800,
  },
  server: {
    proxy: { '/v1': 'http://127.0.0.1:3000', '/docs': 'http://127.0.0.1:3000' },
  },
});
