/**
 * The path's query as rows of name and value, kept in step with the path: editing a row rewrites the
 * query, editing the path redraws the rows. Parameters keep their order and repeats.
 */
export function QueryGrid({ path, onPath }: { path: string; onPath: (path: string) => void }) {
  const at = path.indexOf('?');
  const base = at < 0 ? path : path.slice(0, at);
  const pairs = at < 0 ? [] : [...new URLSearchParams(path.slice(at + 1))];
  const write = (next: [string, string][]) => {
    const query = new URLSearchParams(next).toString();
    onPath(query ? `${base}?${query}` : base);
  };
  const change = (index: number, part: 0 | 1, value: string) =>
    write(pairs.map((pair, i) => (i === index ? (part === 0 ? [value, pair[1]] : [pair[0], value]) : pair)));
  return (
    <fieldset className="query-grid">
      <legend>Query parameters</legend>
      {pairs.map(([name, value], index) => (
        <div className="row" key={index}>
          <input aria-label={`Parameter ${index + 1} name`} value={name} onChange={(e) => change(index, 0, e.target.value)} spellCheck={false} />
          <input aria-label={`Parameter ${index + 1} value`} value={value} onChange={(e) => change(index, 1, e.target.value)} spellCheck={false} />
          <button
            type="button"
            className="link"
            aria-label={`Remove parameter ${name || index + 1}`}
            onClick={() => write(pairs.filter((_, i) => i !== index))}
          >
            Remove
          </button>
        </div>
      ))}
      <button type="button" className="link" onClick={() => write([...pairs, ['', '']])}>
        Add parameter
      </button>
    </fieldset>
  );
}
