export function NotConnected() {
  return (
    <main className="not-connected">
      <h1>Keyhole needs its launch link</h1>
      <p>
        This page talks to Keyhole with a token that is only in the link printed when it started (by <code>keyhole web</code>, or <code>npm start</code>
        without the desktop runtime). Open that link, or start it again to get a new one.
      </p>
    </main>
  );
}
