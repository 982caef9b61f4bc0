/**
 * A batch of dispatches encoded into one command buffer. Each dispatch's params go to its own
 * 256-byte slot of the context's uniform arena (bound with a dynamic offset), so no buffer is
 * allocated per dispatch and many dispatches with different params fit one submit.
 */
import type { TimestampWrites } from './gpu-timestamps.ts';
import type { Kernel } from './pipeline-cache.ts';

export type BufferBinding = GPUBuffer | { buffer: GPUBuffer; offset?: number; size?: number };

interface Command {
  readonly kind: 'dispatch';
  readonly kernel: Kernel;
  readonly params: Readonly<Record<string, number>>;
  readonly buffers: readonly BufferBinding[];
  readonly workgroups: readonly [number, number, number];
}

interface CopyCommand {
  readonly kind: 'copy';
  readonly src: GPUBuffer;
  readonly srcOffset: number;
  readonly dst: GPUBuffer;
  readonly dstOffset: number;
  readonly size: number;
}

export interface UniformArena {
  readonly buffer: GPUBuffer;
  readonly slotSize: number;
  readonly slots: number;
}

export function createUniformArena(device: GPUDevice, slots = 512): UniformArena {
  const slotSize = Math.max(256, device.limits.minUniformBufferOffsetAlignment);
  return {
    buffer: device.createBuffer({
      label: 'uniform arena',
      size: slotSize * slots,
      usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
    }),
    slotSize,
    slots,
  };
}

export class ComputeBatch {
  private readonly commands: (Command | CopyCommand)[] = [];

  constructor(
    private readonly device: GPUDevice,
    private readonly arena: UniformArena,
    private readonly label = 'compute batch',
  ) {}

  get size(): number {
    return this.commands.length;
  }

  dispatch(
    kernel: Kernel,
    params: Readonly<Record<string, number>>,
    buffers: readonly BufferBinding[],
    x: number,
    y = 1,
    z = 1,
  ): this {
    const max = this.device.limits.maxComputeWorkgroupsPerDimension;
    if (x > max || y > max || z > max) {
      throw new Error(`${kernel.name}: ${x}×${y}×${z} workgroups exceed the device limit of ${max} per dimension`);
    }
    if (x > 0 && y > 0 && z > 0) this.commands.push({ kind: 'dispatch', kernel, params, buffers, workgroups: [x, y, z] });
    return this;
  }

  copy(src: GPUBuffer, srcOffset: number, dst: GPUBuffer, dstOffset: number, size: number): this {
    if (size > 0) this.commands.push({ kind: 'copy', src, srcOffset, dst, dstOffset, size });
    return this;
  }

  /**
   * Encodes and submits everything, in arena-sized chunks (queue order keeps chunks in sequence).
   * With `timestamps` (benchmarks only), the first compute pass writes the begin timestamp and the
   * last one the end timestamp, so the pair spans the whole batch.
   */
  submit(timestamps?: TimestampWrites): void {
    const { slots } = this.arena;
    const lastDispatch = this.commands.findLastIndex((c) => c.kind === 'dispatch');
    if (timestamps && lastDispatch < 0) throw new Error(`${this.label}: a batch without dispatches has no compute pass to time`);
    let start = 0;
    while (start < this.commands.length) {
      let end = start;
      let used = 0;
      while (end < this.commands.length && (this.commands[end]!.kind === 'copy' || used < slots)) {
        if (this.commands[end]!.kind === 'dispatch') used++;
        end++;
      }
      const marks = timestamps && {
        writes: timestamps,
        begin: start === 0,
        // The chunk holding the batch's last dispatch ends with the pass that writes the end timestamp.
        end: lastDispatch >= start && lastDispatch < end,
      };
      this.submitChunk(this.commands.slice(start, end), used, marks);
      start = end;
    }
    this.commands.length = 0;
  }

  private submitChunk(
    commands: readonly (Command | CopyCommand)[],
    dispatches: number,
    marks?: { writes: TimestampWrites; begin: boolean; end: boolean },
  ): void {
    const { slotSize, buffer: arenaBuffer } = this.arena;
    const data = new ArrayBuffer(Math.max(1, dispatches) * slotSize);
    const encoder = this.device.createCommandEncoder({ label: this.label });
    let slot = 0;
    let pass: GPUComputePassEncoder | null = null;
    let passes = 0;
    const passOfLastDispatch = marks ? lastPassIndex(commands) : -1;
    for (const command of commands) {
      if (command.kind === 'copy') {
        pass?.end();
        pass = null;
        encoder.copyBufferToBuffer(command.src, command.srcOffset, command.dst, command.dstOffset, command.size);
        continue;
      }
      const offset = slot * slotSize;
      command.kernel.writeParams(command.params, data, offset);
      slot++;
      const bindGroup = this.device.createBindGroup({
        label: command.kernel.name,
        layout: command.kernel.bindGroupLayout,
        entries: [
          { binding: 0, resource: { buffer: arenaBuffer, offset: 0, size: command.kernel.paramsSize } },
          ...command.buffers.map((b, i) => ({
            binding: i + 1,
            resource: 'buffer' in b ? { buffer: b.buffer, offset: b.offset ?? 0, size: b.size } : { buffer: b },
          })),
        ],
      });
      pass ??= encoder.beginComputePass({ label: this.label, ...passTimestamps(marks, passes++, passOfLastDispatch) });
      pass.setPipeline(command.kernel.pipeline);
      pass.setBindGroup(0, bindGroup, [offset]);
      pass.dispatchWorkgroups(...command.workgroups);
    }
    pass?.end();
    this.device.queue.writeBuffer(arenaBuffer, 0, data, 0, Math.max(dispatches, 1) * slotSize);
    this.device.queue.submit([encoder.finish()]);
  }
}

/** Index of the chunk's last compute pass: a pass begins at every dispatch that starts the chunk or follows a copy. */
function lastPassIndex(commands: readonly { kind: 'dispatch' | 'copy' }[]): number {
  let passes = 0;
  commands.forEach((c, i) => {
    if (c.kind === 'dispatch' && (i === 0 || commands[i - 1]!.kind === 'copy')) passes++;
  });
  return passes - 1;
}

/**
 * timestampWrites for the pass with index `pass` of a chunk: the chunk's first pass begins the
 * batch's span, its last pass (index `lastPass`) ends it.
 */
function passTimestamps(
  marks: { writes: TimestampWrites; begin: boolean; end: boolean } | undefined,
  pass: number,
  lastPass: number,
): { timestampWrites?: GPUComputePassTimestampWrites } {
  if (!marks) return {};
  const writes: { querySet: GPUQuerySet; beginningOfPassWriteIndex?: number; endOfPassWriteIndex?: number } = { querySet: marks.writes.querySet };
  if (marks.begin && pass === 0) writes.beginningOfPassWriteIndex = marks.writes.beginIndex;
  if (marks.end && pass === lastPass) writes.endOfPassWriteIndex = marks.writes.endIndex;
  return 'beginningOfPassWriteIndex' in writes || 'endOfPassWriteIndex' in writes ? { timestampWrites: writes } : {};
}
