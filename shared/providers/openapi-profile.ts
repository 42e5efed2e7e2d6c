import type { FindingCode } from '../diagnosis/finding';
import { toPlainLine } from '../security/plain-text';
import { JWT_SECRET_PATTERN, type OperationProfile, type ProviderProfileInput } from './provider-profile';

/**
 * An OpenAPI 3.0/3.1 document, already validated and dereferenced (electron/vault/openapi-import.ts),
 * read into a provider profile: every operation with its auth and required body fields, the security
 * schemes as credential kinds, the documented error statuses and envelopes. Pure: no I/O. A schema
 * the parser left as a local `$ref` (it leaves cycles in place) is looked up by its pointer, a few hops
 * at most.
 */

type Json = Record<string, unknown>;
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);
const object = (value: unknown): Json => (isObject(value) ? value : {});
const array = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
/** Text from the document, as a profile holds it: one line, no control characters, bounded. */
const line = (value: unknown, max = 200) => toPlainLine(String(value ?? ''), max);

/** The operations of a document, in its order; paths the profile schema cannot hold are left out. */
export function operationsFromOpenApi(doc: Json): OperationProfile[] {
  const globalSecurity = doc.security;
  const operations: OperationProfile[] = [];
  for (const [path, item] of Object.entries(object(doc.paths))) {
    if (!/^\/[A-Za-z0-9._~{}/-]*$/.test(path)) continue;
    const shared = array(object(item).parameters);
    for (const method of METHODS) {
      const op = object(item)[method];
      if (!isObject(op)) continue;
      const parameters = [...shared, ...array(op.parameters)].map(object);
      operations.push({
        method: method.toUpperCase() as OperationProfile['method'],
        path,
        auth: authOf(op.security ?? globalSecurity),
        requiredBody: requiredBody(doc, op),
        roles: [],
        idempotent: parameters.some((p) => p.in === 'header' && String(p.name).toLowerCase() === 'idempotency-key'),
      });
    }
  }
  return operations;
}

/** No requirement, an empty list, or an empty requirement (`{}`, "optional") means no credential. */
function authOf(security: unknown): OperationProfile['auth'] {
  const requirements = array(security);
  return requirements.length === 0 || requirements.some((r) => isObject(r) && Object.keys(r).length === 0) ? 'none' : 'credential';
}

function requiredBody(doc: Json, op: Json): string[] {
  const content = object(local(doc, object(local(doc, op.requestBody)).content));
  const media = content['application/json'] ?? content['multipart/form-data'] ?? content['application/x-www-form-urlencoded'];
  return array(object(local(doc, object(media).schema)).required)
    .filter((name): name is string => typeof name === 'string' && name.length <= 100)
    .slice(0, 100);
}

/** A local `$ref` (`#/components/schemas/Pet`) resolved by its JSON pointer; anything else as it is. */
function local(doc: Json, value: unknown, hops = 8): unknown {
  const ref = isObject(value) ? value.$ref : undefined;
  if (typeof ref !== 'string' || !ref.startsWith('#/') || hops === 0) return value;
  const target = ref
    .slice(2)
    .split('/')
    .map((part) => decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, key) => (isObject(node) && Object.hasOwn(node, key) ? node[key] : undefined), doc);
  return local(doc, target, hops - 1);
}

export interface OpenApiProfileOptions {
  id?: string;
  name?: string;
}

/** A whole provider profile from a document: what the document says, and plain defaults for the rest. */
export function profileFromOpenApi(doc: Json, options: OpenApiProfileOptions = {}): ProviderProfileInput {
  const info = object(doc.info);
  const name = line(options.name ?? (info.title || 'Imported API'), 200) || 'Imported API';
  const id =
    options.id ??
    (name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) ||
      'imported');
  const operations = operationsFromOpenApi(doc);
  const kinds = credentialKinds(doc);
  const kindIds = kinds.map((k) => k.id);
  const server = array(doc.servers)
    .map(object)
    .find((s) => typeof s.url === 'string' && /^https?:\/\/[^{}\s]+$/.test(s.url));
  const prefix = commonPrefix(operations.map((op) => op.path));
  const families = [...new Set(operations.map((op) => familyOf(op.path, prefix)))].slice(0, 500);
  return {
    id,
    name,
    notes: [
      `Imported from the OpenAPI document "${line(info.title, 100)}" ${line(info.version, 40)}: ${operations.length} operations.`,
      'The document carries no scopes Keyhole can enforce per route: every route family is open to every credential kind. Edit the profile to add scopes, key prefixes and environments.',
    ],
    pathPrefix: prefix,
    environments: [
      { id: 'production', label: 'Production', baseUrl: server ? String(server.url).replace(/\/+$/, '') : null, live: true },
      { id: 'staging', label: 'Staging', baseUrl: null, live: false },
    ],
    credentialKinds: kinds,
    scopes: [],
    routeFamilies: families.map((path) => ({
      id:
        path
          .replace(/[^a-z0-9]+/gi, '_')
          .replace(/^_+|_+$/g, '')
          .toLowerCase()
          .slice(0, 60) || 'root',
      label: path,
      paths: [path],
      scopes: [{ methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], scope: null }],
      kinds: kindIds,
    })),
    operations,
    routeCoverage: 'complete',
    errors: errorRows(doc),
    errorEnvelopes: errorEnvelopes(doc),
  };
}

