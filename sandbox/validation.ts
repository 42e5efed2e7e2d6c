import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { ValidationIssue } from './refusal';

type Schema = Record<string, unknown>;
// ajv-formats is CommonJS: its default export arrives wrapped under ESM interop.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as typeof addFormatsModule;

/**
 * Request validation from a vendor's JSON Schemas (OpenAPI 3.1 is JSON Schema 2020-12), with
 * failures said the way FastAPI and pydantic say them: `{type, loc, msg, input, ctx}` items, `loc`
 * starting with `body` or `query`. One validator per schema set, each schema compiled on first use.
 */
export class SchemaValidator {
  private readonly ajv: Ajv2020;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(
    private readonly id: string,
    schemas: Record<string, unknown>,
    private readonly refPrefix = '#/components/schemas/',
  ) {
    this.ajv = new Ajv2020({ allErrors: true, strict: false, useDefaults: true, coerceTypes: false });
    addFormats(this.ajv);
    this.ajv.addSchema({ $id: id, $defs: this.rewrite(schemas) });
  }

  /**
   * Checks `value` as an instance of `schema`: the issues (quoting the value as sent), and a copy
   * with the schema's defaults filled in, as pydantic's model would hold it.
   */
  check(cacheKey: string, schema: unknown, value: unknown, loc: 'body' | 'query'): { issues: ValidationIssue[]; value: unknown } {
    let validate = this.compiled.get(cacheKey);
    if (!validate) {
      validate = this.ajv.compile(this.rewrite(schema) as Schema);
      this.compiled.set(cacheKey, validate);
    }
    const filled = structuredClone(value);
    if (validate(filled)) return { issues: [], value: filled };
    return { issues: toIssues(validate.errors ?? [], value, loc), value: filled };
  }

  /** `#/components/schemas/X` -> `<id>#/$defs/X`: every schema is reached from the one registered root. */
  private rewrite(value: unknown): unknown {
    return JSON.parse(JSON.stringify(value).replaceAll(`"${this.refPrefix}`, `"${this.id}#/$defs/`));
  }
}

const TYPE_MESSAGES: Record<string, [type: string, msg: string]> = {
  string: ['string_type', 'Input should be a valid string'],
  integer: ['int_type', 'Input should be a valid integer'],
  number: ['float_type', 'Input should be a valid number'],
  boolean: ['bool_type', 'Input should be a valid boolean'],
  array: ['list_type', 'Input should be a valid list'],
  object: ['model_attributes_type', 'Input should be a valid dictionary or object to extract fields from'],
};

/** ajv's errors as pydantic's: one issue per place, union branches that only say "must be null" dropped. */
function toIssues(errors: ErrorObject[], root: unknown, where: 'body' | 'query'): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    if (['anyOf', 'oneOf', 'allOf', 'if', 'not'].includes(error.keyword)) continue;
    if (error.keyword === 'type' && error.params.type === 'null') continue;
    const path = error.instancePath
      .split('/')
      .slice(1)
      .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
      .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
    const issue = describe(error, path, valueAt(root, path));
    if (!issue) continue;
    const loc = [where, ...issue.loc];
    const key = JSON.stringify(loc);
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push({ ...issue, loc });
  }
  // Every failure had a reason above; an unknown keyword still gets a place and a message.
  if (issues.length === 0 && errors.length > 0) issues.push({ type: 'value_error', loc: [where], msg: errors[0]!.message ?? 'Invalid value', input: root });
  return issues;
}

function describe(error: ErrorObject, path: (string | number)[], input: unknown): ValidationIssue | null {
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return { type: 'missing', loc: [...path, String(p.missingProperty)], msg: 'Field required', input };
    case 'type': {
      const [type, msg] = TYPE_MESSAGES[String(p.type).split(',')[0]!] ?? ['type_error', `Input should be ${String(p.type)}`];
      return { type, loc: path, msg, input };
    }
    case 'pattern':
      return { type: 'string_pattern_mismatch', loc: path, msg: `String should match pattern '${String(p.pattern)}'`, input, ctx: { pattern: p.pattern } };
    case 'minLength':
      return {
        type: 'string_too_short',
        loc: path,
        msg: `String should have at least ${plural(Number(p.limit), 'character')}`,
        input,
        ctx: { min_length: p.limit },
      };
    case 'maxLength':
      return {
        type: 'string_too_long',
        loc: path,
        msg: `String should have at most ${plural(Number(p.limit), 'character')}`,
        input,
        ctx: { max_length: p.limit },
      };
    case 'minItems':
      return { type: 'too_short', loc: path, msg: `List should have at least ${plural(Number(p.limit), 'item')} after validation`, input };
    case 'maxItems':
      return { type: 'too_long', loc: path, msg: `List should have at most ${plural(Number(p.limit), 'item')} after validation`, input };
    case 'minimum':
      return { type: 'greater_than_equal', loc: path, msg: `Input should be greater than or equal to ${String(p.limit)}`, input, ctx: { ge: p.limit } };
    case 'maximum':
      return { type: 'less_than_equal', loc: path, msg: `Input should be less than or equal to ${String(p.limit)}`, input, ctx: { le: p.limit } };
    case 'exclusiveMinimum':
      return { type: 'greater_than', loc: path, msg: `Input should be greater than ${String(p.limit)}`, input, ctx: { gt: p.limit } };
    case 'exclusiveMaximum':
      return { type: 'less_than', loc: path, msg: `Input should be less than ${String(p.limit)}`, input, ctx: { lt: p.limit } };
    case 'enum':
      return { type: 'enum', loc: path, msg: `Input should be ${alternatives(p.allowedValues as unknown[])}`, input };
    case 'const':
      return { type: 'literal_error', loc: path, msg: `Input should be ${alternatives([p.allowedValue])}`, input };
    case 'format':
      return { type: 'value_error', loc: path, msg: `Value error, not a valid ${String(p.format)}`, input };
    case 'additionalProperties':
      return { type: 'extra_forbidden', loc: [...path, String(p.additionalProperty)], msg: 'Extra inputs are not permitted' };
    default:
      return null;
  }
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function alternatives(values: unknown[]): string {
  const quoted = values.map((v) => (typeof v === 'string' ? `'${v}'` : JSON.stringify(v)));
  return quoted.length <= 1 ? (quoted[0] ?? '') : `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`;
}

function valueAt(root: unknown, path: (string | number)[]): unknown {
  let value = root;
  for (const part of path) value = value !== null && typeof value === 'object' ? (value as Record<string | number, unknown>)[part] : undefined;
  return value;
}
