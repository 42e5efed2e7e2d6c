export const sections = [
  { id: 'vault', label: 'Vault', shortcut: 'v' },
  { id: 'send', label: 'Send', shortcut: 's' },
  { id: 'traffic', label: 'Traffic', shortcut: 't' },
  { id: 'rotations', label: 'Rotations', shortcut: 'r' },
  { id: 'audit', label: 'Audit', shortcut: 'a' },
  { id: 'settings', label: 'Settings', shortcut: ',' },
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