/** The security schemes a customer can hold: bearer tokens, API keys in a header, OAuth2/OIDC tokens. */
function credentialKinds(doc: Json): ProviderProfileInput['credentialKinds'] {
  const schemes = object(object(doc.components).securitySchemes);
  const kinds: ProviderProfileInput['credentialKinds'] = [];
  for (const [schemeName, raw] of Object.entries(schemes)) {
    const scheme = object(raw);
    const id =
      schemeName
        .toLowerCase()
        .replace(/[^a-z0-9_-]+/g, '_')
        .replace(/^[^a-z0-9]+/, '')
        .slice(0, 60) || `scheme_${kinds.length + 1}`;
    const label = line(schemeName, 100) || id;
    const bearer = (scheme.type === 'http' && String(scheme.scheme).toLowerCase() === 'bearer') || scheme.type === 'oauth2' || scheme.type === 'openIdConnect';
    const jwt = /jwt/i.test(String(scheme.bearerFormat ?? ''));
    const pattern = jwt ? JWT_SECRET_PATTERN : '^[A-Za-z0-9._~+/=-]{8,}$';
    const common = {
      id,
      label,
      secretPattern: { live: pattern, test: pattern },
      boundTo: 'none' as const,
      scoped: false,
      customerIssued: true,
      usage: line(scheme.description, 2000) || `The ${label} security scheme of the imported document.`,
    };
    if (bearer) kinds.push({ ...common, header: { name: 'Authorization', format: 'Bearer {secret}' } });
    else if (scheme.type === 'apiKey' && scheme.in === 'header' && /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/.test(String(scheme.name))) {
      kinds.push({ ...common, header: { name: String(scheme.name), format: '{secret}' } });
    }
  }
  if (kinds.length === 0) {
    kinds.push({
      id: 'bearer',
      label: 'Bearer token',
      header: { name: 'Authorization', format: 'Bearer {secret}' },
      secretPattern: { live: '^[A-Za-z0-9._~+/=-]{8,}$', test: '^[A-Za-z0-9._~+/=-]{8,}$' },
      boundTo: 'none',
      scoped: false,
      customerIssued: true,
      usage: 'The document names no security scheme a header carries: a bearer token is assumed.',
    });
  }
  return kinds.slice(0, 20);
}

/** The leading segments every path shares, up to the first template segment (`/v1`). */
function commonPrefix(paths: string[]): string {
  if (paths.length === 0) return '';
  const split = paths.map((p) => p.split('/').slice(1));
  const prefix: string[] = [];
  for (let i = 0; ; i++) {
    const segment = split[0]![i];
    if (segment === undefined || segment.includes('{') || !split.every((s) => s[i] === segment && s.length > i + 1)) break;
    prefix.push(segment);
  }
  return prefix.map((s) => `/${s}`).join('');
}

/** A route family per first segment under the prefix: `/v1/agents/{id}` is in `/v1/agents`. */
function familyOf(path: string, prefix: string): string {
  const rest = path.slice(prefix.length).split('/').filter(Boolean);
  const head = rest[0] && !rest[0].includes('{') ? `/${rest[0]}` : '';
  return `${prefix}${head}` || '/';
}

const FINDING_BY_STATUS: Record<number, FindingCode> = {
  400: 'VALIDATION_FAILED',
  401: 'KEY_INVALID',
  402: 'WALLET_EMPTY',
  403: 'SCOPE_MISSING',
  404: 'RESOURCE_NOT_FOUND',
  409: 'CONFLICT',
  422: 'VALIDATION_FAILED',
  429: 'RATE_LIMITED',
};

/** One row per documented error status, worded from the document's own descriptions. */
function errorRows(doc: Json): ProviderProfileInput['errors'] {
  const statuses = new Map<number, string>();
  for (const item of Object.values(object(doc.paths))) {
    for (const method of METHODS) {
      for (const [status, response] of Object.entries(object(object(object(item)[method]).responses))) {
        const code = Number(status);
        if (Number.isInteger(code) && code >= 400 && code <= 599 && !statuses.has(code)) statuses.set(code, line(object(response).description, 300));
      }
    }
  }
  return [...statuses]
    .sort(([a], [b]) => a - b)
    .map(([status, description]) => ({
      status,
      code: null,
      meaning: description || `HTTP ${status}`,
      fix:
        status >= 500
          ? 'Retry with backoff; quote the request id to the provider if it persists.'
          : 'Read the message and fix the request before sending it again.',
      finding: FINDING_BY_STATUS[status] ?? (status >= 500 ? 'SERVER_ERROR' : undefined),
    }));
}

/** Where the document's error bodies keep their code, message and field, from their schemas. */
function errorEnvelopes(doc: Json): ProviderProfileInput['errorEnvelopes'] {
  const envelopes = new Map<string, NonNullable<ProviderProfileInput['errorEnvelopes']>[number]>();
  for (const item of Object.values(object(doc.paths))) {
    for (const method of METHODS) {
      for (const [status, response] of Object.entries(object(object(object(item)[method]).responses))) {
        if (!/^[45]/.test(status)) continue;
        const properties = object(object(object(object(object(response).content)['application/json']).schema).properties);
        const detail = object(properties.detail);
        const error = object(properties.error);
        if (detail.type === 'array') envelopes.set('fastapi', { message: 'detail', field: 'detail' });
        else if (detail.type === 'string') envelopes.set('detail', { message: 'detail' });
        if (error.type === 'object') {
          const inner = object(error.properties);
          envelopes.set('nested', {
            ...(inner.code ? { code: 'error.code' } : {}),
            ...(inner.message ? { message: 'error.message' } : {}),
            ...(inner.field ? { field: 'error.field' } : {}),
            ...(inner.request_id ? { requestId: 'error.request_id' } : {}),
          });
        } else if (error.type === 'string') envelopes.set('flat', { code: 'error', ...(properties.message ? { message: 'message' } : {}) });
      }
    }
  }
  return [...envelopes.values()].filter((e) => e.code || e.message);
}
