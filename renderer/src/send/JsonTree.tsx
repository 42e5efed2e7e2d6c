/**
 * A JSON body as a tree: every object and array folds (native <details>, so Enter and Space toggle it
 * from the keyboard and screen readers announce it expanded or collapsed), keys and values are
 * coloured by type, and the text reads as the pretty-printed JSON. Very large bodies are not drawn
 * node by node: the caller shows them as text.
 */
export const JSON_TREE_NODE_LIMIT = 5_000;
const JSON_TREE_DEPTH_LIMIT = 100;

/**
 * Whether a parsed document is small enough to draw as a tree: at most `limit` values and 100 levels
 * deep. Counting stops at the first value past either bound, so a hostile body costs no more.
 */
export function drawableAsTree(value: unknown, limit = JSON_TREE_NODE_LIMIT): boolean {
  let count = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [next, depth] = stack.pop()!;
    if (++count > limit || depth > JSON_TREE_DEPTH_LIMIT) return false;
    if (next === null || typeof next !== 'object') continue;
    const children = Array.isArray(next) ? (next as unknown[]) : Object.values(next);
    if (count + children.length > limit) return false;
    for (const child of children) stack.push([child, depth + 1]);
  }
  return true;
}

export function JsonTree({ value }: { value: unknown }) {
  return (
    <div className="json-tree code" data-testid="response-body">
      <JsonNode value={value} last />
    </div>
  );
}

function JsonNode({ name, value, last }: { name?: string; value: unknown; last: boolean }) {
  const label = name === undefined ? null : <span className="json-key">{JSON.stringify(name)}</span>;
  const comma = last ? '' : ',';
  if (value === null || typeof value !== 'object') {
    return (
      <div>
        {label}
        {label && ': '}
        <span className={`json-${value === null ? 'null' : typeof value}`}>{JSON.stringify(value)}</span>
        {comma}
      </div>
    );
  }
  const isArray = Array.isArray(value);
  const entries: [string, unknown][] = isArray ? value.map((item, i) => [String(i), item]) : Object.entries(value);
  const [open, close] = isArray ? ['[', ']'] : ['{', '}'];
  if (entries.length === 0) {
    return (
      <div>
        {label}
        {label && ': '}
        {open}
        {close}
        {comma}
      </div>
    );
  }
  const count = isArray
    ? `${entries.length.toLocaleString()} ${entries.length === 1 ? 'item' : 'items'}`
    : `${entries.length.toLocaleString()} ${entries.length === 1 ? 'key' : 'keys'}`;
  return (
    <details open className="json-node">
      <summary data-close={`${close}${comma}`}>
        {label}
        {label && ': '}
        {open}
        <span className="json-count"> {count}</span>
      </summary>
      <div className="json-children">
        {entries.map(([key, item], i) => (
          <JsonNode key={key} name={isArray ? undefined : key} value={item} last={i === entries.length - 1} />
        ))}
      </div>
      <div>
        {close}
        {comma}
      </div>
    </details>
  );
}
