import { InvalidArgumentError } from 'commander';

export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidArgumentError(`"${value}" is not a port number (0-65535).`);
  }
  return port;
}

/** A repeatable option's values in the order given (`--connect-to A --connect-to B`). */
export const collect = (value: string, previous: string[]): string[] => [...previous, value];
