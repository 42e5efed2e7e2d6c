import { spawn } from 'node:child_process';
import path from 'node:path';
import { AppError } from '../../shared/errors/app-error';
import type { Credential } from '../../shared/vault/credential';
import type { AuditRepository } from '../store/audit-repository';
import type { HistoryRepository } from '../store/history-repository';
import type { ProxyHost } from '../proxy/proxy-host';
import type { InterceptHost, InterceptStart } from '../intercept/intercept-host';
import type { RotationService } from '../rotation/rotation-service';
import type { BaseUrlResolver } from '../send/base-url';
import type { ProviderCatalog } from '../vault/provider-catalog';
import type { VaultService } from '../vault/vault-service';
import { newKeyOf } from '../../shared/rotation/rotation';
import { describeReference, type Reference } from './run-manifest';
import type { SecretShapes } from '../../shared/redaction/secret-shapes';
import type { ExchangePipeline } from '../redaction/exchange-pipeline';

export interface RunOptions {
  /** A recording proxy in front of each base URL the references name. */
  record: boolean;
  /** The intercepting proxy for the command's lifetime, its variables set in the command's environment. */
  intercept?: InterceptStart;
  /** Which manifest or .env file chose the keys. */
  source: string;
}

/** A reference that cannot be resolved: collected, so all of them are named at once. */
class Unresolved extends Error {}

export interface ResolvedVariable {
  name: string;
  reference: string;
  /** What may be shown: a fingerprint for a secret, the URL for a base URL. Never the secret. */
  shown: string;
  value: string;
  credential: Credential | null;
  /** For base URLs: the environment, so `--record` can put a proxy in front of it. */
  environment: { providerId: string; environmentId: string } | null;
}

export interface RunSummary {
  requests: number;
  refused: number;
  line: string;
}

interface Services {
  vault: VaultService;
  catalog: ProviderCatalog;
  baseUrl: BaseUrlResolver;
  proxies: ProxyHost;
  intercept: InterceptHost;
  rotations: RotationService;
  audit: AuditRepository;
  history: HistoryRepository;
  /** Its secret shapes, built once per catalog change, decide what a plain value may not be. */
  pipeline: ExchangePipeline;
}

/**
 * `keyhole run`: a command runs with secrets in its environment, resolved from references in memory.
 * Threat model: the secret goes from the keychain into the child's environment and nowhere else: not
 * argv (visible in ps), not a file, not Keyhole's logs or history. A reference that cannot be resolved
 * stops everything before the command starts, naming the variable.
 */
export class RunService {
  constructor(private readonly services: Services) {}

  /**
   * Every reference resolved, or one error naming every one that cannot be (not only the first), so
   * a manifest is fixed in one go. Nothing is started either way until all resolve.
   */
  async resolve(references: Map<string, Reference>, defaultEnvironment: string | undefined): Promise<ResolvedVariable[]> {
    const resolved: ResolvedVariable[] = [];
    const problems: string[] = [];
    const shapes = this.services.pipeline.rules().shapes;
    for (const [name, reference] of references) {
      try {
        resolved.push(await this.resolveOne(name, reference, defaultEnvironment, shapes));
      } catch (error) {
        if (!(error instanceof Unresolved)) throw error;
        problems.push(`${name} (${describeReference(reference)}): ${error.message}`);
      }
    }
    if (problems.length === 1) throw new AppError('INVALID_INPUT', `${problems[0]}. Nothing was started.`);
    if (problems.length > 1)
      throw new AppError('INVALID_INPUT', `${problems.length} references cannot be resolved, so nothing was started:\n  ${problems.join('\n  ')}`);
    return resolved;
  }

