import { z } from 'zod';
import { SendRequest } from './exchange';

/** Headers Keyhole sets from the credential; a saved request must not carry a copy of one. */
export const CREDENTIAL_HEADERS = ['authorization', 'x-api-key', 'x-runtime-key', 'cookie', 'proxy-authorization'];

export const SavedRequestInput = z
  .object({
    name: z.string().trim().min(1).max(80),
    providerId: z.string().min(1),
    credentialId: z.string().nullable(),
    method: SendRequest.shape.method,
    path: SendRequest.shape.path,
    headers: SendRequest.shape.headers,
    body: z.string().max(1_000_000).nullable(),
  })
  .strict()
  .superRefine((value, ctx) => {
    for (const name of Object.keys(value.headers)) {
      if (CREDENTIAL_HEADERS.includes(name.toLowerCase())) {
        ctx.addIssue({
          code: 'custom',
          path: ['headers', name],
          message: 'Keyhole adds the credential header when it sends; remove it from the saved request',
        });
      }
    }
  });
export type SavedRequestInput = z.infer<typeof SavedRequestInput>;

export const SavedRequest = z.object({
  id: z.number(),
  name: z.string(),
  providerId: z.string(),
  credentialId: z.string().nullable(),
  method: SendRequest.shape.method,
  path: z.string(),
  headers: z.record(z.string(), z.string()),
  body: z.string().nullable(),
  updatedAt: z.string(),
});
export type SavedRequest = z.infer<typeof SavedRequest>;
