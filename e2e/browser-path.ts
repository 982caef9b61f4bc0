/**
 * Which Chromium the e2e tests drive: LAB_CHROMIUM (or CHROMIUM_PATH) when set, else Debian's
 * /usr/bin/chromium. Playwright's own download cannot run here, so a missing browser is an error
 * that says how to get one rather than a download attempt.
 */
import { existsSync } from 'node:fs';

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  const chosen = env['LAB_CHROMIUM'] || env['CHROMIUM_PATH'] || DEFAULT_CHROMIUM;
  if (!existsSync(chosen)) {
    throw new Error(
      `No Chromium at ${chosen}. Install Debian's chromium (apt-get install chromium libvulkan1) ` +
        'or set LAB_CHROMIUM to the path of a Chromium/Chrome binary with WebGPU.',
    );
  }
  return chosen;
}

/** Flags for headless Chromium in containers: no sandbox as root, no calls home. */
export const BASE_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--no-first-run',
];

/** WebGPU on Linux is behind this flag; with no GPU it runs on SwiftShader. */
export const WEBGPU_ARGS = ['--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-angle=swiftshader'];
