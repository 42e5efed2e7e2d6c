export function EphemeralBanner() {
  return (
    <div className="banner warning" role="status" data-testid="ephemeral-banner">
      Secrets are kept in memory only: they will be gone when Keyhole quits. Nothing is written to disk instead.
    </div>
  );
}
