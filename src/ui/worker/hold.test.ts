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

describe('Hold.reached', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('resolves when the held work next waits, at once when it waits already, and when the hold is cleared', async () => {
    const hold = new Hold(1000);
    await expect(hold.reached()).resolves.toBeUndefined(); // not held: nothing to wait for
    hold.set(true);
    let reached = 0;
    void hold.reached().then(() => reached++);
    await vi.advanceTimersByTimeAsync(10);
    expect(reached).toBe(0);
    void hold.wait();
    await vi.advanceTimersByTimeAsync(0);
    expect(reached).toBe(1);
    void hold.reached().then(() => reached++); // a waiter is already standing still
    await vi.advanceTimersByTimeAsync(0);
    expect(reached).toBe(2);
    hold.set(false);
    hold.set(true);
    void hold.reached().then(() => reached++);
    hold.set(false); // cleared before the work got there
    await vi.advanceTimersByTimeAsync(0);
    expect(reached).toBe(3);
  });
});
