import { count } from '../../../shared/text/words';
import type { Command } from 'commander';
import { ROTATION_STEPS, stepDone, type ChecklistStep, type Rotation } from '../../../shared/rotation/rotation';
import type { CliContext } from '../cli-context';
import { parseInput, readStdin, splitList, withApp } from '../open-services';

const MARK = (done: boolean) => (done ? '[x]' : '[ ]');

/** What each checklist step shows, from the facts the rotation has at its step. */
function stepDetail(r: Rotation, step: ChecklistStep): string {
  const minted = r.step === 'mint' ? null : r.minted;
  const evidence = r.step === 'revoke' || r.step === 'completed' || r.step === 'aborted' ? r.evidence : null;
  switch (step) {
    case 'mint':
      return minted ? `${minted.via} at ${minted.at}` : r.step === 'mint' && r.pendingCredentialId ? 'requested; not confirmed saved (mint again is safe)' : '';
    case 'deploy':
      return r.targets.map((t) => `${t.deployedAt ? '✓' : '·'} ${t.name}${t.note ? ` (${t.note})` : ''}`).join(', ');
    case 'verify':
      return evidence
        ? `${count(evidence.newKey.count, 'request')} on the new key (${evidence.newKey.routes.join(', ')}); old key last seen ${evidence.oldKey.lastSeen ?? 'never'}`
        : '';
    case 'revoke':
      return r.step === 'completed'
        ? `${r.revoked.via}${r.revoked.oldKeyCheckStatus ? `, old key now gets HTTP ${r.revoked.oldKeyCheckStatus}` : ''}${r.revoked.override ? `, override: ${r.revoked.override.reason}` : ''}`
        : '';
  }
}

/** The four steps as a checklist, with the evidence and what blocks the next one. */
function checklist(r: Rotation): string {
  const lines = [
    `${r.id}  ${r.credentialName} -> ${r.plan.name}  (${r.providerId}/${r.environmentId})  step: ${r.step}`,
    ...ROTATION_STEPS.map((step) => `  ${MARK(stepDone(r, step))} ${step.padEnd(8)} ${stepDetail(r, step)}`.trimEnd()),
  ];
  if (r.step === 'aborted') lines.push(`  aborted at ${r.aborted.at}: ${r.aborted.reason}${r.aborted.newKeyRevoked ? ' (new key revoked)' : ''}`);
  return lines.join('\n');
}

