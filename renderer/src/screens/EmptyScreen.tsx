export function EmptyScreen({ text }: { text: string }) {
  return (
    <section className="empty-state">
      <p>{text}</p>
      <p className="muted">Nothing here yet.</p>
    </section>
  );
}
