import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Hold } from './hold.ts';

describe('Hold', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('lets waiters through at once when not held, and when released', async () => {
    const hold = new Hold(1000);
    let passed = 0;
    await hold.wait().then(() => passed++);
    expect(passed).toBe(1);
    hold.set(true);
    void hold.wait().then(() => passed++);
    await vi.advanceTimersByTimeAsync(500);
    expect(passed).toBe(1);
    hold.set(false);
    await vi.advanceTimersByTimeAsync(0);
    expect(passed).toBe(2);
  });

  it('never holds a waiter longer than maxMs', async () => {
    const hold = new Hold(1000);
    hold.set(true);
    let passed = false;
    void hold.wait().then(() => (passed = true));
    await vi.advanceTimersByTimeAsync(999);
    expect(passed).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(passed).toBe(true);
  });
});
