import { z } from 'zod';

/** The part of HAR 1.2 that diagnosis reads; anything else in the file is kept out of the way. */
const NameValue = z.object({ name: z.string(), value: z.string() });
export const HarEntry = z.object({
  /** When the browser sent it (ISO 8601 in HAR 1.2); an import keeps it, so a customer's timeline survives. */
  startedDateTime: z.string().max(64).optional(),
  request: z.object({
    method: z.string().min(1),
    url: z.url(),
    headers: z.array(NameValue),
    postData: z.object({ text: z.string().optional() }).optional(),
  }),
  response: z.object({
    status: z.number().int(),
    headers: z.array(NameValue),
    /** `encoding: "base64"`: the text is the body's bytes in base64 (HAR 1.2), decoded before anything reads it. */
    content: z.object({ text: z.string().optional(), encoding: z.string().optional() }).optional(),
  }),
});
export const HarFile = z.object({ log: z.object({ version: z.string().optional(), entries: z.array(HarEntry) }) });
export type HarEntry = z.infer<typeof HarEntry>;
