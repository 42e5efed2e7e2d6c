/**
 * curl's `--connect-to HOST1:PORT1:HOST2:PORT2`: connections meant for HOST1:PORT1 go to HOST2:PORT2
 * instead, while the request (its Host, its TLS name and certificate check) still names HOST1. An
 * empty HOST1 or PORT1 matches any; an empty HOST2 or PORT2 keeps the original. IPv6 in brackets.
 */
export interface ConnectTo {
  host: string | null;
  port: number | null;
  toHost: string | null;
  toPort: number | null;
}

const PART = String.raw`(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9._-]*)`;
const PORT = String.raw`(\d{0,5})`;
const SPEC = new RegExp(`^${PART}:${PORT}:${PART}:${PORT}$`);

export function parseConnectTo(spec: string): ConnectTo {
  const match = spec.length <= 600 ? SPEC.exec(spec) : null;
  if (!match) throw new Error(`--connect-to "${spec.slice(0, 80)}" is not HOST1:PORT1:HOST2:PORT2 (curl's form; a part may be empty)`);
  const port = (text: string) => {
    if (text === '') return null;
    const value = Number(text);
    if (value < 1 || value > 65535) throw new Error(`--connect-to "${spec}": ${text} is not a port (1-65535)`);
    return value;
  };
  const host = (text: string) => (text === '' ? null : text.replace(/^\[|\]$/g, '').toLowerCase());
  return { host: host(match[1]!), port: port(match[2]!), toHost: host(match[3]!), toPort: port(match[4]!) };
}

/** Where a connection for host:port goes: the first rule that matches, as curl does. */
export function connectDestination(rules: readonly ConnectTo[], host: string, port: number): { host: string; port: number } {
  const name = host.toLowerCase();
  for (const rule of rules) {
    if ((rule.host === null || rule.host === name) && (rule.port === null || rule.port === port)) {
      return { host: rule.toHost ?? host, port: rule.toPort ?? port };
    }
  }
  return { host, port };
}
