import { randomBytes } from 'node:crypto';

type Schema = Record<string, unknown>;

/**
 * A value shaped as a response schema says: every property present (FastAPI serialises the whole
 * model), `given` values where they fit, a schema default next, null where null is allowed, then a
 * plain value of the type. Ids that the schema constrains with a pattern (`^agent_[a-f0-9]{12}$`)
 * are generated to match it.
 */
export function synthesize(schemas: Record<string, unknown>, schema: unknown, given: unknown, now: Date, depth = 0): unknown {
  const s = resolve(schemas, schema);
  if (given !== undefined) return given;
  if (depth > 6 || !s) return null;
  if ('default' in s) return structuredClone(s.default);
  const options = (s.anyOf ?? s.oneOf) as unknown[] | undefined;
  if (options) {
    if (options.some((o) => resolve(schemas, o)?.type === 'null')) return null;
    return synthesize(schemas, options[0], undefined, now, depth + 1);
  }
  if (Array.isArray(s.enum)) return s.enum[0];
  switch (s.type) {
    case 'object':
      return objectOf(schemas, s, {}, now, depth);
    case 'array':
      return [];
    case 'integer':
    case 'number':
      return typeof s.minimum === 'number' ? s.minimum : 0;
    case 'boolean':
      return false;
    case 'string':
      if (s.format === 'date-time') return now.toISOString();
      if (typeof s.pattern === 'string') return idFor(s.pattern) ?? '';
      return '';
    default:
      return s.properties ? objectOf(schemas, s, {}, now, depth) : null;
  }
}

/** An object with every property of `schema`, taking `given`'s values for those it names. */
export function objectOf(schemas: Record<string, unknown>, schema: unknown, given: Record<string, unknown>, now: Date, depth = 0): Record<string, unknown> {
  const s = resolve(schemas, schema);
  const properties = (s?.properties ?? {}) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(properties)) out[name] = synthesize(schemas, property, given[name], now, depth + 1);
  // A schema open to more (or untyped) keeps what it was given beyond its named properties.
  if (!s?.properties || s.additionalProperties === true) for (const [k, v] of Object.entries(given)) if (!(k in out)) out[k] = v;
  return out;
}

/** The property names a schema declares (empty for an untyped answer). */
export function propertiesOf(schemas: Record<string, unknown>, schema: unknown): string[] {
  return Object.keys((resolve(schemas, schema)?.properties ?? {}) as object);
}

/** A property's pattern, if it constrains ids (`^(call|demo)_[a-f0-9]{8,24}$`): a fresh id matching it. */
export function patternOf(schemas: Record<string, unknown>, schema: unknown, property: string): string | null {
  const p = ((resolve(schemas, schema)?.properties ?? {}) as Record<string, Schema>)[property];
  return typeof p?.pattern === 'string' ? p.pattern : null;
}

/** `^agent_[a-f0-9]{12}$` -> agent_3f9c…; `^(call|demo|…)_[a-f0-9]{8,24}$` -> call_…; anything else: null. */
export function idFor(pattern: string): string | null {
  const m = /^\^\(?([a-z]+)(?:\|[a-z|]+\))?_\[a-f0-9\]\{(\d+)(?:,(\d+))?\}\$$/.exec(pattern);
  if (!m) return null;
  const length = Math.max(Number(m[2]), Math.min(12, Number(m[3] ?? m[2])));
  return `${m[1]}_${randomBytes(Math.ceil(length / 2))
    .toString('hex')
    .slice(0, length)}`;
}

export function resolve(schemas: Record<string, unknown>, schema: unknown): Schema | null {
  let s = schema as Schema | null | undefined;
  for (let i = 0; i < 8 && s && typeof s.$ref === 'string'; i++) s = schemas[(s.$ref as string).split('/').pop()!] as Schema | undefined;
  return s && typeof s === 'object' ? s : null;
}
