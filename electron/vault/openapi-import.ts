import { dereference, validate } from '@readme/openapi-parser';
import { parse as parseYaml } from 'yaml';
import { AppError } from '../../shared/errors/app-error';
import { profileFromOpenApi, type OpenApiProfileOptions } from '../../shared/providers/openapi-profile';
import type { ProviderProfileInput } from '../../shared/providers/provider-profile';
import { jsonSyntaxError } from '../../shared/security/json-syntax';

/**
 * Reads an OpenAPI 3.0/3.1 document a user supplies into a provider profile.
 *
 * Threat model: the document is hostile until proven otherwise. It is never allowed to reach the
 * network or the file system: every `$ref` must point inside it (`#/...`), checked before the parser
 * sees it, and the parser runs with external resolution off. Size, nesting depth and node count are
 * bounded before parsing work that recurses; YAML aliases are capped (no "billion laughs"); a `$ref`
 * cycle is left in place rather than followed. Errors name what and where, never quote values.
 */

export const OPENAPI_LIMITS = { bytes: 10_000_000, depth: 64, nodes: 2_000_000 } as const;

export async function profileFromOpenApiText(text: string, source: string, options: OpenApiProfileOptions = {}): Promise<ProviderProfileInput> {
  const doc = await readOpenApi(text, source);
  return profileFromOpenApi(doc, options);
}

/** The validated, dereferenced document; refuses anything else with a clear error. */
export async function readOpenApi(text: string, source: string): Promise<Record<string, unknown>> {
  if (Buffer.byteLength(text) > OPENAPI_LIMITS.bytes) {
    throw new AppError('INVALID_INPUT', `${source} is larger than ${OPENAPI_LIMITS.bytes / 1_000_000} MB; Keyhole reads OpenAPI documents up to that size.`);
  }
  const raw = parseText(text, source);
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw new AppError('INVALID_INPUT', `${source} is not an OpenAPI document (an object at the top).`);
  checkShape(raw, source);
  const version = (raw as Record<string, unknown>).openapi;
  if (typeof version !== 'string' || !/^3\.[01]\.\d+$/.test(version)) {
    throw new AppError(
      'INVALID_INPUT',
      `${source} is not an OpenAPI 3.0 or 3.1 document (its "openapi" field is ${typeof version === 'string' ? `"${version.slice(0, 20)}"` : 'missing'}).`,
    );
  }
  const options = {
    resolve: { external: false, file: false, http: false as const },
    dereference: { circular: 'ignore' as const },
    // Vendors' generated documents repeat operationIds (FastAPI's GET and POST of one handler): Keyhole
    // never uses them, so that is a warning, not a refusal.
    validate: { rules: { openapi: { 'duplicate-operation-id': 'warning' as const } } },
  };
  let result: Awaited<ReturnType<typeof validate>>;
  try {
    result = await validate(structuredClone(raw) as never, options as never);
  } catch (error) {
    throw new AppError('INVALID_INPUT', `${source} could not be validated as OpenAPI: ${firstLine(error)}`);
  }
  if (!result.valid) {
    const problems = result.errors.slice(0, 3).map((e) => firstLine(e.message));
    throw new AppError(
      'INVALID_INPUT',
      `${source} is not a valid OpenAPI document: ${problems.join('; ')}${result.errors.length > 3 ? ` (and ${result.errors.length - 3} more)` : ''}.`,
    );
  }
  try {
    return (await dereference(raw as never, options as never)) as unknown as Record<string, unknown>;
  } catch (error) {
    throw new AppError('INVALID_INPUT', `${source}: a $ref could not be resolved: ${firstLine(error)}`);
  }
}

function parseText(text: string, source: string): unknown {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{')) {
    try {
      return JSON.parse(trimmed);
    } catch (error) {
      // A document nested deeper than the engine's stack is refused here too (RangeError).
      throw new AppError('INVALID_INPUT', error instanceof RangeError ? `${source} is nested too deeply.` : `${source} is ${jsonSyntaxError(error)}.`);
    }
  }
  try {
    return parseYaml(trimmed, { maxAliasCount: 100, uniqueKeys: true, prettyErrors: false });
  } catch (error) {
    throw new AppError('INVALID_INPUT', `${source} is neither JSON nor valid YAML: ${firstLine(error)}`);
  }
}

/** Depth, size and `$ref` targets, iteratively (a deep document cannot overflow this walk). */
function checkShape(root: unknown, source: string): void {
  const stack: { value: unknown; depth: number; at: string }[] = [{ value: root, depth: 0, at: '' }];
  let nodes = 0;
  while (stack.length > 0) {
    const { value, depth, at } = stack.pop()!;
    if (++nodes > OPENAPI_LIMITS.nodes)
      throw new AppError('INVALID_INPUT', `${source} has more than ${OPENAPI_LIMITS.nodes} values; Keyhole refuses documents that large.`);
    if (value === null || typeof value !== 'object') continue;
    if (depth > OPENAPI_LIMITS.depth)
      throw new AppError('INVALID_INPUT', `${source} is nested deeper than ${OPENAPI_LIMITS.depth} levels (at ${at.slice(0, 200) || '/'}).`);
    for (const [key, child] of Object.entries(value)) {
      const where = `${at}/${key.slice(0, 60)}`;
      if (key === '$ref' && (typeof child !== 'string' || !child.startsWith('#'))) {
        throw new AppError(
          'INVALID_INPUT',
          `${source} has an external $ref at ${where.slice(0, 200)}: Keyhole reads only self-contained documents and never fetches a reference (bundle the document first).`,
        );
      }
      stack.push({ value: child, depth: depth + 1, at: where });
    }
  }
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!.slice(0, 200);
}
