import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

/**
 * The production lab page preloads Plotly's cartesian chunk from its HTML: the page imports it
 * dynamically (src/ui/plots/plotly-loader.ts), so without a hint its 1.4 MB are fetched only once
 * the lab's bundle has run, and on a first visit its compilation (1.5–2.4 s here) starts that late.
 */
function preloadPlotly(): Plugin {
  return {
    name: 'curvature-lab:preload-plotly',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        if (!ctx.bundle || !ctx.filename.endsWith('index.html')) return [];
        const chunk = Object.values(ctx.bundle).find((c) => c.type === 'chunk' && c.name.startsWith('plotly-cartesian'));
        return chunk ? [{ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `/${chunk.fileName}` }, injectTo: 'head' }] : [];
      },
    },
  };
}

export default defineConfig({
  plugins: [react(), preloadPlotly()],
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
