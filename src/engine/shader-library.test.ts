import { describe, expect, it } from 'vitest';
import { shaderLibraryFromRecord } from './shader-library.ts';
import { fileShaderLibrary } from './shaders-fs.ts';

describe('shader library includes', () => {
  it('replaces an include line by the named source, once per module, nested includes too', () => {
    const library = shaderLibraryFromRecord({
      'a/common': 'const C: f32 = 1.0;',
      'a/helpers': '//#include a/common\nfn h() -> f32 { return C; }',
      'b/main': '//#include a/common\n//#include a/helpers\nfn main() {}',
    });
    const code = library.source('b/main');
    expect(code.match(/const C/g)).toHaveLength(1);
    expect(code).toContain('fn h()');
    expect(code).toContain('// a/common: included above');
    expect(library.source('a/common')).toBe('const C: f32 = 1.0;');
  });

  it('names the shader that includes a missing one', () => {
    const library = shaderLibraryFromRecord({ main: '//#include no/such\n' });
    expect(() => library.source('main')).toThrow(/"no\/such" not found \(included by "main"\)/);
  });

  it('leaves no include line in any shader of the lab, and each shared helper defined once', () => {
    const library = fileShaderLibrary();
    for (const name of library.names()) {
      const code = library.source(name);
      expect(code, name).not.toMatch(/^\/\/#include/m);
      for (const helper of ['tanh_safe', 'sigmoid', 'mix32', 'counter_gaussian']) {
        expect((code.match(new RegExp(`fn ${helper}\\(`, 'g')) ?? []).length, `${name}: ${helper}`).toBeLessThanOrEqual(1);
      }
    }
    expect(library.source('landscape/grid_layer')).toContain('fn activation(z: f32)');
    expect(library.source('mlp/elementwise')).toContain('override ACT');
    expect(library.source('mlp/loss_head')).toContain('fn counter_gaussian(');
    expect(library.source('mlp/loss_head')).toContain('fn sigmoid(');
  });
});
