import type { ReactNode } from 'react';

/** A titled card with the one line that says what the panel shows. */
export function Panel({ id, title, description, children }: { id: string; title: string; description: string; children: ReactNode }) {
  return (
    <section className="panel" data-testid={`panel-${id}`}>
      <h2>{title}</h2>
      <p className="panel-description">{description}</p>
      {children}
    </section>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="empty">{children}</div>;
}
