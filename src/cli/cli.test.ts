import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseResult } from '../experiment/result.ts';
import { parseSpec } from '../experiment/spec.ts';
import { encodeSpecToHash } from '../experiment/url.ts';

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run lab -- ...` without npm: the same command line the script runs. */
function lab(...args: string[]): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsx', 'src/cli/main.ts', ...args], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const TINY = {
  seed: 5,
  model: { layers: [2, 3, 3] },
  data: { name: 'spirals', n: 30 },
  train: { steps: 6, lr: 0.5 },
  probes: { every: 3, eigenvalues: { k: 2, steps: 10 }, trace: { samples: 4 }, density: { probes: 1, steps: 5, gridSize: 12 } },
};

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lab-cli-'));
  await writeFile(join(dir, 'tiny.json'), JSON.stringify(TINY));
  await writeFile(join(dir, 'broken.json'), '{ "seed": 5, "model": ');
  await writeFile(join(dir, 'invalid.json'), JSON.stringify({ ...TINY, train: { ...TINY.train, lr: -0.5 } }));
  await writeFile(join(dir, 'unknown-data.json'), JSON.stringify({ ...TINY, data: { name: 'spirls', n: 30 } }));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('npm run lab -- run --cpu', () => {
  it('runs a tiny spec on the float64 engine and writes a valid result', async () => {
    const out = join(dir, 'result.json');
    const { code, stderr } = await lab('run', join(dir, 'tiny.json'), '--out', out, '--cpu');
    expect(stderr).toMatch(/engine: float64 CPU/);
    expect(stderr).toMatch(/step 6\/6 {2}loss/);
    expect(stderr).toMatch(/probe at step 6 \(hessian\): top eigenvalues/);
    expect(stderr).toMatch(/wrote .*result\.json/);
    expect(code).toBe(0);
    const parsed = parseResult(await readFile(out, 'utf8'));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    expect(parsed.result.engine.kind).toBe('cpu');
    expect(parsed.result.history.map((h) => h.step)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(parsed.result.probes.map((p) => p.step)).toEqual([0, 3, 6]);
    expect(parsed.result.spec.seed).toBe(5);
  });

  it('reads the spec from a shared link\'s hash and writes the result to standard output', async () => {
    const spec = parseSpec({ ...TINY, train: { steps: 2, lr: 0.5 }, probes: { every: 2, eigenvalues: null, trace: null, density: null } });
    if (!spec.ok) throw new Error('bad fixture');
    const { code, stdout, stderr } = await lab('run', encodeSpecToHash(spec.spec), '--cpu');
    expect(stderr).toMatch(/spec: the hash/);
    expect(code).toBe(0);
    const parsed = parseResult(stdout);
    expect(parsed.ok && parsed.result.history).toHaveLength(3);
  });
});

describe('npm run lab -- run: bad input exits non-zero with a clear message', () => {
  const noStack = (stderr: string) => expect(stderr).not.toMatch(/\n\s+at /);

  it('a missing file', async () => {
    const { code, stderr } = await lab('run', join(dir, 'nope.json'), '--cpu');
    expect(code).toBe(2);
    expect(stderr).toMatch(/error: spec file not found: .*nope\.json/);
    noStack(stderr);
  });

  it('invalid JSON', async () => {
    const { code, stderr } = await lab('run', join(dir, 'broken.json'), '--cpu');
    expect(code).toBe(2);
    expect(stderr).toMatch(/error: .*broken\.json is not valid JSON/);
    noStack(stderr);
  });

  it('an invalid spec names the field path', async () => {
    const { code, stderr } = await lab('run', join(dir, 'invalid.json'), '--cpu');
    expect(code).toBe(2);
    expect(stderr).toMatch(/invalid spec in .*invalid\.json:\n {2}train\.lr: must be a positive learning rate, e\.g\. 0\.1, got -0\.5/);
    noStack(stderr);
  });

  it('an unknown dataset', async () => {
    const { code, stderr } = await lab('run', join(dir, 'unknown-data.json'), '--cpu');
    expect(code).toBe(2);
    expect(stderr).toMatch(/data\.name: must be one of .*got "spirls" \(did you mean "spirals"\?\)/);
    noStack(stderr);
  });

  it('a mangled link, a missing output folder, and usage errors', async () => {
    const link = await lab('run', 'http://localhost:5173/#spec=@@@', '--cpu');
    const folder = await lab('run', join(dir, 'tiny.json'), '--out', join(dir, 'no-such-dir', 'r.json'), '--cpu');
    const usage = await lab('run');
    const option = await lab('run', join(dir, 'tiny.json'), '--fast');
    expect(link.code).toBe(2);
    expect(link.stderr).toMatch(/invalid spec in the link:\n {2}the spec in the link contains characters a lab link never has/);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toMatch(/cannot write .*r\.json: the folder .*no-such-dir does not exist/);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/run takes exactly one spec/);
    expect(option.code).toBe(2);
    expect(option.stderr).toMatch(/Unknown option '--fast'/);
  });

  it('--help prints the usage', async () => {
    const { code, stderr } = await lab('--help');
    expect(code).toBe(0);
    expect(stderr).toMatch(/npm run lab -- run <spec> \[--out result\.json\] \[--cpu\]/);
  });
});

describe('npm run lab -- gpu', () => {
  it('prints the report of a real WebGPU adapter', async () => {
    const { code, stdout, stderr } = await lab('gpu');
    expect(code, stderr).toBe(0);
    expect(stderr).toMatch(/adapter: .* on node/);
    const report = JSON.parse(stdout) as { platform: string; vendor: string; features: string[] };
    expect(report.platform).toBe('node');
    expect(report.vendor.length).toBeGreaterThan(0);
  });
});