export function registerRotate(program: Command, context: CliContext): void {
  const rotate = program.command('rotate').description('guided key rotation: start, mint, deploy, verify, revoke (or abort)');
  const show = (rotation: Rotation, json?: boolean) => context.print(json ? JSON.stringify(rotation, null, 2) : checklist(rotation));

  rotate
    .command('start')
    .description('start rotating a credential; proposes a name like prod-2026-q2 and the same scopes')
    .requiredOption('--credential <nameOrId>')
    .option('--name <name>', 'name of the new key')
    .option('--scopes <list>', 'comma-separated scopes for the new key (default: the same as the old one)', splitList)
    .option('--quiet-minutes <n>', 'old-key traffic this recent blocks revoking without --force (default 15)')
    .option('--json', 'print JSON')
    .action(async (o: { credential: string; name?: string; scopes?: string[]; quietMinutes?: string; json?: boolean }) => {
      const input = parseInput(
        'rotation:start',
        { credential: o.credential, name: o.name, scopes: o.scopes, ...(o.quietMinutes ? { quietMinutes: Number(o.quietMinutes) } : {}) },
        { quietMinutes: '--quiet-minutes', name: '--name', scopes: '--scopes' },
      );
      await withApp(context, async (app) => show(await app.rotations.start(input), o.json));
    });

  rotate
    .command('mint')
    .description("mint the new key through the provider's API, or store one minted elsewhere (--secret-stdin)")
    .requiredOption('--id <rotation>')
    .option('--secret-stdin', 'read the new secret from standard input')
    .option('--json', 'print JSON')
    .action(async (o: { id: string; secretStdin?: boolean; json?: boolean }) => {
      const secret = o.secretStdin ? (await readStdin(context.stdin)).trim() : undefined;
      const input = parseInput('rotation:mint', { id: o.id, secret }, { secret: 'the secret on standard input' });
      await withApp(context, async (app) => show(await app.rotations.mint(input), o.json));
    });

  rotate
    .command('deploy')
    .description('tick off a deployment target (added to the checklist if new)')
    .requiredOption('--id <rotation>')
    .requiredOption('--target <name>')
    .option('--note <text>', 'a note kept with the tick', '')
    .option('--plan', 'only add the target to the checklist, not yet deployed')
    .option('--json', 'print JSON')
    .action(async (o: { id: string; target: string; note: string; plan?: boolean; json?: boolean }) => {
      await withApp(context, async (app) =>
        show(
          o.plan
            ? await app.rotations.addTarget(
                parseInput('rotation:add-target', { id: o.id, target: o.target, note: o.note }, { target: '--target', note: '--note' }),
              )
            : await app.rotations.deploy(parseInput('rotation:deploy', { id: o.id, target: o.target, note: o.note }, { target: '--target', note: '--note' })),
          o.json,
        ),
      );
    });

  rotate
    .command('manifests')
    .description(
      'list the keyhole.json manifests under a folder that point at the old key, add each to the checklist, and with --repoint rename their references to the new key',
    )
    .requiredOption('--id <rotation>')
    .option('--dir <folder>', 'where to look (default: the current folder)', '.')
    .option('--repoint', 'rewrite the references (names only: no secret ever goes into a manifest)')
    .option('--json', 'print JSON')
    .action(async (o: { id: string; dir: string; repoint?: boolean; json?: boolean }) => {
      await withApp(context, (app) => {
        const uses = app.rotations.manifests({ id: o.id, dir: o.dir, repoint: Boolean(o.repoint) });
        if (o.json) return context.print(JSON.stringify(uses, null, 2));
        context.print(
          uses.length === 0
            ? 'No keyhole.json here references the old key.'
            : uses.map((u) => `${u.file}: ${u.variables.join(', ')}${u.repointed ? ' (repointed)' : ''}`).join('\n'),
        );
      });
    });

  rotate
    .command('verify')
    .description('pass once traffic authenticated with the new key has been seen (exits non-zero with the reason until then)')
    .requiredOption('--id <rotation>')
    .option('--json', 'print JSON')
    .action(async (o: { id: string; json?: boolean }) => {
      await withApp(context, async (app) => show(await app.rotations.verify({ id: o.id }), o.json));
    });

  rotate
    .command('revoke')
    .description("revoke the old key (provider's API and a 401 check, or --confirmed after revoking it yourself)")
    .requiredOption('--id <rotation>')
    .option('--force', 'revoke although the old key still carries traffic (needs --reason)')
    .option('--reason <text>', 'why forcing is safe; kept in the audit log')
    .option('--confirmed', 'you revoked the old key in the provider yourself')
    .option('--json', 'print JSON')
    .action(async (o: { id: string; force?: boolean; reason?: string; confirmed?: boolean; json?: boolean }) => {
      if (o.force && !o.reason) throw new Error('--force needs --reason "why revoking now is safe".');
      const input = parseInput('rotation:revoke', { id: o.id, override: o.force ? o.reason : undefined, confirmed: o.confirmed }, { override: '--reason' });
      await withApp(context, async (app) => show(await app.rotations.revoke(input), o.json));
    });

  rotate
    .command('abort')
    .description('stop before revoking: the new key is revoked again and dropped; the old one stays')
    .requiredOption('--id <rotation>')
    .option('--reason <text>', 'kept in the audit log', 'aborted with keyhole rotate abort')
    .option('--revoke-myself', "end it even if the provider cannot revoke the new key: you revoke it in the provider's console (audited)")
    .option('--json', 'print JSON')
    .action(async (o: { id: string; reason: string; revokeMyself?: boolean; json?: boolean }) => {
      const input = parseInput('rotation:abort', { id: o.id, reason: o.reason, revokeMyself: o.revokeMyself }, { reason: '--reason' });
      await withApp(context, async (app) => show(await app.rotations.abort(input), o.json));
    });

  rotate
    .command('policy')
    .description('rotation age per environment (keys older than it are due); without options, prints it')
    .option('--env <id>', 'environment id, e.g. production')
    .option('--days <n>', 'rotate keys older than this many days (0: never remind)')
    .option('--json', 'print JSON')
    .action(async (o: { env?: string; days?: string; json?: boolean }) => {
      if ((o.env === undefined) !== (o.days === undefined)) throw new Error('Give both --env and --days, or neither to print the policy.');
      const days = o.days === undefined ? undefined : Number(o.days);
      if (days !== undefined && (!Number.isInteger(days) || days < 0))
        throw new Error(`--days: "${o.days}" is not a whole number of days (0 turns reminders off).`);
      const change =
        o.env === undefined
          ? null
          : parseInput('rotation:set-policy', { environmentId: o.env, maxAgeDays: days === 0 ? null : days }, { environmentId: '--env', maxAgeDays: '--days' });
      await withApp(context, (app) => {
        const policy = change ? app.rotations.setPolicy(change) : app.rotations.policy();
        context.print(
          o.json
            ? JSON.stringify(policy)
            : Object.entries(policy)
                .map(([env, d]) => `${env}: ${d === null ? 'no reminder' : `every ${d} days`}`)
                .join('\n'),
        );
      });
    });

  rotate
    .command('status')
    .description('one rotation, or all of them and the keys due for rotation')
    .option('--id <rotation>')
    .option('--json', 'print JSON')
    .action(async (o: { id?: string; json?: boolean }) => {
      await withApp(context, (app) => {
        if (o.id) return show(app.rotations.get({ id: o.id }), o.json);
        const { rotations, due: dueKeys } = app.rotations.overview();
        const due = dueKeys.map((d) => ({ credential: d.credentialName, environment: d.environmentId, ageDays: d.ageDays, maxAgeDays: d.maxAgeDays }));
        if (o.json) return context.print(JSON.stringify({ rotations, due }, null, 2));
        context.print(
          [
            ...(rotations.length ? rotations.map(checklist) : ['No rotations yet.']),
            ...due.map((d) => `due: ${d.credential} (${d.environment}) is ${d.ageDays} days old; rotate every ${d.maxAgeDays} days`),
          ].join('\n'),
        );
      });
    });
}
