import { z } from 'zod';

/** A file made on the trusted side for the user to save: a HAR, an audit CSV or JSON. */
export const Download = z.object({ filename: z.string(), mediaType: z.string(), content: z.string() });
export type Download = z.infer<typeof Download>;
