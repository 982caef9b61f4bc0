/**
 * Compute pipelines created on first use and cached per (shader, entry point, override constants).
 * Owned by a GpuContext; nothing here is global.
 */
import './float16-shim.ts';
import { makeStructuredView, setStructuredValues, type VariableDefinition } from 'webgpu-utils';
import { bindGroupLayoutDescriptor } from './layouts.ts';
import { paramsDefinition } from './params-layout.ts';
import type { ShaderLibrary } from './shader-library.ts';

export interface Kernel {
  readonly name: string;
  readonly pipeline: GPUComputePipeline;
  readonly bindGroupLayout: GPUBindGroupLayout;
  /** Writes the `params` uniform struct at `offset`, laid out by webgpu-utils from the WGSL itself. */
  writeParams(values: Readonly<Record<string, number>>, target: ArrayBuffer, offset: number): void;
  readonly paramsSize: number;
}

/**
 * Code made for one use of a shader: its `//#generated` line is replaced by `code`, and `key`
 * names the variant (pipelines and modules are cached per key). For straight-line code whose
 * shape depends on sizes known only at run time (see grid-network-code.ts).
 */
export interface GeneratedCode {
  readonly key: string;
  readonly code: string;
}

export class PipelineCache {
  private readonly kernels = new Map<string, Kernel>();
  private readonly modules = new Map<string, GPUShaderModule>();
  private readonly layouts = new Map<string, GPUBindGroupLayout>();
  /** Per shader name: the `params` layout does not depend on constants, entry points or generated code. */
  private readonly params = new Map<string, { definition: VariableDefinition; size: number }>();

  constructor(
    private readonly device: GPUDevice,
    private readonly shaders: ShaderLibrary,
  ) {}

  /** Pipelines built so far (one per kernel, entry point and constants). */
  get size(): number {
    return this.kernels.size;
  }

  kernel(name: string, constants: Readonly<Record<string, number>> = {}, entryPoint = 'main', generated?: GeneratedCode): Kernel {
    const key = `${name}#${entryPoint}#${JSON.stringify(constants)}#${generated?.key ?? ''}`;
    let kernel = this.kernels.get(key);
    if (!kernel) {
      kernel = this.build(name, constants, entryPoint, generated);
      this.kernels.set(key, kernel);
    }
    return kernel;
  }

  private build(name: string, constants: Readonly<Record<string, number>>, entryPoint: string, generated?: GeneratedCode): Kernel {
    const code = generated ? withGeneratedCode(name, this.shaders.source(name), generated.code) : this.shaders.source(name);
    const moduleKey = generated ? `${name}#${generated.key}` : name;
    let module = this.modules.get(moduleKey);
    if (!module) {
      module = this.device.createShaderModule({ label: moduleKey, code });
      this.modules.set(moduleKey, module);
    }
    let bindGroupLayout = this.layouts.get(name);
    if (!bindGroupLayout) {
      bindGroupLayout = this.device.createBindGroupLayout(bindGroupLayoutDescriptor(name));
      this.layouts.set(name, bindGroupLayout);
    }
    const pipeline = this.device.createComputePipeline({
      label: `${name}:${entryPoint}`,
      layout: this.device.createPipelineLayout({ bindGroupLayouts: [bindGroupLayout] }),
      compute: { module, entryPoint, constants: { ...constants } },
    });
    let params = this.params.get(name);
    if (!params) {
      const definition = paramsDefinition(name, code);
      params = { definition, size: makeStructuredView(definition).arrayBuffer.byteLength };
      this.params.set(name, params);
    }
    const { definition, size } = params;
    return {
      name,
      pipeline,
      bindGroupLayout,
      writeParams: (values, target, offset) => setStructuredValues(definition, values, target, offset),
      paramsSize: size,
    };
  }
}

const GENERATED_LINE = /^[ \t]*\/\/#generated[ \t]*$/m;

function withGeneratedCode(name: string, source: string, code: string): string {
  if (!GENERATED_LINE.test(source)) throw new Error(`Shader "${name}" has no //#generated line for its generated code`);
  return source.replace(GENERATED_LINE, () => code);
}
