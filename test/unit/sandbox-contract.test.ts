import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import contract from '../../sandbox/call2me/contract.json';
import { allOperations, findRoute } from '../../sandbox/call2me/routes';

const SPEC = path.resolve(import.meta.dirname, '../../../shared/vendors/call2me-openapi.json');

describe("the sandbox's Call2Me contract", () => {
  it.skipIf(!fs.existsSync(SPEC))('is the vendor’s OpenAPI document, regenerated: same hash, every operation present', () => {
    const text = fs.readFileSync(SPEC, 'utf8');
    expect(contract.sha256).toBe(createHash('sha256').update(text).digest('hex'));
    const spec = JSON.parse(text) as { paths: Record<string, Record<string, unknown>> };
    const inSpec = Object.entries(spec.paths).flatMap(([p, item]) =>
      Object.keys(item)
        .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
        .map((m) => `${m.toUpperCase()} ${p}`),
    );
    expect(contract.operations.map((o) => `${o.method} ${o.path}`).sort()).toEqual(inSpec.sort());
  });

  it('routes every operation to itself, literal segments first, and the pages’ routes to the spec’s', () => {
    for (const op of allOperations) {
      const concrete = op.path.replace(/\{[^}]+\}/g, 'x1');
      const found = findRoute(op.method, concrete);
      expect(found.kind, `${op.method} ${op.path}`).toBe('found');
      // A concrete path may fit a more literal route (`/v1/agents/stats/global`); its own template is never less literal.
      if (found.kind === 'found') expect(found.op.path.split('{').length, `${op.method} ${op.path}`).toBeLessThanOrEqual(op.path.split('{').length);
    }
    expect(findRoute('POST', '/v1/calls/outbound')).toMatchObject({ kind: 'found', op: { sameAs: 'POST /v1/calls' } });
    expect(findRoute('GET', '/v1/agents/stats/global')).toMatchObject({ kind: 'found', op: { path: '/v1/agents/stats/global' } });
    expect(findRoute('PUT', '/v1/agents')).toEqual({ kind: 'method', allowed: ['GET', 'POST'] });
    expect(findRoute('GET', '/v1/agents/')).toEqual({ kind: 'slash', location: '/v1/agents' });
    expect(findRoute('GET', '/v1/no-such-thing')).toEqual({ kind: 'none' });
  });
});
