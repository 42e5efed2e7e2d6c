import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeZodError } from '../../shared/errors/app-error';

describe('validation errors in the user’s words', () => {
  const Schema = z
    .object({
      name: z.string().max(80),
      label: z.string().min(1),
      tags: z.array(z.string()).max(1),
      count: z.number().int(),
      kind: z.enum(['read', 'write']),
      url: z.url(),
      id: z.string().regex(/^[a-z]+$/, 'use lower-case letters'),
    })
    .strict();

  it('says zod’s defaults plainly and keeps a schema’s own words', () => {
    const result = Schema.safeParse({ name: 'x'.repeat(81), label: '', tags: ['a', 'b'], count: 1.5, kind: 'admin', url: 'nope', id: 'X', extra: 1 });
    expect(describeZodError(result.error!, 'That was not accepted')).toBe(
      'That was not accepted: name: at most 80 characters; label: must not be empty; tags: at most 1 item; count: should be a whole number; ' +
        'kind: should be one of read, write; url: is not a valid URL; id: use lower-case letters; (root): unknown field extra',
    );
    expect(describeZodError(Schema.safeParse({}).error!, 'x')).toMatch(/^x: name: is missing; label: is missing/);
  });
});
