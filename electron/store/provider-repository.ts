import { prepared } from './prepared';
import type { Database } from 'better-sqlite3';
import type { EnvironmentProfile, ProviderProfileInput } from '../../shared/providers/provider-profile';

export interface EnvironmentRow extends EnvironmentProfile {
  providerId: string;
}

/** Imported provider profiles and user environment settings. */
export class ProviderRepository {
  constructor(private readonly db: Database) {}

  customProfiles(): unknown[] {
    return (prepared(this.db, 'SELECT profile FROM custom_providers ORDER BY id').all() as { profile: string }[]).map(
      (row) => JSON.parse(row.profile) as unknown,
    );
  }

  saveCustomProfile(profile: ProviderProfileInput, at: string): void {
    this.db
      .prepare(
        `INSERT INTO custom_providers (id, profile, imported_at) VALUES (?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET profile = excluded.profile, imported_at = excluded.imported_at`,
      )
      .run(profile.id, JSON.stringify(profile), at);
  }

  environments(): EnvironmentRow[] {
    return (
      prepared(this.db, 'SELECT provider_id, environment_id, label, base_url, live FROM environments ORDER BY provider_id, environment_id').all() as {
        provider_id: string;
        environment_id: string;
        label: string;
        base_url: string | null;
        live: number;
      }[]
    ).map((r) => ({ providerId: r.provider_id, id: r.environment_id, label: r.label, baseUrl: r.base_url, live: r.live === 1 }));
  }

  deleteEnvironment(providerId: string, environmentId: string): void {
    prepared(this.db, 'DELETE FROM environments WHERE provider_id = ? AND environment_id = ?').run(providerId, environmentId);
  }

  saveEnvironment(row: EnvironmentRow): void {
    this.db
      .prepare(
        `INSERT INTO environments (provider_id, environment_id, label, base_url, live) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(provider_id, environment_id) DO UPDATE SET label = excluded.label, base_url = excluded.base_url, live = excluded.live`,
      )
      .run(row.providerId, row.id, row.label, row.baseUrl, row.live ? 1 : 0);
  }
}
