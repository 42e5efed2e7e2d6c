import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fill, SDK_CALLS } from '../support/call2me-sdk-calls';
import { Call2MeApiError, Call2MeNodeStyleClient } from '../support/call2me-node-client';
import { sandbox } from '../support/sandbox-client';

interface Outcome {
  sdk: string;
  status: number;
  detail: unknown;
}

/** An admin key of a fresh workspace: the SDKs' calls include billing and key management. */
async function adminKey() {
  const s = await sandbox();
  const { secret } = await s.control('credentials', { provider: 'call2me', kind: 'api_key', workspace: 'sdk-ws', scopes: ['admin'] });
  return { ...s, secret: secret! };
}

function valueAt(answer: unknown, at: string): unknown {
  return at
    .split('.')
    .reduce<unknown>((value, part) => (Array.isArray(value) ? value[Number(part)] : (value as Record<string, unknown> | null)?.[part]), answer);
}

async function runNodeStyle(baseUrl: string, secret: string): Promise<Outcome[]> {
  const client = new Call2MeNodeStyleClient(secret, baseUrl);
  const saved: Record<string, string> = {};
  const outcomes: Outcome[] = [];
  for (const raw of SDK_CALLS) {
    const step = fill(raw, saved);
    try {
      const answer = await client.request(step.method, step.path, step.body ?? null, step.query ?? null);
      for (const [name, at] of Object.entries(step.save ?? {})) {
        const value = valueAt(answer, at);
        if (typeof value === 'string') saved[name] = value;
      }
      // The SDK reads a 204 as `true`: anything else is the parsed answer.
      expect(answer === true, step.sdk).toBe(client.lastStatus === 204);
      outcomes.push({ sdk: step.sdk, status: client.lastStatus, detail: null });
    } catch (error) {
      if (!(error instanceof Call2MeApiError)) throw error;
      outcomes.push({ sdk: step.sdk, status: error.status, detail: (error.body as { detail?: unknown }).detail ?? null });
    }
  }
  return outcomes;
}

describe('the vendor SDKs’ requests against the sandbox', () => {
  it('every request the Node SDK makes is answered as the contract says, and refusals carry the detail it reads', async () => {
    const { server, secret } = await adminKey();
    const outcomes = await runNodeStyle(server.baseUrls.call2me, secret);
    for (const [i, outcome] of outcomes.entries()) {
      expect({ sdk: outcome.sdk, status: outcome.status }, outcome.sdk).toEqual({ sdk: SDK_CALLS[i]!.sdk, status: SDK_CALLS[i]!.expect });
      // A refusal says why in `detail`, where the SDK looks (a string, or FastAPI's list for a 422).
      if (outcome.status >= 400) expect(outcome.detail, outcome.sdk).toBeTruthy();
    }
  });

  it('the Python SDK’s requests (its own way: `{}` for POSTs without data, Content-Type on GETs) get the same answers, from python3', async () => {
    const { server, secret } = await adminKey();
    // Asynchronously: the sandbox answers from this process's event loop.
    const child = spawn('python3', [path.join(import.meta.dirname, '../support/call2me_python_client.py'), server.baseUrls.call2me, secret]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdin.end(JSON.stringify(SDK_CALLS));
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code, stderr).toBe(0);
    const run = { stdout };
    const outcomes = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Outcome);
    expect(outcomes.map((o) => `${o.sdk} ${o.status}`)).toEqual(SDK_CALLS.map((c) => `${c.sdk} ${c.expect}`));
    // No SDK call lands on a route the sandbox lacks: FastAPI's bare "Not Found" / "Method Not Allowed" never appear.
    expect(outcomes.filter((o) => o.detail === 'Not Found' || o.detail === 'Method Not Allowed')).toEqual([]);
  });

  it('an end-user token minted through the SDK reaches the agent list, as a mobile client would use it', async () => {
    const { server, secret } = await adminKey();
    const client = new Call2MeNodeStyleClient(secret, server.baseUrls.call2me);
    await client.request('POST', '/v1/agents', { agent_name: 'Kiosk', voice_id: 'openai-nova', response_engine: { type: 'call2me-llm', system_prompt: '' } });
    const { token } = (await client.request('POST', '/v1/end-users/kiosk-7/tokens', { expires_in: 60 })) as { token: string };
    const mobile = new Call2MeNodeStyleClient(token, server.baseUrls.call2me);
    expect(await mobile.request('GET', '/v1/agents')).toHaveLength(1);
    await expect(mobile.request('GET', '/v1/wallet/balance')).rejects.toThrow(/Call2Me API Error 403: End-user tokens reach agents/);
  });
});
