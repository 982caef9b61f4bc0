import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  // LAB_NO_WATCH=1: no file watching and no reloads, for e2e runs while the sources are being edited.
  server: { host: '127.0.0.1', port: 5173, ...(process.env['LAB_NO_WATCH'] ? { watch: { ignored: ['**/*'] }, hmr: false } : {}) },
  preview: { host: '127.0.0.1', port: 4173 },
  // Two pages: the lab, and the gallery of teaching demos that links into it.
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 30_000,
    rollupOptions: { input: { lab: fileURLToPath(new URL('./index.html', import.meta.url)), gallery: fileURLToPath(new URL('./gallery.html', import.meta.url)) } },
  },
  worker: { format: 'es' },
});
