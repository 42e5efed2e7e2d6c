import { AppError } from '../../shared/errors/app-error';
import type { KeyholeServices } from './services';
import { diagnosePasted } from '../exchange-import/diagnose-pasted';
import { exchangeFromRawHttp } from '../exchange-import/raw-http';
import type { AppEvents } from './app-events';
import { PAGE, type Caller, type In, type Out } from './types';

/**
 * A pasted JWT decoded and, given a key, verified: needs no vault, so the CLI runs it without opening
 * one. `caller` decides which JWKS URLs may be fetched (jwt/inspect-jwt.ts).
 */
export async function inspectPastedJwt({ token, key }: In<'jwt:inspect'>, caller: Caller = PAGE): Promise<Out<'jwt:inspect'>> {
  // jose loads with the first JWT, not with every command.
  const { inspectJwt, keyFromFile } = await import('../jwt/inspect-jwt');
  return inspectJwt(
    token.trim(),
    key.type === 'none'
      ? null
      : key.type === 'secret'
        ? { secret: key.value }
        : key.type === 'jwks-url'
          ? { jwksUrl: key.value }
          : keyFromFile(key.value, 'the key'),
    new Date(),
    caller.via,
  );
}

/** What this area uses of the services. */
export type ToolsServices = Pick<KeyholeServices, 'catalog' | 'pipeline' | 'vault'>;

/** Support tools: diagnose what a customer pasted, inspect and mint JWTs. */
export function toolsApplication(services: ToolsServices, events: AppEvents) {
  const sign = async ({ signingCredential, claims, alg, expiresInSeconds }: Omit<In<'jwt:mint'>, 'name'>) => {
    const signer = services.vault.get(signingCredential);
    if (signer.status !== 'active') throw new AppError('INVALID_INPUT', `${signer.name} is ${signer.status.replace('_', ' ')}: sign with an active key.`);
    const { mintJwt, parseClaims } = await import('../jwt/mint-jwt');
    return { signer, token: await mintJwt(await services.vault.secretOf(signer), parseClaims(claims), alg, expiresInSeconds) };
  };
  return {
    /** `source` names the file in errors (the CLI reads files; the page pastes). */
    diagnosePaste: async (
      { format, text, status, responseBody, responseHeaders }: In<'diagnose:paste'>,
      caller: Caller = PAGE,
    ): Promise<Out<'diagnose:paste'>> => {
      const source = caller.source ?? 'the HAR file';
      // curlconverter (a WebAssembly shell parser) loads when something is pasted, not with every command.
      const { exchangeFromCurl, exchangesFromHar } = await import('../exchange-import/pasted-exchanges');
      const exchanges = format === 'har' ? exchangesFromHar(text, source) : [format === 'curl' ? exchangeFromCurl(text) : exchangeFromRawHttp(text)];
      const [first] = exchanges;
      if (format === 'curl' && status !== undefined && first) first.response = { status, headers: responseHeaders, body: responseBody };
      return diagnosePasted(exchanges, services.catalog.list(), new Date(), services.pipeline);
    },
    inspectJwt: inspectPastedJwt,
    /** The page's mint: the token goes straight into the vault; the page gets its metadata, never the token. */
    mintJwt: async (input: In<'jwt:mint'>): Promise<Out<'jwt:mint'>> => {
      const { signer, token } = await sign(input);
      const saved = await services.vault.add(
        {
          name: input.name,
          providerId: signer.providerId,
          environmentId: signer.environmentId,
          kind: 'jwt',
          boundId: signer.boundId,
          notes: `Test JWT minted with ${signer.name} (${input.alg}).`,
          expiresAt: input.expiresInSeconds === null ? null : new Date(Date.now() + input.expiresInSeconds * 1000).toISOString(),
          secret: token,
        },
        services.vault.newId(),
        signer,
      );
      events.emit({ type: 'vault:changed' });
      return saved;
    },
    /** The terminal's mint: the user asked for the token on standard output. */
    signJwt: async (input: Omit<In<'jwt:mint'>, 'name'>): Promise<string> => (await sign(input)).token,
  };
}
export type ToolsApplication = ReturnType<typeof toolsApplication>;
