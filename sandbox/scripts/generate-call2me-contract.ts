// `npm run sandbox:contract`: derives the sandbox's Call2Me contract (sandbox/call2me/contract.json) from
// the vendor's own OpenAPI document: every operation's method, path, success status, request schema,
// query parameters and response schema, and the component schemas they reach. The document is the copy
// kept in ../shared/vendors/ (or the path given as the first argument). Nothing here reads the product.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = { [key: string]: Json };

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const specPath = process.argv[2] ?? path.join(root, '..', 'shared', 'vendors', 'call2me-openapi.json');
if (!fs.existsSync(specPath)) {
  console.error(`sandbox:contract: ${specPath} is not there; pass the path of Call2Me's openapi.json.`);
  process.exit(1);
}
const text = fs.readFileSync(specPath, 'utf8');
const doc = JSON.parse(text) as {
  info: { version?: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
};
interface Operation {
  operationId?: string;
  parameters?: { name: string; in: string; required?: boolean; schema?: Schema }[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
const used = new Set<string>();
/** Follows every `#/components/schemas/X` a schema reaches, so only those are kept. */
function reach(value: Json | undefined): void {
  if (Array.isArray(value)) return value.forEach(reach);
  if (value === null || typeof value !== 'object') return;
  const ref = value.$ref;
  if (typeof ref === 'string' && ref.startsWith('#/components/schemas/')) {
    const name = ref.slice('#/components/schemas/'.length);
    if (!used.has(name)) {
      used.add(name);
      reach(doc.components.schemas[name]);
    }
  }
  for (const child of Object.values(value)) reach(child);
}

const operations = Object.entries(doc.paths).flatMap(([route, item]) =>
  METHODS.filter((m) => item[m]).map((m) => {
    const op = item[m]!;
    const success = Object.keys(op.responses ?? {}).find((code) => /^2\d\d$/.test(code)) ?? '200';
    const contentTypes = Object.keys(op.requestBody?.content ?? {});
    const body = op.requestBody?.content?.['application/json']?.schema ?? null;
    const response = op.responses?.[success]?.content?.['application/json']?.schema ?? null;
    const query = (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => ({ name: p.name, required: p.required === true, schema: p.schema ?? {} }));
    reach(body as Json);
    reach(response as Json);
    for (const q of query) reach(q.schema as Json);
    return {
      method: m.toUpperCase(),
      path: route,
      operationId: op.operationId ?? `${m}_${route}`,
      status: Number(success),
      // Multipart uploads are answered without reading the file; their fields are not validated.
      body: body ? { required: op.requestBody?.required === true, schema: body } : null,
      bodyTypes: contentTypes,
      query,
      response,
    };
  }),
);
const schemas = Object.fromEntries([...used].sort().map((name) => [name, doc.components.schemas[name]]));
const contract = {
  source: `Call2Me OpenAPI ${doc.info.version ?? ''} (api.call2me.app/openapi.json; copy from call2me-app/python-sdk tests/openapi.json)`,
  sha256: createHash('sha256').update(text).digest('hex'),
  operations,
  schemas,
};
const out = path.join(root, 'sandbox', 'call2me', 'contract.json');
// One operation or schema a line: a regenerated file's diff reads as what changed.
const lines = (entries: string[]) => entries.map((e) => `  ${e}`).join(',\n');
fs.writeFileSync(
  out,
  `{\n"source": ${JSON.stringify(contract.source)},\n"sha256": "${contract.sha256}",\n"operations": [\n${lines(operations.map((o) => JSON.stringify(o)))}\n],\n"schemas": {\n${lines(Object.entries(schemas).map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`))}\n}}\n`,
);
console.log(`sandbox:contract: ${operations.length} operations and ${Object.keys(schemas).length} schemas written to ${path.relative(root, out)}`);
