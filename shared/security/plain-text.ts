import { z } from 'zod';

/**
 * Characters that rewrite a terminal or reorder what a reader sees: C0 and C1 controls (ESC starts
 * terminal escape sequences, CR overwrites a line) and the Unicode bidirectional overrides and
 * isolates (a "Trojan Source" name reads differently from what it is).
 */
// eslint-disable-next-line no-control-regex
const CONTROL_OR_BIDI = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
// eslint-disable-next-line no-control-regex
const CONTROL_OR_BIDI_EXCEPT_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const DISPLAY_UNSAFE = new RegExp(CONTROL_OR_BIDI_EXCEPT_LINES.source, 'g');

const where = (text: string, pattern: RegExp) => {
  const index = text.search(pattern);
  return `character ${index + 1} is U+${text.charCodeAt(index).toString(16).toUpperCase().padStart(4, '0')}, a control or bidirectional character`;
};

/** One line of text a person reads (a name, a label): no controls, no bidi overrides. */
export const plainLine = (max: number) =>
  z
    .string()
    .max(max)
    .superRefine((text, ctx) => {
      if (CONTROL_OR_BIDI.test(text)) ctx.addIssue({ code: 'custom', message: where(text, CONTROL_OR_BIDI) });
    });

/** Free text (notes, descriptions): new lines and tabs allowed, other controls and bidi overrides not. */
export const plainProse = (max: number) =>
  z
    .string()
    .max(max)
    .superRefine((text, ctx) => {
      if (CONTROL_OR_BIDI_EXCEPT_LINES.test(text)) ctx.addIssue({ code: 'custom', message: where(text, CONTROL_OR_BIDI_EXCEPT_LINES) });
    });

/** Text from data as one plain line: controls and bidi characters become spaces, runs of space one. */
export function toPlainLine(text: string, max: number): string {
  return text.replace(new RegExp(CONTROL_OR_BIDI.source, 'g'), ' ').replace(/\s+/g, ' ').trim().slice(0, max);
}

/** Text from data made safe to print in a terminal: controls and bidi characters shown as \u escapes. */
export function escapeForDisplay(text: string): string {
  return text.replace(DISPLAY_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