  private async resolveOne(name: string, reference: Reference, defaultEnvironment: string | undefined, shapes: SecretShapes): Promise<ResolvedVariable> {
    const fail = (why: string) => new Unresolved(why.replace(/\.$/, ''));
    if (reference.type === 'plain') {
      const secretShaped = shapes.matches(reference.value) || shapes.find(reference.value).length > 0;
      if (secretShaped && reference.secretShaped === 'refuse') {
        throw fail(
          'the value is shaped like a secret, and a keyhole.json holds references, not secrets: store it with `keyhole vault add ... --secret-stdin` and write vault:PROVIDER/ENV/NAME, or write plain:VALUE if it is not a secret',
        );
      }
      // A secret-shaped value is never shown, opted in or not.
      const shown = secretShaped ? '(plain value shaped like a secret: not shown)' : reference.value;
      return { name, reference: describeReference(reference), shown, value: reference.value, credential: null, environment: null };
    }
    // The provider first: `vault:foo/bar` names an unknown provider before it lacks an environment.
    if (!this.services.catalog.list().some((p) => p.id === reference.providerId)) {
      throw fail(
        `there is no provider "${reference.providerId}" (known: ${this.services.catalog
          .list()
          .map((p) => p.id)
          .join(', ')})`,
      );
    }
    const environmentId = reference.environmentId ?? defaultEnvironment;
    if (!environmentId) throw fail('the reference names no environment: add one, or pass --env');
    let profile;
    let environment;
    try {
      profile = this.services.catalog.get(reference.providerId);
      environment = this.services.catalog.environment(reference.providerId, environmentId);
    } catch (error) {
      throw fail((error as Error).message);
    }
    const shownRef = describeReference({ ...reference, environmentId });
    if (reference.type === 'baseurl') {
      const url = await this.services.baseUrl(profile, environment).catch((error: Error) => {
        throw fail(error.message);
      });
      return { name, reference: shownRef, shown: url, value: url, credential: null, environment: { providerId: profile.id, environmentId } };
    }
    const credential = this.services.vault.list({ providerId: profile.id, environmentId }).find((c) => c.name.toLowerCase() === reference.name.toLowerCase());
    if (!credential) throw fail(`no credential named ${reference.name} in ${profile.name} ${environment.label}`);
    if (credential.status === 'revoked') {
      const replacement = this.replacementOf(credential);
      throw fail(`${credential.name} was revoked${replacement ? `; it was replaced by ${replacement}: point the reference at it` : ''}`);
    }
    const secret = await this.services.vault.secretOf(credential).catch((error: Error) => {
      throw fail(error.message);
    });
    if (!secret) throw fail(`the secret of ${credential.name} is missing from the keychain`);
    return { name, reference: shownRef, shown: `fingerprint ${credential.fingerprint}`, value: secret, credential, environment: null };
  }

  /**
   * Runs the command with the variables set; with `record`, a recording proxy in front of each
   * environment a base URL names, for the command's lifetime. Resolves with the child's exit code
   * (128 + signal number when a signal ended it). Signals sent to Keyhole are passed on.
   */
  async run(variables: ResolvedVariable[], command: string, args: string[], options: RunOptions): Promise<{ code: number; summary: RunSummary | null }> {
    const startedAt = new Date().toISOString();
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const variable of variables) env[variable.name] = variable.value;
    if (options.intercept) {
      // Over the machine's own proxy and CA variables: a global REQUESTS_CA_BUNDLE would otherwise win.
      const intercept = await this.services.intercept.start(options.intercept);
      Object.assign(env, intercept.environment);
    }
    if (options.record) {
      for (const variable of variables) {
        if (!variable.environment) continue;
        const proxy = await this.services.proxies.start(variable.environment.providerId, variable.environment.environmentId);
        env[variable.name] = proxy.listen;
      }
    }
    const used = variables.flatMap((v) => (v.credential ? [{ name: v.name, credential: v.credential }] : []));
    for (const credential of new Set(used.map((v) => v.credential))) {
      const names = used.filter((v) => v.credential === credential).map((v) => v.name);
      this.services.audit.append({
        action: 'run',
        credentialId: credential.id,
        credentialName: credential.name,
        fingerprint: credential.fingerprint,
        detail: `ran ${path.basename(command)} with ${names.join(', ')}${options.record ? ', recorded' : ''}${options.intercept ? ', intercepted' : ''}`,
      });
    }

