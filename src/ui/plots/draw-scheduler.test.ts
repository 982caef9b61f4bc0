import { describe, expect, it } from 'vitest';
import { DrawScheduler } from './draw-scheduler.ts';

function manualTasks() {
  const tasks: (() => void)[] = [];
  return { post: (t: () => void) => void tasks.push(t), runOne: () => tasks.shift()?.(), get length() { return tasks.length; } };
}

describe('DrawScheduler', () => {
  it('runs one draw per task, in request order', () => {
    const tasks = manualTasks();
    const scheduler = new DrawScheduler(tasks.post);
    const drawn: string[] = [];
    scheduler.request('a', () => drawn.push('a'));
    scheduler.request('b', () => drawn.push('b'));
    expect(tasks.length).toBe(1);
    tasks.runOne();
    expect(drawn).toEqual(['a']);
    tasks.runOne();
    expect(drawn).toEqual(['a', 'b']);
    expect(tasks.length).toBe(0);
  });

  it('keeps only the newest request per plot, queued behind the others', () => {
    const tasks = manualTasks();
    const scheduler = new DrawScheduler(tasks.post);
    const drawn: string[] = [];
    scheduler.request('a', () => drawn.push('a1'));
    scheduler.request('b', () => drawn.push('b1'));
    scheduler.request('a', () => drawn.push('a2'));
    while (tasks.length) tasks.runOne();
    expect(drawn).toEqual(['b1', 'a2']);
  });

  it('drops cancelled draws and keeps going after a draw throws', () => {
    const tasks = manualTasks();
    const scheduler = new DrawScheduler(tasks.post);
    const drawn: string[] = [];
    scheduler.request('a', () => {
      throw new Error('plotly failed');
    });
    scheduler.request('b', () => drawn.push('b'));
    scheduler.request('c', () => drawn.push('c'));
    scheduler.cancel('b');
    expect(() => tasks.runOne()).toThrow('plotly failed');
    while (tasks.length) tasks.runOne();
    expect(drawn).toEqual(['c']);
    expect(scheduler.queued).toBe(0);
  });

  it('says when it is busy drawing and when the queue has drained', () => {
    const tasks = manualTasks();
    const scheduler = new DrawScheduler(tasks.post);
    const states: boolean[] = [];
    scheduler.onBusyChange((busy) => states.push(busy));
    scheduler.request('a', () => {});
    scheduler.request('b', () => {});
    expect(states).toEqual([true]);
    tasks.runOne();
    expect(states).toEqual([true]);
    tasks.runOne();
    expect(states).toEqual([true, false]);
  });

  it('posts the first draw of a burst through postFirst, the rest through post', () => {
    const later = manualTasks();
    const soon = manualTasks();
    const scheduler = new DrawScheduler(soon.post, later.post);
    const drawn: string[] = [];
    scheduler.request('a', () => drawn.push('a'));
    scheduler.request('b', () => drawn.push('b'));
    expect([later.length, soon.length]).toEqual([1, 0]);
    later.runOne();
    expect([later.length, soon.length]).toEqual([0, 1]);
    soon.runOne();
    expect(drawn).toEqual(['a', 'b']);
    scheduler.request('c', () => drawn.push('c'));
    expect([later.length, soon.length]).toEqual([1, 0]);
  });
});
