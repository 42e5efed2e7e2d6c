export const sections = [
  { id: 'vault', label: 'Vault', shortcut: 'v', empty: 'Keys you add appear here, grouped by provider and environment.' },
  { id: 'send', label: 'Send', shortcut: 's', empty: 'Compose a signed test request and see why auth passes or fails.' },
  { id: 'traffic', label: 'Traffic', shortcut: 't', empty: 'Requests Keyhole sends or records through its proxy appear here.' },
  { id: 'rotations', label: 'Rotations', shortcut: 'r', empty: 'Rotate a key step by step: mint, deploy, verify traffic, revoke.' },
  { id: 'audit', label: 'Audit', shortcut: 'a', empty: 'Every create, reveal, copy and delete of a key is listed here.' },
  { id: 'settings', label: 'Settings', shortcut: ',', empty: '' },
] as const;

export type SectionId = (typeof sections)[number]['id'];

export function isSectionId(value: string): value is SectionId {
  return sections.some((section) => section.id === value);
}

/** The section in the URL fragment (`#settings`), so a reload keeps the user where they were. */
export function sectionFromLocation(hash: string): SectionId {
  const id = hash.replace(/^#/, '');
  return isSectionId(id) ? id : 'vault';
}