    this.tickManifestTargets(
      used.map((v) => v.credential),
      options.source,
    );

    let child;
    try {
      child = spawn(command, args, { stdio: 'inherit', env });
    } catch (error) {
      if (options.intercept) await this.services.intercept.stop();
      throw error;
    }
    const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
    const handlers = (['SIGINT', 'SIGTERM', 'SIGHUP'] as const).map((signal) => [signal, forward(signal)] as const);
    for (const [signal, handler] of handlers) process.on(signal, handler);
    const code = await new Promise<number>((resolve, reject) => {
      child.once('error', (error) =>
        reject(new AppError('INVALID_INPUT', `Cannot run ${command}: ${(error as NodeJS.ErrnoException).code ?? error.message}.`)),
      );
      child.once('exit', (exitCode, signal) => resolve(exitCode ?? 128 + (signal ? signalNumber(signal) : 0)));
    }).finally(async () => {
      for (const [signal, handler] of handlers) process.off(signal, handler);
      if (options.intercept) await this.services.intercept.stop();
    });
    if (!options.record && !options.intercept) return { code, summary: null };
    for (const proxy of this.services.proxies.list()) await this.services.proxies.stop(proxy.providerId, proxy.environmentId);
    const sources = [...(options.record ? (['proxy'] as const) : []), ...(options.intercept ? (['intercept'] as const) : [])];
    return { code, summary: this.summary(startedAt, sources) };
  }

  /** One line: `12 requests, 2 refused: SCOPE_MISSING write on POST /v1/agents (svc-main)`. */
  private summary(since: string, sources: readonly ('proxy' | 'intercept')[]): RunSummary {
    const exchanges = sources.flatMap((source) => this.services.history.query({ source, since, limit: 10_000 }));
    const refused = exchanges.filter((e) => (e.response?.status ?? 0) >= 400 || e.response === null);
    const names = new Map(this.services.vault.list().map((c) => [c.id, c.name]));
    const reasons = [
      ...new Set(
        refused.map((e) => {
          const finding = e.findings[0];
          const who = e.credentialId ? names.get(e.credentialId) : 'unknown key';
          return `${finding ? `${finding.code}${finding.requiredScope ? ` ${finding.requiredScope}` : ''}` : `HTTP ${e.response?.status ?? 'no answer'}`} on ${e.request.method} ${e.path} (${who})`;
        }),
      ),
    ];
    const line = `${exchanges.length} ${exchanges.length === 1 ? 'request' : 'requests'}, ${refused.length} refused${reasons.length ? `: ${reasons.slice(0, 3).join('; ')}${reasons.length > 3 ? `; and ${reasons.length - 3} more` : ''}` : ''}`;
    return { requests: exchanges.length, refused: refused.length, line };
  }

  /** A rotation waiting for deployment of a key this run uses: the manifest is a target, now deployed. */
  private tickManifestTargets(credentials: Credential[], source: string): void {
    for (const credential of new Set(credentials)) {
      const rotation = this.services.rotations.list().find((r) => r.step === 'deploy' && r.newCredentialId === credential.id);
      const target = `manifest ${source}`;
      if (!rotation || rotation.targets.some((t) => t.name === target && t.deployedAt)) continue;
      this.services.rotations.deploy(rotation.id, target, `keyhole run used ${credential.name}`);
    }
  }

  private replacementOf(credential: Credential): string | null {
    const replacement = this.services.rotations
      .list()
      .filter((r) => r.credentialId === credential.id)
      .map(newKeyOf)
      .find((id) => id !== null);
    const fresh = replacement ? this.services.vault.find(replacement) : undefined;
    return fresh?.name ?? null;
  }
}

function signalNumber(signal: NodeJS.Signals): number {
  return ({ SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15 } as Record<string, number>)[signal] ?? 0;
}
