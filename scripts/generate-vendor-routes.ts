// `npm run vendor:routes`: regenerates Call2Me's operations (shared/providers/call2me-operations.json)
// from the vendor's own OpenAPI document, through the same reader `keyhole providers import --openapi`
// uses. The document is the copy kept in ../shared/vendors/ (or the path given as the first argument).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { readOpenApi } from '../electron/vault/openapi-import';
import { operationsFromOpenApi } from '../shared/providers/openapi-profile';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const specPath = process.argv[2] ?? path.join(root, '..', 'shared', 'vendors', 'call2me-openapi.json');
if (!fs.existsSync(specPath)) {
  console.error(`vendor:routes: ${specPath} is not there; pass the path of Call2Me's openapi.json.`);
  process.exit(1);
}
const text = fs.readFileSync(specPath, 'utf8');
const doc = await readOpenApi(text, path.basename(specPath));
const info = doc.info as { title?: string; version?: string };
const data = {
  source: `Call2Me OpenAPI ${info.version ?? ''} (api.call2me.app/openapi.json; copy from call2me-app/python-sdk tests/openapi.json)`,
  sha256: createHash('sha256').update(text).digest('hex'),
  operations: operationsFromOpenApi(doc),
};
const out = path.join(root, 'shared', 'providers', 'call2me-operations.json');
// One operation a line: a regenerated file's diff reads as the routes that changed.
const lines = data.operations.map((op) => `  ${JSON.stringify(op)}`).join(',\n');
fs.writeFileSync(out, `{\n"source": ${JSON.stringify(data.source)},\n"sha256": "${data.sha256}",\n"operations": [\n${lines}\n]}\n`);
console.log(`vendor:routes: ${data.operations.length} operations written to ${path.relative(root, out)}`);
