// @vitest-environment jsdom
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createApplication } from '../../electron/application/keyhole-application';
import { createDispatch } from '../../electron/ipc/dispatch';
import { createHandlers } from '../../electron/ipc/handlers';
import { silentLogger } from '../../electron/platform/logger';
import { MintJwtForm } from '../../renderer/src/send/MintJwtForm';
import { ApiContext } from '../../renderer/src/api/api-context';
import { createKeyholeApi } from '../../shared/ipc/keyhole-api';
import { skipWithoutKeychain } from '../support/keychain';
import { openVault } from '../support/vault-harness';

afterEach(cleanup);

const key = (name: string, environmentId: string, secret: string) => ({
  name,
  providerId: 'call2me',
  environmentId,
  kind: 'api_key',
  scopes: ['read'],
  boundId: 'acme',
  secret,
});

describe.skipIf(skipWithoutKeychain)('Mint a test JWT', () => {
  it('never offers a live production key by default, nor a revoked one at all', async () => {
    const { services } = await openVault();
    // Added first, so the old default (the first key) was the production one.
    await services.vault.add(key('prod-signer', 'production', 'sk_call2me_live_productionSigner1'));
    await services.vault.add(key('old-test', 'staging', 'sk_call2me_test_revokedTestSigner'));
    await services.vault.revoke('old-test', 'test');
    const app = createApplication(services);
    const dispatch = createDispatch(createHandlers(app), silentLogger);
    const api = createKeyholeApi((channel, input) => dispatch(channel, input));
    const { unmount } = render(
      <ApiContext.Provider value={api}>
        <MintJwtForm />
      </ApiContext.Provider>,
    );
    const select = (await screen.findByLabelText('Signing key')) as HTMLSelectElement;
    await waitFor(() =>
      expect([...select.options].map((o) => o.textContent)).toEqual(['Choose a signing key', expect.stringMatching(/^prod-signer .* · live$/)]),
    );
    expect(select.value).toBe('');
    expect((screen.getByRole('button', { name: 'Mint and save' }) as HTMLButtonElement).disabled).toBe(true);
    unmount();

    // With a test key in the vault, it is the default.
    await services.vault.add(key('test-signer', 'staging', 'sk_call2me_test_stagingSigner0001'));
    render(
      <ApiContext.Provider value={api}>
        <MintJwtForm />
      </ApiContext.Provider>,
    );
    const again = (await screen.findByLabelText('Signing key')) as HTMLSelectElement;
    await waitFor(() => expect(again.selectedOptions[0]?.textContent).toMatch(/^test-signer /));
    // And the Node side refuses a revoked signer whatever the page sends.
    expect(await dispatch('jwt:mint', { signingCredential: 'old-test', claims: '{}', alg: 'HS256', expiresInSeconds: 60, name: 'x' })).toMatchObject({
      ok: false,
      error: { message: 'old-test is revoked: sign with an active key.' },
    });
  });
});
