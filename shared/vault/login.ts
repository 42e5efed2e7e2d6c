import { z } from 'zod';

/** A JWT session login through the provider's login route; the password never leaves the Node side. */
export const LoginRequest = z
  .object({
    providerId: z.string().min(1),
    environmentId: z.string().min(1),
    name: z.string().trim().min(1).max(80),
    email: z.string().min(1),
    password: z.string().min(1),
  })
  .strict();
export type LoginRequest = z.infer<typeof LoginRequest>;
