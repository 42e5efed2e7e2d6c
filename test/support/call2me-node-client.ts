/**
 * A client that makes requests the way Call2Me's Node SDK does (call2me-app/node-sdk src/index.js,
 * read with the search tool; our code, not theirs): global fetch, `Authorization: Bearer <key>` and
 * `Content-Type: application/json` on every request, query parameters that are null left out, a body
 * only when there is data, 204 read as `true`, and any other non-2xx thrown as
 * `Call2Me API Error <status>: <detail>` from the answer's `detail`.
 */
export class Call2MeNodeStyleClient {
  private readonly baseUrl: string;
  /** The status of the last answer: the SDK hides it behind the parsed body; a test reads it here. */
  lastStatus = 0;

  constructor(
    private readonly apiKey: string,
    baseUrl: string,
  ) {
    this.baseUrl = baseUrl.replace(/\/$/, '');
  }

  async request(method: string, path: string, body: unknown = null, params: Record<string, unknown> | null = null): Promise<unknown> {
    const url = new URL(`${this.baseUrl}${path}`);
    if (params) for (const [k, v] of Object.entries(params)) if (v != null) url.searchParams.set(k, String(v));
    const res = await fetch(url, {
      method,
      headers: { Authorization: `Bearer ${this.apiKey}`, 'Content-Type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    this.lastStatus = res.status;
    if (!res.ok) {
      const err = (await res.json().catch(() => ({ detail: res.statusText }))) as { detail?: unknown };
      throw new Call2MeApiError(res.status, `Call2Me API Error ${res.status}: ${typeof err.detail === 'string' ? err.detail : JSON.stringify(err)}`, err);
    }
    if (res.status === 204) return true;
    return res.json();
  }
}

export class Call2MeApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body: unknown,
  ) {
    super(message);
  }
}
