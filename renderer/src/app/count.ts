/** "1 request", "2 requests", "1,000,000 exchanges": a number with its noun, grammatical and grouped. */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}
