import contract from './contract.json';

export interface QueryParameter {
  name: string;
  required: boolean;
  schema: Record<string, unknown>;
}

export interface Operation {
  method: string;
  path: string;
  operationId: string;
  status: number;
  body: { required: boolean; schema: unknown } | null;
  bodyTypes: string[];
  query: QueryParameter[];
  response: unknown;
  /** Where an operation the vendor's pages document but its spec lacks takes its behaviour from. */
  sameAs?: string;
}

export const schemas = contract.schemas as Record<string, unknown>;
export const CONTRACT_SOURCE = contract.source;

const byKey = new Map((contract.operations as Operation[]).map((op) => [`${op.method} ${op.path}`, op]));

/**
 * Routes the vendor's pages document but its OpenAPI document lacks (../shared/vendors C2 and B3):
 * each behaves as the spec's operation it names. Everything else comes from the spec.
 */
const PAGE_ROUTES: [key: string, sameAs: string][] = [
  ['POST /v1/auth/register', 'POST /v1/auth/signup'],
  ['POST /v1/calls/outbound', 'POST /v1/calls'],
  ['POST /v1/knowledge-base/{knowledge_base_id}/sources', 'POST /v1/knowledge-base/{knowledge_base_id}/add-sources'],
  ['DELETE /v1/knowledge-base/{knowledge_base_id}/sources/{source_id}', 'DELETE /v1/knowledge-base/{knowledge_base_id}/source/{source_id}'],
  ['PATCH /v1/api-keys/{key_id}/revoke', 'DELETE /v1/api-keys/{key_id}'],
];
/** The wallet page's `GET /v1/wallet` and the members page's invitations: shapes from those pages. */
const PAGE_ONLY: Operation[] = [
  { method: 'GET', path: '/v1/wallet', operationId: 'wallet_page', status: 200, body: null, bodyTypes: [], query: [], response: null },
  {
    method: 'POST',
    path: '/v1/members/invitations',
    operationId: 'members_invite_page',
    status: 201,
    body: {
      required: true,
      schema: {
        type: 'object',
        required: ['email', 'role'],
        properties: { email: { type: 'string', format: 'email' }, role: { type: 'string', enum: ['admin', 'member', 'viewer'] } },
      },
    },
    bodyTypes: ['application/json'],
    query: [],
    response: null,
  },
  { method: 'DELETE', path: '/v1/members/{member_id}', operationId: 'members_remove_page', status: 204, body: null, bodyTypes: [], query: [], response: null },
];

const operations: Operation[] = [
  ...byKey.values(),
  ...PAGE_ROUTES.map(([key, sameAs]) => {
    const [method, path] = key.split(' ') as [string, string];
    return { ...byKey.get(sameAs)!, method, path, sameAs };
  }),
  ...PAGE_ONLY,
];

interface Compiled {
  op: Operation;
  segments: string[];
  /** Literal segments first: `/v1/agents/stats/global` wins over `/v1/agents/{agent_id}/…`. */
  literals: number;
}
const compiled: Compiled[] = operations
  .map((op) => {
    const segments = op.path.split('/').slice(1);
    return { op, segments, literals: segments.filter((s) => !s.startsWith('{')).length };
  })
  .sort((a, b) => b.literals - a.literals);

export type RouteLookup =
  | { kind: 'found'; op: Operation; params: Record<string, string> }
  | { kind: 'method'; allowed: string[] }
  | { kind: 'slash'; location: string }
  | { kind: 'none' };

/**
 * The operation a request names, as a FastAPI app routes: the path exactly (no trailing-slash
 * leniency, but a redirect to the path that exists, as `redirect_slashes` does), then the method.
 */
export function findRoute(method: string, path: string): RouteLookup {
  const matches = match(path);
  if (matches.length === 0) {
    const other = path.endsWith('/') ? path.replace(/\/+$/, '') : `${path}/`;
    return other !== '' && match(other).length > 0 ? { kind: 'slash', location: other } : { kind: 'none' };
  }
  const found = matches.find((m) => m.op.method === method || (method === 'HEAD' && m.op.method === 'GET'));
  if (!found) return { kind: 'method', allowed: [...new Set(matches.map((m) => m.op.method))] };
  return { kind: 'found', ...found };
}

function match(path: string): { op: Operation; params: Record<string, string> }[] {
  const parts = path.split('/').slice(1);
  const out: { op: Operation; params: Record<string, string> }[] = [];
  for (const c of compiled) {
    if (c.segments.length !== parts.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < parts.length && ok; i++) {
      const segment = c.segments[i]!;
      if (segment.startsWith('{')) {
        if (parts[i] === '') ok = false;
        else params[segment.slice(1, -1)] = decodeSegment(parts[i]!);
      } else ok = segment === parts[i];
    }
    if (ok) out.push({ op: c.op, params });
  }
  // Of the routes a path matches, the most literal ones: a method missing there is a 405, not a param match.
  const best = out[0] ? (compiled.find((c) => c.op === out[0]!.op)?.literals ?? 0) : 0;
  return out.filter((m) => (compiled.find((c) => c.op === m.op)?.literals ?? 0) === best);
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The operation a spec path names (for the item route of a collection, and the like). */
export function operation(method: string, path: string): Operation | undefined {
  return operations.find((op) => op.method === method && op.path === path);
}

export const allOperations: readonly Operation[] = operations;
