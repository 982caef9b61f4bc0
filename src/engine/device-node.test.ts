import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

function probe(env: Record<string, string>) {
  return spawnSync('npx', ['tsx', 'src/engine/testing/probe-adapter.ts'], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('Node WebGPU acquisition', () => {
  it('finds a real adapter and says how it found it', () => {
    const result = probe({});
    expect(result.status, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout.trim().split('\n').pop()!);
    expect(report.platform).toBe('node');
    expect(`${report.vendor}${report.architecture}${report.description}`).toMatch(/\S/);
    expect(report.limits.maxStorageBufferBindingSize).toBeGreaterThan(0);
  });

  it('fails with a message naming the cause when no driver and no fallback are available', () => {
    const result = probe({ LAB_SWIFTSHADER: '0', VK_ICD_FILENAMES: '/nonexistent/icd.json' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('No WebGPU adapter found in Node');
    expect(result.stderr).toContain('libvulkan1');
  });
});
