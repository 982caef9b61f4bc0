import { describe, expect, it } from 'vitest';
import { allBitAssignments } from './bit-assignments.ts';

describe('allBitAssignments', () => {
  it('enumerates choices^layers assignments in lexicographic order', () => {
    expect(allBitAssignments(2, [2, 8])).toEqual([
      [2, 2],
      [2, 8],
      [8, 2],
      [8, 8],
    ]);
    expect(allBitAssignments(3, [2, 4, 8])).toHaveLength(27);
    expect(allBitAssignments(0, [2, 4])).toEqual([[]]);
  });
});
