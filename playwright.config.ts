import { defineConfig } from '@playwright/test';
import { BASE_ARGS, WEBGPU_ARGS, chromiumPath } from './e2e/browser-path.ts';

const PORT = Number(process.env['LAB_E2E_PORT'] ?? 5174);
/**
 * The production build, served as a shared link serves it, for what is measured on the page: the
 * dev server loads hundreds of modules one by one and runs React's development build, whose
 * renders alone took ~100 ms.
 */
const PRODUCTION_PORT = PORT + 1;
const executablePath = chromiumPath();

export default defineConfig({
  testDir: 'e2e',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  outputDir: 'test-results',
  use: { baseURL: `http://localhost:${PORT}`, screenshot: 'only-on-failure', trace: 'off' },
  webServer: [
    {
      command: `npx vite --port ${PORT} --strictPort --host localhost`,
      url: `http://localhost:${PORT}`,
      reuseExistingServer: !process.env['CI'],
      timeout: 120_000,
    },
    {
      command: `npx vite build --outDir dist-e2e --emptyOutDir --logLevel error && npx vite preview --outDir dist-e2e --port ${PRODUCTION_PORT} --strictPort --host localhost`,
      url: `http://localhost:${PRODUCTION_PORT}`,
      reuseExistingServer: !process.env['CI'],
      timeout: 300_000,
    },
  ],
  projects: [
    {
      name: 'webgpu',
      testIgnore: [/no-webgpu\.spec\.ts/, /long-tasks\.spec\.ts/],
      use: { browserName: 'chromium', launchOptions: { executablePath, args: [...BASE_ARGS, ...WEBGPU_ARGS] } },
    },
    {
      name: 'webgpu-production',
      testMatch: /long-tasks\.spec\.ts/,
      use: { baseURL: `http://localhost:${PRODUCTION_PORT}`, browserName: 'chromium', launchOptions: { executablePath, args: [...BASE_ARGS, ...WEBGPU_ARGS] } },
    },
    {
      name: 'no-webgpu',
      testMatch: /no-webgpu\.spec\.ts/,
      use: { browserName: 'chromium', launchOptions: { executablePath, args: BASE_ARGS } },
    },
  ],
});
