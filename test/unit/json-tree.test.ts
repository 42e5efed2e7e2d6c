import { describe, expect, it } from 'vitest';
import { drawableAsTree } from '../../renderer/src/send/JsonTree';

describe('which JSON bodies are drawn as a folding tree', () => {
  it('draws ordinary answers, including empty containers and scalars', () => {
    expect(drawableAsTree({ data: [{ id: 'ag_1', tags: [] }], next: null })).toBe(true);
    expect(drawableAsTree('just a string')).toBe(true);
  });

  it('falls back to text past 5,000 values, before looking inside a container too large to fit', () => {
    expect(drawableAsTree(Array.from({ length: 4_999 }, (_, i) => i))).toBe(true);
    expect(drawableAsTree(Array.from({ length: 5_000 }, (_, i) => i))).toBe(false);
    expect(drawableAsTree(Array.from({ length: 1_000_000 }, () => ({ a: 1 })))).toBe(false);
  });

  it('falls back to text past 100 levels of nesting, however few values', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 101; i++) deep = [deep];
    expect(drawableAsTree(deep)).toBe(false);
    let shallow: unknown = 1;
    for (let i = 0; i < 99; i++) shallow = { n: shallow };
    expect(drawableAsTree(shallow)).toBe(true);
  });
});
