import { z } from 'zod';
import { plainLine, plainProse } from '../security/plain-text';

export const CredentialStatus = z.enum(['active', 'secret_missing', 'revoked']);
export type CredentialStatus = z.infer<typeof CredentialStatus>;

const Name = z
  .string()
  .trim()
  .min(1, 'a name is required')
  .max(80)
  .regex(/^[^\s/\\][^/\\]*$/, 'no slashes, and no leading space')
  .pipe(plainLine(80));

/** What a user states about a credential; the secret itself travels separately and only inward. */
export const CredentialFields = z.object({
  name: Name,
  providerId: z.string().min(1),
  environmentId: z.string().min(1),
  kind: z.string().min(1),
  /** Empty means "no permissions", never "allow all". */
  scopes: z.array(z.string().min(1)).default([]),
  /** Tenant, partner or workspace id, depending on what the kind is bound to. */
  boundId: z.string().trim().max(120).pipe(plainLine(120)).nullable().default(null),
  notes: plainProse(2000).default(''),
  expiresAt: z.iso.datetime({ offset: true }).nullable().default(null),
});
export type CredentialFields = z.infer<typeof CredentialFields>;

export const NewCredential = CredentialFields.extend({
  secret: z
    .string()
    .min(1, 'the secret is empty')
    .max(16_384)
    .refine((s) => s.trim() === s, 'the secret has leading or trailing spaces'),
});
export type NewCredential = z.infer<typeof NewCredential>;

/** Only the fields given change: no defaults here, or an edit would reset what it does not name. */
export const CredentialEdit = z
  .object({
    name: Name,
    scopes: z.array(z.string().min(1)),
    boundId: z.string().trim().max(120).pipe(plainLine(120)).nullable(),
    notes: plainProse(2000),
    expiresAt: z.iso.datetime({ offset: true }).nullable(),
  })
  .partial();
export type CredentialEdit = z.infer<typeof CredentialEdit>;

/** Everything Keyhole knows about a credential except the secret. */
export const Credential = CredentialFields.extend({
  id: z.string(),
  /** First 12 hex characters of SHA-256 of the secret: shown everywhere instead of it. */
  fingerprint: z.string().regex(/^[0-9a-f]{12}$/),
  last4: z.string().max(4),
  status: CredentialStatus,
  createdAt: z.string(),
  updatedAt: z.string(),
  lastUsedAt: z.string().nullable(),
});
export type Credential = z.infer<typeof Credential>;
