import { createRequire } from 'node:module';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

const require = createRequire(import.meta.url);
// har-schema (the HAR 1.2 JSON Schema, draft-06) validated by ajv: a third-party reading of the spec.
const schemas = require('har-schema') as Record<string, object>;
const ajv = new Ajv({ allErrors: true, strict: false });
ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json') as object);
addFormats(ajv);
for (const schema of Object.values(schemas)) ajv.addSchema(schema);
const validate = ajv.getSchema('har.json#')!;

/** The schema's complaints about a HAR document, one line each; empty when valid. */
export function harSchemaErrors(har: unknown): string[] {
  return validate(har) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? ''}`);
}
