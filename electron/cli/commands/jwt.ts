import type { Command } from 'commander';
import type { CliContext } from '../cli-context';
import { parseInput, readFile, readStdin, readValue, withApp } from '../open-services';
import type { JwtKeyInput } from '../../../shared/diagnosis/jwt-inspection';

interface InspectOptions {
  secretStdin?: boolean;
  secretFile?: string;
  jwks?: string;
  key?: string;
  json?: boolean;
}

export function registerJwt(program: Command, context: CliContext): void {
  const jwt = program.command('jwt').description('JWT tools');
  jwt
    .command('inspect <token>')
    .description(
      'decode a JWT (- reads it from stdin, @FILE from a file: a token as an argument is visible in ps) and verify it with a secret, key file or JWKS URL',
    )
    .option('--secret-stdin', 'read an HMAC secret from stdin (then give the token as @FILE)')
    .option('--secret-file <file>', 'read an HMAC secret from a file')
    .option('--jwks <url>', 'verify against a JWKS URL')
    .option('--key <file>', 'verify with a PEM public key, certificate, JWK or JWK set')
    .option('--json', 'print {header, payload, signature, expired, findings}')
    .action(async (tokenArg: string, options: InspectOptions) => {
      if ([options.secretStdin, options.secretFile, options.jwks, options.key].filter(Boolean).length > 1)
        throw new Error('give at most one of --secret-stdin, --secret-file, --jwks, --key');
      if (tokenArg === '-' && options.secretStdin) throw new Error('stdin cannot carry both the token and the secret: give the token as @FILE');
      const token = (await readValue(tokenArg, 'token', context.stdin)).trim();
      let key: JwtKeyInput = { type: 'none' };
      if (options.secretStdin) key = { type: 'secret', value: (await readStdin(context.stdin)).replace(/\r?\n$/, '') };
      if (options.secretFile) key = { type: 'secret', value: await readValue(`@${options.secretFile}`, '--secret-file') };
      if (options.jwks) key = { type: 'jwks-url', value: options.jwks };
      if (options.key) key = { type: 'pem-or-jwk', value: readFile(options.key) };
      const input = parseInput(
        'jwt:inspect',
        { token, key },
        { token: '<token>', 'key.value': options.jwks ? '--jwks' : options.key ? '--key' : 'the secret' },
      );
      const { inspectPastedJwt } = await import('../../application/tools-application');
      const result = await inspectPastedJwt(input, { via: 'terminal' });
      if (options.json) return context.print(JSON.stringify(result, null, 2));
      const { exp, nbf, iat } = result.times;
      context.print(
        [
          `header:    ${JSON.stringify(result.header)}`,
          `payload:   ${JSON.stringify(result.payload)}`,
          ...[['exp', exp] as const, ['nbf', nbf] as const, ['iat', iat] as const]
            .filter(([, t]) => t)
            .map(([n, t]) => `${n}:       ${t!.at} (${t!.relative})`),
          `signature: ${result.signature.verified === null ? 'not checked (no key)' : result.signature.verified ? 'verified' : `NOT verified: ${result.signature.reason}`}`,
          `expired:   ${result.expired === null ? 'no exp claim' : result.expired ? 'yes' : 'no'}`,
          ...result.findings.map((f) => `${f.severity}: ${f.message}`),
        ].join('\n'),
      );
    });

  jwt
    .command('mint')
    .description('sign a test JWT with a vault credential (HS256 secret, or a private key for RS256/ES256/EdDSA)')
    .requiredOption('--credential <nameOrId>', 'the vault credential holding the signing key')
    .requiredOption('--claims <json>', 'the claims, a JSON object')
    .option('--alg <alg>', 'HS256, RS256, ES256 or EdDSA', 'HS256')
    .option('--expires-in <seconds>', 'set exp this many seconds from now')
    .option('--json', 'print {"token"}')
    .action(async (options: { credential: string; claims: string; alg: string; expiresIn?: string; json?: boolean }) => {
      const expiresIn = options.expiresIn === undefined ? null : Number(options.expiresIn);
      const { name: _name, ...input } = parseInput(
        'jwt:mint',
        { signingCredential: options.credential, claims: options.claims, alg: options.alg, expiresInSeconds: expiresIn, name: 'printed' },
        { alg: '--alg', expiresInSeconds: '--expires-in', claims: '--claims', signingCredential: '--credential' },
      );
      await withApp(context, async (app) => {
        const token = await app.tools.signJwt(input);
        context.print(options.json ? JSON.stringify({ token }) : token);
      });
    });
}
