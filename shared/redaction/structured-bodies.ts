import { Kind, parse, print, visit, type ASTNode } from 'graphql';
import { SaxesParser } from 'saxes';
import { isSecretName } from './secret-names';

/**
 * The formats a secret hides in besides JSON and forms, each read by a real parser: XML (saxes, the
 * tokenizer jsdom uses), GraphQL documents (graphql's own parser and printer) and multipart bodies.
 * Each function returns the body with secrets replaced through `replace`, or null when the text is
 * not that format (the caller then treats it as text). `judge` decides an ordinary value: it returns
 * the value redacted (shapes, nested encodings) or unchanged.
 */
export interface Redact {
  replace: (secret: string) => string;
  judge: (value: string) => string;
}

const xmlEscape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const attrEscape = (text: string) => xmlEscape(text).replace(/"/g, '&quot;');

/**
 * XML: the text of an element named like a secret (`<password>`), an attribute named like one
 * (`token="..."`), and secret-shaped text anywhere. Values are replaced where they stand in the
 * source, so the document keeps its shape.
 */
export function redactXml(body: string, redact: Redact): string | null {
  if (!body.trimStart().startsWith('<')) return null;
  const secrets = new Set<string>();
  const texts: string[] = [];
  const open: string[] = [];
  const parser = new SaxesParser({ xmlns: false });
  let failed = false;
  parser.on('error', () => (failed = true));
  parser.on('opentag', (tag) => {
    open.push(tag.name);
    for (const [name, value] of Object.entries(tag.attributes as Record<string, string>)) {
      if (value !== '' && isSecretName(localName(name))) secrets.add(value);
      else if (value !== '') texts.push(value);
    }
  });
  parser.on('closetag', () => open.pop());
  parser.on('text', (text) => {
    const value = text.trim();
    if (value === '') return;
    if (open.length > 0 && isSecretName(localName(open[open.length - 1]!))) secrets.add(value);
    else texts.push(value);
  });
  parser.on('cdata', (text) => (open.length > 0 && isSecretName(localName(open[open.length - 1]!)) ? secrets.add(text) : texts.push(text)));
  try {
    parser.write(body).close();
  } catch {
    return null;
  }
  if (failed) return null;
  let out = body;
  const swap = (value: string, replacement: string) => {
    for (const form of new Set([value, xmlEscape(value), attrEscape(value)])) {
      out = out.split(`>${form}<`).join(`>${replacement}<`).split(`"${form}"`).join(`"${replacement}"`).split(`'${form}'`).join(`'${replacement}'`);
      out = out.split(`<![CDATA[${form}]]>`).join(`<![CDATA[${replacement}]]>`);
    }
  };
  for (const secret of secrets) swap(secret, attrEscape(redact.replace(secret)));
  for (const text of texts) {
    const judged = redact.judge(text);
    if (judged !== text) swap(text, attrEscape(judged));
  }
  return out;
}

const localName = (name: string) => name.slice(name.indexOf(':') + 1);

/**
 * A GraphQL document: string arguments and input-object fields named like a secret
 * (`login(password: "...")`, `input: {apiKey: "..."}`), and secret-shaped strings anywhere, printed
 * back by graphql's own printer. Null when the text does not parse as GraphQL.
 */
export function redactGraphql(document: string, redact: Redact): string | null {
  if (!/^\s*(?:query|mutation|subscription|fragment|\{)/.test(document)) return null;
  let ast: ASTNode;
  try {
    ast = parse(document, { noLocation: true, maxTokens: 10_000 });
  } catch {
    return null;
  }
  let changed = false;
  const secretAt = (ancestors: readonly unknown[], key: string | number | undefined, parent: unknown): boolean => {
    const holder = Array.isArray(parent) ? ancestors[ancestors.length - 1] : parent;
    const named = holder as { kind?: string; name?: { value: string } } | undefined;
    return (named?.kind === Kind.ARGUMENT || named?.kind === Kind.OBJECT_FIELD) && isSecretName(named.name!.value) && key === 'value';
  };
  const redacted = visit(ast, {
    StringValue(node, key, parent, _path, ancestors) {
      const value = secretAt(ancestors, key, parent) ? redact.replace(node.value) : redact.judge(node.value);
      if (value === node.value) return undefined;
      changed = true;
      return { ...node, value };
    },
  });
  return changed ? print(redacted) : document;
}

/** `multipart/form-data; boundary=...`: each part by its field name, its content judged otherwise. */
export function redactMultipart(body: string, contentType: string, redact: Redact): string | null {
  const boundary = /boundary="?([^";,]{1,200})"?/i.exec(contentType)?.[1];
  if (!boundary || !/^multipart\//i.test(contentType.trim())) return null;
  const delimiter = `--${boundary}`;
  const parts = body.split(delimiter);
  if (parts.length < 3) return null;
  return parts
    .map((part, index) => {
      if (index === 0 || part.startsWith('--')) return part;
      const split = part.indexOf('\r\n\r\n') !== -1 ? part.indexOf('\r\n\r\n') + 4 : part.indexOf('\n\n') !== -1 ? part.indexOf('\n\n') + 2 : -1;
      if (split === -1) return part;
      const headers = part.slice(0, split);
      const ending = /\r?\n$/.exec(part)?.[0] ?? '';
      const content = part.slice(split, part.length - ending.length);
      const name = /\bname="([^"]*)"/i.exec(headers)?.[1] ?? '';
      const redacted = content !== '' && isSecretName(name) ? redact.replace(content) : redact.judge(content);
      return `${headers}${redacted}${ending}`;
    })
    .join(delimiter);
}
