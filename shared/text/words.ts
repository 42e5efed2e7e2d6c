/** "1 request", "2 requests", "1,000,000 exchanges": a number with its noun, grammatical and grouped. */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}

/**
 * "a" or "an" before a phrase, by its sound: "an API key", "a JWT session", "an eut_ token", "a
 * user token". Initialisms spelt letter by letter that start with a vowel sound (A, E, F, H, I, L, M,
 * N, O, R, S, X) take "an".
 */
export function aOrAn(phrase: string): string {
  const word = phrase.trim().split(/[\s_-]/)[0] ?? '';
  const initialism = word.length > 1 && word === word.toUpperCase() && /^[A-Z]/.test(word);
  const vowelSound = initialism ? /^[AEFHILMNORSX]/.test(word) : /^[aeiou]/i.test(word) && !/^(uni|use|usu|one|eu[a-z]{2,})/i.test(word);
  return `${vowelSound ? 'an' : 'a'} ${phrase}`;
}

/** The same, capitalised, to start a sentence. */
export const AOrAn = (phrase: string) => {
  const said = aOrAn(phrase);
  return said.charAt(0).toUpperCase() + said.slice(1);
};
