import { defineConfig } from '@playwright/test';
import { BASE_ARGS, WEBGPU_ARGS, chromiumPath } from './e2e/browser-path.ts';

const PORT = Number(process.env['LAB_E2E_PORT'] ?? 5174);
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
  webServer: {
    command: `npx vite --port ${PORT} --strictPort --host localhost`,
    url: `http://localhost:${PORT}`,
    reuseExistingServer: !process.env['CI'],
    timeout: 120_000,
  },
  projects: [
    {
      name: 'webgpu',
      testIgnore: /no-webgpu\.spec\.ts/,
      use: { browserName: 'chromium', launchOptions: { executablePath, args: [...BASE_ARGS, ...WEBGPU_ARGS] } },
    },
    {
      name: 'no-webgpu',
      testMatch: /no-webgpu\.spec\.ts/,
      use: { browserName: 'chromium', launchOptions: { executablePath, args: BASE_ARGS } },
    },
  ],
});
