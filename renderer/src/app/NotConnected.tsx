export function NotConnected() {
  return (
    <main className="not-connected">
      <h1>Keyhole needs its launch link</h1>
      <p>
        This page talks to Keyhole with a token that is only in the link <code>keyhole web</code> printed when it started. Open that link, or restart{' '}
        <code>keyhole web</code> to get a new one.
      </p>
    </main>
  );
}
